#!/usr/bin/env bash
# Benchmark (not a test): convanim's forward pass beside PyTorch float64 on
# one thread, same layer (3x224x224 -> 64 filters 3x3, padding 1), CPU time.
set -u
"$1"
/usr/bin/python3 - <<'PY' 2>/dev/null || echo "PyTorch: not installed (scripts/deps installs python3-torch)"
import time, torch
torch.set_num_threads(1)
x = torch.rand(1, 3, 224, 224, dtype=torch.float64)
w = torch.rand(64, 3, 3, 3, dtype=torch.float64)
b = torch.rand(64, dtype=torch.float64)
best = 1e9
with torch.no_grad():
    for _ in range(5):
        t0 = time.process_time()
        torch.nn.functional.conv2d(x, w, b, padding=1)
        best = min(best, time.process_time() - t0)
print("PyTorch %s float64, one thread, same layer: %.3f s CPU (best of 5)" % (torch.__version__, best))
PY
