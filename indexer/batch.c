/* batch: see batch.h. */
#include "batch.h"

#include <string.h>
#include <strings.h>

#include "document.h"
#include "task.h"

int ix_batch_build(vn_analyzer *a, const ix_record *rec, ix_result *res)
{
    res->idterm_len = ix_document_idterm(res->idterm, sizeof res->idterm, rec->id, rec->id_len);
    ix_document_bounds_init(&res->bounds);
    res->doc = ix_document_build(a, rec, &res->bounds, &res->why);
    if (!res->doc)
        return res->why.code ? res->why.code : TR_EINTERNAL;
    res->kind = IX_RESULT_DOC;
    return 0;
}

/* A record of `root` (taken over) built into the emptied `res`; its text read as
 * --encoding auto does when `decode` (a record sent; an extracted file's text is
 * already Unicode, and tracuu-index does not read it again). */
static int build_json(vn_analyzer *a, json_t *root, const char *default_type, int decode,
                      ix_result *res)
{
    memset(res, 0, sizeof *res);
    res->kind = IX_RESULT_SKIP;
    ix_record rec;
    int rc = ix_record_from_json(&rec, root, default_type, &res->why);
    if (rc == 0 && decode)
        rc = ix_record_decode(&rec, VN_ENC_AUTO, &res->converted, &res->converted_flags,
                              &res->why);
    if (rc)
        return rc;
    res->text_bytes = rec.title_len + rec.body_len;
    rc = ix_batch_build(a, &rec, res);
    ix_record_clear(&rec);
    return rc;
}

int ix_batch_json(vn_analyzer *a, json_t *root, const char *default_type, ix_result *res)
{
    return build_json(a, root, default_type, 1, res);
}

int ix_batch_file_type(json_t *root, const char *forced, const char *default_type)
{
    const char *type = forced;
    json_t *found = json_object_get(root, "type");
    if (!type && (!json_is_string(found) ||
                  ix_record_check_type(json_string_value(found), NULL) != 0 ||
                  (strcasecmp(json_string_value(found), IX_TASK_TYPE) == 0 &&
                   ix_task_check(root, NULL) != 0)))
        type = default_type;
    if (type && json_object_set_new(root, "type", json_string(type)) != 0)
        return TR_ENOMEM;
    return 0;
}

int ix_batch_file(vn_analyzer *a, const char *path, const ex_limits *limits,
                  const json_t *fields, const char *default_type, ix_result *res)
{
    memset(res, 0, sizeof *res);
    json_t *root = NULL;
    int rc = ex_extract(path, limits, &root, &res->why);
    if (rc)
        return rc == TR_ENOMEM || rc == TR_EINTERNAL ? rc : TR_EINVAL;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)fields, key, value) {
        if (strcmp(key, "type") != 0 && json_object_set(root, key, value) != 0) {
            json_decref(root);
            return tr_error_set(&res->why, TR_ENOMEM, "out of memory");
        }
    }
    if (ix_batch_file_type(root, json_string_value(json_object_get(fields, "type")),
                           default_type) != 0) {
        json_decref(root);
        return tr_error_set(&res->why, TR_ENOMEM, "out of memory");
    }
    return build_json(a, root, default_type, 0, res);
}
