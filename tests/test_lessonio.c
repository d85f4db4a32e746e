/* lessonio: lesson files load, the bundled lesson's captions fill in with
 * the numbers of the reference notes, and bad lessons are refused with
 * the JSON path and the reason. */
#include "check.h"
#include "fileio.h"
#include "lessonio.h"

#include <stdlib.h>

#define S1 "{\"input\": {\"shape\": [1, 5, 5], \"fill\": \"ramp\"}, \"layers\": [{\"type\": \"conv2d\", \"kernel_size\": 3}]}"

typedef struct {
    const char *json, *msg;
} bad_case;

static const bad_case bad[] = {
    {"[]", "lesson: must be a JSON object {\"title\": ..., \"slides\": [...]}"},
    {"{\"title\": \"x\"}", "slides: missing"},
    {"{\"slides\": []}", "slides: must be a list of 1 to 256 slides"},
    {"{\"slides\": {}}", "slides: must be a list of 1 to 256 slides"},
    {"{\"slides\": [{\"scene\": " S1 "}], \"colour\": 1}", "colour: unknown key (known: title, slides)"},
    {"{\"title\": 3, \"slides\": [{\"scene\": " S1 "}]}", "title: must be a string"},
    {"{\"slides\": [3]}", "slides[0]: must be an object {\"scene\": ...}"},
    {"{\"slides\": [{}]}", "slides[0].scene: missing (a scene object or the path of a scene file)"},
    {"{\"slides\": [{\"scene\": 7}]}", "slides[0].scene: must be a scene object or the path of a scene file"},
    {"{\"slides\": [{\"scene\": " S1 ", \"zoom\": 2}]}",
     "slides[0].zoom: unknown key (known: scene, layer, granularity, step, stop, projector, hover, caption, question)"},
    {"{\"slides\": [{\"scene\": " S1 ", \"step\": 1, \"step\": 2}]}", "slides[0].step: duplicate key"},
    {"{\"slides\": [{\"scene\": " S1 "}, {\"scene\": {\"input\": {\"shape\": [1, 5, 5]}, \"layers\": "
     "[{\"type\": \"conv2d\", \"kernel_size\": 3, \"stride\": 0}]}}]}",
     "slides[1].scene.layers[0].stride: must be a positive integer or a list of 2 of them"},
    {"{\"slides\": [{\"scene\": {\"input\": {\"shape\": [1, 5, 5]}}}]}", "slides[0].scene.layers: missing"},
    {"{\"slides\": [{\"scene\": {\"input\": {\"shape\": [1, 5, 5]}, \"layers\": [{\"type\": \"conv2d\", "
     "\"kernel_size\": 7}]}}]}",
     "slides[0].scene.input: needs exactly one of data, fill or image"},
    {"{\"slides\": [{\"scene\": {\"input\": {\"shape\": [1, 5, 5], \"fill\": \"ones\"}, \"layers\": [{\"type\": \"conv2d\", "
     "\"kernel_size\": 7}]}}]}",
     "slides[0].scene.layers[0].kernel_size: output H = (5 + 2*0 - 1*(7-1) - 1)/1 + 1 = -1, must be at least 1: "
     "the kernel spans 7 cells (dilation 1), the padded input only 5"},
    {"{\"slides\": [{\"scene\": {\"input\": {\"shape\": [1, 5, 5]}, \"layers\": [{\"type\": \"conv2d\", "
     "\"stride\": 01}]}}]}",
     "slides[0].scene.layers[0].stride: 01 is not a JSON number (leading zero)"},
    {"{\"slides\": [{\"scene\": " S1 ", \"step\": 9}]}", "slides[0].step: 9 is past the last, 8"},
    {"{\"slides\": [{\"scene\": " S1 ", \"granularity\": \"mac\", \"step\": 81}]}", "slides[0].step: 81 is past the last, 80"},
    {"{\"slides\": [{\"scene\": " S1 ", \"step\": -1}]}", "slides[0].step: must be a whole number >= 0"},
    {"{\"slides\": [{\"scene\": " S1 ", \"step\": 1.5}]}", "slides[0].step: must be a whole number >= 0"},
    {"{\"slides\": [{\"scene\": " S1 ", \"step\": 4, \"stop\": 2}]}", "slides[0].stop: must be a whole number >= 4"},
    {"{\"slides\": [{\"scene\": " S1 ", \"layer\": 1}]}", "slides[0].layer: 1 is past the last, 0"},
    {"{\"slides\": [{\"scene\": " S1 ", \"granularity\": \"pixel\"}]}",
     "slides[0].granularity: must be one of position, channel, mac"},
    {"{\"slides\": [{\"scene\": " S1 ", \"projector\": 1}]}", "slides[0].projector: must be true or false"},
    {"{\"slides\": [{\"scene\": " S1 ", \"hover\": \"output:0,3,0\"}]}", "slides[0].hover: output H = 3 is outside 0..2"},
    {"{\"slides\": [{\"scene\": " S1 ", \"hover\": \"input:0,1\"}]}",
     "slides[0].hover: must be \"output:F,Y,X\" (a filter and the output cell)"},
    {"{\"slides\": [{\"scene\": " S1 ", \"caption\": \"H = {H_ot}\"}]}",
     "slides[0].caption: {H_ot} is not a field (known: title, C_in, D_in, H_in, W_in, C_out, D_out, H_out, W_out, "
     "K_H, K_W, S_H, S_W, P_H, P_W, Dil_H, Dil_W, groups, filters, in_shape, out_shape, formula_H, formula_W, params, "
     "params_sum, total_params, weights, macs, convolutions, channels_per_filter, layer, layers, value, arithmetic)"},
    {"{\"slides\": [{\"scene\": " S1 ", \"caption\": \"a {H_out\"}]}",
     "slides[0].caption: a '{' without its '}' (write {{ for a brace)"},
    {"{\"slides\": [{\"scene\": " S1 ", \"caption\": 5}]}", "slides[0].caption: must be a string"},
    {"{\"slides\": [{\"scene\": " S1 ", \"question\": \"why\"}]}",
     "slides[0].question: must be one of none, next_value, output_shape, params, receptive_field"},
    {"{\"slides\": [{\"scene\": " S1 "}", "line 1, column 121: invalid JSON at the end"},
};

static void test_bad(void) {
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lesson l;
        errmsg e = {""};
        int rc = lessonio_parse(&l, bad[i].json, strlen(bad[i].json), NULL, &e);
        CHECK_INT(rc, -1);
        CHECK_STR(e.msg, bad[i].msg);
        CHECK_INT(l.nslides, 0);
    }
}

static void test_inline(void) {
    static const char json[] = "{\"title\": \"t\", \"slides\": [{\"scene\": " S1 ", \"granularity\": \"position\", "
                               "\"step\": 4, \"stop\": 7, \"projector\": false, \"hover\": \"output:0,1,2\", "
                               "\"caption\": \"{{H_out}} = {H_out}: {formula_H}; {value} = {arithmetic}\", "
                               "\"question\": \"output_shape\"}]}";
    lesson l;
    errmsg e = {""};
    char buf[1024];
    CHECK_INT(lessonio_parse(&l, json, strlen(json), NULL, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_STR(l.title, "t");
    CHECK_INT(l.nslides, 1);
    CHECK_INT(l.slide[0].gran, SCHED_POSITION);
    CHECK_INT(l.slide[0].step, 4);
    CHECK_INT(l.slide[0].stop, 7);
    CHECK_INT(l.slide[0].projector, 0);
    CHECK_INT(l.slide[0].hover_set, 1);
    CHECK_INT(l.slide[0].hover_cell, 5);
    CHECK_INT(l.slide[0].question, LESSON_Q_SHAPE);
    CHECK_INT(lesson_fill(buf, sizeof buf, l.slide[0].caption, &l.slide[0], &e), 0);
    /* ramp 1..25 under the window at (1, 2), the scene's seeded weights; bias 0 */
    CHECK_STR(buf, "{H_out} = 3: H_out = (5 + 2*0 - 1*(3-1) - 1)/1 + 1 = 3; -43 = channel 0: 7*1 + 8*0 + 9*(-1) + "
                   "12*1 + 13*(-1) + 14*1 + 17*(-1) + 18*(-1) + 19*(-1) = -43; bias: 0; total: -43 + 0 = -43");
    lesson_free(&l);
}

static void test_files(void) {
    lesson l;
    errmsg e = {""};
    CHECK_INT(lessonio_load(&l, "no-such-lesson.json", &e), FILEIO_EIO);
    CHECK_HAS(e.msg, "no-such-lesson.json: ");
    static const char json[] = "{\"slides\": [{\"scene\": \"missing-scene.json\"}]}";
    CHECK_INT(lessonio_parse(&l, json, strlen(json), TEST_ASSETS "/lessons", &e), FILEIO_EIO);
    CHECK_HAS(e.msg, "slides[0].scene: " TEST_ASSETS "/lessons/missing-scene.json: ");
}

/* The reference notes' numbers, filled in from the scenes. */
static void test_bundled(void) {
    lesson l;
    errmsg e = {""};
    char buf[4096];
    static const struct { int slide; const char *has; } want[] = {
        {0, "2*1 + 4*2 + 9*3 + 2*(-4) + 1*7 + 4*4 + 1*2 + 1*(-5) + 2*1 = 51"},
        {1, "4*1 + 9*2 + 1*3 + 1*(-4) + 4*7 + 4*4 + 1*2 + 2*(-5) + 9*1 = 66"},
        {2, "3x3 cells, H_out = (5 + 2*0 - 1*(3-1) - 1)/1 + 1 = 3"},
        {3, "(None, 7, 7, 3) and 15 parameters: (2*2*1 + 1)*3 = 15"},
        {4, "a ring of 1 zero"},
        {5, "H_out = (8 + 0 + 1 - 1*(3-1) - 1)/2 + 1 = 4. The output is (4, 4, 2), and still 20 parameters"},
        {6, "4 filters x 3 channels = 12 convolutions, giving 4 output maps"},
        {8, "Layer 1 of 2: 2 filters of 3x3x3 on the (8, 8, 3) input give (6, 6, 2), with (3*3*3 + 1)*2 = 56 parameters"},
        {9, "4 filters of 3x3x2 and makes (4, 4, 4)"},
        {10, "(1*1*3 + 1)*2 = 8 parameters"},
        {11, "reads 1 of the 3 channels, its own, so the layer has only (3*3*1 + 1)*3 = 30 parameters"},
        {12, "(2-1)*2 - 2*0 + 1*(3-1) + 0 + 1 = 5"},
    };
    CHECK_INT(lessonio_load(&l, TEST_ASSETS "/lessons/convolution.json", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(l.nslides, 13);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK_INT(lesson_fill(buf, sizeof buf, l.slide[want[i].slide].caption, &l.slide[want[i].slide], &e), 0);
        CHECK_HAS(buf, want[i].has);
    }
    CHECK_INT(l.slide[2].question, LESSON_Q_VALUE);
    CHECK_INT(l.slide[9].question, LESSON_Q_PARAMS);
    lesson_free(&l);
}

int main(void) {
    test_bad();
    test_inline();
    test_files();
    test_bundled();
    return check_done();
}
