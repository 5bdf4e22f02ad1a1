/* Tests of spreadsheets as input (table.h, tr_csv.h, xlsx.h): RFC 4180 quoting, CRLF,
 * the byte order mark, line breaks inside cells, Vietnamese header names and units,
 * dates and amounts as spreadsheets write them, each bad row reported with its row
 * number while the rows after it still come, headers refused whole, an .xlsx
 * workbook written here with libarchive, and tracuu-index's FILE:ROW reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "support.h"
#include "table.h"


/* Every data row of a table, one line each: "ROW: JSON" or "ROW: skipped: REASON". */
static char *rows_of(const char *path, ix_table_kind kind)
{
    tr_error err = {0};
    ix_table *t = ix_table_open(path, kind, ix_format_of(path), 1 << 20, &err);
    if (!t)
        fail_msg("%s: %s", path, err.message);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (;;) {
        ix_table_row row;
        int eof = 0;
        assert_int_equal(ix_table_next(t, &row, &eof, &err), 0);
        if (eof)
            break;
        if (row.json)
            fprintf(f, "%llu: %s\n", (unsigned long long)row.number, row.json);
        else
            fprintf(f, "%llu: skipped: %s\n", (unsigned long long)row.number, row.why.message);
        free(row.json);
    }
    fclose(f);
    ix_table_free(t);
    return out;
}

static void expect_rows(const char *csv, const char *expected)
{
    const char *path = ts_tmp_path("t.csv");
    ts_write_file(path, csv, strlen(csv));
    char *got = rows_of(path, IX_TABLE_CSV);
    if (strcmp(got, expected) != 0)
        fail_msg("CSV:\n%s\ngave:\n%s\nexpected:\n%s", csv, got, expected);
    free(got);
}

TS_TEST(test_quoting_crlf_bom_newlines)
{
    /* The first record spans two lines, yet the next one is row 3 as a spreadsheet
     * shows it; CRLF inside the quotes becomes LF. */
    expect_rows("\xEF\xBB\xBFid,title,body\r\n"
                "a1,\"Hà Nội, Việt Nam\",\"Nói \"\"không\"\" với\r\ndòng hai\"\r\n"
                "a2,plain,\"\"\r\n"
                "a3,\"\",x",
                "2: {\"id\":\"a1\",\"type\":\"task\",\"title\":\"Hà Nội, Việt Nam\","
                "\"body\":\"Nói \\\"không\\\" với\\ndòng hai\"}\n"
                "3: {\"id\":\"a2\",\"type\":\"task\",\"title\":\"plain\"}\n"
                "4: {\"id\":\"a3\",\"type\":\"task\",\"body\":\"x\"}\n");
    /* LF only, a quote inside an unquoted cell kept as it is. */
    expect_rows("id,title\nb1,màn hình 5\" rộng\n",
                "2: {\"id\":\"b1\",\"type\":\"task\",\"title\":\"màn hình 5\\\" rộng\"}\n");
}

TS_TEST(test_vietnamese_headers)
{
    /* STT dropped; Vietnamese names, any case, with or without marks; a unit in the
     * header; an unknown column kept under its own name; id from the code. */
    expect_rows("STT,Mã số,TÊN NHIỆM VỤ,cap,Chu nhiem,Cơ quan chủ trì,Kinh phí NSNN (triệu đồng),"
                "Kinh phí khác,Thời gian bắt đầu,Tình trạng,Ghi chú\n"
                "1,ĐT.01,Đề tài A,Cấp tỉnh,TS. Lê Văn A,\"Trường X, Y\",\"1.180,5\","
                "150.000.000 đồng,06/2021,Đã nghiệm thu,ưu tiên\n",
                "2: {\"id\":\"ĐT.01\",\"type\":\"task\",\"title\":\"Đề tài A\",\"code\":\"ĐT.01\","
                "\"level\":\"Cấp tỉnh\",\"investigator\":\"TS. Lê Văn A\","
                "\"organization\":\"Trường X, Y\",\"start\":\"2021-06\","
                "\"budget\":{\"state\":1180500000,\"other\":150000000},"
                "\"status\":\"Đã nghiệm thu\",\"Ghi chú\":\"ưu tiên\"}\n");
    /* The JSON names, and a type column that makes a row something else. */
    expect_rows("id,type,title,body,budget_state,budget_other,field_code\n"
                "n1,news,Tin,Nội dung,,,\n"
                "t1,,Đề tài,,7,0,401\n",
                "2: {\"id\":\"n1\",\"type\":\"news\",\"title\":\"Tin\",\"body\":\"Nội dung\"}\n"
                "3: {\"id\":\"t1\",\"type\":\"task\",\"title\":\"Đề tài\",\"field_code\":\"401\","
                "\"budget\":{\"state\":7,\"other\":0}}\n");
}

TS_TEST(test_bad_rows_reported_by_number)
{
    expect_rows("id,title,budget_state\n"
                "ok1,A,100\n"
                "bad1,\"B\"x,1\n"
                "\n"
                ",C,5\n"
                "ok2,D,1.5\n"
                "ok3,E,7,extra\n"
                "bad2,\xff,1\n"
                "ok4,F,2\n"
                "bad3,\"G\n",
                "2: {\"id\":\"ok1\",\"type\":\"task\",\"title\":\"A\",\"budget\":{\"state\":100}}\n"
                "3: skipped: text after the closing quote of a cell\n"
                "5: skipped: no id and no code\n"
                /* Not an amount: kept as written, for the task check to refuse. */
                "6: {\"id\":\"ok2\",\"type\":\"task\",\"title\":\"D\","
                "\"budget\":{\"state\":\"1.5\"}}\n"
                "7: skipped: a cell in column D, which has no header\n"
                "8: skipped: invalid UTF-8\n"
                "9: {\"id\":\"ok4\",\"type\":\"task\",\"title\":\"F\",\"budget\":{\"state\":2}}\n"
                "10: skipped: a quoted cell is not closed before the end of the file\n");
}

TS_TEST(test_dates_and_amounts)
{
    static const struct {
        const char *start, *state, *expect;
    } rows[] = {
        {"06/2019", "1.250.000.000", "\"start\":\"2019-06\",\"budget\":{\"state\":1250000000}"},
        {"6/2019", "1,250,000,000", "\"start\":\"2019-06\",\"budget\":{\"state\":1250000000}"},
        {"20/6/2019", "1 250 000 000 đồng",
         "\"start\":\"2019-06-20\",\"budget\":{\"state\":1250000000}"},
        {"2019-6", "1250000000", "\"start\":\"2019-06\",\"budget\":{\"state\":1250000000}"},
        {"2019", "0", "\"start\":\"2019\",\"budget\":{\"state\":0}"},
        {"43617", "-5", "\"start\":\"2019-06-01\",\"budget\":{\"state\":-5}"}, /* Excel */
        {"Q2/2019", "12.34.567", "\"start\":\"Q2/2019\",\"budget\":{\"state\":\"12.34.567\"}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char csv[256], want[512];
        snprintf(csv, sizeof csv, "id,start,budget_state\nx,%s,\"%s\"\n", rows[i].start,
                 rows[i].state);
        snprintf(want, sizeof want, "2: {\"id\":\"x\",\"type\":\"task\",%s}\n", rows[i].expect);
        expect_rows(csv, want);
    }
    /* In millions: a decimal part, after ',' as Vietnamese writes it or after a
     * separator not followed by three digits; nothing finer than one đồng. */
    static const struct {
        const char *amount, *expect;
    } millions[] = {
        {"1.180,5", "1180500000"},   {"1,5", "1500000"},
        {"1.500", "1500000000"},     {"1,500,000", "1500000000000"},
        {"2.5", "2500000"},          {"0,0000001", "\"0,0000001\""},
    };
    for (size_t i = 0; i < sizeof millions / sizeof millions[0]; i++) {
        char csv[256], want[512];
        snprintf(csv, sizeof csv, "id,Kinh phí NSNN (triệu đồng)\nx,\"%s\"\n",
                 millions[i].amount);
        snprintf(want, sizeof want,
                 "2: {\"id\":\"x\",\"type\":\"task\",\"budget\":{\"state\":%s}}\n",
                 millions[i].expect);
        expect_rows(csv, want);
    }
}

TS_TEST(test_headers_refused)
{
    /* {a header row, why it is refused} */
    static const ts_pair rows[] = {
        {"title,body\nx,y\n", "the header row (row 1) has neither an id nor a code"},
        {"\n\ncode,Mã số\n", "columns A and B are both code"},
        {"id,Kinh phí\n", "column B gives one total budget"},
        {"", "no header row"},
        {"id,Kinh phí NSNN (đô la)\n", "column B: unknown unit"},
        {"id,Note,Note\n", "columns B and C have the same name"},
        {"id,\"x\"y\n", "the header row (row 1) cannot be read: text after the closing quote"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *path = ts_tmp_path("h.csv");
        ts_write_file(path, rows[i].in, strlen(rows[i].in));
        tr_error err = {0};
        ix_table *t = ix_table_open(path, IX_TABLE_CSV, IX_FORMAT_PLAIN, 1 << 20, &err);
        if (t || err.code != TR_EINVAL || !strstr(err.message, rows[i].want))
            fail_msg("header %s: got \"%s\", expected \"%s\"", rows[i].in, err.message,
                     rows[i].want);
    }
    tr_error err = {0};
    assert_null(ix_table_open(ts_tmp_path("absent.csv"), IX_TABLE_CSV, IX_FORMAT_PLAIN, 1 << 20, &err));
    assert_int_equal(err.code, TR_EIO);
}

/* ---- .xlsx ------------------------------------------------------------------- */

typedef struct part {
    const char *name, *xml;
} part;

static void write_zip(const char *path, const part *parts, size_t n)
{
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, parts[i].name);
        archive_entry_set_size(e, (la_int64_t)strlen(parts[i].xml));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, parts[i].xml, strlen(parts[i].xml)),
                         (la_ssize_t)strlen(parts[i].xml));
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const char content_types[] =
    XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>";

static const char rels[] =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char workbook[] =
    XML_HEAD "<workbook " NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"Nhiệm vụ\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";

static const char workbook_rels[] =
    XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

/* Rich text (runs) and a phonetic guide, which is no part of the text. */
static const char shared_strings[] =
    XML_HEAD "<sst " NS " count=\"8\" uniqueCount=\"8\">"
    "<si><t>Mã số</t></si><si><t>Tên nhiệm vụ</t></si><si><t>Chủ nhiệm</t></si>"
    "<si><t>Kinh phí NSNN</t></si><si><t>Bắt đầu</t></si><si><t>ĐT.2024.01</t></si>"
    "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Cấp </t></r><r><t>tỉnh</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>XX</t></rPh></si>"
    "<si><t>Tình trạng</t></si></sst>";

/* Row 2 leaves D2 out (an empty cell), has an inline rich string, a number in E
 * notation and a date as Excel's day number; row 3 is absent; row 4 has a formula's
 * string result, a level that is no level, and a formula. */
static const char sheet[] =
    XML_HEAD "<worksheet " NS "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>Cấp</t></is></c><c r=\"D1\" t=\"s\"><v>2</v></c>"
    "<c r=\"E1\" t=\"s\"><v>3</v></c><c r=\"F1\" t=\"s\"><v>4</v></c>"
    "<c r=\"G1\" t=\"s\"><v>7</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">Đề tài </t></r>"
    "<r><t>giàu &amp; đẹp</t></r></is></c><c r=\"C2\" t=\"s\"><v>6</v></c>"
    "<c r=\"E2\"><v>1.18E+9</v></c><c r=\"F2\" s=\"1\"><v>43617</v></c>"
    "<c r=\"G2\" t=\"inlineStr\"><is><t>đang thực hiện</t></is></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>X.02</t></is></c>"
    "<c r=\"C4\" t=\"str\"><f>LOWER(\"HUYỆN\")</f><v>huyện</v></c>"
    "<c r=\"E4\"><f>SUM(1,2)</f><v>3</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>99</v></c></row>"
    "</sheetData></worksheet>";

static const char *write_workbook(const char *name)
{
    const char *path = ts_tmp_path(name);
    const part parts[] = {
        {"[Content_Types].xml", content_types}, {"_rels/.rels", rels},
        {"xl/workbook.xml", workbook},          {"xl/_rels/workbook.xml.rels", workbook_rels},
        {"xl/worksheets/sheet1.xml", sheet},    {"xl/sharedStrings.xml", shared_strings},
    };
    write_zip(path, parts, sizeof parts / sizeof parts[0]);
    return path;
}

TS_TEST(test_xlsx)
{
    char *got = rows_of(write_workbook("tasks.xlsx"), IX_TABLE_XLSX);
    const char *want =
        "2: {\"id\":\"ĐT.2024.01\",\"type\":\"task\",\"title\":\"Đề tài giàu & đẹp\","
        "\"code\":\"ĐT.2024.01\",\"level\":\"Cấp tỉnh\",\"start\":\"2019-06-01\","
        "\"budget\":{\"state\":1180000000},\"status\":\"đang thực hiện\"}\n"
        "4: {\"id\":\"X.02\",\"type\":\"task\",\"code\":\"X.02\",\"level\":\"huyện\","
        "\"budget\":{\"state\":3}}\n"
        "5: skipped: a cell refers to a missing shared string\n";
    if (strcmp(got, want) != 0)
        fail_msg("xlsx gave:\n%s\nexpected:\n%s", got, want);
    free(got);
}

TS_TEST(test_xlsx_refused)
{
    tr_error err = {0};
    const char *path = ts_tmp_path("bad.xlsx");
    ts_write_file(path, "id,title\n", 9);
    assert_null(ix_table_open(path, IX_TABLE_XLSX, IX_FORMAT_PLAIN, 1 << 20, &err));
    assert_int_equal(err.code, TR_EINVAL);
    assert_string_equal(err.message, "not an .xlsx workbook (not a zip)");

    const part no_sheet[] = {{"xl/workbook.xml", workbook}};
    write_zip(path, no_sheet, 1);
    tr_error_clear(&err);
    assert_null(ix_table_open(path, IX_TABLE_XLSX, IX_FORMAT_PLAIN, 1 << 20, &err));
    assert_string_equal(err.message, "not an .xlsx workbook (no xl/worksheets/sheet1.xml)");

    /* The reader parses as it goes: the rows before the fault still come. */
    char xml[16384];
    size_t n = (size_t)snprintf(xml, sizeof xml, XML_HEAD "<worksheet " NS "><sheetData>"
                                "<row r=\"1\"><c t=\"inlineStr\"><is><t>id</t></is></c></row>");
    for (int r = 2; r < 200; r++)
        n += (size_t)snprintf(xml + n, sizeof xml - n, "<row r=\"%d\"><c><v>%d</v></c></row>", r,
                              r);
    snprintf(xml + n, sizeof xml - n, "<row><c></sheetData>");
    const part broken[] = {{"xl/worksheets/sheet1.xml", xml}};
    write_zip(path, broken, 1);
    tr_error_clear(&err);
    ix_table *t = ix_table_open(path, IX_TABLE_XLSX, IX_FORMAT_PLAIN, 1 << 20, &err);
    assert_non_null(t);
    ix_table_row row;
    int eof = 0;
    assert_int_equal(ix_table_next(t, &row, &eof, &err), 0);
    assert_string_equal(row.json, "{\"id\":\"2\",\"type\":\"task\"}");
    free(row.json);
    int rc;
    while ((rc = ix_table_next(t, &row, &eof, &err)) == 0 && !eof)
        free(row.json);
    assert_int_equal(rc, TR_EINVAL);
    assert_string_equal(err.message, "the worksheet is not well-formed XML");
    ix_table_free(t);
}

/* The command: spreadsheets picked by extension, each bad row reported as
 * FILE:ROW: skipped: REASON (the task check's reasons too), the rest indexed. */
TS_TEST(test_index_command)
{
    const char *xlsx = write_workbook("Tasks.XLSX");
    const char *csv = ts_tmp_path("tasks.csv");
    const char text[] = "Mã số,Tên nhiệm vụ,Cấp,Bắt đầu,Kết thúc,Kinh phí NSNN\r\n"
                        "A.1,Một,cấp tỉnh,2021,2022,100\r\n"
                        "A.2,Hai,tỉnh,2023,2022,100\r\n"
                        "A.3,Ba,tỉnh,2021,2022,\"-1\"\r\n"
                        "A.4,\"Bốn\r\n(hai dòng)\",tỉnh,13/2021,,\r\n"
                        "A.5,Năm,,,,1.5\r\n"
                        "A.6,Sáu,quốc gia,,,\r\n";
    ts_write_file(csv, text, sizeof text - 1);
    char db[600];
    snprintf(db, sizeof db, "%s/db", ts_tmp_dir());
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--quiet",
                    (char *)xlsx, (char *)csv, NULL};
    char *log = NULL;
    assert_int_equal(ts_run(argv, &log), 1);
    char want[8][256];
    snprintf(want[0], sizeof want[0], "%s:4: skipped: invalid level (expected national, "
             "ministry, province or grassroots)\n", xlsx);
    snprintf(want[1], sizeof want[1], "%s:5: skipped: a cell refers to a missing shared string\n",
             xlsx);
    snprintf(want[2], sizeof want[2], "%s:3: skipped: end is before start\n", csv);
    snprintf(want[3], sizeof want[3], "%s:4: skipped: budget.state is negative\n", csv);
    snprintf(want[4], sizeof want[4], "%s:5: skipped: invalid start (expected YYYY, YYYY-MM "
             "or YYYY-MM-DD)\n", csv);
    snprintf(want[5], sizeof want[5], "%s:6: skipped: budget.state is not a whole number of "
             "VND\n", csv);
    for (int i = 0; i < 6; i++)
        if (!strstr(log, want[i]))
            fail_msg("log lacks \"%s\":\n%s", want[i], log);
    if (!strstr(log, "3 documents indexed") || !strstr(log, "6 skipped"))
        fail_msg("unexpected summary:\n%s", log);
    free(log);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_quoting_crlf_bom_newlines),
        cmocka_unit_test(test_vietnamese_headers),
        cmocka_unit_test(test_bad_rows_reported_by_number),
        cmocka_unit_test(test_dates_and_amounts),
        cmocka_unit_test(test_headers_refused),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_xlsx_refused),
        cmocka_unit_test(test_index_command))
