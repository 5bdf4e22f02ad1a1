/* tr_opts: how tracuu's programs speak of their options, the same way in each.
 *
 * Every program reads its options with getopt_long (opterr = 0, an optstring that
 * starts with ':') and says what was wrong, and its version, through these.
 */
#ifndef TR_OPTS_H
#define TR_OPTS_H

#include <stddef.h>

/* What getopt_long's ':' (a value missing) or '?' (an unknown option) means, naming
 * the option as typed: "--db needs a value (see --help)", "unknown option --x (see
 * --help)". Written into buf (cap bytes), which is returned. */
const char *tr_opts_problem(int c, char *const *argv, int optind, char *buf, size_t cap);

/* Prints "PROGRAM VERSION (index schema N)" on standard output. */
void tr_opts_version(const char *program, int schema);

#endif
