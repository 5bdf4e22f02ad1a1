/* tr_config: a program's configuration file, read as if it were options.
 *
 * The file holds `key = value` lines; a key is a long option's name without its
 * "--" (`db = /var/lib/tracuu/index`, `port = 8080`); a flag takes yes/no
 * (`quiet = yes`). Blank lines are skipped, and so is what follows a '#' at the
 * start of a line or after a blank. A key may come again where the option may
 * (`db` for shards).
 *
 * tr_config_load() turns the file into an argv ("PROGRAM --db DIR --port 8080 ...")
 * that the program reads with the very getopt_long loop it uses for its command
 * line, before the command line, so that the command line overrides the file. The
 * same call serves a reload (SIGHUP): read the file again into a new tr_config.
 * Keys are checked against the program's option table here; values are checked by
 * the program, which names the line with tr_config_where().
 */
#ifndef TR_CONFIG_H
#define TR_CONFIG_H

#include <getopt.h>
#include <stddef.h>

#include "tr_error.h"

typedef struct tr_config {
    char *path;      /* the file, as given */
    int argc;        /* argv[0] is the program's name */
    char **argv;     /* NULL-terminated; owned */
    unsigned *lines; /* lines[i]: the file's line that gave argv[i] (0 for argv[0]) */
} tr_config;

/* Line `n` of the `key = value` file `path` (this one's, or a folder's .tracuu), split
 * in place: the comment cut off, *key and *value pointed at their text without the
 * blanks around it; *key is NULL for a blank or comment line. Returns 0, or TR_EINVAL
 * with "PATH:N: expected key = value" for a line without '='. */
int tr_config_split(char *line, const char *path, unsigned n, char **key, char **value,
                    tr_error *err);

/* Reads `path` into `cfg` (zeroed first), checking each key against `options` (the
 * program's getopt_long table, NULL-terminated); keys in `refused` (NULL-terminated
 * names, may be NULL) are refused too: "help", "version", "config" make no sense in
 * the file. TR_EINVAL with "PATH:LINE: why" for a line without '=', an unknown key,
 * a value missing or a flag's value not yes/no; TR_EIO when the file cannot be read;
 * TR_ENOMEM. On failure cfg is left empty (tr_config_free() is still fine). */
int tr_config_load(tr_config *cfg, const char *program, const char *path,
                   const struct option *options, const char *const *refused, tr_error *err);

/* Frees what cfg holds and zeroes it. NULL is fine. */
void tr_config_free(tr_config *cfg);

/* The FILE of "--config FILE" or "--config=FILE" in argv (the last one), NULL when
 * there is none, so that the file can be read before the options are. A --config
 * without its value is left to the program's getopt_long loop to report. */
const char *tr_config_path(int argc, char *const *argv);

/* "PATH:LINE" of the option getopt_long has just read from cfg's argv (its optind
 * after the call; an option with a value spans two places), written into buf (cap
 * bytes), which is returned. */
const char *tr_config_where(const tr_config *cfg, int optind, char *buf, size_t cap);

#endif
