/* test_panel: the editor column as layout_frame draws it: rows, steppers
 * and code tabs are where hit-testing finds them, the error is there in
 * red, a closed panel leaves the side panel. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout.h"

/* Centre of the first command tagged (el, a, b); 0 if none. */
static int find(const frame *f, frame_element el, int a, int64_t b, int *x, int *y) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->el == el && c->a == a && c->b == b && c->kind == FRAME_RECT) {
            *x = c->x + c->w / 2;
            *y = c->y + c->h / 2;
            return 1;
        }
    }
    return 0;
}

static int has_text(const frame *f, const char *needle) {
    for (size_t i = 0; i < f->n; i++)
        if (f->cmd[i].kind == FRAME_TEXT && strstr(frame_text(f, &f->cmd[i]), needle)) return 1;
    return 0;
}

int main(void) {
    scene s;
    errmsg e = {""};
    frame f;
    layout_view v;
    panel_state ps;
    frame_element el;
    int a, x, y;
    int64_t b;
    scene_init(&s);
    CHECK_INT(scene_make_default(&s, &e), 0);
    frame_init(&f, 1, 1, (frame_color){255, 255, 255, 255});
    layout_view_init(&v);
    panel_state_init(&ps);
    ps.open = 1;
    v.editor = &ps;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    /* every used row has its value and both steppers, hit-testable */
    for (int r = 0; r < PANEL_ROW_COUNT; r++) {
        int used = panel_row_used(&s, 0, r);
        CHECK_INT(find(&f, FRAME_EL_FIELD, r, 0, &x, &y), used);
        if (!used) continue;
        CHECK(find(&f, FRAME_EL_FIELD, r, 1, &x, &y));
        CHECK(layout_hit(&f, x, y, &el, &a, &b));
        CHECK_INT(el, FRAME_EL_FIELD);
        CHECK_INT(a, r);
        CHECK_INT(b, 1);
        CHECK(find(&f, FRAME_EL_FIELD, r, -1, &x, &y));
        CHECK(layout_hit(&f, x, y, &el, &a, &b) && b == -1 && a == r);
    }
    CHECK(has_text(&f, "stride H"));
    CHECK(has_text(&f, "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3"));
    CHECK(has_text(&f, "(3*3*3 + 1)*2 = 56"));
    CHECK(has_text(&f, "MACs: 486"));
    CHECK(has_text(&f, "nn.Conv2d(in_channels=3, out_channels=2,"));
    for (int t = 0; t < 3; t++) {
        CHECK(find(&f, FRAME_EL_CODE_TAB, t, 0, &x, &y));
        CHECK(layout_hit(&f, x, y, &el, &a, &b) && el == FRAME_EL_CODE_TAB && a == t);
    }
    /* Keras code, an error on kernel H, a typed value */
    ps.fw = CODEGEN_KERAS;
    ps.error_row = EDIT_KERNEL_H;
    snprintf(ps.error, sizeof ps.error, "kernel H = 9: output H = 0");
    ps.row = EDIT_STRIDE_W;
    ps.typing = 1;
    snprintf(ps.text, sizeof ps.text, "7");
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK(has_text(&f, "layers.Conv2D("));
    CHECK(has_text(&f, "kernel H = 9: output H = 0"));
    CHECK(has_text(&f, "7_"));
    {
        int red = 0;
        for (size_t i = 0; i < f.n; i++)
            if (f.cmd[i].kind == FRAME_TEXT && strstr(frame_text(&f, &f.cmd[i]), "kernel H") &&
                f.cmd[i].color.r == 200 && f.cmd[i].color.g == 40)
                red++;
        CHECK(red >= 2); /* the row's label and the message */
    }
    /* nothing overflows the frame, even small */
    CHECK_INT(layout_frame(&f, &s, &v, 800, 480, &e), 0);
    for (size_t i = 0; i < f.n; i++)
        if (f.cmd[i].el == FRAME_EL_FIELD) CHECK(f.cmd[i].x + f.cmd[i].w <= 800 && f.cmd[i].y + f.cmd[i].h <= 480);
    /* closed: the side panel as before, no fields */
    ps.open = 0;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK(!find(&f, FRAME_EL_FIELD, EDIT_IN_H, 0, &x, &y));
    CHECK(has_text(&f, "PyTorch"));
    frame_free(&f);
    scene_free(&s);
    return check_done();
}
