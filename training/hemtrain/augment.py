"""The paper's synthetic augmentation (Abramova et al. 2024), training split only.

For each prepared training case and each growth ratio r (default 0.33, 0.68, 1.0):

1. Grow the baseline mask inside the brain to (1 + r) x its volume. The growth follows a geodesic distance from
   the hematoma through brain that is not ventricle/CSF (brain voxels whose CT channel is < 0.15, i.e. < 15 HU,
   farther than ``clearance`` voxels from the hematoma, so hypodense oedema at the hematoma's rim does not block
   it), with a smooth random cost (log-normal, seeded per pair) that makes the front irregular: a distance-weighted
   dilation. The front has a one-voxel partial-volume ramp, so the volume (sum of fractions, as the prepared masks
   are) is a continuous function of the front position, found by bisection to within ``tolerance`` (0.2 % of the
   target volume).
   When the brain leaves no room (the hematoma is walled in by ventricles, brain edge or ROI edge) the mask grows
   as far as it can: the pair is kept with its achieved ratio, marked ``"saturated": true`` in augmented.json and
   reported; a pair that cannot reach a tenth of its requested growth is dropped.
2. Register the real baseline mask onto the grown one: a displacement field on a coarse control grid (every
   ``grid_spacing`` voxels, zero on the border of the crop around both masks so the field is continuous with zero
   outside it), upsampled trilinearly, optimised with Adam on soft Dice(warp(baseline), grown) + smoothness.
3. Warp the CT channel with that field (then zero outside the brain, as the CT channel is defined); the synthetic
   follow-up is (warped CT, grown mask). The baseline of a synthetic pair is the case's own baseline.

Cached under ``PREPARED/augmented/case-NNNN/pair-K/{followup.mask.nii.gz, followup.ct.nii.gz}`` with
``PREPARED/augmented/case-NNNN/augmented.json`` (settings and per-pair figures); a pair whose settings match is not
generated again.

    python3 -m hemtrain.augment --prepared DIR [--pairs 3] [--ratios 0.33,0.68,1.0] [--seed 0] [--force]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zlib

import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage

from . import data as D
from .warp import to_grid_sample_grid

VERSION = "1"
DEFAULT_RATIOS = (0.33, 0.68, 1.0)
VENTRICLE_THRESHOLD = 0.15
_OFFSETS = [(dz, dy, dx) for dz in (-1, 0, 1) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dz, dy, dx) != (0, 0, 0)]


# ---------------------------------------------------------------------------------------------------------------
# Growth

def growth_room(ct: np.ndarray, brain: np.ndarray, mask: np.ndarray, threshold: float = VENTRICLE_THRESHOLD,
                clearance: int = 3):
    """(allowed, ventricles): where the hematoma may grow (brain, not ventricle/CSF, not the ROI's outer layer)."""
    brain_b = brain > 0
    hem = mask > 0.5
    if not hem.any():
        hem = mask > 0
    near = ndimage.distance_transform_edt(~hem) <= clearance if hem.any() else np.zeros_like(hem)
    ventricles = brain_b & (ct < threshold) & ~near
    allowed = brain_b & ~ventricles
    allowed[0, :, :] = allowed[-1, :, :] = False
    allowed[:, 0, :] = allowed[:, -1, :] = False
    allowed[:, :, 0] = allowed[:, :, -1] = False
    return allowed, ventricles


def _shifted(a: np.ndarray, off, fill):
    """b[p] = a[p + off] (fill outside)."""
    out = np.full_like(a, fill)
    src, dst = [], []
    for o, n in zip(off, a.shape):
        if o >= 0:
            src.append(slice(o, n))
            dst.append(slice(0, n - o))
        else:
            src.append(slice(0, n + o))
            dst.append(slice(-o, n))
    out[tuple(dst)] = a[tuple(src)]
    return out


def geodesic_distance(source: np.ndarray, allowed: np.ndarray, cost: np.ndarray, max_iter: int = 500) -> np.ndarray:
    """Chamfer geodesic distance (voxels, 26-neighbourhood, edge length x mean cost) from ``source`` through
    ``allowed``; inf where unreachable. Repeated relaxation until nothing changes."""
    dist = np.where(source, 0.0, np.inf).astype(np.float64)
    passable = allowed | source
    steps = [(off, float(np.sqrt(sum(o * o for o in off)))) for off in _OFFSETS]
    shifted_cost = [_shifted(cost, off, np.inf) for off, _ in steps]
    for _ in range(max_iter):
        changed = False
        for (off, length), nc in zip(steps, shifted_cost):
            cand = _shifted(dist, off, np.inf) + length * 0.5 * (cost + nc)
            better = passable & (cand < dist)
            if better.any():
                dist[better] = cand[better]
                changed = True
        if not changed:
            break
    return dist


def smooth_noise(shape, rng: np.random.Generator, sigma: float = 3.0) -> np.ndarray:
    n = ndimage.gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap")
    sd = n.std()
    return n / sd if sd > 0 else n


def grow_mask(mask: np.ndarray, allowed: np.ndarray, ratio: float, rng: np.random.Generator,
              irregularity: float = 0.5, tolerance: float = 0.002):
    """Grow ``mask`` (fraction) through ``allowed`` to (1 + ratio) x its volume.

    Returns (grown fraction mask, info dict with baseline/target/achieved voxel volumes and ``saturated``)."""
    mask = mask.astype(np.float32)
    base_volume = float(mask.sum())
    target = (1.0 + ratio) * base_volume
    source = mask > 0.5
    if not source.any():
        source = mask >= 0.5 * mask.max()
    cost = np.exp(irregularity * smooth_noise(mask.shape, rng))
    dist = geodesic_distance(source, allowed, cost)
    reach = np.isfinite(dist)

    def grown_at(t):
        front = np.zeros_like(mask)
        front[reach] = np.clip(t - dist[reach] + 0.5, 0.0, 1.0)
        return np.maximum(mask, front)

    hi = float(dist[reach].max()) + 1.0 if reach.any() else 0.0
    grown_hi = grown_at(hi)
    max_volume = float(grown_hi.sum())
    info = {"ratio": ratio, "baselineVoxels": base_volume, "targetVoxels": target}
    if max_volume < target * (1.0 - tolerance):
        grown = grown_hi
        info["saturated"] = True
    else:
        lo = 0.0
        grown = grown_hi
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            g = grown_at(mid)
            v = float(g.sum())
            if abs(v - target) <= tolerance * target:
                grown = g
                break
            if v < target:
                lo = mid
            else:
                hi = mid
                grown = g
        info["saturated"] = False
    achieved = float(grown.sum())
    info["achievedVoxels"] = achieved
    info["achievedRatio"] = achieved / base_volume - 1.0 if base_volume > 0 else 0.0
    return grown.astype(np.float32), info


# ---------------------------------------------------------------------------------------------------------------
# Registration

def _soft_dice(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Soft Dice of fraction masks, squared denominators (1 exactly when a == b; see losses.soft_dice_loss)."""
    return (2.0 * (a * b).sum() + 1e-5) / (a.pow(2).sum() + b.pow(2).sum() + 1e-5)


def register_masks(moving: np.ndarray, fixed: np.ndarray, grid_spacing: int = 3, steps: int = 150, lr: float = 0.5,
                   smooth_weight: float = 0.05, margin: int = 8):
    """A smooth displacement field u ([3, Z, Y, X] voxels, order z, y, x) with moving(p + u(p)) ~ fixed(p).

    Optimised on the crop around both masks (plus ``margin``); zero outside it. Returns (u, info)."""
    t0 = time.perf_counter()
    union = (moving > 0.01) | (fixed > 0.01)
    shape = np.array(moving.shape)
    field = np.zeros((3,) + moving.shape, dtype=np.float32)
    if not union.any():
        return field, {"dice": 1.0, "diceBefore": 1.0, "hardDice": 1.0, "seconds": 0.0, "steps": 0}
    idx = np.argwhere(union)
    lo = np.maximum(idx.min(0) - margin, 0)
    hi = np.minimum(idx.max(0) + margin + 1, shape)
    crop = tuple(slice(a, b) for a, b in zip(lo, hi))
    size = tuple(int(b - a) for a, b in zip(lo, hi))
    mov = torch.from_numpy(np.ascontiguousarray(moving[crop], dtype=np.float32))[None, None]
    fix = torch.from_numpy(np.ascontiguousarray(fixed[crop], dtype=np.float32))[None, None]
    ctrl_size = tuple(max(int(np.ceil((n - 1) / grid_spacing)) + 1, 3) for n in size)
    ctrl = torch.zeros((1, 3) + ctrl_size, requires_grad=True)
    interior = torch.zeros((1, 1) + ctrl_size)
    interior[..., 1:-1, 1:-1, 1:-1] = 1.0
    axes = [torch.linspace(-1.0, 1.0, n) for n in size]
    gz, gy, gx = torch.meshgrid(*axes, indexing="ij")
    base_grid = torch.stack((gx, gy, gz), dim=-1)[None]  # grid_sample order (x, y, z)
    scale = torch.tensor([2.0 / max(n - 1, 1) for n in size])  # voxels -> normalised, order z, y, x
    scale_xyz = scale.flip(0).view(1, 1, 1, 1, 3)

    def dense(c):
        return F.interpolate(c * interior, size=size, mode="trilinear", align_corners=True)

    def warped(c):
        u = dense(c)  # [1, 3(z,y,x), Z, Y, X] voxels
        grid = base_grid + u.permute(0, 2, 3, 4, 1).flip(-1) * scale_xyz
        return F.grid_sample(mov, grid, mode="bilinear", padding_mode="zeros", align_corners=True)

    with torch.no_grad():
        dice_before = float(_soft_dice(mov, fix))
    opt = torch.optim.Adam([ctrl], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        w = warped(ctrl)
        c = ctrl * interior
        smooth = ((c[:, :, 1:] - c[:, :, :-1]).pow(2).mean() + (c[:, :, :, 1:] - c[:, :, :, :-1]).pow(2).mean()
                  + (c[:, :, :, :, 1:] - c[:, :, :, :, :-1]).pow(2).mean()) / 3.0
        loss = 1.0 - _soft_dice(w, fix) + smooth_weight * smooth
        loss.backward()
        opt.step()
    with torch.no_grad():
        u = dense(ctrl)[0].numpy()
        w = warped(ctrl)
        dice = float(_soft_dice(w, fix))
        a, b = w >= 0.5, fix >= 0.5
        hard = float(2.0 * (a & b).sum() / max(int(a.sum() + b.sum()), 1))
    field[(slice(None),) + crop] = u
    info = {"diceBefore": round(dice_before, 4), "dice": round(dice, 4), "hardDice": round(hard, 4), "steps": steps,
            "maxDisplacementVoxels": round(float(np.abs(u).max()), 3),
            "seconds": round(time.perf_counter() - t0, 3)}
    return field, info


def warp_volume(volume: np.ndarray, field: np.ndarray) -> np.ndarray:
    """volume(p + field(p)) by trilinear interpolation, zero outside ([Z, Y, X], field [3, Z, Y, X] voxels)."""
    coords = torch.from_numpy(np.indices(volume.shape, dtype=np.float32) + field)[None]
    grid = to_grid_sample_grid(coords, volume.shape)
    vol = torch.from_numpy(np.ascontiguousarray(volume, dtype=np.float32))[None, None]
    with torch.no_grad():
        out = F.grid_sample(vol, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    return out[0, 0].numpy()


# ---------------------------------------------------------------------------------------------------------------
# Driver

def ratios_for(pairs: int, ratios=DEFAULT_RATIOS):
    return [float(ratios[k % len(ratios)]) for k in range(pairs)]


def pair_seed(seed: int, case_name: str, k: int):
    return [int(seed), zlib.crc32(case_name.encode("utf-8")), int(k)]


def synthesise(case: D.PreparedCase, ratio: float, rng: np.random.Generator, steps: int = 150):
    """(followup_mask, followup_ct, info) for one synthetic pair of ``case``."""
    t0 = time.perf_counter()
    allowed, ventricles = growth_room(case.ct, case.brain, case.mask)
    grown, info = grow_mask(case.mask, allowed, ratio, rng)
    t1 = time.perf_counter()
    field, reg = register_masks(case.mask, grown, steps=steps)
    brain = case.brain > 0
    fct = warp_volume(case.ct, field) * brain
    info.update({
        "growSeconds": round(t1 - t0, 3),
        "registration": reg,
        "insideBrainFraction": round(float((grown * brain).sum() / max(grown.sum(), 1e-6)), 5),
        "ventricleOverlapVoxels": round(float((np.maximum(grown - case.mask, 0) * ventricles).sum()), 3),
        "seconds": round(time.perf_counter() - t0, 3),
    })
    return grown, fct.astype(np.float32), info


def augment_case(prepared_dir: str, case: D.PreparedCase, pairs: int = 3, ratios=DEFAULT_RATIOS, seed: int = 0,
                 force: bool = False, steps: int = 150, log=print) -> list:
    out_dir = os.path.join(prepared_dir, D.AUGMENTED_DIR, case.name)
    os.makedirs(out_dir, exist_ok=True)
    meta_path = os.path.join(out_dir, "augmented.json")
    old = {}
    if os.path.exists(meta_path) and not force:
        with open(meta_path, encoding="utf-8") as f:
            old = {p["pair"]: p for p in json.load(f).get("pairs", [])}
    like = nib.load(os.path.join(case.path, "mask.nii.gz"))
    records = []
    for k, ratio in enumerate(ratios_for(pairs, ratios), start=1):
        pdir = os.path.join(out_dir, f"pair-{k}")
        settings = {"version": VERSION, "ratio": ratio, "seed": pair_seed(seed, case.name, k), "steps": steps}
        prev = old.get(k)
        if (prev is not None and prev.get("settings") == settings and
                (prev.get("dropped") or os.path.exists(os.path.join(pdir, "followup.mask.nii.gz")))):
            records.append(prev)
            continue
        rng = np.random.default_rng(settings["seed"])
        grown, fct, info = synthesise(case, ratio, rng, steps=steps)
        record = {"pair": k, "settings": settings, **info}
        if info["achievedRatio"] < 0.1 * ratio:
            record["dropped"] = True
            log(f"{case.name} pair-{k}: no room to grow (achieved {info['achievedRatio']:.3f} of {ratio}); dropped")
            if os.path.isdir(pdir):
                for f in os.listdir(pdir):
                    os.remove(os.path.join(pdir, f))
        else:
            os.makedirs(pdir, exist_ok=True)
            D.write_zyx(os.path.join(pdir, "followup.mask.nii.gz"), grown, like)
            D.write_zyx(os.path.join(pdir, "followup.ct.nii.gz"), fct, like)
            note = " SATURATED (brain left no more room)" if info["saturated"] else ""
            log(f"{case.name} pair-{k}: ratio {ratio:.2f} -> {info['achievedRatio']:.3f}{note}, "
                f"registration soft Dice {info['registration']['diceBefore']:.3f} -> {info['registration']['dice']:.3f} "
                f"(thresholded {info['registration']['hardDice']:.3f}), "
                f"grow {info['growSeconds']:.2f} s, register {info['registration']['seconds']:.2f} s, "
                f"total {info['seconds']:.2f} s")
        records.append(record)
    # remove pairs beyond the requested count
    for d in os.listdir(out_dir):
        if d.startswith("pair-") and d[5:].isdigit() and int(d[5:]) > pairs:
            pdir = os.path.join(out_dir, d)
            for f in os.listdir(pdir):
                os.remove(os.path.join(pdir, f))
            os.rmdir(pdir)
    with open(meta_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"case": case.name, "version": VERSION, "pairs": records}, f, indent=2)
    os.replace(meta_path + ".tmp", meta_path)
    return records


def augment_prepared(prepared_dir: str, pairs: int = 3, ratios=DEFAULT_RATIOS, seed: int = 0, force: bool = False,
                     steps: int = 150, limit=None, log=print) -> dict:
    t0 = time.perf_counter()
    cases = D.load_prepared(prepared_dir, require_followup=False, limit=limit, log=log)
    all_records = []
    for case in cases:
        if case.mask.max() <= 0:
            log(f"{case.name}: empty baseline mask, nothing to grow")
            continue
        all_records.extend(augment_case(prepared_dir, case, pairs, ratios, seed, force, steps, log))
    made = [r for r in all_records if not r.get("dropped")]
    summary = {
        "cases": len(cases), "pairs": len(made), "dropped": len(all_records) - len(made),
        "saturated": sum(1 for r in made if r.get("saturated")),
        "ratios": list(ratios), "pairsPerCase": pairs, "seed": seed, "version": VERSION,
        "meanRegistrationDice": round(float(np.mean([r["registration"]["dice"] for r in made])), 4) if made else None,
        "meanSecondsPerPair": round(float(np.mean([r["seconds"] for r in made])), 3) if made else None,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    with open(os.path.join(prepared_dir, D.AUGMENTED_DIR, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m hemtrain.augment", description=__doc__.split("\n\n")[0])
    ap.add_argument("--prepared", required=True, help="a prepared training folder (hem prepare output)")
    ap.add_argument("--pairs", type=int, default=3, help="synthetic pairs per case (ratios cycle; default 3)")
    ap.add_argument("--ratios", default=",".join(str(r) for r in DEFAULT_RATIOS), help="growth ratios r, comma-separated")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=150, help="registration Adam steps")
    ap.add_argument("--limit", type=int, default=None, help="only the first N cases")
    ap.add_argument("--force", action="store_true", help="regenerate cached pairs")
    args = ap.parse_args(argv)
    ratios = tuple(float(r) for r in args.ratios.split(","))
    summary = augment_prepared(args.prepared, args.pairs, ratios, args.seed, args.force, args.steps, args.limit)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
