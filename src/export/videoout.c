/* videoout: RGBA frames -> swscale -> libx264 / libvpx-vp9 -> MP4 / WebM. */
#include "videoout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "fileio.h"

const char *const videoout_format_names[VIDEOOUT_FORMAT_COUNT] = {"mp4", "webm"};
_Static_assert(sizeof videoout_format_names / sizeof videoout_format_names[0] == VIDEOOUT_FORMAT_COUNT,
               "one name a video format");

/* The encoder of each format, and what to call it in a message. */
static const char *const encoder_names[VIDEOOUT_FORMAT_COUNT] = {"libx264", "libvpx-vp9"};
static const char *const codec_words[VIDEOOUT_FORMAT_COUNT] = {"H.264", "VP9"};

enum { VIDEOOUT_IO_BUF = 1 << 16 };

typedef struct {
    const char *path;
    videoout_format fmt;
    int w, h;
    double fps;
    int fd;                 /* the temporary file, or the device written in place */
    char *tmp;              /* its name; NULL when written in place */
    int io_err;             /* first errno of a write or seek */
    long long bytes;        /* the file's size: the furthest byte written */
    long long pos;
    AVFormatContext *oc;
    AVCodecContext *cc;
    AVStream *st;
    AVFrame *yuv;
    AVPacket *pkt;
    struct SwsContext *sws;
    int header;             /* the header was written (the trailer is owed) */
    int64_t last_pts, last_dur; /* the last frame's: its packet carries the hold */
    int64_t delay_ms;
} video;

int videoout_check(videoout_format fmt, errmsg *e) {
    if (fmt < 0 || fmt >= VIDEOOUT_FORMAT_COUNT) return errmsg_set(e, "video: unknown format");
    if (!avcodec_find_encoder_by_name(encoder_names[fmt]))
        return errmsg_set(e, "%s (%s) encoder: not in this FFmpeg build (libavcodec %s); install one with it",
                          encoder_names[fmt], codec_words[fmt], AV_STRINGIFY(LIBAVCODEC_VERSION));
    return 0;
}

static const char *av_err(int rc, char *buf, size_t n) {
    av_strerror(rc, buf, n);
    return buf;
}

/* ---- our I/O: the locked temporary file's descriptor ---- */

static int io_write(void *opaque, uint8_t *buf, int size) {
    video *v = opaque;
    int done = 0;
    while (done < size) {
        ssize_t k = write(v->fd, buf + done, (size_t)(size - done));
        if (k < 0) {
            if (errno == EINTR) continue;
            if (!v->io_err) v->io_err = errno;
            return AVERROR(errno);
        }
        done += (int)k;
    }
    v->pos += size;
    if (v->pos > v->bytes) v->bytes = v->pos;
    return size;
}

static int64_t io_seek(void *opaque, int64_t offset, int whence) {
    video *v = opaque;
    off_t r;
    if (whence == AVSEEK_SIZE) return v->bytes;
    r = lseek(v->fd, (off_t)offset, whence & ~AVSEEK_FORCE);
    if (r < 0) {
        if (!v->io_err) v->io_err = errno;
        return AVERROR(errno);
    }
    v->pos = r;
    return r;
}

/* ---- set-up ---- */

static int open_target(video *v, int *seekable, errmsg *e) {
    struct stat st;
    if (fileio_check_output(v->path, e) != 0) {
        errmsg_prefix(e, "%s: ", v->path);
        return -1;
    }
    *seekable = 1;
    if (strcmp(v->path, "/dev/stdout") == 0 || (stat(v->path, &st) == 0 && !S_ISREG(st.st_mode))) {
        v->fd = open(v->path, O_WRONLY | O_CLOEXEC);
        if (v->fd < 0) return errmsg_set(e, "%s: %s", v->path, strerror(errno));
        *seekable = lseek(v->fd, 0, SEEK_CUR) >= 0 && (stat(v->path, &st) != 0 || S_ISREG(st.st_mode));
        return 0;
    }
    v->fd = fileio_temp_open(v->path, &v->tmp, e);
    if (v->fd < 0) {
        errmsg_prefix(e, "%s: ", v->path);
        return -1;
    }
    return 0;
}

static int setup_codec(video *v, const AVCodec *codec, errmsg *e) {
    AVDictionary *opt = NULL;
    char err[128];
    int rc, odd = (v->w | v->h) & 1;
    AVRational rate = av_d2q(v->fps, 100000);
    v->cc = avcodec_alloc_context3(codec);
    if (!v->cc) return errmsg_set(e, "%s: out of memory", v->path);
    v->cc->width = v->w;
    v->cc->height = v->h;
    v->cc->time_base = (AVRational){1, 1000};
    v->cc->framerate = rate;
    v->cc->pix_fmt = v->fmt == VIDEOOUT_MP4 && odd ? AV_PIX_FMT_YUV444P : AV_PIX_FMT_YUV420P;
    v->cc->gop_size = (int)(v->fps * 10 + 1); /* a key frame at least every 10 s, for seeking */
    v->cc->colorspace = AVCOL_SPC_BT470BG;
    v->cc->color_primaries = AVCOL_PRI_BT709;
    v->cc->color_trc = AVCOL_TRC_BT709;
    v->cc->color_range = AVCOL_RANGE_MPEG;
    if (v->oc->oformat->flags & AVFMT_GLOBALHEADER) v->cc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (v->fmt == VIDEOOUT_MP4) {
        /* flat colours and text: a low CRF keeps the edges of digits clean */
        av_dict_set(&opt, "preset", "veryfast", 0);
        av_dict_set(&opt, "crf", "18", 0);
        av_dict_set(&opt, "tune", "animation", 0);
    } else {
        av_dict_set(&opt, "crf", "24", 0);
        av_dict_set(&opt, "b", "0", 0);
        av_dict_set(&opt, "deadline", "good", 0);
        av_dict_set(&opt, "cpu-used", "4", 0);
        av_dict_set(&opt, "row-mt", "1", 0);
    }
    rc = avcodec_open2(v->cc, codec, &opt);
    av_dict_free(&opt);
    if (rc < 0) return errmsg_set(e, "%s: %s encoder: %s", v->path, encoder_names[v->fmt], av_err(rc, err, sizeof err));
    v->st = avformat_new_stream(v->oc, NULL);
    if (!v->st) return errmsg_set(e, "%s: out of memory", v->path);
    v->st->time_base = v->cc->time_base;
    v->st->avg_frame_rate = rate;
    if ((rc = avcodec_parameters_from_context(v->st->codecpar, v->cc)) < 0)
        return errmsg_set(e, "%s: %s", v->path, av_err(rc, err, sizeof err));
    v->yuv = av_frame_alloc();
    v->pkt = av_packet_alloc();
    if (!v->yuv || !v->pkt) return errmsg_set(e, "%s: out of memory", v->path);
    v->yuv->format = v->cc->pix_fmt;
    v->yuv->width = v->w;
    v->yuv->height = v->h;
    if (av_frame_get_buffer(v->yuv, 0) < 0) return errmsg_set(e, "%s: out of memory", v->path);
    v->sws = sws_getContext(v->w, v->h, AV_PIX_FMT_RGBA, v->w, v->h, v->cc->pix_fmt,
                            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, NULL, NULL, NULL);
    if (!v->sws) return errmsg_set(e, "%s: cannot convert RGBA to %s", v->path, av_get_pix_fmt_name(v->cc->pix_fmt));
    return 0;
}

static int video_begin(export_sink *k, errmsg *e) {
    video *v = k->ctx;
    const AVCodec *codec;
    AVDictionary *mux = NULL;
    unsigned char *buf;
    char err[128];
    int rc, seekable;
    if (videoout_check(v->fmt, e) != 0) return -1;
    codec = avcodec_find_encoder_by_name(encoder_names[v->fmt]);
    if (avformat_alloc_output_context2(&v->oc, NULL, videoout_format_names[v->fmt], NULL) < 0 || !v->oc)
        return errmsg_set(e, "%s: this FFmpeg cannot write %s files", v->path, videoout_format_names[v->fmt]);
    if (open_target(v, &seekable, e) != 0) return -1;
    if (!(buf = av_malloc(VIDEOOUT_IO_BUF))) return errmsg_set(e, "%s: out of memory", v->path);
    v->oc->pb = avio_alloc_context(buf, VIDEOOUT_IO_BUF, 1, v, NULL, io_write, seekable ? io_seek : NULL);
    if (!v->oc->pb) {
        av_free(buf);
        return errmsg_set(e, "%s: out of memory", v->path);
    }
    v->oc->pb->seekable = seekable ? AVIO_SEEKABLE_NORMAL : 0;
    if (setup_codec(v, codec, e) != 0) return -1;
    /* faststart (the index first, so a browser plays while loading) reads
     * the file back by name at the end: the temporary file's */
    if (v->fmt == VIDEOOUT_MP4 && v->tmp) {
        av_freep(&v->oc->url);
        if (!(v->oc->url = av_strdup(v->tmp))) return errmsg_set(e, "%s: out of memory", v->path);
        av_dict_set(&mux, "movflags", "+faststart", 0);
    } else if (v->fmt == VIDEOOUT_MP4 && !seekable) {
        av_dict_set(&mux, "movflags", "+frag_keyframe+empty_moov", 0);
    }
    rc = avformat_write_header(v->oc, &mux);
    av_dict_free(&mux);
    if (rc < 0) return errmsg_set(e, "%s: %s", v->path, v->io_err ? strerror(v->io_err) : av_err(rc, err, sizeof err));
    v->header = 1;
    return 0;
}

/* Every packet the encoder has ready, into the file. */
static int drain(video *v, errmsg *e) {
    char err[128];
    int rc;
    while ((rc = avcodec_receive_packet(v->cc, v->pkt)) == 0) {
        v->pkt->duration = v->pkt->pts == v->last_pts ? v->last_dur : v->delay_ms;
        av_packet_rescale_ts(v->pkt, v->cc->time_base, v->st->time_base);
        v->pkt->stream_index = v->st->index;
        rc = av_interleaved_write_frame(v->oc, v->pkt);
        if (rc < 0) return errmsg_set(e, "%s: %s", v->path, v->io_err ? strerror(v->io_err) : av_err(rc, err, sizeof err));
    }
    if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) return errmsg_set(e, "%s: %s", v->path, av_err(rc, err, sizeof err));
    return 0;
}

static int video_frame(export_sink *k, const sink_frame *fr, errmsg *e) {
    video *v = k->ctx;
    const uint8_t *src[1] = {fr->rgba};
    int stride[1] = {4 * fr->width}, rc;
    char err[128];
    if (av_frame_make_writable(v->yuv) < 0) return errmsg_set(e, "%s: out of memory", v->path);
    sws_scale(v->sws, src, stride, 0, v->h, v->yuv->data, v->yuv->linesize);
    v->yuv->pts = fr->t_ms;
    if (fr->index == 0) v->delay_ms = fr->dur_ms;
    if (fr->index == fr->count - 1) {
        v->last_pts = fr->t_ms;
        v->last_dur = fr->dur_ms;
    }
    if ((rc = avcodec_send_frame(v->cc, v->yuv)) < 0) return errmsg_set(e, "%s: %s", v->path, av_err(rc, err, sizeof err));
    return drain(v, e);
}

static void video_free(video *v) {
    if (v->oc) {
        if (v->oc->pb) av_freep(&v->oc->pb->buffer);
        avio_context_free(&v->oc->pb);
        avformat_free_context(v->oc);
    }
    avcodec_free_context(&v->cc);
    av_frame_free(&v->yuv);
    av_packet_free(&v->pkt);
    sws_freeContext(v->sws);
    if (v->fd >= 0) close(v->fd);
    free(v->tmp);
    free(v);
}

static void video_abort(export_sink *k) {
    video *v = k->ctx;
    if (!v) return;
    if (v->tmp) unlink(v->tmp);
    video_free(v);
    k->ctx = NULL;
}

static int video_end(export_sink *k, errmsg *e) {
    video *v = k->ctx;
    char err[128];
    int rc;
    if (avcodec_send_frame(v->cc, NULL) < 0 || drain(v, e) != 0) goto fail;
    if ((rc = av_write_trailer(v->oc)) < 0) {
        errmsg_set(e, "%s: %s", v->path, v->io_err ? strerror(v->io_err) : av_err(rc, err, sizeof err));
        goto fail;
    }
    avio_flush(v->oc->pb);
    if (v->io_err) {
        errmsg_set(e, "%s: %s", v->path, strerror(v->io_err));
        goto fail;
    }
    if (v->tmp && (rc = fileio_temp_finish(v->fd, &v->tmp, v->path)) != 0) {
        errmsg_set(e, "%s: %s", v->path, strerror(rc));
        goto fail;
    }
    k->bytes = v->bytes;
    video_free(v);
    k->ctx = NULL;
    return 0;
fail:
    video_abort(k);
    return -1;
}

int videoout_sink(export_sink *k, const char *path, videoout_format fmt, int w, int h, double fps, errmsg *e) {
    video *v = calloc(1, sizeof *v);
    if (!v) return errmsg_set(e, "%s: out of memory", path);
    v->path = path;
    v->fmt = fmt;
    v->w = w;
    v->h = h;
    v->fps = fps > 0 ? fps : 2;
    v->fd = -1;
    v->last_pts = AV_NOPTS_VALUE;
    av_log_set_level(AV_LOG_QUIET); /* our one line says what went wrong; FFmpeg's chatter is not one line */
    *k = (export_sink){fmt == VIDEOOUT_MP4 ? "MP4" : "WebM", 1, video_begin, NULL, video_frame, video_end, video_abort, v, 0};
    return 0;
}
