#!/usr/bin/python3
"""Reads hem analyze's NIfTI outputs with nibabel and prints what the tests compare with volumes.json, as JSON.

    /usr/bin/python3 analysis_volumes.py OUT

Prints the volume in mL of baseline.mask.nii.gz and prediction.mask.nii.gz (voxels > 0 times the voxel volume from
the header's zooms), whether both masks share ct.nii.gz's shape and affine, and the number of voxels predicted
outside the baseline mask.
"""
import json
import os
import sys

import nibabel as nib
import numpy as np


def main():
    out = sys.argv[1]
    ct = nib.load(os.path.join(out, "ct.nii.gz"))
    voxel_ml = float(np.prod(ct.header.get_zooms()[:3])) / 1000.0
    result = {"ctShape": list(ct.shape)}
    masks = {}
    for name in ("baseline", "prediction"):
        image = nib.load(os.path.join(out, f"{name}.mask.nii.gz"))
        data = np.asanyarray(image.dataobj) > 0
        masks[name] = data
        result[f"{name}Ml"] = float(data.sum()) * voxel_ml
        result[f"{name}SameGrid"] = list(image.shape) == list(ct.shape) and bool(np.allclose(image.affine, ct.affine))
    result["grownVoxels"] = int((masks["prediction"] & ~masks["baseline"]).sum())
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
