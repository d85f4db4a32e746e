/* videoout: MP4 (H.264, libx264) and WebM (VP9, libvpx-vp9) through
 * FFmpeg's libavformat / libavcodec / libswscale, as a sink of an export
 * (sink.h). Frames are converted RGBA -> YUV one at a time and streamed to
 * the encoder: memory stays flat in the number of frames (the encoder's
 * lookahead is the most it holds).
 *
 * Time: the stream's time base is the millisecond; each frame's pts is its
 * time on the export's timeline, so a hold is the last frame shown longer
 * (one frame, held), not copies of it. The nominal frame rate is the
 * export's (1000 / delay).
 *
 * Pixels: yuv420p (BT.601, limited range) wherever players expect it; an
 * H.264 of an odd width or height, which 4:2:0 cannot hold, is yuv444p.
 *
 * Files: encoded through our own I/O callbacks into fileio's locked
 * temporary file beside the target, renamed over it in end; a failure or
 * an abort removes it and leaves the target as it was. A character device
 * (/dev/null) is written in place, as a fragmented MP4 (it cannot seek).
 * A missing encoder is an error naming it, before any file is made. */
#ifndef CONVANIM_VIDEOOUT_H
#define CONVANIM_VIDEOOUT_H

#include "errmsg.h"
#include "sink.h"

typedef enum { VIDEOOUT_MP4, VIDEOOUT_WEBM, VIDEOOUT_FORMAT_COUNT } videoout_format;
extern const char *const videoout_format_names[VIDEOOUT_FORMAT_COUNT]; /* "mp4", "webm" */

/* Fills k with a sink writing a w x h video to path (nothing is opened
 * until begin). fps: the nominal frame rate. Fails on memory only. */
int videoout_sink(export_sink *k, const char *path, videoout_format fmt, int w, int h, double fps, errmsg *e);

/* 0 if this FFmpeg has fmt's encoder; else -1 with "libx264 (H.264)
 * encoder: not in this FFmpeg build" in e. */
int videoout_check(videoout_format fmt, errmsg *e);

#endif
