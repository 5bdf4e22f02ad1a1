/* audit: see audit.h. */
#include "audit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 2048

/* Appends `s` escaped (audit.h) to line[*n..cap), stopping short of the end. */
static void put_escaped(char *line, size_t *n, size_t cap, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p && *n + 5 < cap; p++) {
        if (*p > ' ' && *p < 0x7f && *p != '\\')
            line[(*n)++] = (char)*p;
        else
            *n += (size_t)snprintf(line + *n, cap - *n, "\\x%02X", *p);
    }
}

static void client_address(const sd_request *r, char *out, size_t cap)
{
    snprintf(out, cap, "-");
    const union MHD_ConnectionInfo *info =
        r->conn ? MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
}

void sd_audit(const sd_request *r, const char *action, const char *subject)
{
    char when[32], addr[INET6_ADDRSTRLEN + 1], line[LINE_MAX_BYTES];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    client_address(r, addr, sizeof addr);
    size_t n = (size_t)snprintf(line, sizeof line, "AUDIT %s %s key=", when, action);
    put_escaped(line, &n, sizeof line, r->key_name ? r->key_name : "-");
    int k = snprintf(line + n, sizeof line - n, " client=%s subject=", addr);
    n = k > 0 && n + (size_t)k < sizeof line - 1 ? n + (size_t)k : sizeof line - 2;
    put_escaped(line, &n, sizeof line, subject && *subject ? subject : "-");
    line[n++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, n);
    (void)w; /* nowhere left to report a failure to log */
}
