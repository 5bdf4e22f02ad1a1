/* tr_paths: see tr_paths.h. */
#include "tr_paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* From the programs' folder to the shared files and to the helpers, as installed
 * (CMake computes them from its install directories; these are its defaults). */
#ifndef TR_PATHS_SHARE_REL
#define TR_PATHS_SHARE_REL "../share/tracuu"
#endif
#ifndef TR_PATHS_HELPER_REL
#define TR_PATHS_HELPER_REL "../lib/tracuu"
#endif

/* The build tree: every program is one folder below the top of the build, where
 * CMake makes share/tracuu and lib/tracuu. */
#define BUILD_SHARE_REL "../share/tracuu"
#define BUILD_HELPER_REL "../lib/tracuu"

typedef struct place_def {
    const char *env;  /* overrides the rest when set and not empty */
    const char *name; /* below the shared files' or the helpers' folder */
    int helper;       /* a program in the helpers' folder, not a shared folder */
} place_def;

static const place_def places[] = {
    [TR_PLACE_DATA] = {"TRACUU_DATA_DIR", "data", 0},
    [TR_PLACE_WEB] = {"TRACUU_WEB_DIR", "web", 0},
    [TR_PLACE_EXTRACT] = {"TRACUU_EXTRACT", "tracuu-extract", 1},
};

/* The folder of the running program, or "" when /proc cannot say. */
static void self_dir(char *dir, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
    if (n <= 0) {
        dir[0] = '\0';
        return;
    }
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
}

static int usable(const char *path, int helper)
{
    return access(path, helper ? X_OK : F_OK) == 0;
}

int tr_paths_find(tr_place place, char *buf, size_t cap)
{
    if (cap == 0 || (unsigned)place >= sizeof places / sizeof *places)
        return -1;
    const place_def *p = &places[place];
    const char *env = getenv(p->env);
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return usable(buf, p->helper) ? 0 : -1;
    }
    buf[0] = '\0';
    char dir[PATH_MAX];
    self_dir(dir, sizeof dir);
    if (!dir[0])
        return -1;
    const char *const rel[] = {p->helper ? TR_PATHS_HELPER_REL : TR_PATHS_SHARE_REL,
                               p->helper ? BUILD_HELPER_REL : BUILD_SHARE_REL};
    char path[PATH_MAX], real[PATH_MAX];
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        if (snprintf(path, sizeof path, "%s/%s/%s", dir, rel[i], p->name) >= (int)sizeof path)
            continue;
        /* realpath() makes messages and --help say "/usr/share/tracuu/data", not
         * "/usr/bin/../share/tracuu/data". */
        if (usable(path, p->helper) && realpath(path, real)) {
            snprintf(buf, cap, "%s", real);
            return 0;
        }
    }
    /* Where it should have been, as installed, spelt without the "..": each one
     * takes a folder off the programs' folder. */
    const char *r = rel[0];
    char *slash;
    while (strncmp(r, "../", 3) == 0 && (slash = strrchr(dir, '/')) && slash != dir) {
        *slash = '\0';
        r += 3;
    }
    snprintf(buf, cap, "%s/%s/%s", dir, r, p->name);
    return -1;
}
