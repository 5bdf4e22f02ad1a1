/* folder: the per-folder settings file `.tracuu`, which says what the files of a
 * folder are when their text cannot tell (a folder of meeting minutes whose files
 * do not start with "BIÊN BẢN").
 *
 * The file holds `key = value` lines; a `#` at the start of a line or after a
 * blank starts a comment, blank lines are ignored (tr_config_split(): every tracuu
 * key = value file has this syntax). Keys:
 *   type = minutes      the type of every document file in the folder and below,
 *                       whatever the text looks like (an empty value cancels a
 *                       setting inherited from a folder above);
 *   date = 2024-03-15   the date of those documents whose file and text give none;
 *   access = internal   the access level (record.h: public or internal) of every
 *                       document of the folder and below that names none, JSON
 *                       Lines records included; it overrides --access.
 * Settings apply to the folder and every folder below it; the nearest `.tracuu`
 * wins, key by key. They apply to document files (.txt, .md, web pages, PDF,
 * office files, images), not to JSON Lines or spreadsheets, whose records carry
 * their own fields.
 */
#ifndef IX_FOLDER_H
#define IX_FOLDER_H

#include "record.h"
#include "tr_error.h"

#define IX_FOLDER_FILE ".tracuu"

typedef struct ix_folder_conf {
    char type[IX_TYPE_MAX + 1]; /* lower case; "" when not set */
    char date[11];              /* "YYYY-MM-DD"; "" when not set */
    char access[IX_ACCESS_MAX + 1]; /* a level's code (record.h); "" when not set */
} ix_folder_conf;

/* The settings of folder `dir`: those of `parent` (NULL: none), changed by
 * dir/.tracuu when there is one. A line that is not `key = value` with a known key
 * and a valid value is TR_EINVAL naming the file and line; an unreadable file is
 * TR_EIO. */
int ix_folder_read(const char *dir, const ix_folder_conf *parent, ix_folder_conf *out,
                   tr_error *err);

/* The access level of the documents under `c` that name none: the folder's, else
 * the run's `run_default` (--access), else public. */
const char *ix_folder_access(const ix_folder_conf *c, const char *run_default);

#endif
