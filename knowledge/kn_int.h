/* kn_int.h: what the files of knowledge/ share, sectioned by the file each part comes
 * from. Nothing here is public: kn.h is the module's interface. */
#ifndef KN_INT_H
#define KN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kn.h"

/* ---- tokens.c: a document as an array of tokens, and its memory ------------------- */

/* Memory of one extraction, freed at once. Allocation failure is sticky: the helpers
 * then return empty strings / NULL and set `failed`, and kn_extract() reports
 * TR_ENOMEM at the end, so that the rules need no error paths of their own. */
typedef struct kn_chunk kn_chunk;
typedef struct kn_arena {
    kn_chunk *head;
    int failed;
} kn_arena;

void *kn_alloc(kn_arena *ar, size_t n);
char *kn_strndup(kn_arena *ar, const char *s, size_t n);
char *kn_strcat3(kn_arena *ar, const char *a, const char *b, const char *c);
void kn_arena_free(kn_arena *ar);
/* Grows *arr (elements of `size` bytes) to hold n + 1; -1 (and ar->failed) on failure. */
int kn_grow(kn_arena *ar, void **arr, size_t *cap, size_t n, size_t size);

/* What lies between a token and the one before it (bits). */
enum {
    KN_G_PARA = 1u << 0,  /* a line break, or the start of a field */
    KN_G_SENT = 1u << 1,  /* . ! ? … followed by space */
    KN_G_SEMI = 1u << 2,
    KN_G_COLON = 1u << 3,
    KN_G_COMMA = 1u << 4,
    KN_G_DASH = 1u << 5,  /* - – — */
    KN_G_OPEN = 1u << 6,  /* ( [ */
    KN_G_CLOSE = 1u << 7, /* ) ] */
    KN_G_QUOTE = 1u << 8,
    KN_G_DOT = 1u << 9,   /* a '.' glued to the next token: "TP.Hà Nội" */
    KN_G_OTHER = 1u << 10
};
#define KN_G_ENDS (KN_G_PARA | KN_G_SENT)

enum {
    KN_T_CAP = 1u << 0,   /* upper-case first letter */
    KN_T_MARKS = 1u << 1, /* diacritics */
    KN_T_UPPER = 1u << 2, /* two or more letters, all upper case ("UBND") */
    KN_T_SHOUT = 1u << 3  /* in a field written in capitals: case says nothing */
};

typedef struct kn_tok {
    const char *fold;  /* folded form, NUL-terminated */
    const char *exact; /* normalised exact form, NUL-terminated */
    const char *src;   /* the token in the field's text */
    uint32_t src_len;
    uint32_t start;    /* byte offset of the token in its field */
    uint32_t hash;     /* of fold (kn_hash), so word lists compare numbers first */
    uint16_t gap;      /* KN_G_* before it */
    uint8_t kind;      /* vn_kind */
    uint8_t flags;     /* KN_T_* */
    uint8_t field;     /* 0 title, 1 body */
    uint8_t used;      /* taken by a rule: KN_U_* */
} kn_tok;

enum { KN_U_NAME = 1, KN_U_ORG = 2, KN_U_NUMBER = 3 };

typedef struct kn_entities kn_entities;

typedef struct kn_doc {
    kn_tok *t;
    size_t n, cap;
    const char *text[2]; /* title, body */
    size_t len[2];
    char date[9];        /* the document's date, or "" */
    int year;            /* its year, 0 when unknown */
    int marked;          /* written with diacritics (a fifth of its words have them): a
                          * word without them is then not the word of a list that has them */
    kn_arena *ar;        /* the entities' arena */
    kn_entities *out;
} kn_doc;

/* A document being read (kn.h): its tokens come in field by field. */
struct kn_reader {
    kn_doc d;
    uint8_t field; /* the field whose tokens come in: 0 title, 1 body, 2 done */
    size_t from;   /* its first token in d.t */
};

/* Sets d's texts (title, body) from `in`. */
void kn_doc_texts(kn_doc *d, const kn_text *in);
/* Whether the document is written with diacritics (d->marked), once all is read. */
void kn_doc_mark(kn_doc *d);

/* Token i is capitalised (or its field is in capitals), a word, not a lone number. */
int kn_tok_cap(const kn_doc *d, size_t i);
/* Token i's folded form is `word`. */
int kn_tok_is(const kn_doc *d, size_t i, const char *word);
/* The source text from token i to token j (inclusive), spaces squeezed; arena string. */
char *kn_span_text(const kn_doc *d, size_t i, size_t j);
/* The first token of token i's sentence, and the last. */
size_t kn_sentence_start(const kn_doc *d, size_t i);
size_t kn_sentence_end(const kn_doc *d, size_t i);

/* ---- wordlists.c: word lists matched on tokens -------------------------------------- */

/* A phrase of a word list: its words as the analyzer makes them, and what it stands
 * for. Several entries may share the same words (a district name in two provinces):
 * they are kept together. */
typedef struct kn_phrase {
    char **fold, **exact;
    uint32_t *hash; /* kn_hash of each folded word */
    uint8_t *brk; /* the word followed punctuation in the list's text */
    uint8_t n;
    const void **data;
    size_t ndata;
} kn_phrase;

typedef struct kn_lex {
    kn_phrase *ph;
    size_t nph, cap;
    uint32_t *bucket; /* hash of the first folded word -> 1 + a phrase index */
    uint32_t *next;   /* 1 + the next phrase in the same bucket */
    size_t nbucket;
} kn_lex;

/* FNV-1a of a NUL-terminated string. */
uint32_t kn_hash(const char *s);
/* Adds `phrase` (UTF-8, analyzed with `a` as documents are) with payload `data`. A
 * phrase with the same words as one already in gets `data` added to that one. */
int kn_lex_add(kn_lex *lx, vn_analyzer *a, const char *phrase, const void *data, tr_error *err);
/* The longest phrase of lx at token i (within one sentence); its length in tokens, or 0. */
size_t kn_lex_match(const kn_lex *lx, const kn_doc *d, size_t i, const kn_phrase **out);
/* The same, where a line break may cut the phrase (a name wrapped in a PDF's column:
 * "Chất\nlượng"). */
size_t kn_lex_match_wrapped(const kn_lex *lx, const kn_doc *d, size_t i, const kn_phrase **out);
/* The first payload of the longest phrase at token i, or NULL; *len its length. */
const void *kn_lex_first(const kn_lex *lx, const kn_doc *d, size_t i, size_t *len);

/* ---- gazetteer.c: provinces and districts ------------------------------------------ */

typedef struct kn_place {
    const char *id;       /* "quang-nam", "quang-nam.nam-giang" */
    const char *name;     /* "Quảng Nam", "Nam Giang" */
    const char *level;    /* "tỉnh", "huyện", ... */
    int province;         /* 1 for a province */
    const struct kn_place *parent; /* the province (itself for a province) */
    const char *new_id;   /* the province after 1 July 2025 */
    const char *new_name;
} kn_place;

typedef struct kn_gazetteer {
    kn_place *p;
    size_t n;
    kn_lex names;  /* names and aliases -> kn_place */
    kn_lex levels; /* "tỉnh", "huyện", "các huyện", "tp" ... -> level kind */
    kn_gazetteer_stats stats;
    char *text;    /* the parsed copy of the TSV; strings point into it */
} kn_gazetteer;

enum { KN_LV_PROVINCE = 1, KN_LV_DISTRICT = 2, KN_LV_CITY = 3, KN_LV_COMMUNE = 4 };
typedef struct kn_level {
    int kind;   /* KN_LV_* */
    int plural; /* "các huyện" */
    const char *word; /* as shown in labels: "tỉnh", "huyện", "thành phố" */
} kn_level;

int kn_gazetteer_build(kn_gazetteer *g, vn_analyzer *a, const char *tsv, size_t len,
                       tr_error *err);
const kn_gazetteer *kn_gz(void);           /* the built-in one, after kn_init() */

/* ---- places.c: places named in a document ----------------------------------------- */

/* A place named at token i: with `lv` a level word before it (NULL for none). Fills
 * *out with the place, NULL when the name is a district of several provinces and the
 * document does not tell which; returns the tokens matched (0 for none). */
size_t kn_place_at(const kn_doc *d, size_t i, const kn_level *lv, const kn_place **out);
/* The level word at token i ("tỉnh", "các huyện", "TP"), its length in tokens. */
size_t kn_level_at(const kn_doc *d, size_t i, const kn_level **out);
/* Notes that the document names place p (counts, and its province for later names). */
void kn_place_note(kn_doc *d, const kn_place *p);
/* The places pass: every province and district the document names. */
void kn_places_extract(kn_doc *d);

/* ---- orgwords.c: the word lists of organisations --------------------------------------- */

enum { KN_H_NONE, KN_H_LOCAL, KN_H_DEPT, KN_H_MIN, KN_H_NAMED, KN_H_STANDALONE,
       KN_H_HEADLESS };

typedef struct kn_head {
    const char *phrase;
    int kind;          /* KN_H_* */
    const char *canon; /* how labels write it */
    int party;         /* 1: a party body; 2: one whose name holds its level (Tỉnh ủy) */
} kn_head;

int kn_orgs_init(vn_analyzer *a, tr_error *err);
/* The head at token i (longest), its length in *len; NULL for none. */
const kn_head *kn_head_at(const kn_doc *d, size_t i, size_t *len);
const kn_head *kn_head_by_phrase(const char *phrase);
const kn_head *kn_head_by_slug(const char *slug);
const char *kn_head_slug(const kn_head *h);
/* The branch of a Sở or Bộ at token i ("KH&CN" -> "Khoa học và Công nghệ"), or NULL. */
const char *kn_branch_at(const kn_doc *d, size_t i, size_t *len);
/* A head of an organisation starts at token i (so a name or a run stops there). */
int kn_org_head_at(const kn_doc *d, size_t i);
/* Tokens of the lower-case words at k that go on an organisation's name. */
size_t kn_org_words_at(const kn_doc *d, size_t k);
/* A word that names nothing alone ("dh", "tnhh"). */
int kn_generic_word(const char *fold);
/* Tokens of a word of the list begun by the capitalised token before k and ended at k
 * after a line break ("Chất\nlượng"), or 0. */
size_t kn_org_words_wrapped(const kn_doc *d, size_t k);
/* Word lists that tell where an organisation's name ends and whether it names anything:
 * the kind of a school ("THPT", "Đại học"), words that end a name ("cho", "là", "tỉnh"),
 * words of the list that are verbs too ("tổ chức"), countries ("Mỹ"), activities that want
 * their object ("Quản lý"), parts of a legal text ("Điều"). */
enum { KN_W_SCHOOL, KN_W_FUNCTION, KN_W_VERB, KN_W_COUNTRY, KN_W_UNFINISHED, KN_W_LEGAL };
/* The length in tokens of the phrase of word list `list` at k, spelt as the list spells
 * it in a document written with diacritics; 0 for none. */
size_t kn_word_at(const kn_doc *d, int list, size_t k);
/* A part of a legal text followed by its number ("Điều 19"): 1, else 0. */
int kn_legal_part_at(const kn_doc *d, size_t k);

/* ---- orgs.c: organisations ----------------------------------------------------------- */

typedef struct kn_org {
    const char *key;   /* "" while bare (a head without a name) */
    const char *label;
    int head;          /* KN_H_* */
    int party;         /* a party body (Tỉnh ủy, Đảng ủy, Ban Chấp hành ...) */
    const char *head_word; /* slug of the head, for resolving bare ones */
    int level;         /* KN_LV_* of its place, or of a bare "UBND tỉnh" */
    int plural;        /* "UBND các huyện": never resolved */
    int bare;          /* a head without a name, to be resolved */
    size_t tok;        /* where it starts */
} kn_org;

/* An organisation at token i. Flags: KN_ORG_STOP_AT_NAME leaves out a person's name
 * that ends the organisation's capitalised words ("... tỉnh Bình Định Lâm Hải Giang");
 * KN_ORG_HEADLESS accepts capitalised words without a head ("Viettel Hậu Giang");
 * KN_ORG_AFTER_POSITION accepts a bare head whatever follows ("Phó Giám đốc Sở chỉ
 * đạo"). `implied` is a head phrase implied by the position before ("phòng" for
 * "Trưởng phòng"), used when no head follows. Returns the tokens taken; out->head is
 * KN_H_NONE when there is no organisation (a bare implied head takes no token). */
enum { KN_ORG_STOP_AT_NAME = 1, KN_ORG_HEADLESS = 2, KN_ORG_AFTER_POSITION = 4,
       KN_ORG_IMPLIED_ONLY = 8 /* only the bare implied head: nothing at i is read */ };
size_t kn_org_at(kn_doc *d, size_t i, unsigned flags, const char *implied, kn_org *out);
/* Records an organisation mention (resolved or bare) and returns its index. */
size_t kn_org_note(kn_doc *d, const kn_org *o);
/* The organisations pass; then bare ones are resolved by their neighbours. */
void kn_orgs_extract(kn_doc *d);
void kn_orgs_resolve(kn_doc *d);

/* ---- officials.c ------------------------------------------------------------------- */

int kn_officials_init(vn_analyzer *a, tr_error *err);
/* A Vietnamese syllable, folded ("Thaksin" is not). */
int kn_viet_syllable(const char *fold);
/* The length of a person's name at token i (2 to 4), or 0. */
size_t kn_name_at(const kn_doc *d, size_t i);
/* A position phrase starts at token i: its length in tokens, or 0. */
size_t kn_position_at(const kn_doc *d, size_t i);
void kn_officials_extract(kn_doc *d);

/* ---- decisions.c ------------------------------------------------------------------- */

int kn_decisions_init(vn_analyzer *a, tr_error *err);
void kn_decisions_extract(kn_doc *d);
/* The code and slug of a type word or code ("nq", "nghị quyết"); 0 when unknown. */
int kn_doctype_lookup(const char *text, size_t len, const char **code, const char **slug,
                      const char **name);

/* ---- dates.c ----------------------------------------------------------------------- */

/* d/m/y at token i (a VN_DATE or "ngày d tháng m năm y"): fills "YYYY-MM-DD" (or
 * "YYYY-MM"), returns tokens taken, 0 for none. */
size_t kn_date_at(const kn_doc *d, size_t i, char out[11], char end[11]);
void kn_dates_extract(kn_doc *d);

/* ---- entities.c: the results --------------------------------------------------------- */

typedef struct kn_position {
    const char *title;
    const kn_org *org; /* points into the entities' org table; NULL when none */
    size_t org_index;  /* 1 + index in the org table, 0 when none */
} kn_position;

typedef struct kn_official {
    const char *name;
    const char *name_key; /* slug of the name */
    const char *key;      /* name_key [ "@" org key ] */
    kn_position *pos;
    size_t npos, cappos;
    size_t tok;
} kn_official;

typedef struct kn_decision {
    const char *number; /* as written, joined */
    const char *key;
    const char *type_code, *type_slug, *type_name;
    const char *issuer;
    char date[11];
    const char *sentence;
    unsigned serial;    /* the number's digits, for merging short mentions */
    int shortref;       /* "Chỉ thị 16" */
} kn_decision;

typedef struct kn_placehit {
    const kn_place *p;
    unsigned mentions;
} kn_placehit;

typedef struct kn_datehit {
    const char *text;
    char date[11], end[11];
} kn_datehit;

struct kn_entities {
    kn_arena ar;
    kn_official *off;
    size_t noff, capoff;
    kn_decision *dec;
    size_t ndec, capdec;
    kn_placehit *pl;
    size_t npl, cappl;
    kn_org *org;
    size_t norg, caporg;
    kn_datehit *dt;
    size_t ndt, capdt;
    char inferred[11]; /* "YYYY-MM-DD": the first full date of a document given without one */
};

/* Adds a position (and the person, merged by name) to the results. */
void kn_official_add(kn_doc *d, size_t name_tok, size_t name_len, const char *title,
                     size_t org_index);
kn_decision *kn_decision_add(kn_doc *d);
void kn_date_add(kn_doc *d, const char *text, const char *date, const char *end);

#endif
