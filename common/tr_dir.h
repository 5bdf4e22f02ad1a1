/* tr_dir: whether a folder is free to become a new database.
 *
 * A new index is written only into a folder that is absent or empty (the indexer
 * chooses its writer by it, glass/ refuses anything else): nothing of another
 * database, nor anything else, may be mixed into the one being written.
 */
#ifndef TR_DIR_H
#define TR_DIR_H

/* 1 when `dir` is absent or holds nothing, 0 when it holds something, -1 when it
 * cannot be read (errno says why). */
int tr_dir_is_empty(const char *dir);

#endif
