"""Reading the prepared layout written by ``hem prepare`` and sampling training patches.

Prepared layout (the model contract)::

    PREPARED/preprocessing.json
    PREPARED/case-NNNN/ct.nii.gz              float32, normalised CT channel (zero outside the brain)
    PREPARED/case-NNNN/mask.nii.gz            float32, baseline mask fraction
    PREPARED/case-NNNN/followup.mask.nii.gz   float32, follow-up mask fraction (training/evaluation only)
    PREPARED/case-NNNN/followup.ct.nii.gz     float32, optional
    PREPARED/case-NNNN/brain.nii.gz           uint8
    PREPARED/case-NNNN/prepared.json

NIfTI voxel data is x fastest; nibabel gives arr[x, y, z] and ``arr.transpose(2, 1, 0)`` gives [Z, Y, X], the C#
memory order and the order of every array and tensor here.

Synthetic pairs from ``hemtrain.augment`` live beside the cases under ``PREPARED/augmented/`` (see augment.py);
they share the baseline (CT, mask) of their case and bring their own follow-up CT and mask.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Optional

import nibabel as nib
import numpy as np
from scipy import ndimage

CASE_PREFIX = "case-"
AUGMENTED_DIR = "augmented"
PATCH_SIZE = 32
EXPECTED_PREPROCESSING = {"intensityNormalisation": "hu-clip-0-100-unit", "axisOrder": "zyx"}


def read_zyx(path: str, dtype=np.float32) -> np.ndarray:
    """A NIfTI volume as a C-contiguous [Z, Y, X] array."""
    img = nib.load(path)
    arr = np.asarray(img.dataobj)
    if arr.ndim > 3:
        arr = arr.reshape(arr.shape[:3])
    return np.ascontiguousarray(arr.transpose(2, 1, 0)).astype(dtype, copy=False)


def write_zyx(path: str, array_zyx: np.ndarray, like: nib.Nifti1Image, dtype=np.float32) -> None:
    """Write a [Z, Y, X] array as NIfTI with the geometry (affine, header) of ``like``."""
    data = np.ascontiguousarray(np.asarray(array_zyx).transpose(2, 1, 0)).astype(dtype)
    header = like.header.copy()
    header.set_data_dtype(dtype)
    img = nib.Nifti1Image(data, like.affine, header=header)
    img.header["scl_slope"] = 1.0
    img.header["scl_inter"] = 0.0
    tmp = path + ".tmp.nii.gz"
    nib.save(img, tmp)
    os.replace(tmp, path)


def read_preprocessing(prepared_dir: str) -> dict:
    path = os.path.join(prepared_dir, "preprocessing.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing: is {prepared_dir} a folder written by 'hem prepare'?")
    with open(path, encoding="utf-8") as f:
        pre = json.load(f)
    for key, expected in EXPECTED_PREPROCESSING.items():
        if key in pre and pre[key] != expected:
            raise ValueError(f"{path}: {key} is {pre[key]!r}, this training code expects {expected!r}")
    patch = pre.get("patchSize", [PATCH_SIZE] * 3)
    if len(set(patch)) != 1:
        raise ValueError(f"{path}: only cubic patches are supported, got {patch}")
    return pre


def case_dirs(root: str) -> list:
    if not os.path.isdir(root):
        raise FileNotFoundError(f"{root} is not a folder")
    return sorted(os.path.join(root, d) for d in os.listdir(root)
                  if d.startswith(CASE_PREFIX) and os.path.isdir(os.path.join(root, d)))


@dataclass
class PreparedCase:
    name: str
    path: str
    ct: np.ndarray                      # [Z, Y, X] float32
    mask: np.ndarray                    # [Z, Y, X] float32 fraction
    brain: np.ndarray                   # [Z, Y, X] uint8
    followup_mask: Optional[np.ndarray] = None
    followup_ct: Optional[np.ndarray] = None
    meta: dict = field(default_factory=dict)

    @property
    def shape(self):
        return self.ct.shape


def load_case(path: str) -> PreparedCase:
    def opt(name):
        p = os.path.join(path, name)
        return read_zyx(p) if os.path.exists(p) else None

    meta = {}
    meta_path = os.path.join(path, "prepared.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    case = PreparedCase(
        name=os.path.basename(path.rstrip("/")),
        path=path,
        ct=read_zyx(os.path.join(path, "ct.nii.gz")),
        mask=read_zyx(os.path.join(path, "mask.nii.gz")),
        brain=read_zyx(os.path.join(path, "brain.nii.gz"), np.uint8),
        followup_mask=opt("followup.mask.nii.gz"),
        followup_ct=opt("followup.ct.nii.gz"),
        meta=meta,
    )
    for name, arr in (("mask", case.mask), ("brain", case.brain), ("followup.mask", case.followup_mask),
                      ("followup.ct", case.followup_ct)):
        if arr is not None and arr.shape != case.ct.shape:
            raise ValueError(f"{path}: {name} has shape {arr.shape}, ct has {case.ct.shape}")
    return case


def load_prepared(prepared_dir: str, require_followup: bool = True, limit: Optional[int] = None, log=print) -> list:
    """All cases of a prepared folder (those without a follow-up mask skipped when ``require_followup``)."""
    read_preprocessing(prepared_dir)
    cases = []
    for d in case_dirs(prepared_dir):
        if limit is not None and len(cases) >= limit:
            break
        if require_followup and not os.path.exists(os.path.join(d, "followup.mask.nii.gz")):
            log(f"skipping {d}: no followup.mask.nii.gz")
            continue
        cases.append(load_case(d))
    if not cases:
        raise ValueError(f"{prepared_dir}: no usable case-NNNN folders")
    return cases


@dataclass
class Pair:
    """One training example: baseline (CT, mask) -> follow-up (mask, CT when known). Arrays [Z, Y, X]."""
    name: str
    ct: np.ndarray
    mask: np.ndarray
    followup_mask: np.ndarray
    followup_ct: Optional[np.ndarray]
    growth_centres: np.ndarray = None   # flat indices of voxels a growth-centred patch may be centred on
    mask_voxels: np.ndarray = None      # flat indices of voxels with (baseline or follow-up) mask
    synthetic: bool = False

    def __post_init__(self):
        if self.growth_centres is None:
            self.growth_centres, self.mask_voxels = sampling_regions(self.mask, self.followup_mask)


def sampling_regions(mask: np.ndarray, followup: np.ndarray):
    """(growth centres, mask voxels) as flat indices.

    Growth centres: follow-up minus baseline (fraction > 0.5 in the follow-up, <= 0.5 in the baseline); when there
    is no growth, the baseline mask's border (inside voxels with an outside 6-neighbour). Mask voxels: baseline or
    follow-up fraction > 0.5 (any non-zero fraction when there is none).
    """
    base = mask > 0.5
    fol = followup > 0.5
    growth = fol & ~base
    if not growth.any():
        growth = base & ~ndimage.binary_erosion(base, border_value=0)
    anymask = base | fol
    if not anymask.any():
        anymask = (mask > 0) | (followup > 0)
    if not growth.any():
        growth = anymask
    return np.flatnonzero(growth).astype(np.int64), np.flatnonzero(anymask).astype(np.int64)


def extract_patch(volume: np.ndarray, centre, size: int) -> np.ndarray:
    """The size^3 patch of ``volume`` [Z, Y, X] starting at centre - size // 2; outside the volume reads 0."""
    out = np.zeros((size, size, size), dtype=np.float32)
    src, dst = [], []
    for c, n in zip(centre, volume.shape):
        start = int(c) - size // 2
        lo, hi = max(start, 0), min(start + size, n)
        if hi <= lo:
            return out
        src.append(slice(lo, hi))
        dst.append(slice(lo - start, hi - start))
    out[tuple(dst)] = volume[tuple(src)]
    return out


class PatchSampler:
    """Random training patches: ``growth_fraction`` of them centred on a growth voxel, the rest anywhere in the ROI
    with some mask in the patch; optional random left-right (X) flips."""

    def __init__(self, pairs: list, patch_size: int = PATCH_SIZE, growth_fraction: float = 0.8, flip: bool = True,
                 rng: Optional[np.random.Generator] = None, synthetic_share: Optional[float] = None):
        if not pairs:
            raise ValueError("no training pairs")
        self.pairs = pairs
        self.patch_size = patch_size
        self.growth_fraction = growth_fraction
        self.flip = flip
        self.rng = rng if rng is not None else np.random.default_rng()
        # None: every pair equally likely (synthetic pairs then make up their share of the pairs, as in the paper);
        # a number: that share of the patches comes from synthetic pairs, the rest from real ones
        self.synthetic_share = synthetic_share
        self.real = [p for p in pairs if not p.synthetic]
        self.synthetic = [p for p in pairs if p.synthetic]

    def pick_pair(self) -> "Pair":
        if self.synthetic_share is not None and self.real and self.synthetic:
            group = self.synthetic if self.rng.random() < self.synthetic_share else self.real
            return group[self.rng.integers(len(group))]
        return self.pairs[self.rng.integers(len(self.pairs))]

    def centre(self, pair: Pair, growth: bool):
        shape = pair.mask.shape
        if growth:
            idx = pair.growth_centres[self.rng.integers(len(pair.growth_centres))]
            return np.unravel_index(idx, shape)
        idx = pair.mask_voxels[self.rng.integers(len(pair.mask_voxels))]
        v = np.array(np.unravel_index(idx, shape))
        half = self.patch_size // 2
        c = v + self.rng.integers(-(half - 1), half, size=3)  # the patch [c - half, c + half) still holds v
        return tuple(int(x) for x in np.clip(c, 0, np.array(shape) - 1))

    def sample_one(self, pair: Optional[Pair] = None, growth: Optional[bool] = None, flip: Optional[bool] = None):
        if pair is None:
            pair = self.pick_pair()
        if growth is None:
            growth = self.rng.random() < self.growth_fraction
        c = self.centre(pair, growth)
        p = self.patch_size
        x = np.stack([extract_patch(pair.ct, c, p), extract_patch(pair.mask, c, p)])
        ym = extract_patch(pair.followup_mask, c, p)[None]
        has_ct = pair.followup_ct is not None
        yc = extract_patch(pair.followup_ct, c, p)[None] if has_ct else np.zeros_like(ym)
        if flip is None:
            flip = self.flip and self.rng.random() < 0.5
        if flip:
            x, ym, yc = x[..., ::-1], ym[..., ::-1], yc[..., ::-1]
        return np.ascontiguousarray(x), np.ascontiguousarray(ym), np.ascontiguousarray(yc), has_ct

    def batch(self, n: int) -> dict:
        items = [self.sample_one() for _ in range(n)]
        return collate(items)


def collate(items) -> dict:
    return {
        "input": np.stack([i[0] for i in items]),
        "followup_mask": np.stack([i[1] for i in items]),
        "followup_ct": np.stack([i[2] for i in items]),
        "has_ct": np.array([i[3] for i in items], dtype=bool),
    }


def fixed_patches(pairs: list, count: int, seed: int, patch_size: int = PATCH_SIZE,
                  growth_fraction: float = 0.8) -> dict:
    """A reproducible set of ``count`` patches (no flips), cycling through the pairs."""
    sampler = PatchSampler(pairs, patch_size, growth_fraction, flip=False, rng=np.random.default_rng(seed))
    items = []
    for i in range(count):
        pair = pairs[i % len(pairs)]
        items.append(sampler.sample_one(pair=pair))
    return collate(items)


def pairs_from_cases(cases: list, store_dtype=np.float16) -> list:
    """One real pair per case with a follow-up mask."""
    pairs = []
    for c in cases:
        if c.followup_mask is None:
            continue
        pairs.append(_pair(c.name, c.ct, c.mask, c.followup_mask, c.followup_ct, store_dtype, False))
    return pairs


def _pair(name, ct, mask, fmask, fct, store_dtype, synthetic):
    growth, anymask = sampling_regions(mask, fmask)
    return Pair(name=name, ct=ct.astype(store_dtype), mask=mask.astype(store_dtype),
                followup_mask=fmask.astype(store_dtype),
                followup_ct=None if fct is None else fct.astype(store_dtype),
                growth_centres=growth, mask_voxels=anymask, synthetic=synthetic)


def augmented_pairs(prepared_dir: str, cases: list, store_dtype=np.float16, log=print) -> list:
    """The cached synthetic pairs of ``cases`` (PREPARED/augmented/case-NNNN/pair-K/), sharing the case baselines."""
    pairs = []
    for c in cases:
        case_aug = os.path.join(prepared_dir, AUGMENTED_DIR, c.name)
        if not os.path.isdir(case_aug):
            continue
        ct = c.ct.astype(store_dtype)
        mask = c.mask.astype(store_dtype)
        for d in sorted(os.listdir(case_aug)):
            pdir = os.path.join(case_aug, d)
            fm = os.path.join(pdir, "followup.mask.nii.gz")
            if not (d.startswith("pair-") and os.path.exists(fm)):
                continue
            fmask = read_zyx(fm)
            fct_path = os.path.join(pdir, "followup.ct.nii.gz")
            fct = read_zyx(fct_path) if os.path.exists(fct_path) else None
            if fmask.shape != c.ct.shape:
                log(f"skipping {pdir}: shape {fmask.shape} differs from the case's {c.ct.shape}")
                continue
            growth, anymask = sampling_regions(c.mask, fmask)
            pairs.append(Pair(name=f"{c.name}/{d}", ct=ct, mask=mask, followup_mask=fmask.astype(store_dtype),
                              followup_ct=None if fct is None else fct.astype(store_dtype),
                              growth_centres=growth, mask_voxels=anymask, synthetic=True))
    return pairs
