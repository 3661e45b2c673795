#!/usr/bin/python3
"""Writes NIfTI files with nibabel for the reader tests and prints what nibabel reads back, as JSON.

    /usr/bin/python3 make_nifti_cases.py FOLDER

For each case: the file name, nibabel's best affine (sform when sform_code > 0, else qform; RAS), the on-disk
dtype and every value as get_fdata() gives it (slope and intercept applied), x fastest.
"""
import json
import math
import os
import sys

import nibabel as nib
import numpy as np


def rotation(ax, az):
    cx, sx, cz, sz = math.cos(ax), math.sin(ax), math.cos(az), math.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ rx


def affine(rot, spacing, origin, flip_z=False):
    a = np.eye(4)
    a[:3, :3] = rot @ np.diag(spacing)
    if flip_z:
        a[:3, 2] = -a[:3, 2]
    a[:3, 3] = origin
    return a


def main():
    folder = sys.argv[1]
    rng = np.random.default_rng(7)
    shape = (4, 3, 5)
    oblique = affine(rotation(math.radians(18.5), math.radians(10)), [0.5, 0.75, 4.0], [-120.5, 80.25, -30.0])
    axial = affine(np.diag([-1.0, 1.0, 1.0]), [0.45, 0.45, 1.25], [110.0, -95.0, -60.0])
    cases = []

    def save(name, image):
        path = os.path.join(folder, name)
        nib.save(image, path)
        loaded = nib.load(path)
        cases.append({
            "file": name,
            "affine": loaded.affine.tolist(),
            "dtype": loaded.get_data_dtype().str,
            "sform_code": int(loaded.header["sform_code"]),
            "qform_code": int(loaded.header["qform_code"]),
            "values": loaded.get_fdata(dtype=np.float64).flatten(order="F").tolist(),
        })

    hu = rng.integers(-1024, 2000, size=shape).astype(np.int16)
    save("oblique_int16.nii.gz", nib.Nifti1Image(hu, oblique))

    qform_only = nib.Nifti1Image(rng.normal(size=shape).astype(np.float32), None)
    qform_only.set_qform(affine(rotation(math.radians(-12), math.radians(30)), [0.9, 1.1, 2.5], [10.0, -20.0, 30.0], flip_z=True), code=1)
    qform_only.set_sform(None, code=0)
    save("qform_only_left_handed_float32.nii", qform_only)

    both = nib.Nifti1Image(hu, axial)
    both.set_qform(oblique, code=1)
    both.set_sform(axial, code=1)
    save("sform_wins_over_qform.nii", both)

    scaled = nib.Nifti1Image(hu.astype(np.float64) * 0.5 - 100.25, axial)
    scaled.set_data_dtype(np.int16)
    save("scaled_int16.nii.gz", scaled)

    mask = (rng.random(shape) < 0.4).astype(np.uint8)
    save("mask_uint8.nii.gz", nib.Nifti1Image(mask, oblique))
    save("int32.nii", nib.Nifti1Image(rng.integers(-100000, 100000, size=shape).astype(np.int32), axial))
    save("uint16.nii", nib.Nifti1Image(rng.integers(0, 65535, size=shape).astype(np.uint16), axial))
    save("float64.nii.gz", nib.Nifti1Image(rng.normal(size=shape) * 1000, axial))
    save("int8.nii", nib.Nifti1Image(rng.integers(-128, 127, size=shape).astype(np.int8), axial))

    big = nib.Nifti1Image(hu.astype(">i2"), oblique, nib.Nifti1Header(endianness=">"))
    big.set_data_dtype(">i2")
    save("big_endian_int16.nii", big)
    big_float = nib.Nifti1Image(rng.normal(size=shape).astype(">f4"), oblique, nib.Nifti1Header(endianness=">"))
    big_float.set_data_dtype(">f4")
    save("big_endian_float32.nii.gz", big_float)

    json.dump(cases, sys.stdout)


if __name__ == "__main__":
    main()
