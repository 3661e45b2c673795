#!/usr/bin/python3
"""An independent implementation of the contract's sliding window (docs/MODEL-CONTRACT.md) with the test model
"dilate" computed by scipy instead of ONNX Runtime, for tests/Hem.Prediction.Tests.

    /usr/bin/python3 sliding_window_reference.py INPUT.f32 NZ NY NX PATCH OVERLAP SIGMA_FRACTION OUTPUT.f32

INPUT.f32 holds one volume (the mask channel), float32 little endian in [Z, Y, X] order (x fastest). Each window's
output is scipy.ndimage.maximum_filter(size 3, mode "nearest") of its patch, which equals a 3 x 3 x 3 max-pool with
padding 1 (padding never wins a max). Windows start at 0, stride = round(P (1 - overlap)), last flush with the end;
weights are a Gaussian centred at (P - 1) / 2 with sigma = fraction x P, scaled to max 1 and floored at 1e-6. The
result, sum(w out) / sum(w), is written to OUTPUT.f32 in the same order.
"""
import math
import sys

import numpy as np
from scipy import ndimage


def starts(length, patch, overlap):
    stride = max(1, int(math.floor(patch * (1 - overlap) + 0.5)))
    result = list(range(0, length - patch, stride))
    return result + [length - patch]


def gaussian(patch, fraction):
    sigma = patch * fraction
    axis = np.exp(-((np.arange(patch) - (patch - 1) / 2.0) ** 2) / (2 * sigma * sigma))
    axis /= axis.max()
    weights = axis[:, None, None] * axis[None, :, None] * axis[None, None, :]
    return np.maximum(weights, 1e-6)


def main():
    source, nz, ny, nx, patch, overlap, fraction, target = sys.argv[1:9]
    shape = (int(nz), int(ny), int(nx))
    patch = int(patch)
    volume = np.fromfile(source, dtype="<f4").reshape(shape).astype(np.float64)
    weights = gaussian(patch, float(fraction))
    total = np.zeros(shape)
    weight_sum = np.zeros(shape)
    for z in starts(shape[0], patch, float(overlap)):
        for y in starts(shape[1], patch, float(overlap)):
            for x in starts(shape[2], patch, float(overlap)):
                window = (slice(z, z + patch), slice(y, y + patch), slice(x, x + patch))
                out = ndimage.maximum_filter(volume[window], size=3, mode="nearest")
                total[window] += weights * out
                weight_sum[window] += weights
    (total / weight_sum).astype("<f4").tofile(target)


if __name__ == "__main__":
    main()
