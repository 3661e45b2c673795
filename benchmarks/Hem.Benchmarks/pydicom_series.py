"""The pydicom side of the series benchmark: read every file of a CT series, sort along the slice normal,
stack the pixels and apply rescale slope/intercept: the same work `hem dicom volume` does before writing.

usage: /usr/bin/python3 pydicom_series.py FOLDER [REPEATS]
prints one JSON line: best and median seconds, MB/s over the pixel bytes, peak traced Python allocation.
"""
import glob
import json
import os
import statistics
import sys
import time
import tracemalloc

import numpy as np
import pydicom


def load(folder: str) -> np.ndarray:
    slices = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*")))]
    row, col = np.array(slices[0].ImageOrientationPatient[:3], float), np.array(slices[0].ImageOrientationPatient[3:], float)
    normal = np.cross(row, col)
    slices.sort(key=lambda s: float(np.dot(normal, np.array(s.ImagePositionPatient, float))))
    volume = np.empty((len(slices), slices[0].Rows, slices[0].Columns), np.int16)
    for i, s in enumerate(slices):
        hu = s.pixel_array.astype(np.float32) * float(s.RescaleSlope) + float(s.RescaleIntercept)
        volume[i] = np.clip(np.rint(hu), -32768, 32767).astype(np.int16)
    return volume


def main() -> None:
    folder = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    load(folder)  # warm the page cache and imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        volume = load(folder)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    load(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pixel_bytes = volume.size * 2
    print(json.dumps({
        "tool": f"pydicom {pydicom.__version__}, numpy {np.__version__}",
        "slices": int(volume.shape[0]),
        "pixelBytes": pixel_bytes,
        "bestSeconds": min(times),
        "medianSeconds": statistics.median(times),
        "mbPerSecondMedian": pixel_bytes / 1e6 / statistics.median(times),
        "peakTracedBytes": peak,
    }))


if __name__ == "__main__":
    main()
