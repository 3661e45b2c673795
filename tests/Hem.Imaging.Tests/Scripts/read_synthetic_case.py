#!/usr/bin/python3
"""Reads a synthetic case folder written by `hem synth` with nibabel and pydicom, independently of HemFunctions,
and prints what the tests compare, as JSON on stdout.

    /usr/bin/python3 read_synthetic_case.py CASE_FOLDER

For each NIfTI file: shape, dtype, sform, qform, the count of non-zero voxels, the distinct values (masks and
labels only) and the SHA-256 of the voxels (x fastest, little endian). For each DICOM series folder: the slices
sorted along the normal with their ImagePositionPatient, the common PixelSpacing, SliceThickness, Rows, Columns,
orientation, rescale, Modality, ImageType, SOP class, the UIDs and identity attributes, and the SHA-256 of the HU
volume (pixel_array x slope + intercept, int16, x fastest) for comparison with the NIfTI CT.
"""
import glob
import hashlib
import json
import os
import sys

import nibabel as nib
import numpy as np
import pydicom


def read_nifti(path):
    image = nib.load(path)
    data = np.asanyarray(image.dataobj)
    raw = np.asfortranarray(data).astype(data.dtype.newbyteorder("<"), copy=False).tobytes(order="F")
    result = {
        "shape": list(data.shape),
        "dtype": str(data.dtype),
        "sform": image.get_sform().tolist(),
        "qform": image.get_qform().tolist(),
        "nonzero": int(np.count_nonzero(data)),
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    if data.dtype == np.uint8:
        result["values"] = [int(v) for v in np.unique(data)]
    return result


def read_series(folder):
    datasets = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*.dcm")))]
    first = datasets[0]
    orientation = np.array([float(v) for v in first.ImageOrientationPatient])
    normal = np.cross(orientation[:3], orientation[3:])
    datasets.sort(key=lambda d: float(np.dot(normal, [float(v) for v in d.ImagePositionPatient])))
    hu = np.stack([d.pixel_array.astype(np.int32) * int(float(d.RescaleSlope)) + int(float(d.RescaleIntercept)) for d in datasets], axis=-1)
    # pixel_array is (rows, columns) = (y, x): make it x, y, z and hash x fastest.
    volume = np.transpose(hu, (1, 0, 2)).astype("<i2")
    return {
        "count": len(datasets),
        "positions": [[float(v) for v in d.ImagePositionPatient] for d in datasets],
        "orientation": orientation.tolist(),
        "pixelSpacing": sorted({tuple(float(v) for v in d.PixelSpacing) for d in datasets}),
        "sliceThickness": sorted({float(d.SliceThickness) for d in datasets}),
        "rows": sorted({int(d.Rows) for d in datasets}),
        "columns": sorted({int(d.Columns) for d in datasets}),
        "rescale": sorted({(float(d.RescaleSlope), float(d.RescaleIntercept)) for d in datasets}),
        "modality": sorted({d.Modality for d in datasets}),
        "imageType": sorted({"\\".join(d.ImageType) for d in datasets}),
        "sopClass": sorted({str(d.SOPClassUID) for d in datasets}),
        "studyUid": sorted({str(d.StudyInstanceUID) for d in datasets}),
        "seriesUid": sorted({str(d.SeriesInstanceUID) for d in datasets}),
        "frameOfReferenceUid": sorted({str(d.FrameOfReferenceUID) for d in datasets}),
        "sopInstanceUids": len({str(d.SOPInstanceUID) for d in datasets}),
        "patientName": sorted({str(d.PatientName) for d in datasets}),
        "patientId": sorted({str(d.PatientID) for d in datasets}),
        "studyDate": sorted({str(d.StudyDate) for d in datasets}),
        "accession": sorted({str(d.AccessionNumber) for d in datasets}),
        "institution": sorted({str(d.InstitutionName) for d in datasets}),
        "hasContrastAgent": any("ContrastBolusAgent" in d for d in datasets),
        "huSha256": hashlib.sha256(volume.tobytes(order="F")).hexdigest(),
        "huMin": int(volume.min()),
        "huMax": int(volume.max()),
    }


def main():
    folder = sys.argv[1]
    result = {"nifti": {}, "dicom": {}}
    for path in sorted(glob.glob(os.path.join(folder, "*.nii.gz"))):
        result["nifti"][os.path.basename(path)] = read_nifti(path)
    for name in ("baseline", "followup"):
        if os.path.isdir(os.path.join(folder, name)):
            result["dicom"][name] = read_series(os.path.join(folder, name))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
