#!/usr/bin/python3
"""Reads hem analyze's prediction.seg.dcm with pydicom and compares its frames with the NIfTI masks (nibabel).

    /usr/bin/python3 seg_matches_nifti.py OUT

Each frame is placed by its ImagePositionPatient (LPS) on ct.nii.gz's grid (RAS affine) and compared with the slice
of baseline.mask.nii.gz (segment 1) or prediction.mask.nii.gz (segment 2). Prints JSON: frames, mismatching voxels,
non-empty NIfTI slices without a frame, the segment labels, the SOP class and the referenced series UID.
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
import pydicom


def main():
    out = sys.argv[1]
    seg = pydicom.dcmread(os.path.join(out, "prediction.seg.dcm"))
    ct = nib.load(os.path.join(out, "ct.nii.gz"))
    inverse = np.linalg.inv(ct.affine)
    masks = {1: np.asanyarray(nib.load(os.path.join(out, "baseline.mask.nii.gz")).dataobj) > 0,
             2: np.asanyarray(nib.load(os.path.join(out, "prediction.mask.nii.gz")).dataobj) > 0}
    pixels = seg.pixel_array
    if pixels.ndim == 2:
        pixels = pixels[np.newaxis]
    covered = set()
    mismatches = 0
    for index, frame in enumerate(seg.PerFrameFunctionalGroupsSequence):
        segment = int(frame.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        lps = [float(v) for v in frame.PlanePositionSequence[0].ImagePositionPatient]
        ijk = inverse @ np.array([-lps[0], -lps[1], lps[2], 1.0])
        i, j, k = (int(round(v)) for v in ijk[:3])
        if abs(ijk[0] - i) > 1e-3 or abs(ijk[1] - j) > 1e-3 or abs(ijk[2] - k) > 1e-3 or (i, j) != (0, 0):
            mismatches += 10 ** 9
            continue
        covered.add((segment, k))
        # frame[row, column] is voxel (x = column, y = row).
        mismatches += int((masks[segment][:, :, k] != (pixels[index].T > 0)).sum())
    missing = [(s, int(k)) for s, m in masks.items() for k in range(m.shape[2]) if m[:, :, k].any() and (s, k) not in covered]
    json.dump({
        "frames": int(pixels.shape[0]),
        "mismatches": mismatches,
        "missing": missing,
        "labels": [str(s.SegmentLabel) for s in seg.SegmentSequence],
        "sopClass": str(seg.SOPClassUID),
        "referencedSeries": str(seg.ReferencedSeriesSequence[0].SeriesInstanceUID),
    }, sys.stdout)


if __name__ == "__main__":
    main()
