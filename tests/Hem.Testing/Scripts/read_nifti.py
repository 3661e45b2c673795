#!/usr/bin/python3
"""Reads a NIfTI file with nibabel and prints what the tests compare, as JSON on stdout.

    /usr/bin/python3 read_nifti.py FILE [--values]

Prints shape, dtype, the sform and qform (RAS, as nibabel computes them from the header), their codes, the
units, pixdim, the offset the voxels were read from, the SHA-256 of the voxel bytes in x-fastest (Fortran) order, little endian, and with
--values every voxel in that order.
"""
import hashlib
import json
import sys

import nibabel as nib
import numpy as np


def main():
    image = nib.load(sys.argv[1])
    header = image.header
    data = np.asanyarray(image.dataobj)
    raw = np.asfortranarray(data).astype(data.dtype.newbyteorder("<"), copy=False).tobytes(order="F")
    result = {
        "shape": list(data.shape),
        "dtype": str(data.dtype),
        "sform": image.get_sform().tolist(),
        "qform": image.get_qform().tolist(),
        "sform_code": int(header["sform_code"]),
        "qform_code": int(header["qform_code"]),
        "units": list(header.get_xyzt_units()),
        "pixdim": [float(v) for v in header["pixdim"]],
        "vox_offset": float(image.dataobj.offset),
        "magic": header["magic"].tobytes().decode("ascii").rstrip("\x00"),
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    if "--values" in sys.argv[2:]:
        result["values"] = data.flatten(order="F").tolist()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
