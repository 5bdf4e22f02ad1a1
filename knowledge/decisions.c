/* decisions: legal and administrative documents cited by number.
 *
 * The analyzer keeps a document's number whole (VN_LEGALNUM: 01/NQ-CP, 07-CTr/TU,
 * 05/2008/TT-BKH&CN-BNV). Its parts say the type (the code: NQ nghị quyết, QĐ quyết
 * định, ...) and the issuer (the suffix: CP Chính phủ, TTg Thủ tướng, UBND, BKHCN ...).
 * The word before the number, when it names a type ("Luật số 29/2013/QH13", "Nghị định
 * số 64/CP"), wins over the code, which some numbers lack. A type word with a plain
 * number is a short mention ("Chỉ thị số 16", "Nghị định 23/2020", "công văn số 1017"):
 * strong types (nghị quyết, nghị định, quyết định, thông tư, chỉ thị, công điện) need a
 * capital or "số", the others "số" ("kế hoạch 5 năm" is no document). A short mention of
 * a document the text also cites in full is that document.
 *
 * Numbers that a tokeniser upstream spaced out ("4914/QĐ - UBND", "439/NQ - UBTVQH 14",
 * "1140/BC VPCP", in VietNews) are joined back. The date is the "ngày ..." after the
 * number; the issuer may also be named after it ("... của Thành ủy Hà Nội").
 */
#include "kn_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

typedef struct doctype {
    const char *code; /* as written in numbers */
    const char *name;
    const char *word; /* the word that names it in text, or NULL */
    int strong;       /* a short mention needs no "số" when capitalised */
} doctype;

static const doctype types[] = {
    {"NQ", "nghị quyết", "nghị quyết", 1},
    {"NQLT", "nghị quyết liên tịch", "nghị quyết liên tịch", 1},
    {"NĐ", "nghị định", "nghị định", 1},
    {"QĐ", "quyết định", "quyết định", 1},
    {"TT", "thông tư", "thông tư", 1},
    {"TTLT", "thông tư liên tịch", "thông tư liên tịch", 1},
    {"CT", "chỉ thị", "chỉ thị", 1},
    {"CĐ", "công điện", "công điện", 1},
    {"CTr", "chương trình", "chương trình", 0},
    {"KH", "kế hoạch", "kế hoạch", 0},
    {"TB", "thông báo", "thông báo", 0},
    {"KL", "kết luận", "kết luận", 0},
    {"HD", "hướng dẫn", "hướng dẫn", 0},
    {"BC", "báo cáo", "báo cáo", 0},
    {"TTr", "tờ trình", "tờ trình", 0},
    {"ĐA", "đề án", "đề án", 0},
    {"QC", "quy chế", "quy chế", 0},
    {"QyĐ", "quy định", "quy định", 0},
    {"PL", "pháp lệnh", "pháp lệnh", 0},
    {"BB", "biên bản", "biên bản", 0},
    {"CV", "công văn", "công văn", 0},
    {"L", "luật", "luật", 0},
    {"BL", "bộ luật", "bộ luật", 0},
    {"HP", "hiến pháp", "hiến pháp", 0},
};

static const char *const issuers[][2] = {
    {"CP", "Chính phủ"}, {"TTg", "Thủ tướng Chính phủ"}, {"UBND", "UBND"},
    {"HĐND", "HĐND"}, {"CTUBND", "Chủ tịch UBND"}, {"QH", "Quốc hội"},
    {"UBTVQH", "Ủy ban Thường vụ Quốc hội"}, {"CTN", "Chủ tịch nước"},
    {"TW", "Ban Chấp hành Trung ương"}, {"TU", "Tỉnh ủy, Thành ủy"}, {"HU", "Huyện ủy"},
    {"BCT", "Bộ Công Thương"}, {"BKHCN", "Bộ Khoa học và Công nghệ"},
    {"BKH&CN", "Bộ Khoa học và Công nghệ"}, {"BTC", "Bộ Tài chính"}, {"BNV", "Bộ Nội vụ"},
    {"BYT", "Bộ Y tế"}, {"BGDĐT", "Bộ Giáo dục và Đào tạo"},
    {"BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"},
    {"BTNMT", "Bộ Tài nguyên và Môi trường"}, {"BKHĐT", "Bộ Kế hoạch và Đầu tư"},
    {"BTTTT", "Bộ Thông tin và Truyền thông"}, {"BXD", "Bộ Xây dựng"},
    {"BGTVT", "Bộ Giao thông vận tải"}, {"BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"},
    {"BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"}, {"BTP", "Bộ Tư pháp"},
    {"BQP", "Bộ Quốc phòng"}, {"BCA", "Bộ Công an"}, {"BNG", "Bộ Ngoại giao"},
    {"NHNN", "Ngân hàng Nhà nước"}, {"VPCP", "Văn phòng Chính phủ"},
    {"TANDTC", "Tòa án nhân dân tối cao"}, {"VKSNDTC", "Viện kiểm sát nhân dân tối cao"},
    {"KTNN", "Kiểm toán Nhà nước"}, {"BTGTW", "Ban Tuyên giáo Trung ương"},
    {"BTCTW", "Ban Tổ chức Trung ương"}, {"SKHCN", "Sở Khoa học và Công nghệ"},
    {"BCĐ", "Ban Chỉ đạo"}, {"TTCP", "Thanh tra Chính phủ"}, {"UBDT", "Ủy ban Dân tộc"},
};

static kn_lex type_words;
static char *type_slug[sizeof types / sizeof types[0]];
static char *code_fold[sizeof types / sizeof types[0]];
static char *issuer_fold[sizeof issuers / sizeof issuers[0]];

static char *fold_dup(const char *s)
{
    char *f = NULL;
    size_t n;
    if (vn_fold(s, strlen(s), &f, &n, NULL))
        return NULL;
    return f;
}

int kn_decisions_init(vn_analyzer *a, tr_error *err)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char s[64];
        kn_slug(types[i].name, strlen(types[i].name), s, sizeof s);
        type_slug[i] = strdup(s);
        code_fold[i] = fold_dup(types[i].code);
        if (!type_slug[i] || !code_fold[i])
            return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
        int rc = kn_lex_add(&type_words, a, types[i].word, &types[i], err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < sizeof issuers / sizeof issuers[0]; i++)
        if (!(issuer_fold[i] = fold_dup(issuers[i][0])))
            return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
    return 0;
}

/* Type by code, case-sensitive first ("CT" chỉ thị is not "Ct"), then folded. */
static int type_by_code(const char *part, size_t len)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].code) == len && strncmp(types[i].code, part, len) == 0)
            return (int)i;
    char buf[32];
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, part, len);
    buf[len] = '\0';
    char *f = fold_dup(buf);
    int found = -1;
    for (size_t i = 0; f && found < 0 && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(code_fold[i], f) == 0 && strcmp(code_fold[i], "l") != 0)
            found = (int)i;
    free(f);
    return found;
}

int kn_doctype_lookup(const char *text, size_t len, const char **code, const char **slug,
                      const char **name)
{
    char s[64];
    kn_slug(text, len, s, sizeof s);
    int t = type_by_code(text, len);
    for (size_t i = 0; t < 0 && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type_slug[i], s) == 0)
            t = (int)i;
    if (t < 0)
        return 0;
    if (code)
        *code = types[t].code;
    if (slug)
        *slug = type_slug[t];
    if (name)
        *name = types[t].name;
    return 1;
}

static const char *issuer_label(const char *part)
{
    char *f = fold_dup(part);
    if (!f)
        return NULL;
    size_t flen = strlen(f);
    /* QH13, UBTVQH14: the legislature's term follows the code. */
    while (flen && isdigit((unsigned char)f[flen - 1]))
        f[--flen] = '\0';
    const char *out = NULL;
    for (size_t i = 0; !out && i < sizeof issuers / sizeof issuers[0]; i++)
        if (strcmp(issuer_fold[i], f) == 0)
            out = issuers[i][1];
    free(f);
    return out;
}

/* ---- Reading one number ---------------------------------------------------------- */

typedef struct parsed {
    char number[96]; /* joined, as written */
    int type;        /* index in types, -1 unknown */
    char issuer[160];
    unsigned serial;
    int year;
    int known_issuer; /* a part is a known issuer's code */
    int letter_parts;
} parsed;

static const char *issuer_label(const char *part);

/* A code an upstream tokeniser split off a number: in capitals, or a known issuer
 * ("TTg"). */
static int is_code_token(const kn_doc *d, size_t k)
{
    const kn_tok *t = &d->t[k];
    if ((t->kind != VN_WORD && t->kind != VN_ABBR) || t->src_len > 16)
        return 0;
    if (t->flags & KN_T_UPPER)
        return 1;
    char part[40];
    snprintf(part, sizeof part, "%.*s", (int)t->src_len, t->src);
    return (t->flags & KN_T_CAP) && issuer_label(part) != NULL;
}

static void parse_parts(parsed *p)
{
    p->type = -1;
    p->issuer[0] = '\0';
    p->serial = 0;
    p->year = 0;
    p->known_issuer = 0;
    p->letter_parts = 0;
    const char *s = p->number;
    int first = 1;
    while (*s) {
        size_t n = strcspn(s, "/-");
        int digits = n > 0, letters = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isdigit((unsigned char)s[i]))
                digits = 0;
            if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
                letters = 1;
        }
        if (digits && first && n <= 6)
            p->serial = (unsigned)strtoul(s, NULL, 10);
        else if (digits && n == 4) {
            int y = atoi(s);
            if (y >= 1945 && y <= 2100)
                p->year = y;
        } else if (letters) {
            p->letter_parts++;
            int t = p->type < 0 ? type_by_code(s, n) : -1;
            if (t >= 0) {
                p->type = t;
            } else {
                char part[40];
                snprintf(part, sizeof part, "%.*s", (int)(n < 39 ? n : 39), s);
                const char *lab = issuer_label(part);
                p->known_issuer |= lab != NULL;
                size_t used = strlen(p->issuer);
                snprintf(p->issuer + used, sizeof p->issuer - used, "%s%s", used ? ", " : "",
                         lab ? lab : part);
            }
        }
        first = 0;
        s += n;
        if (*s)
            s++;
    }
}

/* The number at token i joined with what an upstream tokeniser split off ("4914/QĐ -
 * UBND", "468/NQ - VEC - HĐTV"), and cut of a date glued after it ("03/KL-UBND/20/11/2018"). */
static size_t join_number(const kn_doc *d, size_t i, char *out, size_t cap)
{
    const kn_tok *t = &d->t[i];
    snprintf(out, cap, "%.*s", (int)t->src_len, t->src);
    size_t k = i + 1;
    for (int joined = 0; joined < 3 && k < d->n && is_code_token(d, k); joined++) {
        int letter_parts = 0;
        for (const char *c = out; *c; c++)
            if ((c == out || c[-1] == '/' || c[-1] == '-') && !isdigit((unsigned char)*c))
                letter_parts++;
        uint16_t g = d->t[k].gap;
        char part[40];
        snprintf(part, sizeof part, "%.*s", (int)d->t[k].src_len, d->t[k].src);
        if (!(g == KN_G_DASH || (!g && !joined && letter_parts <= 1 && issuer_label(part))))
            break;
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "-%s", part);
        k++;
        /* "UBTVQH 14", "PV 11": a code's digits, spaced out too. */
        if (k < d->n && !d->t[k].gap && d->t[k].kind == VN_NUMBER && d->t[k].src_len <= 2 &&
            g == KN_G_DASH) {
            n = strlen(out);
            snprintf(out + n, cap - n, "%.*s", (int)d->t[k].src_len, d->t[k].src);
            k++;
        }
    }
    /* A date glued on by a slash. */
    size_t n = strlen(out), slashes = 0, x = n;
    while (x > 0 && (isdigit((unsigned char)out[x - 1]) || out[x - 1] == '/')) {
        slashes += out[x - 1] == '/';
        x--;
    }
    if (slashes == 3 && x > 0 && out[x] == '/' && n - x >= 9)
        out[x] = '\0';
    return k - i;
}

/* A type word within a few tokens before i ("Nghị quyết số", "Luật Giáo dục đại học
 * số"). */
static int type_before(const kn_doc *d, size_t i, size_t reach)
{
    size_t s = kn_sentence_start(d, i);
    for (size_t k = i; k-- > s && i - k <= reach;) {
        if (d->t[k].kind == VN_LEGALNUM)
            break;
        const doctype *t = kn_lex_first(&type_words, d, k, NULL);
        if (t)
            return (int)(t - types);
    }
    return -1;
}

/* The sentence around tokens [i, j], cut to a window around them when long. */
static const char *sentence(kn_doc *d, size_t i, size_t j)
{
    size_t s = kn_sentence_start(d, i), e = kn_sentence_end(d, j);
    const kn_tok *a = &d->t[s], *b = &d->t[e];
    const char *text = d->text[a->field];
    size_t from = a->start, to = b->start + b->src_len;
    size_t flen = d->len[a->field];
    if (to < flen && (text[to] == '.' || text[to] == '!' || text[to] == '?'))
        to++;
    size_t at = d->t[i].start, until = d->t[j].start + d->t[j].src_len;
    int cut_left = 0, cut_right = 0;
    if (at > from + 160) {
        from = at - 140;
        while (from < at && text[from] != ' ')
            from++;
        cut_left = 1;
    }
    if (to > until + 200) {
        to = until + 180;
        while (to > until && text[to] != ' ')
            to--;
        cut_right = 1;
    }
    size_t n = to - from;
    char *out = kn_alloc(d->ar, n + 8);
    if (!out)
        return "";
    size_t o = 0;
    if (cut_left)
        o += (size_t)snprintf(out, 8, "…");
    for (size_t k = from; k < to; k++)
        out[o++] = text[k] == '\n' || text[k] == '\r' ? ' ' : text[k];
    if (cut_right)
        memcpy(out + o, "…", 3), o += 3;
    out[o] = '\0';
    return out;
}

/* "ngày 24/10/2014", "ngày 14 tháng 5 năm 2018" within the sentence after the number. */
static void date_after(const kn_doc *d, size_t k, char out[11])
{
    size_t e = kn_sentence_end(d, k ? k - 1 : 0);
    for (size_t x = k; x <= e && x < k + 12 && x < d->n; x++) {
        if (d->t[x].kind == VN_LEGALNUM)
            return;
        if (!kn_tok_is(d, x, "ngay"))
            continue;
        char end[11];
        if (kn_date_at(d, x, out, end))
            return;
        if (x + 1 < d->n && kn_date_at(d, x + 1, out, end))
            return;
    }
}

/* "... của Thành ủy Hà Nội": the issuer named after the number. */
static const char *issuer_after(kn_doc *d, size_t k)
{
    size_t e = kn_sentence_end(d, k ? k - 1 : 0);
    for (size_t x = k; x <= e && x < k + 8 && x + 1 < d->n; x++) {
        if (d->t[x].kind == VN_LEGALNUM || (d->t[x].gap & (KN_G_COMMA | KN_G_SEMI)))
            return NULL;
        if (!kn_tok_is(d, x, "cua"))
            continue;
        kn_org o;
        uint8_t saved[16];
        size_t m = x + 1 + 16 < d->n ? 16 : d->n - x - 1;
        for (size_t y = 0; y < m; y++)
            saved[y] = d->t[x + 1 + y].used;
        size_t n = kn_org_at(d, x + 1, KN_ORG_STOP_AT_NAME, NULL, &o);
        for (size_t y = 0; y < m; y++)
            d->t[x + 1 + y].used = saved[y];
        return n && o.label && o.label[0] && !o.bare ? o.label : NULL;
    }
    return NULL;
}

static void add(kn_doc *d, size_t i, size_t n, const parsed *p, int shortref)
{
    kn_decision *dc = kn_decision_add(d);
    if (!dc)
        return;
    char key[VN_TERM_MAX];
    if (shortref) {
        char num[sizeof p->number + 16];
        snprintf(num, sizeof num, "%s/%s", p->number, types[p->type].code);
        kn_number_key(num, strlen(num), key, sizeof key);
    } else {
        kn_number_key(p->number, strlen(p->number), key, sizeof key);
    }
    dc->number = kn_strndup(d->ar, p->number, strlen(p->number));
    dc->key = kn_strndup(d->ar, key, strlen(key));
    dc->serial = p->serial;
    dc->shortref = shortref;
    if (p->type >= 0) {
        dc->type_code = types[p->type].code;
        dc->type_name = types[p->type].name;
        dc->type_slug = type_slug[p->type];
    }
    const char *of = issuer_after(d, i + n);
    dc->issuer = of ? of : p->issuer[0] ? kn_strndup(d->ar, p->issuer, strlen(p->issuer)) : NULL;
    date_after(d, i + n, dc->date);
    if (!dc->date[0] && p->year)
        snprintf(dc->date, sizeof dc->date, "%04d", p->year);
    dc->sentence = sentence(d, i, i + n - 1);
}

/* A plain number after a type word: "16", "23/2020", "41 - TTg". */
static size_t short_number(const kn_doc *d, size_t k, parsed *p)
{
    const kn_tok *t = &d->t[k];
    if (t->kind != VN_NUMBER && t->kind != VN_DATE)
        return 0;
    char s[64];
    snprintf(s, sizeof s, "%.*s", (int)t->src_len, t->src);
    char *slash = strchr(s, '/');
    for (const char *c = s; *c; c++)
        if (!isdigit((unsigned char)*c) && c != slash)
            return 0;
    if (strlen(s) > (slash ? 10 : 5))
        return 0;
    int serial = atoi(s);
    if (slash) {
        int y = atoi(slash + 1);
        if (strlen(slash + 1) != 4 || y < 1945 || y > 2100)
            return 0;
    } else if (serial >= 1945 && serial <= 2100 && strlen(s) == 4) {
        return 0; /* "Luật 2013": a year, not a number */
    }
    snprintf(p->number, sizeof p->number, "%s", s);
    p->serial = (unsigned)serial;
    p->year = slash ? atoi(slash + 1) : 0;
    p->issuer[0] = '\0';
    size_t n = 1;
    if (k + 1 < d->n && d->t[k + 1].gap == KN_G_DASH && is_code_token(d, k + 1)) {
        char part[40];
        snprintf(part, sizeof part, "%.*s", (int)d->t[k + 1].src_len, d->t[k + 1].src);
        if (issuer_label(part)) {
            size_t len = strlen(p->number);
            snprintf(p->number + len, sizeof p->number - len, "-%s", part);
            snprintf(p->issuer, sizeof p->issuer, "%s", issuer_label(part));
            n = 2;
        }
    }
    return n;
}

void kn_decisions_extract(kn_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        parsed p;
        if (d->t[i].kind == VN_LEGALNUM) {
            size_t n = join_number(d, i, p.number, sizeof p.number);
            parse_parts(&p);
            int before = type_before(d, i, 8);
            /* "1/VJA đã không xin lỗi" is a list item, not a document: a number needs a
             * type (in it or before it), a known issuer, two codes, or "số" before it. */
            int so = i > 0 && kn_tok_is(d, i - 1, "so") && !d->t[i].gap;
            if (p.type < 0 && before < 0 && !p.known_issuer && p.letter_parts < 2 && !so) {
                i += n - 1;
                continue;
            }
            if (before >= 0 && (p.type < 0 || type_before(d, i, 3) >= 0))
                p.type = before;
            add(d, i, n, &p, 0);
            for (size_t x = i; x < i + n; x++)
                d->t[x].used = KN_U_NUMBER;
            i += n - 1;
            continue;
        }
        size_t wn;
        const doctype *t = kn_lex_first(&type_words, d, i, &wn);
        if (!t)
            continue;
        /* "kỷ luật", "pháp luật": a law is written Luật. */
        if (strcmp(t->code, "L") == 0 && !kn_tok_cap(d, i))
            continue;
        size_t k = i + wn;
        int so = kn_tok_is(d, k, "so") && !d->t[k].gap;
        if (so)
            k++;
        if (k >= d->n || d->t[k].gap || !(so || (t->strong && kn_tok_cap(d, i))))
            continue;
        size_t n = short_number(d, k, &p);
        if (!n)
            continue;
        p.type = (int)(t - types);
        add(d, k, n, &p, strchr(p.number, '-') == NULL);
        for (size_t x = k; x < k + n; x++)
            d->t[x].used = KN_U_NUMBER;
        i = k + n - 1;
    }
}
