"""Independent JPEG 2000 decode for the codec tests: pydicom 2.3 with its Pillow (OpenJPEG) handler only, so the
result owes nothing to GDCM, which the library runs. Writes every stored value as int32 little endian in frame,
row, column, sample order, the layout of the library's decoders.

usage: /usr/bin/python3 decode_with_pillow.py INPUT.dcm OUTPUT.raw
"""
import sys

import numpy
import pydicom
from pydicom.pixel_data_handlers import pillow_handler

pydicom.config.pixel_data_handlers = [pillow_handler]
dataset = pydicom.dcmread(sys.argv[1])
pixels = dataset.pixel_array.astype("<i4")
pixels.tofile(sys.argv[2])
print(dataset.get("PhotometricInterpretation"), pixels.shape, int(pixels.min()), int(pixels.max()))
