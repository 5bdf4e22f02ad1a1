/* officials: people named with a position.
 *
 * A name is 2 to 4 capitalised syllables in a row starting with a Vietnamese surname
 * (Nguyễn, Trần, Lê, ...), not a province's name, cut before a position or the head
 * of an organisation. A name makes an official only with a position, in one of the
 * ways Vietnamese news and minutes write it:
 *   name first:     [ông|bà|đồng chí|PGS.TS ...] NAME – | , | ( | là | làm POSITION [ORG]
 *                   {, | – | kiêm | và POSITION [ORG]}  ("Nguyễn Phi Thạnh – Giám đốc Sở",
 *                   "Võ Văn Hưng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", and a member
 *                   list with the name on one line and the positions on the next);
 *   position first: POSITION [ORG] [–] NAME, or POSITION ORG, ông NAME ("Phó Chủ tịch
 *                   UBND tỉnh Bình Định Lâm Hải Giang", "các đồng chí Thứ trưởng Bộ
 *                   KH&CN Lê Xuân Định, Nguyễn Hoàng Giang").
 * In a chain of positions, one followed at once by another name is that name's ("...,
 * Chủ tịch UBND tỉnh và Phó Chủ tịch UBND tỉnh Lê Đức Tiến"). A name alone (a citizen,
 * a byline) is not an official.
 */
#include "kn_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const surnames[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lưu", "Đinh", "Trương", "Lâm", "Mai", "Cao", "Đoàn",
    "Trịnh", "Đào", "Vương", "Hà", "Tạ", "Tô", "Châu", "Quách", "Lương", "Thái", "Chu",
    "Kiều", "Triệu", "Tăng", "Phùng", "Nông", "Lò", "La", "Khổng", "Diệp", "Thân", "Giang",
    "Hứa", "Mạc", "Tôn", "Lại", "Từ", "Lục", "Âu", "Ninh", "Đàm", "Khúc", "Bế", "Hầu",
    "Quan", "Doãn", "Đồng", "Thạch", "Danh", "Kim", "Lữ", "Viên", "Nghiêm", "Phí", "Cù",
    "Tống", "Lã", "Vi", "Khương", "Mẫn", "Thiều", "Bạch", "Cấn", "Giáp", "Hàn", "Khuất",
    "Lạc", "Liêu", "Mã", "Sầm", "Tiêu", "Đậu", "Chế", "Kha", "Uông", "Cái",
};

typedef struct honorific {
    const char *phrase;
    int abbr;   /* may be followed by a dot: "GS. Lê Anh Tuấn" */
    int plural; /* "các đồng chí" */
} honorific;

static const honorific honorifics[] = {
    {"ông", 0, 0}, {"bà", 0, 0}, {"đồng chí", 0, 0}, {"các đồng chí", 0, 1}, {"anh", 0, 0},
    {"chị", 0, 0}, {"ngài", 0, 0}, {"cô", 0, 0}, {"thầy", 0, 0}, {"đ/c", 0, 0},
    {"GS", 1, 0}, {"PGS", 1, 0}, {"TS", 1, 0}, {"ThS", 1, 0}, {"TSKH", 1, 0},
    {"GS.TS", 1, 0}, {"PGS.TS", 1, 0}, {"GS.TSKH", 1, 0}, {"PGS.TSKH", 1, 0},
    {"GS. TS", 1, 0}, {"PGS. TS", 1, 0}, {"ThS.BS", 1, 0}, {"BS", 1, 0}, {"BSCKI", 1, 0},
    {"BSCKII", 1, 0}, {"BS.CKII", 1, 0}, {"BS.CKI", 1, 0}, {"KS", 1, 0}, {"SV", 1, 0},
    {"NSND", 1, 0}, {"NSƯT", 1, 0}, {"NGND", 1, 0}, {"NGƯT", 1, 0}, {"giáo sư", 0, 0},
    {"phó giáo sư", 0, 0}, {"tiến sĩ", 0, 0}, {"thạc sĩ", 0, 0}, {"bác sĩ", 0, 0},
    {"kỹ sư", 0, 0}, {"luật sư", 0, 0}, {"nhà báo", 0, 0}, {"đại tướng", 0, 0},
    {"thượng tướng", 0, 0}, {"trung tướng", 0, 0}, {"thiếu tướng", 0, 0}, {"đại tá", 0, 0},
    {"thượng tá", 0, 0}, {"trung tá", 0, 0}, {"thiếu tá", 0, 0}, {"đại úy", 0, 0},
    {"thượng úy", 0, 0}, {"trung úy", 0, 0}, {"thiếu úy", 0, 0},
};

/* What goes with a position besides an organisation. */
enum {
    KN_POS_HEAD = 1, /* says nothing without its organisation's head: "Trưởng" is
                      * "Trưởng Trạm", "Trưởng Văn phòng" */
    KN_POS_PLACE = 2 /* a place follows, not an organisation: "Trưởng thôn Bắc Sơn" */
};

typedef struct position {
    const char *phrase;
    const char *implied; /* the head of the organisation it implies, as in orgs.c */
    int needs_org;       /* too vague alone ("trưởng", "ủy viên") */
    int flags;           /* KN_POS_* */
} position;

static const position positions[] = {
    {"chủ tịch", "ủy ban nhân dân", 0, 0}, {"phó chủ tịch", "ủy ban nhân dân", 0, 0},
    {"phó chủ tịch thường trực", "ủy ban nhân dân", 0, 0},
    {"chủ tịch nước", NULL, 0, 0}, {"phó chủ tịch nước", NULL, 0, 0},
    {"chủ tịch quốc hội", NULL, 0, 0}, {"phó chủ tịch quốc hội", NULL, 0, 0},
    {"chủ tịch hội đồng quản trị", NULL, 0, 0}, {"chủ tịch HĐQT", NULL, 0, 0},
    {"chủ tịch hội đồng thành viên", NULL, 0, 0}, {"chủ tịch HĐTV", NULL, 0, 0},
    {"chủ tịch hội đồng trường", NULL, 0, 0}, {"phó chủ tịch hội đồng trường", NULL, 0, 0},
    {"thư ký hội đồng trường", NULL, 0, 0}, {"chủ tịch hội đồng", NULL, 0, 0},
    {"phó chủ tịch hội đồng", NULL, 0, 0}, {"thư ký hội đồng", NULL, 0, 0},
    {"ủy viên hội đồng", NULL, 0, 0}, {"ủy viên thư ký", NULL, 0, 0},
    {"tổng bí thư", NULL, 0, 0}, {"thủ tướng", NULL, 0, 0}, {"thủ tướng chính phủ", NULL, 0, 0},
    {"phó thủ tướng", NULL, 0, 0}, {"phó thủ tướng chính phủ", NULL, 0, 0},
    {"phó thủ tướng thường trực", NULL, 0, 0},
    {"bộ trưởng", "bộ", 0, 0}, {"thứ trưởng", "bộ", 0, 0}, {"thứ trưởng thường trực", "bộ", 0, 0},
    {"bí thư", "đảng ủy", 0, 0}, {"phó bí thư", "đảng ủy", 0, 0},
    {"phó bí thư thường trực", "đảng ủy", 0, 0}, {"bí thư chi bộ", NULL, 0, 0},
    {"ủy viên", NULL, 1, 0}, {"ủy viên ban thường vụ", NULL, 0, 0},
    {"ủy viên trung ương đảng", NULL, 0, 0}, {"ủy viên bộ chính trị", NULL, 0, 0},
    {"đảng ủy viên", NULL, 0, 0}, {"tỉnh ủy viên", NULL, 0, 0}, {"thành ủy viên", NULL, 0, 0},
    {"huyện ủy viên", NULL, 0, 0}, {"quận ủy viên", NULL, 0, 0}, {"thị ủy viên", NULL, 0, 0},
    {"thủ trưởng", NULL, 0, 0}, {"phó thủ trưởng", NULL, 0, 0}, {"thủ quỹ", NULL, 0, 0},
    {"kế toán trưởng", NULL, 0, 0},
    {"trưởng ban", "ban", 0, 0}, {"phó trưởng ban", "ban", 0, 0}, {"phó ban", "ban", 0, 0},
    {"trưởng ban thường trực", "ban", 0, 0},
    {"giám đốc", NULL, 0, 0}, {"phó giám đốc", NULL, 0, 0}, {"tổng giám đốc", NULL, 0, 0},
    {"phó tổng giám đốc", NULL, 0, 0}, {"giám đốc điều hành", NULL, 0, 0},
    {"viện trưởng", "viện", 0, 0}, {"phó viện trưởng", "viện", 0, 0},
    {"hiệu trưởng", "trường", 0, 0}, {"phó hiệu trưởng", "trường", 0, 0}, {"hiệu phó", "trường", 0, 0},
    {"cục trưởng", "cục", 0, 0}, {"phó cục trưởng", "cục", 0, 0}, {"cục phó", "cục", 0, 0},
    {"tổng cục trưởng", "tổng cục", 0, 0}, {"phó tổng cục trưởng", "tổng cục", 0, 0},
    {"chi cục trưởng", "chi cục", 0, 0}, {"phó chi cục trưởng", "chi cục", 0, 0},
    {"vụ trưởng", "vụ", 0, 0}, {"phó vụ trưởng", "vụ", 0, 0}, {"vụ phó", "vụ", 0, 0},
    {"trưởng phòng", "phòng", 0, 0}, {"phó trưởng phòng", "phòng", 0, 0}, {"phó phòng", "phòng", 0, 0},
    {"trưởng khoa", "khoa", 0, 0}, {"phó trưởng khoa", "khoa", 0, 0}, {"chủ nhiệm khoa", "khoa", 0, 0},
    {"trưởng bộ môn", NULL, 0, 0}, {"phó trưởng bộ môn", NULL, 0, 0},
    {"chánh văn phòng", "văn phòng", 0, 0}, {"phó chánh văn phòng", "văn phòng", 0, 0},
    {"chánh thanh tra", "thanh tra", 0, 0}, {"phó chánh thanh tra", "thanh tra", 0, 0},
    {"chánh án", "tòa án nhân dân", 0, 0}, {"phó chánh án", "tòa án nhân dân", 0, 0},
    {"viện trưởng viện kiểm sát nhân dân", NULL, 0, 0},
    {"chủ nhiệm", NULL, 1, 0}, {"phó chủ nhiệm", NULL, 1, 0}, {"chủ nhiệm đề tài", NULL, 0, 0},
    {"chủ nhiệm nhiệm vụ", NULL, 0, 0},
    {"chủ nhiệm dự án", NULL, 0, 0}, {"chủ nhiệm chương trình", NULL, 0, 0},
    {"trưởng đoàn", NULL, 0, 0}, {"phó trưởng đoàn", NULL, 0, 0},
    {"trưởng đoàn đại biểu quốc hội", NULL, 0, 0}, {"đại biểu quốc hội", NULL, 0, 0},
    {"tổng biên tập", NULL, 0, 0}, {"phó tổng biên tập", NULL, 0, 0},
    {"tư lệnh", NULL, 0, 0}, {"phó tư lệnh", NULL, 0, 0}, {"chính ủy", NULL, 0, 0},
    {"phó chính ủy", NULL, 0, 0}, {"chỉ huy trưởng", NULL, 0, 0}, {"phó chỉ huy trưởng", NULL, 0, 0},
    {"tham mưu trưởng", NULL, 0, 0}, {"đại sứ", NULL, 0, 0}, {"tổng lãnh sự", NULL, 0, 0},
    {"trưởng đại diện", NULL, 0, 0}, {"người phát ngôn", NULL, 0, 0},
    {"trưởng thôn", NULL, 0, KN_POS_PLACE}, {"trưởng ấp", NULL, 0, KN_POS_PLACE},
    {"trưởng bản", NULL, 0, KN_POS_PLACE},
    {"trưởng công an", "công an", 0, 0}, {"phó trưởng công an", "công an", 0, 0},
    {"tổng thư ký", NULL, 0, 0}, {"thư ký", NULL, 1, 0}, {"trưởng", NULL, 1, KN_POS_HEAD},
    {"luật sư điều hành", NULL, 0, 0},
};

static const char *const modifiers[] = {"nguyên", "cựu", "quyền", "tân", "Q."};
static const char *const suffixes[] = {"thường trực", "phụ trách", "điều hành"};
static const char *const connectors[] = {
    "là", "làm", "giữ chức", "nay là", "hiện là", "đang là", "hiện giữ chức",
    "đang giữ chức", "kiêm", "nguyên là", "lúc đó là", "lúc đó đang giữ chức",
    "khi đó là", "trước đây là",
};

static kn_lex surname_lex, honorific_lex, position_lex, modifier_lex, suffix_lex,
    connector_lex;

static int add_all(kn_lex *lx, vn_analyzer *a, const char *const *list, size_t n,
                   tr_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = kn_lex_add(lx, a, list[i], list[i], err);
        if (rc)
            return rc;
    }
    return 0;
}

int kn_officials_init(vn_analyzer *a, tr_error *err)
{
    int rc = add_all(&surname_lex, a, surnames, sizeof surnames / sizeof surnames[0], err);
    for (size_t i = 0; !rc && i < sizeof honorifics / sizeof honorifics[0]; i++)
        rc = kn_lex_add(&honorific_lex, a, honorifics[i].phrase, &honorifics[i], err);
    for (size_t i = 0; !rc && i < sizeof positions / sizeof positions[0]; i++)
        rc = kn_lex_add(&position_lex, a, positions[i].phrase, &positions[i], err);
    if (!rc)
        rc = add_all(&modifier_lex, a, modifiers, sizeof modifiers / sizeof modifiers[0], err);
    if (!rc)
        rc = add_all(&suffix_lex, a, suffixes, sizeof suffixes / sizeof suffixes[0], err);
    if (!rc)
        rc = add_all(&connector_lex, a, connectors, sizeof connectors / sizeof connectors[0],
                     err);
    return rc;
}

size_t kn_position_at(const kn_doc *d, size_t i)
{
    size_t n = 0;
    return kn_lex_first(&position_lex, d, i, &n) ? n : 0;
}

/* A Vietnamese syllable, folded: an initial consonant, one to three vowels, a final.
 * Foreign names ("Thaksin Shinawatra") fail it, and so are not taken for officials'. */
int kn_viet_syllable(const char *f)
{
    static const char *const initials[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                           "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m",
                                           "n", "p", "r", "s", "t", "v", "x", ""};
    static const char *const finals[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
    if (!f[0] || !f[1])
        return 1; /* "A", "B": placeholders in lists */
    for (size_t i = 0; i < sizeof initials / sizeof initials[0]; i++) {
        size_t n = strlen(initials[i]);
        if (strncmp(f, initials[i], n) != 0)
            continue;
        const char *v = f + n;
        size_t nv = strspn(v, "aeiouy");
        if (nv == 0 || nv > 3)
            continue;
        for (size_t k = 0; k < sizeof finals / sizeof finals[0]; k++)
            if (strcmp(v + nv, finals[k]) == 0)
                return 1;
    }
    return 0;
}

/* A name's syllable: a capitalised word, not in capitals ("UBND"). */
static int name_word(const kn_doc *d, size_t k)
{
    const kn_tok *t = &d->t[k];
    return t->kind == VN_WORD && (t->flags & KN_T_CAP) && !(t->flags & KN_T_SHOUT) &&
           (!(t->flags & KN_T_UPPER) || t->src_len <= 2) && t->used != KN_U_ORG &&
           kn_viet_syllable(t->fold);
}

/* Capitalised words that start a sentence and never end a name: a caption run into
 * the text ("... Lê Tuấn Tài Trong tổ chức thực hiện") is cut before them. */
static int never_in_name(const kn_doc *d, size_t k)
{
    static const char *const words[] = {"trong", "theo", "tại", "với", "trước", "sau", "khi",
                                        "nhưng", "ngoài", "về", "để", "do", "vì", "đến",
                                        "cùng", "các", "những", "ngày", "tuy", "nếu", "sáng",
                                        "chiều", "tối", "hôm", "này", "đây", "ông", "bà"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(d->t[k].exact, words[i]) == 0)
            return 1;
    return 0;
}

size_t kn_name_at(const kn_doc *d, size_t i)
{
    if (i >= d->n || d->t[i].used || !name_word(d, i))
        return 0;
    size_t sn;
    if (!kn_lex_first(&surname_lex, d, i, &sn))
        return 0;
    size_t k = i + 1;
    while (k < d->n && k - i < 5 && !d->t[k].gap && !d->t[k].used && name_word(d, k) &&
           !kn_position_at(d, k) && !kn_org_head_at(d, k) && !never_in_name(d, k))
        k++;
    size_t len = k - i;
    if (len == 5) {
        /* A longer run is a name and a place ("Nguyễn Văn An Quảng Nam"), or no name. */
        const kn_place *p;
        len = 0;
        for (size_t j = i + 2; j < i + 5 && !len; j++)
            if (kn_place_at(d, j, NULL, &p))
                len = j - i;
    }
    if (len < 2)
        return 0;
    /* "Hà Nội", "Lâm Đồng", "Cao Bằng" start with a surname too, and so do countries:
     * "Thủ tướng Thái Lan", "Đại sứ Hàn Quốc" name no one. */
    if (kn_word_at(d, KN_W_COUNTRY, i) == len)
        return 0;
    const kn_phrase *p;
    if (kn_lex_match(&kn_gz()->names, d, i, &p) == len) {
        for (size_t k2 = 0; k2 < p->ndata; k2++)
            if (((const kn_place *)p->data[k2])->province)
                return 0;
    }
    return len;
}

/* ---- Positions ---------------------------------------------------------------------- */

typedef struct held {
    const char *title;
    size_t org; /* 1 + index of the organisation noted, 0 for none */
} held;

#define MAX_HELD 6

/* A position at token i: [nguyên|quyền|tân] POSITION [thường trực]. */
static size_t position_at(const kn_doc *d, size_t i, const position **pos)
{
    size_t j = i, n = 0;
    if (kn_lex_first(&modifier_lex, d, j, &n) && j + n < d->n && !d->t[j + n].gap)
        j += n;
    *pos = kn_lex_first(&position_lex, d, j, &n);
    if (!*pos)
        return 0;
    j += n;
    if (j < d->n && !d->t[j].gap && kn_lex_first(&suffix_lex, d, j, &n))
        j += n;
    return j - i;
}

/* The organisation after a position at k, noted; its tokens in *n. */
static size_t org_after(kn_doc *d, size_t k, const position *pos, unsigned flags, size_t *n)
{
    *n = 0;
    if (pos->flags & KN_POS_PLACE) {
        while (*n < 3 && k + *n < d->n && !d->t[k + *n].gap && kn_tok_cap(d, k + *n) &&
               !kn_name_at(d, k + *n))
            (*n)++;
        return 0;
    }
    kn_org o;
    memset(&o, 0, sizeof o);
    if (k < d->n && !(d->t[k].gap & ~KN_G_DOT))
        *n = kn_org_at(d, k, flags | KN_ORG_AFTER_POSITION, pos->implied, &o);
    else if (pos->implied)
        kn_org_at(d, k, KN_ORG_IMPLIED_ONLY, pos->implied, &o);
    if (o.head == KN_H_NONE || (!o.key[0] && !o.head_word))
        return 0;
    return kn_org_note(d, &o);
}

/* A signature: "THƯ KÝ (đã ký) Nguyễn Thành Nhân". The name's token after "(đã ký)"
 * at e, or 0. */
static size_t signed_name(const kn_doc *d, size_t e)
{
    if (e + 2 < d->n && (d->t[e].gap & KN_G_OPEN) && kn_tok_is(d, e, "da") &&
        kn_tok_is(d, e + 1, "ky") && (d->t[e + 2].gap & KN_G_CLOSE) && kn_name_at(d, e + 2))
        return e + 2;
    return 0;
}

/* The title of the position at k (pn tokens), its organisation taking `on` tokens after
 * it: as written, and for a bare "Trưởng" with the organisation's head. */
static const char *title_of(kn_doc *d, size_t k, size_t pn, const position *pos, size_t on)
{
    const char *t = kn_span_text(d, k, k + pn - 1);
    if (!(pos->flags & KN_POS_HEAD) || !on)
        return t;
    size_t hn = 0;
    if (!kn_head_at(d, k + pn, &hn) || !hn || hn > on)
        hn = 1;
    return kn_strcat3(d->ar, t, " ", kn_span_text(d, k + pn, k + pn + hn - 1));
}

/* A name alone on its line, under a title in capitals: a signature ("PHÓ GIÁM ĐỐC\n
 * Phạm Triều"). */
static int signature_line(const kn_doc *d, size_t pos, size_t e)
{
    size_t m = (d->t[pos].flags & KN_T_UPPER) && d->t[e].gap == KN_G_PARA ? kn_name_at(d, e) : 0;
    return m && (e + m >= d->n || (d->t[e + m].gap & KN_G_PARA));
}

static void unmark(kn_doc *d, size_t from, size_t to)
{
    for (size_t x = from; x < to && x < d->n; x++)
        if (d->t[x].used == KN_U_ORG)
            d->t[x].used = 0;
}

/* Positions from token k. Stops before a position that is followed at once by a name
 * (that name's), unless it is the first and `own_first` says the chain is the name's
 * before it. `table`: the name stood alone on its line, its positions on the next lines. */
static size_t chain(kn_doc *d, size_t k, int table, int own_first, held *out, size_t *nout)
{
    *nout = 0;
    while (k < d->n && *nout < MAX_HELD) {
        size_t c = 0;
        if (*nout > 0 || !own_first) {
            if (kn_lex_first(&connector_lex, d, k, &c) && k + c < d->n && !d->t[k + c].gap)
                k += c;
        }
        const position *pos;
        size_t pn = position_at(d, k, &pos);
        if (!pn)
            break;
        size_t norg = d->out->norg, on = 0;
        size_t org = org_after(d, k + pn, pos, KN_ORG_HEADLESS * (*nout == 0 || table), &on);
        size_t e = k + pn + on;
        if (((*nout > 0 || !own_first) && e < d->n && !(d->t[e].gap & ~KN_G_DASH) &&
             kn_name_at(d, e)) ||
            signed_name(d, e)) {
            unmark(d, k + pn, e);
            d->out->norg = norg;
            break;
        }
        if (pos->needs_org && !on) {
            d->out->norg = norg;
            break;
        }
        out[*nout].title = title_of(d, k, pn, pos, on);
        out[(*nout)++].org = org;
        k = e;
        if (k >= d->n)
            break;
        uint16_t g = d->t[k].gap;
        if (g & KN_G_SENT)
            break;
        if (g & KN_G_PARA) {
            if (!table)
                break;
            continue;
        }
        if (kn_tok_is(d, k, "kiem") && !g) {
            k++;
            continue;
        }
        if (kn_tok_is(d, k, "va") && !g) {
            k++;
            continue;
        }
        if (!(g & (KN_G_COMMA | KN_G_DASH | KN_G_OPEN)) ||
            (g & ~(KN_G_COMMA | KN_G_DASH | KN_G_OPEN | KN_G_CLOSE))) {
            if (!table)
                break;
            /* A member list: the rest of a line we cannot read ("thường trựcĐảng
             * ủy"); the positions may go on on the next line. */
            while (k < d->n && !(d->t[k].gap & KN_G_ENDS))
                k++;
            if (k >= d->n || (d->t[k].gap & KN_G_SENT))
                break;
        }
    }
    return *nout ? k : 0;
}

static void add_all_held(kn_doc *d, size_t name, size_t len, const held *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kn_official_add(d, name, len, h[i].title, h[i].org);
    for (size_t x = name; x < name + len; x++)
        d->t[x].used = KN_U_NAME;
}

/* Honorifics before a name, and where the name starts. */
static size_t honorifics_at(const kn_doc *d, size_t i, int *plural)
{
    size_t j = i;
    *plural = 0;
    for (int k = 0; k < 2 && j < d->n; k++) {
        size_t n;
        const honorific *h = kn_lex_first(&honorific_lex, d, j, &n);
        if (!h || j + n >= d->n)
            break;
        uint16_t g = d->t[j + n].gap;
        uint16_t ok = (h->abbr ? KN_G_DOT | KN_G_SENT : 0) | (h->plural ? KN_G_COLON : 0);
        if (g & ~ok)
            break;
        *plural |= h->plural;
        j += n;
    }
    return j - i;
}

/* Name first. Returns the tokens taken, 0 when no official starts at i. */
static size_t name_first(kn_doc *d, size_t i)
{
    int plural;
    size_t j = i + honorifics_at(d, i, &plural);
    size_t nlen = kn_name_at(d, j);
    if (!nlen)
        return 0;
    size_t k = j + nlen;
    if (k >= d->n)
        return 0;
    int table = (d->t[i].gap & KN_G_PARA) && (d->t[k].gap & KN_G_PARA);
    uint16_t g = d->t[k].gap;
    /* A name run into a title in capitals is a signature block's: "Nguyễn Thành Nhân
     * CHỦ TỊCH HỘI ĐỒNG (đã ký) ..." gives the title to the next name. */
    if (!g && (d->t[k].flags & KN_T_UPPER))
        return 0;
    if (g & KN_G_SENT)
        return 0;
    if ((g & KN_G_PARA) && !table)
        return 0;
    if (g & ~(KN_G_DASH | KN_G_COMMA | KN_G_OPEN | KN_G_PARA))
        return 0;
    held h[MAX_HELD];
    size_t n;
    size_t end = chain(d, k, table, 1, h, &n);
    if (!n) {
        size_t c;
        if (!kn_lex_first(&connector_lex, d, k, &c))
            return 0;
        end = chain(d, k + c, 0, 1, h, &n);
        if (!n)
            return 0;
    }
    add_all_held(d, j, nlen, h, n);
    return end - i;
}

/* Positions that found no name, waiting for the next ("Phó Bí thư Thành ủy, Chủ tịch
 * HĐND thành phố Nguyễn Ngọc Tuấn"). */
typedef struct pending {
    size_t end;
    held h[MAX_HELD];
    size_t n;
} pending;

static int plural_before(const kn_doc *d, size_t i)
{
    if (i >= 1 && kn_tok_is(d, i - 1, "cac"))
        return 1;
    return i >= 3 && kn_tok_is(d, i - 3, "cac") && kn_tok_is(d, i - 2, "dong") &&
           kn_tok_is(d, i - 1, "chi");
}

/* Position first. */
static size_t position_first(kn_doc *d, size_t i, pending *pd)
{
    const position *pos;
    size_t pn = position_at(d, i, &pos);
    if (!pn)
        return 0;
    size_t on = 0;
    size_t org = org_after(d, i + pn, pos, KN_ORG_STOP_AT_NAME, &on);
    size_t e = i + pn + on;
    size_t j = e, sig = signed_name(d, e);
    if (sig)
        j = sig; /* "CHỦ TỊCH HỘI ĐỒNG (đã ký) Trần Văn Khải" */
    else if (e < d->n) {
        uint16_t g = d->t[e].gap;
        int hon_plural;
        size_t hn = honorifics_at(d, e, &hon_plural);
        if (hn && !(g & ~KN_G_COMMA))
            j = e + hn;
        else if (signature_line(d, i, e))
            j = e;
        else if (kn_tok_is(d, e, "la") && !g && e + 1 < d->n && !d->t[e + 1].gap)
            j = e + 1 + honorifics_at(d, e + 1, &hon_plural); /* "Chủ nhiệm đề tài là ThS. A" */
        else if (g == KN_G_COLON && (d->t[i].gap & KN_G_ENDS))
            j = e + hn; /* a record's field: "Chủ nhiệm nhiệm vụ: KS. Huỳnh Tấn Lộc" */
        else if (g & ~KN_G_DASH)
            j = d->n;
    }
    size_t nlen = kn_name_at(d, j);
    if (pos->needs_org && !on && !sig)
        return 0; /* "đội trưởng Lương Xuân Trường": a captain, not an official */
    held here = {title_of(d, i, pn, pos, on), org};
    int follows = pd->n && pd->end == i && (d->t[i].gap & KN_G_COMMA);
    if (!nlen) {
        if (!follows)
            pd->n = 0;
        if (pd->n < MAX_HELD)
            pd->h[pd->n++] = here;
        pd->end = e;
        return e - i;
    }
    held h[MAX_HELD + 1];
    size_t n = 0;
    if (follows)
        for (size_t k = 0; k < pd->n; k++)
            h[n++] = pd->h[k];
    h[n++] = here;
    pd->n = 0;
    add_all_held(d, j, nlen, h, n);
    size_t k = j + nlen;
    /* "các đồng chí Thứ trưởng Bộ KH&CN Lê Xuân Định, Nguyễn Hoàng Giang" */
    while (plural_before(d, i) && k < d->n && !(d->t[k].gap & KN_G_ENDS)) {
        size_t x = k;
        if (kn_tok_is(d, x, "va") && !(d->t[x].gap & ~KN_G_COMMA))
            x++;
        else if (!(d->t[x].gap & KN_G_COMMA))
            break;
        size_t m = kn_name_at(d, x);
        if (!m || (x + m < d->n && !d->t[x + m].gap && kn_position_at(d, x + m)))
            break;
        add_all_held(d, x, m, &here, 1);
        k = x + m;
    }
    /* And what the name's own apposition adds: "Bộ trưởng Huỳnh Thành Đạt, Ủy viên ..." */
    if (k < d->n && (d->t[k].gap & (KN_G_COMMA | KN_G_DASH)) && !(d->t[k].gap & KN_G_ENDS)) {
        held more[MAX_HELD];
        size_t nm;
        size_t end = chain(d, k, 0, 0, more, &nm);
        if (nm) {
            add_all_held(d, j, nlen, more, nm);
            k = end;
        }
    }
    return k - i;
}

void kn_officials_extract(kn_doc *d)
{
    pending pd = {0};
    for (size_t i = 0; i < d->n;) {
        if (d->t[i].used || (d->t[i].flags & KN_T_SHOUT)) {
            i++;
            continue;
        }
        size_t n = name_first(d, i);
        if (!n)
            n = position_first(d, i, &pd);
        i += n ? n : 1;
    }
}
