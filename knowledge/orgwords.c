/* orgwords: the word lists of organisations (heads, the branches of Sở and Bộ, the
 * lower-case words their names use) and their lookups on tokens, for orgs.c. */
#include "kn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const kn_head heads[] = {
    {"UBND", KN_H_LOCAL, "UBND", 0},
    {"ủy ban nhân dân", KN_H_LOCAL, "UBND", 0},
    {"UBND.TP", KN_H_LOCAL, "UBND", 0},
    {"văn phòng UBND", KN_H_LOCAL, "Văn phòng UBND", 0},
    {"HĐND", KN_H_LOCAL, "HĐND", 0},
    {"hội đồng nhân dân", KN_H_LOCAL, "HĐND", 0},
    {"tỉnh ủy", KN_H_LOCAL, "Tỉnh ủy", 2},
    {"thành ủy", KN_H_LOCAL, "Thành ủy", 2},
    {"huyện ủy", KN_H_LOCAL, "Huyện ủy", 2},
    {"quận ủy", KN_H_LOCAL, "Quận ủy", 2},
    {"thị ủy", KN_H_LOCAL, "Thị ủy", 2},
    {"đảng ủy", KN_H_LOCAL, "Đảng ủy", 1},
    {"đảng bộ", KN_H_LOCAL, "Đảng bộ", 1},
    {"chi bộ", KN_H_LOCAL, "Chi bộ", 1},
    {"ban thường vụ tỉnh ủy", KN_H_LOCAL, "Ban Thường vụ Tỉnh ủy", 1},
    {"ban thường vụ thành ủy", KN_H_LOCAL, "Ban Thường vụ Thành ủy", 1},
    {"công an", KN_H_LOCAL, "Công an", 0},
    {"VKSND", KN_H_LOCAL, "VKSND", 0},
    {"viện kiểm sát nhân dân", KN_H_LOCAL, "VKSND", 0},
    {"TAND", KN_H_LOCAL, "TAND", 0},
    {"tòa án nhân dân", KN_H_LOCAL, "TAND", 0},
    {"bộ chỉ huy quân sự", KN_H_LOCAL, "Bộ CHQS", 0},
    {"bộ CHQS", KN_H_LOCAL, "Bộ CHQS", 0},
    {"ủy ban MTTQ", KN_H_LOCAL, "Ủy ban MTTQ", 0},
    {"UBMTTQ", KN_H_LOCAL, "Ủy ban MTTQ", 0},
    {"ủy ban mặt trận tổ quốc", KN_H_LOCAL, "Ủy ban MTTQ", 0},
    {"thanh tra", KN_H_LOCAL, "Thanh tra", 0},
    {"kho bạc nhà nước", KN_H_LOCAL, "Kho bạc Nhà nước", 0},
    {"sở", KN_H_DEPT, "Sở", 0},
    {"bộ", KN_H_MIN, "Bộ", 0},
    {"viện", KN_H_NAMED, "Viện", 0},
    {"viện hàn lâm", KN_H_NAMED, "Viện Hàn lâm", 0},
    {"trường", KN_H_NAMED, "Trường", 0},
    {"trường đại học", KN_H_NAMED, "Trường Đại học", 0},
    {"trường cao đẳng", KN_H_NAMED, "Trường Cao đẳng", 0},
    {"đại học", KN_H_NAMED, "Đại học", 0},
    {"ĐH", KN_H_NAMED, "ĐH", 0},
    {"học viện", KN_H_NAMED, "Học viện", 0},
    {"cục", KN_H_NAMED, "Cục", 0},
    {"tổng cục", KN_H_NAMED, "Tổng cục", 0},
    {"chi cục", KN_H_NAMED, "Chi cục", 0},
    {"vụ", KN_H_NAMED, "Vụ", 0},
    {"trung tâm", KN_H_NAMED, "Trung tâm", 0},
    {"bệnh viện", KN_H_NAMED, "Bệnh viện", 0},
    {"ban", KN_H_NAMED, "Ban", 0},
    {"phòng", KN_H_NAMED, "Phòng", 0},
    {"văn phòng", KN_H_NAMED, "Văn phòng", 0},
    {"văn phòng đại diện", KN_H_NAMED, "Văn phòng đại diện", 0},
    {"hội", KN_H_NAMED, "Hội", 0},
    {"hội đồng", KN_H_NAMED, "Hội đồng", 0},
    {"liên hiệp", KN_H_NAMED, "Liên hiệp", 0},
    {"liên đoàn", KN_H_NAMED, "Liên đoàn", 0},
    {"công ty", KN_H_NAMED, "Công ty", 0},
    {"tổng công ty", KN_H_NAMED, "Tổng công ty", 0},
    {"tập đoàn", KN_H_NAMED, "Tập đoàn", 0},
    {"ngân hàng", KN_H_NAMED, "Ngân hàng", 0},
    {"hợp tác xã", KN_H_NAMED, "Hợp tác xã", 0},
    {"HTX", KN_H_NAMED, "HTX", 0},
    {"quỹ", KN_H_NAMED, "Quỹ", 0},
    {"ủy ban", KN_H_NAMED, "Ủy ban", 0},
    {"nhà xuất bản", KN_H_NAMED, "Nhà xuất bản", 0},
    {"NXB", KN_H_NAMED, "NXB", 0},
    {"khoa", KN_H_NAMED, "Khoa", 0},
    {"công đoàn", KN_H_NAMED, "Công đoàn", 0},
    {"chính phủ", KN_H_STANDALONE, "Chính phủ", 0},
    {"liên hợp quốc", KN_H_STANDALONE, "Liên Hợp Quốc", 0},
    {"liên hiệp quốc", KN_H_STANDALONE, "Liên Hợp Quốc", 0},
    {"quốc hội", KN_H_STANDALONE, "Quốc hội", 0},
    {"văn phòng chính phủ", KN_H_STANDALONE, "Văn phòng Chính phủ", 0},
    {"văn phòng quốc hội", KN_H_STANDALONE, "Văn phòng Quốc hội", 0},
    {"thanh tra chính phủ", KN_H_STANDALONE, "Thanh tra Chính phủ", 0},
    {"kiểm toán nhà nước", KN_H_STANDALONE, "Kiểm toán Nhà nước", 0},
    {"ngân hàng nhà nước", KN_H_STANDALONE, "Ngân hàng Nhà nước", 0},
    {"ủy ban thường vụ quốc hội", KN_H_STANDALONE, "Ủy ban Thường vụ Quốc hội", 0},
    {"bộ chính trị", KN_H_STANDALONE, "Bộ Chính trị", 1},
    {"ban bí thư", KN_H_STANDALONE, "Ban Bí thư", 1},
    {"ban chấp hành trung ương", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"ban chấp hành trung ương đảng", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"BCH Trung ương", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"BCH Trung ương Đảng", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"BCHTW", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"trung ương đảng", KN_H_STANDALONE, "Ban Chấp hành Trung ương", 1},
    {"ban tuyên giáo trung ương", KN_H_STANDALONE, "Ban Tuyên giáo Trung ương", 1},
    {"ban tổ chức trung ương", KN_H_STANDALONE, "Ban Tổ chức Trung ương", 1},
    {"ủy ban kiểm tra trung ương", KN_H_STANDALONE, "Ủy ban Kiểm tra Trung ương", 1},
    {"tổng liên đoàn lao động việt nam", KN_H_STANDALONE, "Tổng Liên đoàn Lao động Việt Nam",
     0},
};

/* Branches of Sở and Bộ: the name labels use, then other ways of writing it. */
static const char *const branches[][2] = {
    {"Khoa học và Công nghệ",
     "KH&CN|KHCN|KH-CN|KH và CN|Khoa học - Công nghệ|Khoa học Công nghệ|Khoa học & Công nghệ"},
    {"Tài nguyên và Môi trường",
     "TN&MT|TNMT|TN-MT|TN & MT|Tài nguyên - Môi trường|Tài nguyên & Môi trường"},
    {"Nông nghiệp và Phát triển nông thôn",
     "NN&PTNT|NNPTNT|NN-PTNT|NN & PTNT|Nông nghiệp - Phát triển nông thôn"},
    {"Nông nghiệp và Môi trường", "NN&MT|NNMT"},
    {"Giáo dục và Đào tạo",
     "GD&ĐT|GDĐT|GD-ĐT|GD & ĐT|Giáo dục - Đào tạo|Giáo dục & Đào tạo|BGDĐT"},
    {"Kế hoạch và Đầu tư", "KH&ĐT|KHĐT|KH-ĐT|KH & ĐT|Kế hoạch - Đầu tư"},
    {"Thông tin và Truyền thông", "TT&TT|TTTT|TT-TT|TT & TT|Thông tin - Truyền thông"},
    {"Lao động - Thương binh và Xã hội",
     "LĐ-TB&XH|LĐTBXH|LĐ-TBXH|LĐTB&XH|LĐTB & XH|Lao động, Thương binh và Xã hội|"
     "Lao động Thương binh và Xã hội"},
    {"Văn hóa, Thể thao và Du lịch",
     "VH,TT&DL|VHTTDL|VH-TT-DL|VH-TT&DL|Văn hóa - Thể thao và Du lịch|Văn hóa Thể thao và Du lịch"},
    {"Văn hóa và Thể thao", "VH&TT|VHTT|Văn hóa - Thể thao"},
    {"Giao thông vận tải", "GTVT|Giao thông - Vận tải"},
    {"Xây dựng", ""},
    {"Tài chính", ""},
    {"Tư pháp", ""},
    {"Nội vụ", ""},
    {"Y tế", ""},
    {"Công Thương", ""},
    {"Ngoại vụ", ""},
    {"Ngoại giao", ""},
    {"Quốc phòng", ""},
    {"Công an", ""},
    {"Du lịch", ""},
    {"Dân tộc và Tôn giáo", ""},
};

/* Lower-case words that go on an organisation's name ("Viện Nghiên cứu hạt nhân"). */
static const char org_words[] =
    "khoa học|công nghệ|kỹ thuật|bách khoa|kinh tế|quản lý|nông nghiệp|phát triển|nông thôn|"
    "y tế|y dược|dược|sư phạm|xã hội|nhân văn|tự nhiên|quốc gia|quốc tế|thủy lợi|lâm nghiệp|"
    "thủy sản|giao thông|vận tải|xây dựng|ngoại thương|thương mại|luật|mỏ|địa chất|hàng hải|"
    "thông tin|truyền thông|môi trường|tài nguyên|nghiên cứu|đào tạo|bồi dưỡng|ứng dụng|"
    "chuyển giao|đo lường|chất lượng|tiêu chuẩn|sở hữu trí tuệ|năng lượng|nguyên tử|hạt nhân|"
    "sinh học|hóa học|vật lý|toán học|thống kê|dịch vụ|kiểm định|thử nghiệm|khuyến nông|giống|"
    "cây trồng|vật nuôi|bảo vệ thực vật|thú y|chăn nuôi|công nghiệp|du lịch|văn hóa|thể thao|"
    "giáo dục|y học|đa khoa|trung ương|khu vực|cổ phần|trách nhiệm hữu hạn|một thành viên|"
    "đầu tư|tài chính|kế toán|hành chính|tổng hợp|chính quy|nghề nghiệp|thường xuyên|cán bộ|"
    "sinh viên|hợp tác|quỹ đất|đất đai|xuất bản|phát hành|nạn nhân|chất độc|da cam|khuyến học|"
    "phụ nữ|nông dân|cựu chiến binh|thanh niên|lao động|điện lực|bưu chính|viễn thông|dầu khí|"
    "khoáng sản|cao su|dệt may|vật liệu|cơ khí|động lực|tự động hóa|điện tử|nhiệt lạnh|"
    "quản trị|kinh doanh|bảo hiểm|phòng chống|dịch bệnh|kiểm soát|bệnh tật|ung bướu|nhi|"
    "phụ sản|tim mạch|nội tiết|truyền nhiễm|nhiệt đới|tâm thần|da liễu|nghiệp vụ|chính sách|"
    "pháp chế|tổ chức|công tác|đối ngoại|giám sát|kế hoạch|tuyên giáo|dân vận|nội chính|"
    "kiểm tra|chăm sóc|sức khỏe|dân số|gia đình|trẻ em|khí tượng|thủy văn|đường bộ|đường sắt|"
    "hàng không|thực phẩm|an toàn|vệ sinh|dịch tễ|quy hoạch|kiến trúc|đô thị|hạ tầng|"
    "chuyên ngành|kinh tế - xã hội|pháp luật|biên tập|khảo thí|việc làm|nội vụ|tư pháp|"
    "thi đua|khen thưởng|quốc phòng|an ninh|trật tự|hợp tác quốc tế|sáng tạo|đổi mới|"
    "khởi nghiệp|ươm tạo|thẩm định|giám định|công nghệ cao|công nghệ sinh học|dự án|"
    "đường thủy|nội địa|thường vụ|chấp hành|hội đồng|nhân dân|việt nam|chỉ đạo|điều hành|"
    "xúc tiến|hướng dẫn|tuyên truyền|tư vấn|tuyển sinh|sản phẩm|tiến bộ|dược liệu|công trình|"
    "khu công nghiệp|tiểu học|trung học|mầm non|phổ thông|xuất nhập khẩu|bất động sản|"
    "tham nhũng";

/* Words that do not name anything on their own: an organisation left with only these
 * after a name is cut off was not followed by a name ("Trường ĐH Tôn Đức Thắng"). */
static const char generic_words[] =
    "|dh|dai|hoc|thpt|thcs|cd|cao|dang|trung|cap|tieu|mam|non|cp|tnhh|mtv|co|phan|tong|cong|"
    "ty|truong|vien|benh|trung|tam|tap|doan|chuyen|quoc|gia|viet|nam|so|";

/* What a school is ("Trường THPT ...", "Trường Đại học ..."): a "Trường" without one
 * is a name of its own ("Trường Giang", "Trường Sơn", "Trường Sa", a byline "Trường
 * Thịnh"). */
static const char school_words[] =
    "đại học|cao đẳng|trung cấp|trung học|tiểu học|mầm non|mẫu giáo|phổ thông|THPT|THCS|PTTH|"
    "PTCS|PTDTNT|PTDTBT|TH|ĐH|CĐ|TC|chính trị|quân sự|sĩ quan|nghề|dạy nghề|nghiệp vụ|"
    "bồi dưỡng|đào tạo|dân tộc nội trú|hữu nghị|quốc tế|liên cấp|chuyên|cán bộ|năng khiếu|"
    "giáo dưỡng|an ninh|cảnh sát|công an|văn hóa|kinh tế|kỹ thuật|y tế|trung ương|quản lý|"
    "phổ thông dân tộc";

/* Words that end a name when they follow its first capitalised syllable ("Công ty Mỹ cho
 * biết"): any other lower-case syllable there goes on that syllable's word ("Hội đồng
 * Bảo an", "Phòng Cảnh sát", "Ngân hàng Thế giới"). */
static const char function_words[] =
    "cho|đã|là|và|của|có|được|sẽ|đang|vừa|với|tại|trong|về|này|thì|mà|cũng|không|chưa|để|"
    "từ|bị|ra|nên|lại|các|những|một|hay|hoặc|đến|theo|năm|ngày|tháng|khi|nói|cùng|vào|trên|"
    "dưới|đều|phải|rất|đó|kia|ấy|nay|thuộc|gồm|như|nhằm|qua|sau|trước|ngoài|hơn|còn|làm|do|"
    "vì|mới|luôn|chỉ|nhưng|tới|bằng|giữa|sang|gửi|đi|ở|vẫn|số|ký|nêu|đây|tổ chức|"
    "hướng dẫn|chỉ đạo|thông báo|cho biết|công bố|phối hợp|triển khai|trao|tặng|tiếp|họp|"
    "tham gia|ký kết|cam kết|đề nghị|đề xuất|yêu cầu|khẳng định|tiếp nhận|hỗ trợ|chủ trì|"
    "thực hiện|tỉnh|huyện|quận|xã|phường|thị xã|thị trấn|thành phố|tp|thôn|ấp|bản|tuần|hôm|"
    "chiều|tối|đêm|trưa";

/* Words of the list that are verbs as well: a name does not end on one when the clause
 * goes on ("Viện Sinh học Nhiệt đới tổ chức hội thảo"). */
static const char verb_words[] =
    "tổ chức|hướng dẫn|chỉ đạo|tư vấn|điều hành|tuyên truyền|kiểm tra|giám sát|phát hành|"
    "xúc tiến|tuyển sinh|thẩm định|giám định|đào tạo|bồi dưỡng|chăm sóc|kiểm soát|quản lý|"
    "nghiên cứu|phát triển|ứng dụng|chuyển giao|xuất bản|hợp tác|thống kê|đầu tư|"
    "khởi nghiệp|đổi mới|phòng chống|dịch vụ";

/* Countries, which a head followed by nothing else does not name ("Công ty Mỹ"), nor a
 * name that starts with a surname ("Thái Lan", "Hàn Quốc"). */
static const char country_words[] =
    "Mỹ|Hoa Kỳ|Anh|Pháp|Đức|Nga|Trung Quốc|Nhật|Nhật Bản|Hàn Quốc|Triều Tiên|Úc|Ấn Độ|"
    "Canada|Thái Lan|Lào|Campuchia|Singapore|Malaysia|Indonesia|Philippines|Ý|Hà Lan|"
    "Thụy Sĩ|Thụy Điển|Đài Loan|Israel|Iran|Ukraine|châu Âu|châu Á|nước ngoài|Mông Cổ|"
    "Ai Cập|Thổ Nhĩ Kỳ|Bồ Đào Nha|Tây Ban Nha|Na Uy|Đan Mạch|Phần Lan|Cao Ly";

/* Activities that want their object: a name of only these was cut short ("Ban Quản lý
 * dự án ...", "Viện Nghiên cứu ..."). */
static const char unfinished_words[] = "quản lý|nghiên cứu";

/* Parts of a legal text, which a number follows: "Điều 19" is no name's word. */
static const char legal_parts[] = "điều|khoản|chương|mục|phụ lục";

static kn_lex head_lex, branch_lex, word_lex, lists[KN_W_LEGAL + 1];

static int add_bars(kn_lex *lx, vn_analyzer *a, const char *bars, tr_error *err)
{
    char *list = strdup(bars);
    if (!list)
        return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
    int rc = 0;
    for (char *s = list, *bar; !rc && s; s = bar ? bar + 1 : NULL) {
        bar = strchr(s, '|');
        if (bar)
            *bar = '\0';
        rc = kn_lex_add(lx, a, s, bars, err);
    }
    free(list);
    return rc;
}
static const char *head_slug[sizeof heads / sizeof heads[0]];

int kn_orgs_init(vn_analyzer *a, tr_error *err)
{
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        char buf[64];
        kn_slug(heads[i].canon, strlen(heads[i].canon), buf, sizeof buf);
        head_slug[i] = strdup(buf);
        if (!head_slug[i])
            return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
        int rc = kn_lex_add(&head_lex, a, heads[i].phrase, &heads[i], err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < sizeof branches / sizeof branches[0]; i++) {
        int rc = kn_lex_add(&branch_lex, a, branches[i][0], branches[i][0], err);
        char buf[512];
        snprintf(buf, sizeof buf, "%s", branches[i][1]);
        for (char *s = buf, *bar; !rc && *s; s = bar ? bar + 1 : s + strlen(s)) {
            bar = strchr(s, '|');
            if (bar)
                *bar = '\0';
            if (*s)
                rc = kn_lex_add(&branch_lex, a, s, branches[i][0], err);
        }
        if (rc)
            return rc;
    }
    static const char *const texts[] = {
        [KN_W_SCHOOL] = school_words,     [KN_W_FUNCTION] = function_words,
        [KN_W_VERB] = verb_words,         [KN_W_COUNTRY] = country_words,
        [KN_W_UNFINISHED] = unfinished_words, [KN_W_LEGAL] = legal_parts,
    };
    int rc = add_bars(&word_lex, a, org_words, err);
    for (int k = 0; !rc && k <= KN_W_LEGAL; k++)
        rc = add_bars(&lists[k], a, texts[k], err);
    return rc;
}

const char *kn_head_slug(const kn_head *h)
{
    return head_slug[h - heads];
}

const kn_head *kn_head_by_phrase(const char *phrase)
{
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (strcmp(heads[i].phrase, phrase) == 0)
            return &heads[i];
    return NULL;
}

const kn_head *kn_head_by_slug(const char *slug)
{
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (head_slug[i] && strcmp(head_slug[i], slug) == 0)
            return &heads[i];
    return NULL;
}

/* The first payload of the phrase of lx at i, as kn_lex_first(), but in a document
 * written with diacritics a word spelt with marks needs them: "Phong Điền" and "Quy
 * Nhơn" hold no Phòng and no Quỹ, "Liên bang" no "bằng". */
static const void *first_as_spelt(const kn_lex *lx, const kn_doc *d, size_t i, size_t *len)
{
    const kn_phrase *p;
    size_t n = kn_lex_match(lx, d, i, &p);
    for (size_t w = 0; n && d->marked && w < n; w++)
        if (!(d->t[i + w].flags & KN_T_MARKS) && strcmp(p->exact[w], p->fold[w]) != 0)
            n = 0;
    if (len)
        *len = n;
    return n ? p->data[0] : NULL;
}

static const kn_head *head_at(const kn_doc *d, size_t i, size_t *len)
{
    return first_as_spelt(&head_lex, d, i, len);
}

const kn_head *kn_head_at(const kn_doc *d, size_t i, size_t *len)
{
    return head_at(d, i, len);
}

const char *kn_branch_at(const kn_doc *d, size_t i, size_t *len)
{
    return kn_lex_first(&branch_lex, d, i, len);
}

int kn_org_head_at(const kn_doc *d, size_t i)
{
    size_t n;
    const kn_head *h = head_at(d, i, &n);
    if (!h)
        return 0;
    if (h->kind == KN_H_STANDALONE)
        return kn_tok_cap(d, i);
    if (h->kind == KN_H_LOCAL)
        return 1;
    if (h->kind == KN_H_DEPT || h->kind == KN_H_MIN)
        return kn_lex_first(&branch_lex, d, i + n, NULL) != NULL;
    return 0;
}

int kn_generic_word(const char *fold)
{
    char buf[40];
    if (strlen(fold) + 3 > sizeof buf)
        return 0;
    snprintf(buf, sizeof buf, "|%s|", fold);
    return strstr(generic_words, buf) != NULL;
}

/* Tokens of the lower-case words at k that go on a name: a word of the list, or the
 * rest of one begun by the capitalised token before ("Giáo dục", "Bách khoa"). */
size_t kn_org_words_at(const kn_doc *d, size_t k)
{
    size_t w = 0;
    if (kn_lex_first(&word_lex, d, k, &w))
        return w;
    if (k > 0 && kn_lex_first(&word_lex, d, k - 1, &w) && w >= 2)
        return w - 1;
    return 0;
}


size_t kn_org_words_wrapped(const kn_doc *d, size_t k)
{
    const kn_phrase *p;
    size_t w = k > 0 ? kn_lex_match_wrapped(&word_lex, d, k - 1, &p) : 0;
    return w >= 2 ? w - 1 : 0;
}

size_t kn_word_at(const kn_doc *d, int list, size_t k)
{
    size_t n = 0;
    return first_as_spelt(&lists[list], d, k, &n) ? n : 0;
}

int kn_legal_part_at(const kn_doc *d, size_t k)
{
    return kn_tok_cap(d, k) && kn_word_at(d, KN_W_LEGAL, k) && k + 1 < d->n &&
           d->t[k + 1].kind == VN_NUMBER;
}
