/* static: the files of web/static (styles, scripts), under /static/ (pages.h).
 *
 * Only regular files below WEB_DIR/static are served: a path with a ".." or "."
 * segment, an empty segment, or any byte outside [A-Za-z0-9._-/] is not found, and
 * the real path (symbolic links resolved) must still lie inside the folder. Each answer
 * has its content type from the file's extension, an ETag from its size and time of
 * change (If-None-Match gets 304), and a short Cache-Control.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages.h"
#include "reply.h"

#define STATIC_FILE_MAX (4 * 1024 * 1024)

static const struct {
    const char *ext, *type;
} content_types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".xml", "application/xml"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof content_types / sizeof *content_types; i++)
        if (strcmp(dot, content_types[i].ext) == 0)
            return content_types[i].type;
    return "application/octet-stream";
}

/* A relative path of plain segments: no "", ".", ".." and nothing but [A-Za-z0-9._-]. */
static int safe_path(const char *rel)
{
    if (!*rel || strlen(rel) > 200)
        return 0;
    const char *seg = rel;
    for (const char *p = rel;; p++) {
        if (*p == '/' || !*p) {
            size_t n = (size_t)(p - seg);
            if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
                return 0;
            if (!*p)
                return 1;
            seg = p + 1;
            continue;
        }
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
}

/* Whether `path` resolves to a place inside `dir` (both resolved). */
static int inside(const char *dir, const char *path)
{
    char rdir[PATH_MAX], rpath[PATH_MAX];
    if (!realpath(dir, rdir) || !realpath(path, rpath))
        return 0;
    size_t n = strlen(rdir);
    return strncmp(rdir, rpath, n) == 0 && rpath[n] == '/';
}

static char *read_file(int fd, size_t size)
{
    char *buf = malloc(size ? size : 1);
    size_t got = 0;
    while (buf && got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            free(buf);
            return NULL;
        }
        got += (size_t)n;
    }
    return buf;
}

enum MHD_Result sd_page_static(const sd_request *r)
{
    const char *rel = r->rest;
    if (!safe_path(rel))
        return sd_page_not_found(r);
    char dir[PATH_MAX], path[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/static", r->site->web_dir) >= (int)sizeof dir ||
        snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path || !inside(dir, path))
        return sd_page_not_found(r);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sd_page_not_found(r);
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > STATIC_FILE_MAX) {
        close(fd);
        return sd_page_not_found(r);
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec);
    const char *headers[] = {
        MHD_HTTP_HEADER_ETAG, etag,
        MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=300",
        "Content-Security-Policy", r->site->csp,
        NULL,
    };
    const char *inm =
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (inm && strstr(inm, etag)) {
        close(fd);
        return sd_reply_body(r->conn, MHD_HTTP_NOT_MODIFIED, content_type(path), NULL, 0,
                             headers);
    }
    char *body = read_file(fd, (size_t)st.st_size);
    close(fd);
    if (!body)
        return sd_reply_error(r->conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the file");
    return sd_reply_body(r->conn, MHD_HTTP_OK, content_type(path), body, (size_t)st.st_size,
                         headers);
}
