"""Small fabricated data sets in the prepared layout (and the hem synth layout) for the tests."""

from __future__ import annotations

import json
import os

import nibabel as nib
import numpy as np

SPACING = 1.5


def _save(path, zyx, dtype, spacing=(SPACING, SPACING, SPACING)):
    data = np.ascontiguousarray(np.asarray(zyx).transpose(2, 1, 0)).astype(dtype)
    affine = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])  # RAS on disk, like Hem.Imaging's writer
    nib.save(nib.Nifti1Image(data, affine), path)


def ball(shape, centre, radius):
    """Soft ball (partial-volume edge one voxel wide), [Z, Y, X] float32."""
    z, y, x = np.indices(shape, dtype=np.float32)
    r = np.sqrt((z - centre[0]) ** 2 + (y - centre[1]) ** 2 + (x - centre[2]) ** 2)
    return np.clip(radius + 0.5 - r, 0.0, 1.0).astype(np.float32)


def make_case(root, name, shape=(36, 40, 44), radius=5.0, growth=1.5, centre=None, followup_ct=True, seed=0,
              ventricle=True):
    """One prepared case: an ellipsoidal brain, a ventricle (CT 0.05) beside a hematoma ball (CT 0.7) whose
    follow-up is the ball grown by ``growth`` voxels in radius, shifted by one voxel along X."""
    rng = np.random.default_rng(seed)
    z, y, x = np.indices(shape, dtype=np.float32)
    c = np.array(shape, dtype=np.float32) / 2.0
    brain = (((z - c[0]) / (0.47 * shape[0])) ** 2 + ((y - c[1]) / (0.47 * shape[1])) ** 2 +
             ((x - c[2]) / (0.47 * shape[2])) ** 2) <= 1.0
    centre = tuple(c) if centre is None else centre
    mask = ball(shape, centre, radius) * brain
    fmask = ball(shape, (centre[0], centre[1], centre[2] + 1.0), radius + growth) * brain
    ct = 0.35 + 0.02 * rng.standard_normal(shape).astype(np.float32)
    vent = np.zeros(shape, dtype=bool)
    if ventricle:
        vent = ball(shape, (centre[0], centre[1] - radius - 8, centre[2]), 4.0) > 0.5
        ct[vent] = 0.05
    ct = np.where(mask > 0, (1 - mask) * ct + mask * 0.7, ct) * brain
    fct = np.where(fmask > 0, (1 - fmask) * ct + fmask * 0.7, ct) * brain
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    _save(os.path.join(d, "ct.nii.gz"), ct, np.float32)
    _save(os.path.join(d, "mask.nii.gz"), mask, np.float32)
    _save(os.path.join(d, "brain.nii.gz"), brain, np.uint8)
    _save(os.path.join(d, "followup.mask.nii.gz"), fmask, np.float32)
    if followup_ct:
        _save(os.path.join(d, "followup.ct.nii.gz"), fct, np.float32)
    ml = SPACING ** 3 / 1000.0
    with open(os.path.join(d, "prepared.json"), "w") as f:
        json.dump({"case": name, "modelGridSize": [shape[2], shape[1], shape[0]],
                   "baselineVolumeMl": float(mask.sum() * ml), "followupVolumeMl": float(fmask.sum() * ml),
                   "growthMl": float((fmask.sum() - mask.sum()) * ml)}, f)
    return {"ct": ct, "mask": mask, "brain": brain, "followup_mask": fmask, "followup_ct": fct, "ventricle": vent}


def make_prepared(root, n=3, seed=0, **kwargs):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "preprocessing.json"), "w") as f:
        json.dump({"spacingMm": SPACING, "roiMarginMm": 20, "patchSize": [32, 32, 32],
                   "intensityNormalisation": "hu-clip-0-100-unit", "axisOrder": "zyx", "tool": "tests"}, f)
    cases = {}
    for i in range(n):
        name = f"case-{i + 1:04d}"
        cases[name] = make_case(root, name, radius=4.0 + i, followup_ct=(i % 2 == 0), seed=seed + i, **kwargs)
    return cases


def make_synth_case(root, name, shape_xyz=(60, 50, 12), spacing=(0.5, 0.5, 5.0), radius_mm=8.0, growth_ml=None,
                    meta=None):
    """A hem synth layout case: baseline.mask.nii.gz (uint8, [X, Y, Z] on disk) on an anisotropic grid; case.json
    holds growthMl and the fields of ``meta``."""
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    x, y, z = np.indices(shape_xyz, dtype=np.float32)
    cx, cy, cz = [(n - 1) / 2.0 for n in shape_xyz]
    r = np.sqrt(((x - cx) * spacing[0]) ** 2 + ((y - cy) * spacing[1]) ** 2 + ((z - cz) * spacing[2]) ** 2)
    mask = (r <= radius_mm).astype(np.uint8)
    affine = np.diag([-spacing[0], -spacing[1], spacing[2], 1.0])
    affine[:3, 3] = [30.0, 20.0, -40.0]
    nib.save(nib.Nifti1Image(mask, affine), os.path.join(d, "baseline.mask.nii.gz"))
    nib.save(nib.Nifti1Image(mask, affine), os.path.join(d, "followup.mask.nii.gz"))
    if growth_ml is not None or meta:
        with open(os.path.join(d, "case.json"), "w") as f:
            json.dump({"growthMl": growth_ml, **(meta or {})}, f)
    return mask, affine
