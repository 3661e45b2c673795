"""Independent read-back of a DICOM Segmentation written by Hem.Dicom's SegmentationWriter: pydicom parses the file
and decodes the bit-packed Pixel Data (pixel_array), and this prints what the tests compare with their inputs.

usage: /usr/bin/python3 read_segmentation.py SEG.dcm
prints one JSON object: the object's UIDs, type, size, segments (number, label, codes, algorithm, colour), the
referenced series and instances, and per frame the referenced segment number, ImagePositionPatient, the source SOP
Instance UID (null when the frame names none), the dimension index values and the indices (row * columns + column)
of the pixels that are set. Any warning pydicom raises while reading is reported and fails the run.
"""
import json
import sys
import warnings

import numpy as np
import pydicom


def code(item):
    return [item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning]


def segment(item):
    algorithm = item.SegmentationAlgorithmIdentificationSequence[0]
    return {
        "number": int(item.SegmentNumber),
        "label": item.SegmentLabel,
        "category": code(item.SegmentedPropertyCategoryCodeSequence[0]),
        "type": code(item.SegmentedPropertyTypeCodeSequence[0]),
        "algorithmType": item.SegmentAlgorithmType,
        "algorithmName": item.SegmentAlgorithmName,
        "algorithm": [algorithm.AlgorithmName, algorithm.AlgorithmVersion, code(algorithm.AlgorithmFamilyCodeSequence[0])],
        "cielab": [int(v) for v in item.RecommendedDisplayCIELabValue],
    }


def frame(item, pixels):
    derivations = item.DerivationImageSequence
    source = derivations[0].SourceImageSequence[0] if len(derivations) > 0 else None
    return {
        "segment": int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber),
        "position": [float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient],
        "source": None if source is None else str(source.ReferencedSOPInstanceUID),
        "sourceClass": None if source is None else str(source.ReferencedSOPClassUID),
        "purpose": None if source is None else code(source.PurposeOfReferenceCodeSequence[0]),
        "derivation": None if source is None else code(derivations[0].DerivationCodeSequence[0]),
        "dimensionIndex": [int(v) for v in item.FrameContentSequence[0].DimensionIndexValues],
        "set": [int(i) for i in np.flatnonzero(pixels)],
    }


def main(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = pydicom.dcmread(path)
        pixels = ds.pixel_array
    if int(ds.NumberOfFrames) == 1:
        pixels = pixels[np.newaxis, ...]
    shared = ds.SharedFunctionalGroupsSequence[0]
    measures = shared.PixelMeasuresSequence[0]
    referenced = [
        {"series": str(s.SeriesInstanceUID), "instances": [str(i.ReferencedSOPInstanceUID) for i in s.ReferencedInstanceSequence]}
        for s in ds.get("ReferencedSeriesSequence", [])
    ]
    result = {
        "transferSyntax": str(ds.file_meta.TransferSyntaxUID),
        "sopClass": str(ds.SOPClassUID),
        "sopInstance": str(ds.SOPInstanceUID),
        "study": str(ds.StudyInstanceUID),
        "series": str(ds.SeriesInstanceUID),
        "frameOfReference": str(ds.FrameOfReferenceUID),
        "modality": ds.Modality,
        "segmentationType": ds.SegmentationType,
        "patientName": str(ds.PatientName),
        "patientId": ds.PatientID,
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "frames": int(ds.NumberOfFrames),
        "bitsAllocated": int(ds.BitsAllocated),
        "pixelSpacing": [float(v) for v in measures.PixelSpacing],
        "sliceThickness": float(measures.SliceThickness),
        "orientation": [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient],
        "dimensionPointers": [str(i.DimensionIndexPointer) for i in ds.DimensionIndexSequence],
        "segments": [segment(s) for s in ds.SegmentSequence],
        "referencedSeries": referenced,
        "perFrame": [frame(item, pixels[f]) for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence)],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
