/* mkscan: a "scanned" PDF for the OCR fixtures: the lines of a text file drawn
 * on a 300 dpi A4 image, and only that image painted on the PDF page, so that the
 * PDF has no text layer at all. Built and run by make.sh:
 *   mkscan LINES.txt OUT.pdf
 */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#define DPI 300.0
#define A4_W 595.0 /* points */
#define A4_H 842.0

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkscan LINES.txt OUT.pdf\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    double k = DPI / 72.0;
    cairo_surface_t *img =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(A4_W * k), (int)(A4_H * k));
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 14 * k);
    char line[1024];
    double y = 90 * k;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        cairo_move_to(cr, 70 * k, y);
        cairo_show_text(cr, line);
        y += 24 * k;
    }
    fclose(in);
    cairo_destroy(cr);

    cairo_surface_t *pdf = cairo_pdf_surface_create(argv[2], A4_W, A4_H);
    cr = cairo_create(pdf);
    cairo_scale(cr, 1 / k, 1 / k);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    int bad = cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(img);
    return bad;
}
