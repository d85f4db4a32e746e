/* font: faces through fontconfig, TTF fonts per size, a cache of rendered
 * strings keyed by (face, size, colour, text) and swept per frame, and one
 * of measured widths (shaping a string costs far more than a look-up;
 * layout measures the same labels and numbers every frame). */
#include "font.h"

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

enum { FONT_FACES = 3, FONT_MAX_SIZE = 512, FONT_BUCKETS = 4096, FONT_WIDTHS = 8192 };

/* SDL_ttf keeps one FreeType library for the process. FreeType lets
 * threads render with faces of their own at once but wants opening and
 * closing faces (and SDL_ttf's start and stop count) serialised: the
 * window's font_set and an export's on a worker thread share this lock. */
static SDL_SpinLock font_lock;

static const char *const font_pattern[FONT_FACES] = {
    "DejaVu Sans", "DejaVu Sans:bold", "DejaVu Sans Mono"
};

typedef struct text_entry {
    struct text_entry *next;
    uint32_t hash;
    frame_font face;
    int size;
    frame_color color;
    SDL_Texture *tex;
    int w, h;
    unsigned gen;
    char text[];
} text_entry;

struct font_set {
    char *path[FONT_FACES];
    TTF_Font *open[FONT_FACES][FONT_MAX_SIZE + 1];
    SDL_Renderer *renderer;      /* owner of the cached textures */
    text_entry *bucket[FONT_BUCKETS];
    int count;
    unsigned gen;                /* frames swept so far */
    /* widths by a 64-bit hash of (face, size, text); a slot holds the
     * last string that hashed to it, 0 marks an empty one */
    uint64_t width_key[FONT_WIDTHS];
    int width[FONT_WIDTHS];
};

static uint64_t width_key(frame_font face, int size, const char *s) {
    uint64_t h = 14695981039346656037u;
    h = (h ^ (uint64_t)face) * 1099511628211u;
    h = (h ^ (uint64_t)(unsigned)size) * 1099511628211u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h ? h : 1;
}

static char *font_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* FcFontMatch always answers with something; the file it names still has
 * to open, which font_open checks. */
static char *font_match(FcConfig *cfg, const char *name) {
    FcPattern *pat = FcNameParse((const FcChar8 *)name);
    FcPattern *match;
    FcResult res;
    FcChar8 *file;
    char *path = NULL;
    if (!pat) return NULL;
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    match = FcFontMatch(cfg, pat, &res);
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
        path = font_strdup((const char *)file);
    if (match) FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return path;
}

static int font_find(font_set *fs, errmsg *e) {
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    int i;
    if (!cfg) return errmsg_set(e, "font: fontconfig failed to load its configuration; pass --font PATH");
    for (i = 0; i < FONT_FACES; i++) {
        fs->path[i] = font_match(cfg, font_pattern[i]);
        if (!fs->path[i]) break;
    }
    FcConfigDestroy(cfg);
    if (i < FONT_FACES)
        return errmsg_set(e, "font: no font found through fontconfig for '%s'; "
                          "install fonts-dejavu-core or pass --font PATH", font_pattern[i]);
    return 0;
}

static TTF_Font *font_get(font_set *fs, frame_font face, int size) {
    TTF_Font **slot;
    if ((unsigned)face >= FONT_FACES) face = FRAME_FONT_SANS;
    if (size < 1) size = 1;
    if (size > FONT_MAX_SIZE) size = FONT_MAX_SIZE;
    slot = &fs->open[face][size];
    if (!*slot) {
        SDL_AtomicLock(&font_lock);
        *slot = TTF_OpenFont(fs->path[face], size);
        SDL_AtomicUnlock(&font_lock);
    }
    return *slot;
}

static void font_ttf_quit(void) {
    SDL_AtomicLock(&font_lock);
    TTF_Quit();
    SDL_AtomicUnlock(&font_lock);
}

font_set *font_open(const char *path, errmsg *e) {
    font_set *fs;
    int i, rc;
    SDL_AtomicLock(&font_lock);
    rc = TTF_Init();
    SDL_AtomicUnlock(&font_lock);
    if (rc != 0) {
        errmsg_set(e, "font: SDL_ttf failed to start: %s", TTF_GetError());
        return NULL;
    }
    fs = calloc(1, sizeof *fs);
    if (!fs) {
        font_ttf_quit();
        errmsg_set(e, "font: out of memory");
        return NULL;
    }
    if (path) {
        for (i = 0; i < FONT_FACES; i++)
            if (!(fs->path[i] = font_strdup(path))) {
                errmsg_set(e, "font: out of memory");
                goto fail;
            }
    } else if (font_find(fs, e) != 0) {
        goto fail;
    }
    /* Open one size now so a bad file fails here, not mid-frame. */
    for (i = 0; i < FONT_FACES; i++)
        if (!font_get(fs, (frame_font)i, 16)) {
            errmsg_set(e, "font: cannot open '%s': %s", fs->path[i], TTF_GetError());
            goto fail;
        }
    return fs;
fail:
    font_close(fs);
    return NULL;
}

void font_release(font_set *fs) {
    int i;
    for (i = 0; i < FONT_BUCKETS; i++) {
        text_entry *t = fs->bucket[i];
        while (t) {
            text_entry *next = t->next;
            SDL_DestroyTexture(t->tex);
            free(t);
            t = next;
        }
        fs->bucket[i] = NULL;
    }
    fs->count = 0;
}

void font_close(font_set *fs) {
    int i, j;
    if (!fs) return;
    font_release(fs);
    SDL_AtomicLock(&font_lock);
    for (i = 0; i < FONT_FACES; i++)
        for (j = 0; j <= FONT_MAX_SIZE; j++)
            if (fs->open[i][j]) TTF_CloseFont(fs->open[i][j]);
    SDL_AtomicUnlock(&font_lock);
    for (i = 0; i < FONT_FACES; i++) free(fs->path[i]);
    free(fs);
    font_ttf_quit();
}

const char *font_path(const font_set *fs, frame_font face) {
    return (unsigned)face < FONT_FACES ? fs->path[face] : NULL;
}

/* TTF draws one line; text with newlines is measured line by line. */
int font_measure(void *ctx, frame_font face, int size, const char *s) {
    TTF_Font *f = font_get(ctx, face, size);
    char line[1024];
    int best = 0;
    if (!f || !s) return 0;
    if (!strchr(s, '\n')) {
        font_set *fs = ctx;
        uint64_t k = width_key(face, size, s);
        size_t slot = (size_t)(k % FONT_WIDTHS);
        if (fs->width_key[slot] != k) {
            fs->width[slot] = *s && TTF_SizeUTF8(f, s, &best, NULL) == 0 ? best : 0;
            fs->width_key[slot] = k;
        }
        return fs->width[slot];
    }
    while (*s) {
        size_t n = strcspn(s, "\n"), k = n < sizeof line ? n : sizeof line - 1;
        int w = 0;
        memcpy(line, s, k);
        line[k] = '\0';
        if (k && TTF_SizeUTF8(f, line, &w, NULL) == 0 && w > best) best = w;
        s += n;
        if (*s == '\n') s++;
    }
    return best;
}

int font_height(font_set *fs, frame_font face, int size) {
    TTF_Font *f = font_get(fs, face, size);
    return f ? TTF_FontHeight(f) : 0;
}

static uint32_t font_hash(frame_font face, int size, frame_color c, const char *s) {
    uint32_t h = 2166136261u;
    h = (h ^ (uint32_t)face) * 16777619u;
    h = (h ^ (uint32_t)size) * 16777619u;
    h = (h ^ ((uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a)) * 16777619u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int font_same(const text_entry *t, uint32_t hash, frame_font face, int size,
                     frame_color c, const char *s) {
    return t->hash == hash && t->face == face && t->size == size &&
           t->color.r == c.r && t->color.g == c.g && t->color.b == c.b &&
           t->color.a == c.a && strcmp(t->text, s) == 0;
}

static SDL_Texture *font_render(font_set *fs, SDL_Renderer *r, frame_font face, int size,
                                frame_color c, const char *s, errmsg *e) {
    TTF_Font *f = font_get(fs, face, size);
    SDL_Color col = { c.r, c.g, c.b, c.a };
    SDL_Surface *surf;
    SDL_Texture *tex;
    if (!f) {
        errmsg_set(e, "font: cannot open '%s' at %d px: %s", font_path(fs, face), size, TTF_GetError());
        return NULL;
    }
    surf = strchr(s, '\n') ? TTF_RenderUTF8_Blended_Wrapped(f, s, col, 0)
                           : TTF_RenderUTF8_Blended(f, s, col);
    if (!surf) {
        errmsg_set(e, "font: cannot render text: %s", TTF_GetError());
        return NULL;
    }
    tex = SDL_CreateTextureFromSurface(r, surf);
    SDL_FreeSurface(surf);
    if (!tex) errmsg_set(e, "font: cannot make a texture: %s", SDL_GetError());
    else SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    return tex;
}

int font_text(font_set *fs, SDL_Renderer *r, frame_font face, int size, frame_color c,
              const char *s, SDL_Texture **tex, int *w, int *h, errmsg *e) {
    uint32_t hash;
    text_entry *t, **head;
    size_t n;
    *tex = NULL;
    *w = *h = 0;
    if (!s || !*s) return 0;
    if (size < 1) size = 1;
    if (size > FONT_MAX_SIZE) size = FONT_MAX_SIZE;
    if (fs->renderer != r) {
        font_release(fs);
        fs->renderer = r;
    }
    hash = font_hash(face, size, c, s);
    head = &fs->bucket[hash % FONT_BUCKETS];
    for (t = *head; t; t = t->next)
        if (font_same(t, hash, face, size, c, s)) break;
    if (!t) {
        /* TTF refuses to render what has no width ("\n", joiners). */
        if (font_measure(fs, face, size, s) == 0) return 0;
        n = strlen(s) + 1;
        t = malloc(sizeof *t + n);
        if (!t) return errmsg_set(e, "font: out of memory");
        memcpy(t->text, s, n);
        t->hash = hash;
        t->face = face;
        t->size = size;
        t->color = c;
        t->tex = font_render(fs, r, face, size, c, s, e);
        if (!t->tex || SDL_QueryTexture(t->tex, NULL, NULL, &t->w, &t->h) != 0) {
            if (t->tex) errmsg_set(e, "font: bad texture: %s", SDL_GetError());
            SDL_DestroyTexture(t->tex);
            free(t);
            return -1;
        }
        t->next = *head;
        *head = t;
        fs->count++;
    }
    t->gen = fs->gen;
    *tex = t->tex;
    *w = t->w;
    *h = t->h;
    return 0;
}

void font_sweep(font_set *fs) {
    int i;
    for (i = 0; i < FONT_BUCKETS; i++) {
        text_entry **p = &fs->bucket[i];
        while (*p) {
            text_entry *t = *p;
            if (t->gen + 1 < fs->gen) { /* not drawn this frame or the last */
                *p = t->next;
                SDL_DestroyTexture(t->tex);
                free(t);
                fs->count--;
            } else {
                p = &t->next;
            }
        }
    }
    fs->gen++;
}

int font_cached(const font_set *fs) {
    return fs->count;
}
