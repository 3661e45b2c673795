#!/usr/bin/python3
"""Brute-force HD95 with numpy, independent of the distance transform, for the metric tests.

    /usr/bin/python3 surface_distances.py < case.json

Input: {"shape": [nx, ny, nz], "spacing": [sx, sy, sz], "a": [...], "b": [...]} with the masks as 0/1 lists, x
fastest. A surface voxel is a mask voxel with a face neighbour outside the mask (outside the grid counts as
outside). Every surface voxel of one mask is compared with every surface voxel of the other; HD95 is
numpy.percentile of both directed sets pooled, at 95. Prints {"hd95": value, "hausdorff": value}.
"""
import json
import sys

import numpy as np


def surface(mask):
    padded = np.pad(mask, 1, constant_values=False)
    inner = padded[1:-1, 1:-1, 1:-1].copy()
    for axis in range(3):
        for step in (-1, 1):
            inner &= np.roll(padded, step, axis=axis)[1:-1, 1:-1, 1:-1]
    return mask & ~inner


def main():
    case = json.load(sys.stdin)
    shape = tuple(case["shape"])
    spacing = np.array(case["spacing"], dtype=np.float64)
    a = np.array(case["a"], dtype=bool).reshape(shape, order="F")
    b = np.array(case["b"], dtype=bool).reshape(shape, order="F")
    pa = np.argwhere(surface(a)) * spacing
    pb = np.argwhere(surface(b)) * spacing
    distances = np.sqrt(((pa[:, None, :] - pb[None, :, :]) ** 2).sum(axis=2))
    pooled = np.hstack((distances.min(axis=1), distances.min(axis=0)))
    json.dump({"hd95": float(np.percentile(pooled, 95)), "hausdorff": float(pooled.max())}, sys.stdout)


if __name__ == "__main__":
    main()
