/* synonyms: the abbreviations and synonyms searchd applies to queries, both ways.
 *
 * A query for "KH&CN" should find the documents that spell out "khoa học và công
 * nghệ", and the reverse; "UBND" and "ủy ban nhân dân" likewise. The table is read
 * from tab-separated files (data/abbreviations.tsv, shipped; data/synonyms.tsv, the
 * operator's own), one entry a line:
 *
 *     ABBR<TAB>expansion[<TAB>expansion...]        # and comment lines
 *
 * All forms on a line are equivalent to one another, in both directions: a query
 * that says one of them also finds the others. An abbreviation with two meanings
 * gets a line for each (BTV<TAB>ban thường vụ, BTV<TAB>biên tập viên): a form found
 * on several lines is given the forms of all of them, so each meaning finds BTV and
 * BTV finds both, but the two meanings do not find each other.
 *
 * Every form is put through the analyzer and kept as its sequence of folded tokens,
 * the same units qbuild makes of a query: "UỶ BAN nhân dân", "ủy ban nhân dân" and
 * "uy ban nhan dan" are one entry, "kh&cn" is "KH&CN". Matching is on whole tokens,
 * never inside one: "KH" is not found in "KH&CN", nor in "01/KH-UBND". The price of
 * folding is that a query's case and marks are gone before lookup, so an entry must
 * be unambiguous in every spelling: "TƯ" (trung ương) would also be "tư", "từ",
 * "tu"; those are kept out of the data, not handled here.
 *
 * A table is built once and then only read, so one se_syn serves every thread
 * without a lock. The engine replaces its table when the operator reloads the files
 * (engine.h, se_engine_use_synonyms): requests that hold the old one keep it, by
 * reference, until they end. It does not build queries; qbuild.c does.
 */
#ifndef SE_SYNONYMS_H
#define SE_SYNONYMS_H

#include <stddef.h>

#include "tr_error.h"
#include "vn.h"

/* Limits on the data, checked when loading: tokens in one form, forms on one line
 * (the abbreviation and its expansions), and alternatives se_syn_match() returns for
 * one match (more are dropped, later lines first). */
#define SE_SYN_MAX_TOKENS 16
#define SE_SYN_MAX_FORMS 16
#define SE_SYN_MAX_ALTS 16

typedef struct se_syn se_syn;

/* One alternative to what the query said: a form of the table. */
typedef struct se_syn_alt {
    const char *const *tokens; /* folded tokens, in order; owned by the se_syn */
    size_t n;                  /* 1 to SE_SYN_MAX_TOKENS */
    int compound;              /* a single token the analyzer joined from parts
                                  (KH&CN, KT-XH): match it whole */
} se_syn_alt;

/* An empty table. NULL with the error filled when out of memory. */
se_syn *se_syn_new(tr_error *err);

/* Another holder of `s` (returned; NULL gives NULL): the table lives until each
 * holder has called se_syn_free(). Safe from any thread. */
se_syn *se_syn_ref(se_syn *s);

/* Drops one holder's reference; the last frees the table and every string
 * se_syn_match() handed out. NULL does nothing. */
void se_syn_free(se_syn *s);

/* Adds the entries of the file at `path` (UTF-8; a leading BOM and CRLF line ends
 * are accepted; blank lines and lines starting with '#' are skipped; spaces around
 * a field and a tab at the end of a line are ignored). The lines of this file whose
 * first field (folded) is the first field of lines of earlier files replace those
 * lines, so that the operator's file can correct the shipped one.
 *
 * A file that does not exist is skipped (0) unless `required`. Returns 0, or:
 * TR_ENOTFOUND / TR_EIO when the file cannot be opened or read; TR_EINVAL for a
 * malformed line, with "path:line: what is wrong" in the message; TR_ENOMEM. On
 * failure the table is as it was before the call. `a` is only used during the call. */
int se_syn_load(se_syn *s, vn_analyzer *a, const char *path, int required, tr_error *err);

/* The table the programs use: DIR/abbreviations.tsv (an error when missing only if
 * `dir_given`: without --data, DIR is the build's source tree, which an installed
 * binary may outlive), then the operator's `user` file (required) or, when `user` is
 * NULL, DIR/synonyms.tsv (optional). Returns a new table (se_syn_free), or NULL with
 * the error filled as se_syn_load() does. */
se_syn *se_syn_open(const char *dir, int dir_given, const char *user, tr_error *err);

/* Number of entries (lines) in effect, replaced ones not counted. */
size_t se_syn_count(const se_syn *s);

/* Looks for the longest entry form that matches the query's folded units
 * folded[at], folded[at+1], ... (of n). On a match, returns the number of
 * alternatives (1 to SE_SYN_MAX_ALTS), sets *match_len to the number of units
 * matched and *alts to the alternatives, which stay valid as long as the table.
 * Returns 0 with *match_len = 0 and *alts = NULL when nothing matches there; `s`
 * may be NULL (no table). Never allocates; safe to call from many threads. */
size_t se_syn_match(const se_syn *s, const char *const *folded, size_t n, size_t at,
                    size_t *match_len, const se_syn_alt **alts);

#endif
