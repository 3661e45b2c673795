"""Baseline predictions for ``hem evaluate``, in the hem synth layout.

    python3 -m hemtrain.baselines --data TEST --out PRED --kind no-growth
    python3 -m hemtrain.baselines --data TEST --out PRED --kind dilation (--growth-ml X | --train TRAIN)
    python3 -m hemtrain.baselines --data TEST --out PRED --kind oracle-volume
    python3 -m hemtrain.baselines --data TEST --out PRED --kind risk-oracle --train TRAIN [--scale S] [--min-risk R]

TEST is the ORIGINAL hem synth layout (TEST/case-NNNN/baseline.mask.nii.gz), not the prepared one. Each prediction
is written as PRED/case-NNNN/prediction.mask.nii.gz (uint8 0/1) on the case's baseline grid with the baseline
mask's header and affine.

- no-growth: prediction = baseline mask.
- dilation: the baseline mask grown uniformly by a Euclidean distance (in mm, so anisotropic voxels are respected),
  the distance chosen per case so the mask grows by X mL (voxel distances come in discrete levels, most of all with
  thick slices; the level whose grown volume is closest to baseline + X mL is taken). X defaults to the mean
  ``growthMl`` of the case.json files of a training folder (--train). A negative X erodes by the same rule.
- oracle-volume: NOT a predictor, a ceiling. The same uniform dilation (or erosion), by each case's TRUE change
  (``growthMl`` of its own case.json). It shows how much DOC is left once the amount of growth is known exactly and
  only its shape is guessed, and which share of the cases no model can score on while it predicts any growth.
- risk-oracle: NOT a predictor, a ceiling of what the baseline image can tell about the AMOUNT of growth. hem synth
  draws expansion from the baseline's signs and volume with a known probability (``heProbability`` in case.json);
  beyond that, whether and how much a hematoma grows is chance. Each case is grown uniformly by
  S x h x (p k_e + (1 - p) k_n) mL, where p is its own heProbability, h = min(6 mL, 33 % of the baseline) the HE
  threshold, and k_e, k_n the mean growth / h of the expanding and the other cases of --train (``expansionDrawn``);
  a case with p below R is predicted not to grow. S and R are to be chosen on a validation set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage

BASELINE = "baseline.mask.nii.gz"
PREDICTION = "prediction.mask.nii.gz"
CASE_JSON = "case.json"


def read_case_meta(case_dir: str) -> dict:
    with open(os.path.join(case_dir, CASE_JSON), encoding="utf-8") as f:
        return json.load(f)


def case_metas(folder: str):
    """The case.json of every case-NNNN folder of FOLDER that has one, in case order."""
    for d in sorted(os.listdir(folder)):
        if d.startswith("case-") and os.path.exists(os.path.join(folder, d, CASE_JSON)):
            yield read_case_meta(os.path.join(folder, d))


def mean_growth_ml(train_dir: str) -> float:
    values = [float(m["growthMl"]) for m in case_metas(train_dir) if m.get("growthMl") is not None]
    if not values:
        raise ValueError(f"{train_dir}: no case-NNNN/case.json with growthMl")
    return float(np.mean(values))


def growth_ratios(train_dir: str) -> tuple:
    """(k_e, k_n): the mean growth in units of the HE threshold of the expanding and the other cases of TRAIN."""
    ratios = {True: [], False: []}
    for meta in case_metas(train_dir):
        ratios[bool(meta["expansionDrawn"])].append(float(meta["growthMl"]) / he_threshold_ml(meta["baselineVolumeMl"]))
    if not ratios[True] or not ratios[False]:
        raise ValueError(f"{train_dir}: needs case.json files of expanding and of other cases")
    return float(np.mean(ratios[True])), float(np.mean(ratios[False]))


def he_threshold_ml(baseline_ml: float) -> float:
    """The growth that makes expansion: 6 mL or 33 % of the baseline, whichever is smaller."""
    return min(6.0, 0.33 * float(baseline_ml))


def risk_oracle_growth_ml(meta: dict, ratios: tuple, scale: float, min_risk: float) -> float:
    p = float(meta["heProbability"])
    if p < min_risk:
        return 0.0
    k_e, k_n = ratios
    return scale * he_threshold_ml(meta["baselineVolumeMl"]) * (p * k_e + (1.0 - p) * k_n)


def _closest_level(distances: np.ndarray, count: int) -> float:
    """The distance level d for which #(distances <= d) is closest to ``count`` (voxel distances come in discrete
    levels with many ties, most of all with thick slices; taking every tie at the count-th distance overshoots)."""
    kth = float(np.partition(distances, count - 1)[count - 1])
    at_or_below = int((distances <= kth).sum())
    below = distances[distances < kth]
    if below.size == 0:
        return kth
    prev = float(below.max())
    return prev if abs(below.size - count) < abs(at_or_below - count) else kth


def dilate_by_volume(mask: np.ndarray, spacing, growth_ml: float) -> tuple:
    """(grown mask, distance in mm) — ``mask`` [X, Y, Z] bool, ``spacing`` mm per axis."""
    voxel_ml = float(np.prod(spacing)) / 1000.0
    count = int(round(abs(growth_ml) / voxel_ml))
    if count == 0 or not mask.any():
        return mask.copy(), 0.0
    if growth_ml > 0:
        region = ~mask
        if count >= region.sum():
            return np.ones_like(mask), float("inf")
        # crop around the mask with a margin big enough for the requested volume (grow it when it is not)
        margin_mm = (3.0 * count * voxel_ml * 1000.0 / (4.0 * np.pi) + 1.0) ** (1.0 / 3.0) + 2.0 * max(spacing)
        while True:
            idx = np.argwhere(mask)
            pad = np.ceil(margin_mm / np.asarray(spacing)).astype(int) + 1
            lo = np.maximum(idx.min(0) - pad, 0)
            hi = np.minimum(idx.max(0) + pad + 1, mask.shape)
            crop = tuple(slice(a, b) for a, b in zip(lo, hi))
            dist = ndimage.distance_transform_edt(~mask[crop], sampling=spacing)
            outside = dist[dist > 0]
            whole = all(a == 0 for a in lo) and all(b == n for b, n in zip(hi, mask.shape))
            if count <= outside.size:
                d = _closest_level(outside, count)
                if d <= margin_mm - max(spacing) or whole:
                    break
            elif whole:
                d = float(outside.max())
                break
            margin_mm *= 2.0
        grown = mask.copy()
        grown[crop] |= dist <= d
        return grown, d
    # erosion: remove the voxels nearest the outside
    inside = ndimage.distance_transform_edt(mask, sampling=spacing)
    values = inside[mask]
    if count >= values.size:
        return np.zeros_like(mask), -float(values.max())
    d = _closest_level(values, count)
    return mask & (inside > d), -d


def case_growth_ml(case_dir: str) -> float:
    g = read_case_meta(case_dir).get("growthMl")
    if g is None:
        raise ValueError(f"{os.path.join(case_dir, CASE_JSON)}: no growthMl")
    return float(g)


def write_prediction(out_case: str, data: np.ndarray, like: nib.Nifti1Image) -> str:
    os.makedirs(out_case, exist_ok=True)
    header = like.header.copy()
    header.set_data_dtype(np.uint8)
    img = nib.Nifti1Image(data.astype(np.uint8), like.affine, header=header)
    img.header["scl_slope"] = 1.0
    img.header["scl_inter"] = 0.0
    path = os.path.join(out_case, PREDICTION)
    tmp = os.path.join(out_case, "prediction.tmp.nii.gz")
    nib.save(img, tmp)
    os.replace(tmp, path)
    return path


def run(data_dir: str, out_dir: str, kind: str, growth_ml: float | None = None, log=print,
        risk: tuple | None = None) -> list:
    """``risk`` (ratios, scale, min_risk) is needed by the risk-oracle kind."""
    records = []
    for d in sorted(os.listdir(data_dir)):
        src = os.path.join(data_dir, d, BASELINE)
        if not (d.startswith("case-") and os.path.exists(src)):
            continue
        img = nib.load(src)
        mask = np.asarray(img.dataobj) != 0
        spacing = tuple(float(s) for s in img.header.get_zooms()[:3])
        voxel_ml = float(np.prod(spacing)) / 1000.0
        if kind == "no-growth":
            pred, dist = mask, 0.0
        elif kind == "dilation":
            pred, dist = dilate_by_volume(mask, spacing, growth_ml)
        elif kind == "oracle-volume":
            pred, dist = dilate_by_volume(mask, spacing, case_growth_ml(os.path.join(data_dir, d)))
        elif kind == "risk-oracle":
            meta = read_case_meta(os.path.join(data_dir, d))
            pred, dist = dilate_by_volume(mask, spacing, risk_oracle_growth_ml(meta, *risk))
        else:
            raise ValueError(f"unknown kind {kind!r}")
        write_prediction(os.path.join(out_dir, d), pred, img)
        rec = {"case": d, "baselineMl": round(mask.sum() * voxel_ml, 4), "predictedMl": round(pred.sum() * voxel_ml, 4),
               "distanceMm": round(dist, 3) if np.isfinite(dist) else None}
        records.append(rec)
        log(f"{d}: baseline {rec['baselineMl']:.3f} mL -> {rec['predictedMl']:.3f} mL"
            + (f" (distance {dist:.2f} mm)" if kind != "no-growth" else ""))
    if not records:
        raise ValueError(f"{data_dir}: no case-NNNN/{BASELINE}")
    return records


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m hemtrain.baselines", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="hem synth layout: case-NNNN/baseline.mask.nii.gz")
    ap.add_argument("--out", required=True, help="prediction folder: case-NNNN/prediction.mask.nii.gz")
    ap.add_argument("--kind", required=True, choices=["no-growth", "dilation", "oracle-volume", "risk-oracle"])
    ap.add_argument("--growth-ml", type=float, default=None, help="dilation: growth per case in mL")
    ap.add_argument("--train", help="dilation: a hem synth training folder; X = mean growthMl of its case.json files; "
                                    "risk-oracle: the folder k_e and k_n are measured on")
    ap.add_argument("--scale", type=float, default=1.0, help="risk-oracle: S, the factor on the expected growth")
    ap.add_argument("--min-risk", type=float, default=0.0, help="risk-oracle: R, no growth below this heProbability")
    args = ap.parse_args(argv)
    growth = args.growth_ml
    risk = None
    if args.kind == "risk-oracle":
        if not args.train:
            ap.error("--kind risk-oracle needs --train")
        risk = (growth_ratios(args.train), args.scale, args.min_risk)
        print(f"growth / HE threshold in {args.train}: expanding {risk[0][0]:.3f}, others {risk[0][1]:.3f}")
    if args.kind == "dilation" and growth is None:
        if not args.train:
            ap.error("--kind dilation needs --growth-ml or --train")
        growth = mean_growth_ml(args.train)
        print(f"mean growth of {args.train}: {growth:.3f} mL")
    records = run(args.data, args.out, args.kind, growth, risk=risk)
    summary = {"kind": args.kind, "growthMl": growth, "cases": records}
    if risk:
        summary["riskOracle"] = {"expandingRatio": risk[0][0], "otherRatio": risk[0][1], "scale": args.scale,
                                 "minRisk": args.min_risk}
    with open(os.path.join(args.out, "baseline.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
