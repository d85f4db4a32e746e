/* vecout: SVG and PDF files of frames, drawn by the cairo backend
 * (cairodraw.h) from the same frame description the SDL backend draws.
 * One pixel of the frame is one unit: an SVG of the frame's pixel size, a
 * PDF page of as many points.
 *
 * As sinks of an export (sink.h): an SVG a step into a folder of frames
 * (framedir.h: frame_00001.svg..., the folder's rules), or a PDF with a
 * page a step, streamed page by page into a locked temporary file renamed
 * over the target at the end. One figure: vecout_write. Every file is
 * whole or absent: a failure leaves the target as it was. */
#ifndef CONVANIM_VECOUT_H
#define CONVANIM_VECOUT_H

#include "errmsg.h"
#include "frame.h"
#include "sink.h"

typedef enum { VECOUT_SVG, VECOUT_PDF, VECOUT_FORMAT_COUNT } vecout_format;
extern const char *const vecout_format_names[VECOUT_FORMAT_COUNT]; /* "svg", "pdf" */

/* The format a file name asks for by its extension (.svg, .pdf, any
 * case); -1 for any other. */
int vecout_format_of(const char *path);

/* A sink writing SVGs into the folder dir (VECOUT_SVG) or a PDF at path
 * (VECOUT_PDF); font_path: the sans, bold and mono faces' files. The
 * strings must outlive the sink. Fails on memory only. */
int vecout_sink(export_sink *k, vecout_format fmt, const char *path, const char *const font_path[3], errmsg *e);

/* One frame as one file, atomically. */
int vecout_write(const char *path, vecout_format fmt, const frame *f, const char *const font_path[3], errmsg *e);

#endif
