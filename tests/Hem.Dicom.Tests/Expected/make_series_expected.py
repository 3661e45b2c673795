#!/usr/bin/python3
"""Expected values for the series-to-volume tests, computed independently of the C# code with pydicom + numpy.

Run from the repository root with the Debian interpreter (pydicom 2.3.1, numpy):
    /usr/bin/python3 tests/Hem.Dicom.Tests/Expected/make_series_expected.py ../shared/fixtures/dicom
It rewrites series_philips.tsv, series_ge_tilt.tsv and series_small.tsv beside this script.

The geometry rules implemented here are the documented ones (docs/ARCHITECTURE.md, "Series to volume"):
slices sorted along n = row x column by the projection of ImagePositionPatient; in-plane offsets of each slice
from the first (the gantry-tilt shear) widen the grid by whole pixels; uneven steps are resampled onto
round(span / median step) + 1 planes from the first slice to the last. Voxel values are computed the direct way,
from patient coordinates: project the voxel centre onto the two nearest slice planes along the normal, sample
each bilinearly, interpolate linearly between them. The C# code shifts whole slices instead.
"""
import glob
import math
import os
import sys

import numpy as np
import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
AIR = -1024.0


def load(folder):
    slices = []
    for path in sorted(glob.glob(os.path.join(folder, "*.dcm"))):
        ds = pydicom.dcmread(path)
        iop = np.array([float(v) for v in ds.ImageOrientationPatient])
        row, col = iop[:3] / np.linalg.norm(iop[:3]), iop[3:] / np.linalg.norm(iop[3:])
        stored = ds.pixel_array.astype(np.float64)
        hu = stored * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        pad = ds.get("PixelPaddingValue")
        if pad is not None:
            hu[stored == int(pad)] = AIR
        slices.append(dict(
            name=os.path.basename(path), ipp=np.array([float(v) for v in ds.ImagePositionPatient]), row=row, col=col,
            sx=float(ds.PixelSpacing[1]), sy=float(ds.PixelSpacing[0]), stored=stored, hu=hu,
            tilt=ds.get("GantryDetectorTilt"), instance=int(ds.InstanceNumber)))
    return slices


def geometry(slices):
    row, col = slices[0]["row"], slices[0]["col"]
    col = col - np.dot(col, row) * row
    col /= np.linalg.norm(col)
    n = np.cross(row, col)
    ref = slices[0]["ipp"]
    slices.sort(key=lambda s: float(np.dot(s["ipp"] - ref, n)))
    p0 = slices[0]["ipp"]
    d = np.array([float(np.dot(s["ipp"] - p0, n)) for s in slices])
    return row, col, n, d


def bilinear(image, u, v):
    rows, cols = image.shape
    if u < -0.5 or u > cols - 0.5 or v < -0.5 or v > rows - 0.5:
        return AIR
    x0, y0 = math.floor(u), math.floor(v)
    fx, fy = u - x0, v - y0
    cx = lambda x: min(max(x, 0), cols - 1)
    cy = lambda y: min(max(y, 0), rows - 1)
    a, b = image[cy(y0), cx(x0)], image[cy(y0), cx(x0 + 1)]
    c, e = image[cy(y0 + 1), cx(x0)], image[cy(y0 + 1), cx(x0 + 1)]
    top, bottom = a + fx * (b - a), c + fx * (e - c)
    return top + fy * (bottom - top)


def round_half_away(value):
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def fmt(values):
    return "\t".join(repr(float(v)) for v in values)


def philips(root):
    slices = load(os.path.join(root, "ct_series/philips_ingenuity_brain_5mm"))
    row, col, n, d = geometry(slices)
    s0 = slices[0]
    out = ["# Philips Ingenuity 5 mm head phantom: expected volume geometry and HU = stored * slope + intercept (pydicom)",
           "size\t512\t512\t%d" % len(slices),
           "spacing\t" + fmt([s0["sx"], s0["sy"], (d[-1] - d[0]) / (len(d) - 1)]),
           "origin\t" + fmt(s0["ipp"]),
           "# voxel\tx\ty\tz\tfile\tstored\thu"]
    rng = np.random.default_rng(20240611)
    picks = [(0, 0, 0), (255, 255, 0), (256, 200, 13), (511, 511, 27), (100, 300, 27)]
    picks += [(int(rng.integers(0, 512)), int(rng.integers(0, 512)), int(rng.integers(0, len(slices)))) for _ in range(15)]
    for x, y, z in picks:
        s = slices[z]
        out.append("voxel\t%d\t%d\t%d\t%s\t%d\t%d" % (x, y, z, s["name"], int(s["stored"][y, x]), round_half_away(s["hu"][y, x])))
    return out


def ge(root):
    slices = load(os.path.join(root, "ct_series_extra/ge_hispeed_head_tilt"))
    row, col, n, d = geometry(slices)
    p0, sx, sy = slices[0]["ipp"], slices[0]["sx"], slices[0]["sy"]
    rows, cols = slices[0]["hu"].shape

    # Tilt from positions: the angle between the whole stack's step and the normal, and per step.
    step = slices[-1]["ipp"] - p0
    tilt_positions = math.degrees(math.acos(abs(np.dot(step, n)) / np.linalg.norm(step)))
    per_step = [math.degrees(math.acos(abs(np.dot(b["ipp"] - a["ipp"], n)) / np.linalg.norm(b["ipp"] - a["ipp"])))
                for a, b in zip(slices, slices[1:])]

    # In-plane offsets of each slice from the first, pixels; the grid widened by whole pixels to hold them all.
    off = [(s["ipp"] - p0) - dk * n for s, dk in zip(slices, d)]
    ax = [float(np.dot(o, row)) / sx for o in off]
    by = [float(np.dot(o, col)) / sy for o in off]
    fx0, fy0 = math.floor(min(ax) + 0.05), math.floor(min(by) + 0.05)
    width = math.ceil(max(ax) - 0.05) + cols - 1 - fx0 + 1
    height = math.ceil(max(by) - 0.05) + rows - 1 - fy0 + 1
    origin = p0 + fx0 * sx * row + fy0 * sy * col

    steps = np.diff(d)
    span = d[-1]
    count = int(math.floor(span / float(np.median(steps)) + 0.5)) + 1
    sz = span / (count - 1)

    def value_at(point):
        dist = float(np.dot(point - p0, n))
        k = max(0, min(int(np.searchsorted(d, dist, side="right")) - 1, len(d) - 2))
        w = min(max((dist - d[k]) / (d[k + 1] - d[k]), 0.0), 1.0)
        vals = []
        for s in (slices[k], slices[k + 1]):
            rel = point - s["ipp"]
            vals.append(bilinear(s["hu"], float(np.dot(rel, row)) / sx, float(np.dot(rel, col)) / sy))
        return vals[0] + w * (vals[1] - vals[0])

    out = ["# GE HiSpeed head, gantry tilt: expected corrected geometry and voxel values (pydicom + numpy, see script)",
           "tilt_header\t%s" % slices[0]["tilt"],
           "tilt_positions\t%r" % tilt_positions,
           "tilt_per_step_min_max\t%r\t%r" % (min(per_step), max(per_step)),
           "steps_min_median_max\t%r\t%r\t%r" % (float(steps.min()), float(np.median(steps)), float(steps.max())),
           "size\t%d\t%d\t%d" % (width, height, count),
           "spacing\t" + fmt([sx, sy, sz]),
           "origin\t" + fmt(origin),
           "row\t" + fmt(row), "column\t" + fmt(col), "normal\t" + fmt(n),
           "max_shift_pixels\t%r" % max(math.hypot(a, b) for a, b in zip(ax, by)),
           "# landmark\tname\tpatient x y z\tstored\texpected continuous index i j k in the volume"]
    for name, s in (("first", slices[0]), ("last", slices[-1])):
        p = s["ipp"] + 255 * sx * row + 255 * sy * col
        rel = p - origin
        idx = [float(np.dot(rel, row)) / sx, float(np.dot(rel, col)) / sy, float(np.dot(rel, n)) / sz]
        out.append("landmark\t%s\t%s\t%d\t%s" % (name, fmt(p), int(s["stored"][255, 255]), fmt(idx)))

    out.append("# voxel\ti\tj\tk\texpected hu (direct interpolation in patient space)")
    rng = np.random.default_rng(18_5)
    picks = [(255, 255, 0), (255, 255 - fy0, count - 1), (0, 0, 0), (width - 1, height - 1, count - 1), (300, 150, 18), (200, 400, 30)]
    while len(picks) < 40:
        i, j, k = int(rng.integers(60, width - 60)), int(rng.integers(60, height - 60)), int(rng.integers(0, count))
        picks.append((i, j, k))
    for i, j, k in picks:
        point = origin + i * sx * row + j * sy * col + k * sz * n
        out.append("voxel\t%d\t%d\t%d\t%r" % (i, j, k, float(value_at(point))))
    return out


def small(root):
    """The 3-slice dcmqi CT (padding -2000 becomes air) and the Enhanced CT CT0012 (2 frames, functional groups)."""
    out = ["# small series: dcmqi_ct_3slice (slices sorted along the normal) and multiframe/CT0012 (frames sorted along the normal)"]
    slices = load(os.path.join(root, "ct_series/dcmqi_ct_3slice"))
    row, col, n, d = geometry(slices)
    out.append("dcmqi_origin\t" + fmt(slices[0]["ipp"]))
    out.append("dcmqi_spacing\t" + fmt([slices[0]["sx"], slices[0]["sy"], (d[-1] - d[0]) / (len(d) - 1)]))
    for x, y, z in ((0, 0, 0), (255, 255, 0), (255, 255, 2), (300, 260, 1)):
        s = slices[z]
        out.append("dcmqi_voxel\t%d\t%d\t%d\t%d\t%d" % (x, y, z, int(s["stored"][y, x]), round_half_away(s["hu"][y, x])))

    ds = pydicom.dcmread(os.path.join(root, "multiframe/CT0012.explicit_little_endian.dcm"))
    shared = ds.SharedFunctionalGroupsSequence[0]
    iop = np.array([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient])
    n = np.cross(iop[:3], iop[3:])
    ipps = [np.array([float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient]) for f in ds.PerFrameFunctionalGroupsSequence]
    order = sorted(range(len(ipps)), key=lambda i: float(np.dot(ipps[i], n)))
    pvt = shared.PixelValueTransformationSequence[0]
    spacing = [float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing]
    frames = ds.pixel_array
    out.append("ct0012_origin\t" + fmt(ipps[order[0]]))
    out.append("ct0012_spacing\t" + fmt([spacing[1], spacing[0], float(np.dot(ipps[order[1]] - ipps[order[0]], n))]))
    out.append("ct0012_directions\t" + fmt(list(iop) + list(n)))
    for x, y, z in ((0, 0, 0), (256, 256, 0), (256, 256, 1), (100, 400, 1)):
        stored = int(frames[order[z]][y, x])
        out.append("ct0012_voxel\t%d\t%d\t%d\t%d\t%d" % (x, y, z, stored, round_half_away(stored * float(pvt.RescaleSlope) + float(pvt.RescaleIntercept))))
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/fixtures/dicom"
    for name, lines in (("series_philips.tsv", philips(root)), ("series_ge_tilt.tsv", ge(root)), ("series_small.tsv", small(root))):
        with open(os.path.join(HERE, name), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("wrote", name)


if __name__ == "__main__":
    main()
