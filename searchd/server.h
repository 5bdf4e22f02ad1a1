/* server: searchd's HTTP side, libmicrohttpd with a route table.
 *
 * A static table {method, path, handler} ends in a 404 entry (libmicrohttpd's own
 * examples are built this way). Handlers are thin: read parameters, call the
 * engine (search.h), write JSON through reply.h. Request bodies are read
 * incrementally into per-request state with a cap; the state is freed in the
 * completion callback whatever happens to the connection.
 */
#ifndef SD_SERVER_H
#define SD_SERVER_H

#include "search.h"
#include "tr_error.h"

#define SD_BODY_MAX (1024 * 1024) /* larger request bodies get 413 */

typedef struct sd_server_config {
    const char *listen; /* IPv4 or IPv6 address; NULL for 127.0.0.1 */
    unsigned port;      /* 0 picks a free port (see sd_server_port) */
    unsigned threads;   /* 0: one per core */
    int quiet;          /* no access log on stderr */
} sd_server_config;

typedef struct sd_server sd_server;

/* Starts serving `e` (not owned; must outlive the server). */
sd_server *sd_server_start(sd_engine *e, const sd_server_config *c, tr_error *err);

/* The port actually bound. */
unsigned sd_server_port(const sd_server *s);

/* Stops accepting, finishes the requests under way, frees the server. NULL is fine. */
void sd_server_stop(sd_server *s);

#endif
