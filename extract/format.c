/* format: the formats extract/ reads, known by the ending of a file's name (the
 * indexer picks document files by it before any is opened), and their names as
 * records and messages give them. */
#include "ex.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *ext;
    ex_format f;
} EXTENSIONS[] = {
    {".html", EX_HTML}, {".htm", EX_HTML}, {".xhtml", EX_HTML}, {".pdf", EX_PDF},
    {".docx", EX_DOCX}, {".odt", EX_ODT},  {".doc", EX_DOC},    {".png", EX_IMAGE},
    {".jpg", EX_IMAGE}, {".jpeg", EX_IMAGE}, {".tif", EX_IMAGE}, {".tiff", EX_IMAGE},
};

ex_format ex_format_of(const char *path)
{
    if (!path)
        return EX_NONE;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return EX_NONE;
    for (size_t i = 0; i < sizeof EXTENSIONS / sizeof EXTENSIONS[0]; i++)
        if (strcasecmp(dot, EXTENSIONS[i].ext) == 0)
            return EXTENSIONS[i].f;
    return EX_NONE;
}

const char *ex_format_name(ex_format f)
{
    switch (f) {
    case EX_HTML: return "html";
    case EX_PDF: return "pdf";
    case EX_DOCX: return "docx";
    case EX_ODT: return "odt";
    case EX_DOC: return "doc";
    case EX_IMAGE: return "image";
    case EX_NONE: break;
    }
    return "none";
}
