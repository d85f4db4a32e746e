#!/usr/bin/python3
"""The programs of `convanim code`, run in the real frameworks.

Random scenes (seeded: every parameter a layer has, stacks, both layouts)
and every scene in assets/scenes: what `convanim compute` prints gives the
numbers, what `convanim code` prints the PyTorch, TF.js and Keras programs
(both through codegen_driver, the same calls in one process). The PyTorch ones run
in this one Python process (float64: within 1e-9 of compute), the TF.js
ones in one Node process (float32: within 1e-4), both relative to the
largest magnitude in the output. Python TensorFlow is not in Debian, so the
Keras programs are parsed (ast) and their layers' arguments checked against
the TF.js program's: the two get the same rewrites.

usage: test_frameworks.py CODEGEN_DRIVER SOURCE_ROOT [--scenes N] [--seed S] [--sanitized]
Exit 77 (meson: skipped) with a line saying why when PyTorch or TF.js is
missing, or under a sanitizer build (the frameworks are the same there;
the plain build runs this test).
"""
import argparse
import ast
import contextlib
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
ACTS = ["none", "relu", "sigmoid", "tanh"]
MODES = ["zeros", "reflect", "replicate", "circular"]


def skip(why):
    print("SKIP framework test: " + why)
    sys.exit(SKIP)


# ---- random scenes ----

def rnd_fill(r):
    return {"fill": "random", "seed": r.randrange(1 << 30), "min": -1, "max": 1,
            "integers": r.random() < 0.2}


def rnd_axes(r, nd, lo, hi):
    if r.random() < 0.6:
        return r.randint(lo, hi)
    return [r.randint(lo, hi) for _ in range(nd)]


def rnd_layer(r, kind, nd, in_c):
    groups = r.choice([1, 1, 1, 2, 3, in_c])
    if in_c % groups:
        groups = 1
    filters = groups * r.randint(1, 3)
    layer = {"type": kind, "filters": filters, "kernel_size": rnd_axes(r, nd, 1, 4)}
    if groups > 1:
        layer["groups"] = groups
    if r.random() < 0.4:
        layer["stride"] = rnd_axes(r, nd, 1, 3)
    if r.random() < 0.35:
        layer["dilation"] = rnd_axes(r, nd, 1, 3)
    tr = kind == "conv_transpose2d"
    p = r.random()
    if p < 0.2:
        layer["padding"] = "valid"
    elif p < 0.45:
        layer["padding"] = "same"
    elif p < 0.55 and not tr:
        layer["padding"] = "full"
    elif p < 0.7 and kind == "conv1d":
        layer["padding"] = "causal"
    elif p < 0.75:
        layer["padding"] = [[r.randint(0, 2), r.randint(0, 2)] for _ in range(nd)]
    else:
        layer["padding"] = rnd_axes(r, nd, 0, 2)
    if not tr and r.random() < 0.35:
        layer["padding_mode"] = r.choice(MODES[1:])
    if tr and r.random() < 0.5:
        layer["output_padding"] = rnd_axes(r, nd, 0, 2)
    if r.random() < 0.25:
        layer["bias"] = False
    else:
        layer["bias_values"] = rnd_fill(r)
    if r.random() < 0.5:
        layer["activation"] = r.choice(ACTS)
    layer["weights"] = rnd_fill(r)
    return layer, filters


def rnd_scene(r, big=False):
    nd = r.choice([1, 2, 2, 2, 3])
    kinds = {1: ["conv1d"], 2: ["conv2d", "conv2d", "conv_transpose2d"], 3: ["conv3d"]}[nd]
    size_hi = {1: 12, 2: 8, 3: 5}[nd]
    in_c = r.choice([1, 2, 3, 4, 6])
    sp = [r.randint(2, size_hi) for _ in range(nd)]
    if big:  # past the inline limit: side files, for every rank
        in_c, sp = 3, {1: [1500], 2: [40, 40], 3: [12, 12, 12]}[nd]
    layout = r.choice(["CHW", "HWC"])
    shape = [in_c] + sp if layout == "CHW" else sp + [in_c]
    inp = {"shape": shape}
    inp.update(rnd_fill(r))
    layers, c = [], in_c
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        layer, c = rnd_layer(r, r.choice(kinds), nd, c)
        layers.append(layer)
    return {"title": "random", "layout": layout, "input": inp, "layers": layers}


# ---- running convanim ----

def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def flatten(v, out):
    if isinstance(v, list):
        for x in v:
            flatten(x, out)
    else:
        out.append(v)
    return out


def shape_of(v):
    s = []
    while isinstance(v, list):
        s.append(len(v))
        v = v[0] if v else None
    return s


def compare(got, want, rel):
    """None if got matches want within rel of the largest magnitude, else why."""
    if shape_of(got) != shape_of(want):
        return "shape %s, want %s" % (shape_of(got), shape_of(want))
    g, w = flatten(got, []), flatten(want, [])
    scale = max([1.0] + [abs(x) for x in w])
    worst = max([0.0] + [abs(a - b) for a, b in zip(g, w)])
    if not worst <= rel * scale:
        return "differs by %.3g (scale %.3g, allowed %.1g relative)" % (worst, scale, rel)
    return None


# ---- Keras against TF.js ----

def camel(name):
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def keras_layers(src):
    """(layer class lowercased, {camelCase arg: value}) of every layers.X(...) call."""
    out = []
    for node in ast.walk(ast.parse(src)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "layers"):
            args = {camel(k.arg): ast.literal_eval(k.value) for k in node.keywords
                    if not isinstance(k.value, ast.Lambda)}
            args = {k: list(v) if isinstance(v, tuple) else v for k, v in args.items()}
            if isinstance(args.get("cropping"), list):
                args["cropping"] = [list(x) if isinstance(x, tuple) else x for x in args["cropping"]]
            if isinstance(args.get("padding"), list):
                args["padding"] = [list(x) if isinstance(x, tuple) else x for x in args["padding"]]
            out.append((node.func.attr.lower(), args, node.lineno))
    return sorted(out, key=lambda t: t[2])


def tfjs_layers(src):
    """The same from the TF.js program's tf.layers.x({...}) calls (and FnLayers)."""
    out = []
    for m in re.finditer(r"tf\.layers\.(\w+)\(\{(.*?)\}\)", src):
        body = re.sub(r"(\w+):", r'"\1":', m.group(2)).replace("'", '"')
        out.append((m.group(1).lower(), json.loads("{" + body + "}")))
    return out


def keras_check(keras_src, tfjs_src):
    k = []
    for n, a, _ in keras_layers(keras_src):
        # Keras's 1D/3D zero padding and Lambdas are TF.js FnLayers
        if n in ("zeropadding1d", "zeropadding3d", "lambda"):
            n, a = "fn", {}
        # ZeroPadding2D(padding=2) is zeroPadding2d({padding: [[2, 2], [2, 2]]})
        if n == "zeropadding2d" and isinstance(a.get("padding"), int):
            a = dict(a, padding=[[a["padding"]] * 2] * 2)
        # Conv1D(padding="causal") is a left pad (an FnLayer), then a 'valid' conv1d
        if a.get("padding") == "causal":
            k.append(("fn", {}))
            a = {x: v for x, v in a.items() if x != "padding"}
        k.append((n, a))
    t = tfjs_layers(tfjs_src)
    nk = len(k)
    nt = len(t) + tfjs_src.count("new FnLayer(")
    if nk != nt:
        return "Keras has %d layers, TF.js %d" % (nk, nt)
    k = [x for x in k if x[0] != "fn"]
    if k != t:
        return "layers differ: Keras %s, TF.js %s" % (k, t)
    return None


# ---- the frameworks, batched ----

def run_torch(snippets):
    import torch
    torch.set_num_threads(1)
    results = []
    for path in snippets:
        buf = io.StringIO()
        try:
            with contextlib.redirect_stdout(buf):
                exec(compile(open(path).read(), path, "exec"), {"__name__": "__snippet__"})
            results.append(("ok", buf.getvalue().rstrip("\n").split("\n")[-1]))
        except Exception as ex:  # the failure is the result
            results.append(("error", "%s: %s" % (type(ex).__name__, ex)))
    return results


NODE_RUNNER = r"""
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
const [list, outPath] = process.argv.slice(2);
const results = [];
for (const path of JSON.parse(fs.readFileSync(list, 'utf8'))) {
  const body = fs.readFileSync(path, 'utf8').replace(/^import .*$/mg, '');
  const lines = [];
  const console_ = {log: (...a) => lines.push(a.join(' ')), warn: () => {}, error: () => {}};
  try {
    tf.tidy(() => { new Function('tf', 'fs', 'console', body)(tf, fs, console_); });
    results.push(['ok', lines.length ? lines[lines.length - 1] : '']);
  } catch (e) {
    results.push(['error', String(e && e.message || e)]);
  }
  tf.disposeVariables();
}
fs.writeFileSync(outPath, JSON.stringify(results));
"""


def run_tfjs(snippets, tfjs_dir, tmp):
    runner = os.path.join(tfjs_dir, "convanim_runner.mjs")
    with open(runner, "w") as f:
        f.write(NODE_RUNNER)
    lst, out = os.path.join(tmp, "tfjs.json"), os.path.join(tmp, "tfjs-out.json")
    with open(lst, "w") as f:
        json.dump(snippets, f)
    try:
        p = subprocess.run(["node", runner, lst, out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            return [("error", "node: " + p.stderr.strip().split("\n")[-1])] * len(snippets)
        return [tuple(x) for x in json.load(open(out))]
    finally:
        os.remove(runner)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("driver", help="codegen_driver (tests/codegen_driver.c)")
    ap.add_argument("root")
    ap.add_argument("--scenes", type=int, default=500)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--sanitized", action="store_true")
    a = ap.parse_args()
    a.driver = os.path.abspath(a.driver)  # meson gives it relative to the build
    if a.sanitized:
        skip("sanitizer build (the plain build runs it; the frameworks are the same)")
    try:
        import torch  # noqa: F401
    except ImportError:
        skip("no PyTorch for %s (scripts/deps installs python3-torch)" % sys.executable)
    tfjs_dir = os.path.join(a.root, "build-deps")
    if not shutil.which("node") or not os.path.exists(
            os.path.join(tfjs_dir, "node_modules", "@tensorflow", "tfjs", "package.json")):
        skip("no node or no @tensorflow/tfjs in build-deps/ (scripts/deps installs it)")

    t0 = time.time()
    r = random.Random(a.seed)
    tmp = tempfile.mkdtemp(prefix="convanim-fw-")
    cases, failures, rejected = [], [], 0
    scenes_dir = os.path.join(a.root, "assets", "scenes")
    for name in sorted(os.listdir(scenes_dir)):
        cases.append((name, os.path.join(scenes_dir, name)))
    # One driver process per batch writes what compute and code print (see
    # codegen_driver.c); a random scene the layer refuses (too small,
    # groups, ...) is redrawn.
    def drive(paths, tag):
        out = os.path.join(tmp, tag)
        os.mkdir(out)
        rc, text, err = run([a.driver, out] + paths)
        if rc != 0:
            raise SystemExit("codegen_driver failed: " + err)
        status = {}
        for line in text.splitlines():
            k, rest = line.split(" ", 1)
            status[int(k)] = rest
        return out, status

    made, batches = [], 0
    while len(made) < a.scenes:
        batch = []
        for j in range(a.scenes - len(made)):
            path = os.path.join(tmp, "scene-%d-%d.json" % (batches, j))
            scene = rnd_scene(r, len(made) + j < 4)  # the first few past the inline limit
            with open(path, "w") as f:
                json.dump(scene, f)
            batch.append((scene, path))
        out, status = drive([p for _, p in batch], "batch%d" % batches)
        batches += 1
        for j, (scene, path) in enumerate(batch):
            if status.get(j, "").startswith("2 "):
                rejected += 1
                continue
            made.append(("random %d: %s" % (len(made), json.dumps(scene)), out, j, status.get(j, "no status")))
    asset_paths = [p for _, p in cases]
    out, status = drive(asset_paths, "assets")
    cases = [(name, out, j, status.get(j, "no status")) for j, (name, _) in enumerate(cases)] + made

    torch_snips, tfjs_snips, wants, keras_bad = [], [], [], 0
    for name, out, j, st in cases:
        if st != "0":
            failures.append("%s: %s" % (name, st))
            wants.append(None)
            torch_snips.append("/dev/null")
            tfjs_snips.append("/dev/null")
            continue
        with open(os.path.join(out, "%d.compute" % j)) as f:
            wants.append(json.load(f)["data"])
        srcs = {}
        for fw in ("pytorch", "tfjs", "keras"):
            with open(os.path.join(out, "%d.%s" % (j, fw))) as f:
                srcs[fw] = f.read()
        torch_snips.append(os.path.join(out, "%d.pytorch" % j))
        tfjs_snips.append(os.path.join(out, "%d.tfjs" % j))
        try:
            why = keras_check(srcs["keras"], srcs["tfjs"])
        except (SyntaxError, ValueError) as ex:
            why = "does not parse: %s" % ex
        if why:
            keras_bad += 1
            failures.append("%s: keras: %s" % (name, why))
    t_gen = time.time() - t0

    t1 = time.time()
    torch_res = run_torch(torch_snips)
    t_torch = time.time() - t1
    t1 = time.time()
    tfjs_res = run_tfjs(tfjs_snips, tfjs_dir, tmp)
    t_tfjs = time.time() - t1

    ok = {"pytorch": 0, "tfjs": 0}
    for fw, res, rel in (("pytorch", torch_res, 1e-9), ("tfjs", tfjs_res, 1e-4)):
        for (name, _, _, _), want, (status, line) in zip(cases, wants, res):
            if want is None:
                continue
            if status != "ok":
                failures.append("%s: %s: %s" % (name, fw, line))
                continue
            try:
                why = compare(json.loads(line), want, rel)
            except ValueError:
                why = "last line is not JSON: %s" % line[:200]
            if why:
                failures.append("%s: %s: %s" % (name, fw, why))
            else:
                ok[fw] += 1

    n = len(cases)
    side = sum(os.path.isdir(os.path.join(out, "data-%d" % j)) for _, out, j, _ in cases)
    print("framework test: %d scenes (%d from assets, %d random, seed %d; %d random ones refused and redrawn)"
          % (n, len(os.listdir(scenes_dir)), a.scenes, a.seed, rejected))
    print("  PyTorch %s float64: %d/%d within 1e-9 (%.1f s)" % (torch.__version__, ok["pytorch"], n, t_torch))
    print("  TF.js float32: %d/%d within 1e-4 (%.1f s)" % (ok["tfjs"], n, t_tfjs))
    print("  Keras (parsed, layers as TF.js's): %d/%d" % (n - keras_bad, n))
    print("  %d scenes with side files (--data), the rest inline" % side)
    print("  generating: %.1f s" % t_gen)
    for f in failures[:40]:
        print("FAIL " + f)
    if len(failures) > 40:
        print("... and %d more" % (len(failures) - 40))
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
