/* sync: keeps the documents of a folder equal to its files, for a nightly
 * `tracuu-index --db DIR --sync FOLDER`.
 *
 * A run walks the folder as indexing it would (walk.h), and compares each
 * document file with what the index holds of it: files it has not seen are
 * indexed, files whose size, modification time or settings (.tracuu, --type,
 * --ocr) differ are indexed again unless only the time moved and the content hash
 * is the same (a file touched or copied over with itself is not extracted again),
 * and documents whose files are gone are deleted. Everything is written through
 * ix_run(): the deletions and documents go in its batched transactions, so a sync
 * killed at any moment leaves the index at a commit, and running it again
 * completes it (what was committed compares as unchanged).
 *
 * Each document of a synced folder carries the term VN_P_SYNC_FILE + the folder's
 * key + its id (the key: FNV-1a 64 of the folder's real path, in hex), which lists
 * the folder's documents by term prefix, and in VN_SLOT_SYNC_STATE its file's size,
 * modification time, content hash and settings. Only document files are synced
 * (.txt, .md, and what ex.h extracts); JSON Lines files in the folder are named
 * and left alone, since their records have ids of their own.
 */
#ifndef IX_SYNC_H
#define IX_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "indexer.h"
#include "tr_error.h"
#include "walk.h"

#define IX_HASH_INIT 0xcbf29ce484222325ull

/* FNV-1a 64 of `len` bytes, going on from `h` (IX_HASH_INIT to start). A fast
 * hash, not a cryptographic one: it tells a changed file from an unchanged one. */
uint64_t ix_hash_update(uint64_t h, const void *data, size_t len);

/* The hash of a file's bytes. TR_EIO naming the file when it cannot be read. */
int ix_hash_file(const char *path, uint64_t *out, tr_error *err);

/* The value stored in VN_SLOT_SYNC_STATE for input `in` whose bytes hash to
 * `hash`, with the run's default type and OCR setting; into buf (NUL-terminated).
 * Returns its length, 0 when it does not fit in `cap` (128 bytes always do). */
size_t ix_sync_state(char *buf, size_t cap, const ix_input *in, uint64_t hash,
                     const char *default_type, const char *default_access, int ocr);

/* Syncs `folder` into opt->db: plans what to index and delete, then runs ix_run()
 * with that plan (opt->deletes first; opt's paths and inputs must be empty: the
 * folder is the input). After the run's summary it prints
 * "sync: N new, M changed, K unchanged, D deleted, S skipped" on the log. Returns
 * as ix_run(), a failure to plan (folder unreadable, index unreadable) included;
 * *st and err may be NULL, as there. */
int ix_sync(const ix_options *opt, const char *folder, ix_stats *st, tr_error *err);

#endif
