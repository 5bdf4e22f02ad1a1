/* shardlist: where the index is, when it is more than one database.
 *
 * searchd serves one index that may be spread over several databases (shards): local
 * folders, and databases served by Xapian's own xapian-tcpsrv on this or other
 * machines. Xapian searches them as one and merges their statistics, so results rank
 * as if one database held every document. se_shards is the list of shards, read once
 * at start-up, and opens a fresh Xapian handle over all of them on demand.
 *
 * A shard list is a text file in the syntax of Xapian's stub files, so the same file
 * serves tracuu and Xapian's own tools (xapian-delve, quest):
 *
 *     # comment
 *     auto /srv/tracuu/shard0          (also "glass PATH"; relative to the file)
 *     remote 10.0.0.7:33333            (a xapian-tcpsrv; "[::1]:33333" for IPv6)
 *     remote tcp 10.0.0.8:33333 timeout=2000 connect_timeout=1000
 *
 * The last line shows what only tracuu reads: "tcp" may name the transport (Xapian's
 * own parser does not accept it), and per-shard timeouts in milliseconds override
 * the default of se_shards_new(). Xapian cannot put a timeout on the remote lines of a
 * stub it opens itself (it uses 10 s), which is why searchd parses the file.
 * "remote :PROGRAM" lines (a database behind a pipe) are refused: searchd's handles
 * are opened and dropped by many threads, and a program per handle is no way to serve.
 */
#ifndef SE_SHARDLIST_H
#define SE_SHARDLIST_H

#include <stddef.h>

#include "tr_error.h"
#include "xc.h"

typedef struct se_shards se_shards;

/* An empty list. timeout_ms applies to every exchange with a remote shard that has no
 * timeout of its own, and to its connection (0: Xapian's default, 10 s). NULL when
 * out of memory. */
se_shards *se_shards_new(unsigned timeout_ms, tr_error *err);
void se_shards_free(se_shards *s);

/* Adds what `path` holds: a database folder, a folder whose XAPIANDB stub lists shards
 * (as tracuu-index --shards and xapian-replicate write), or a shard-list file (above).
 * A list of local shards only counts as one shard, the file or folder itself, which
 * Xapian opens (see se_shards_signature). A bad line is TR_EINVAL with its file and
 * line number; a missing path TR_ENOTFOUND. Nothing is opened here. */
int se_shards_add_path(se_shards *s, const char *path, tr_error *err);

/* Parses one line of a shard list (as above, without the comment form); `base` is the
 * folder relative paths start from (NULL: the working directory). */
int se_shards_add_line(se_shards *s, const char *line, const char *base, tr_error *err);

/* Number of shards, and a name for each: the path, or HOST:PORT. */
size_t se_shards_count(const se_shards *s);
const char *se_shards_name(const se_shards *s, size_t i);

/* A number that changes when a stub file Xapian reads for a shard changes (a list of
 * local shards only is handed to Xapian whole, so that a handle opened later follows
 * it: xapian-replicate switches a replica's stub to each new full copy), or when a
 * database given by a symbolic link is another one (a link renamed over it: the
 * swap of docs/operations.md). Handles opened before the change should be replaced,
 * not reopened. Cheap: a stat() per stub or link. */
unsigned long long se_shards_signature(const se_shards *s);

/* A new handle over every shard (TR_EINVAL when the list is empty). A remote shard
 * that cannot be reached fails the whole open with TR_EUNAVAILABLE naming it: Xapian
 * 1.4 has no partial searches, and an answer silently missing a shard would be
 * wrong. */
xc_db *se_shards_open(const se_shards *s, tr_error *err);

#endif
