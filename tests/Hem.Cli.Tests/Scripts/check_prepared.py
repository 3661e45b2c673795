#!/usr/bin/python3
"""Recomputes a prepared case (hem prepare) from its source case with nibabel and scipy, independently of the C#
code, and prints the differences as JSON for tests/Hem.Cli.Tests/PrepareCommandTests.

    /usr/bin/python3 check_prepared.py SOURCE_CASE PREPARED_CASE

Every model voxel's centre is carried through the two files' affines (RAS, as nibabel reads them) into the
baseline grid, where scipy.ndimage.map_coordinates interpolates trilinearly (order 1). Compared are the voxels whose
centres lie within the baseline grid's outermost voxel centres (there the contract's edge handling does not
matter): the CT channel where brain.nii.gz is 1 (clip(HU, 0, 100) / 100), the CT channel being 0 where it is 0,
and the baseline and follow-up mask fractions everywhere.
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage


def load(folder, name):
    image = nib.load(os.path.join(folder, name))
    return image, np.asanyarray(image.dataobj)


def main():
    source, prepared = sys.argv[1], sys.argv[2]
    ct_image, ct = load(source, "baseline.ct.nii.gz")
    _, mask = load(source, "baseline.mask.nii.gz")
    _, followup = load(source, "followup.mask.nii.gz")
    model_image, channel = load(prepared, "ct.nii.gz")
    _, mask_channel = load(prepared, "mask.nii.gz")
    _, brain = load(prepared, "brain.nii.gz")
    _, followup_channel = load(prepared, "followup.mask.nii.gz")

    to_baseline = np.linalg.inv(ct_image.affine) @ model_image.affine
    shape = channel.shape
    grid = np.stack(np.meshgrid(*[np.arange(n) for n in shape], indexing="ij"), axis=0).reshape(3, -1)
    coords = (to_baseline[:3, :3] @ grid) + to_baseline[:3, 3:4]
    inside = np.all((coords >= 0) & (coords <= (np.array(ct.shape)[:, None] - 1)), axis=0)
    inside = inside.reshape(shape)

    def sample(volume):
        return ndimage.map_coordinates(volume.astype(np.float64), coords, order=1, mode="nearest").reshape(shape)

    expected_ct = np.clip(sample(ct), 0, 100) / 100
    in_brain = inside & (brain == 1)
    result = {
        "compared": int(inside.sum()),
        "comparedInBrain": int(in_brain.sum()),
        "ctMaxDifference": float(np.abs(expected_ct - channel)[in_brain].max()),
        "ctOutsideBrainMax": float(np.abs(channel[brain == 0]).max()) if (brain == 0).any() else 0.0,
        "maskMaxDifference": float(np.abs(sample(mask != 0) - mask_channel)[inside].max()),
        "followupMaxDifference": float(np.abs(sample(followup != 0) - followup_channel)[inside].max()),
        "brainValues": sorted(int(v) for v in np.unique(brain)),
        "maskChannelMl": float(mask_channel.sum() * abs(np.linalg.det(model_image.affine[:3, :3])) / 1000),
        "baselineMl": float((mask != 0).sum() * abs(np.linalg.det(ct_image.affine[:3, :3])) / 1000),
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
