"""Independent check of the DICOM writer: pydicom reads the original and the rewritten file and compares every
data element (tag, VR where the original was explicit, value), recursing into sequences. Group length elements
and the file meta group are excluded (the writer rebuilds the meta group and omits retired group lengths).
Any warning pydicom raises while reading the rewritten file is reported.

usage: /usr/bin/python3 compare_datasets.py ORIGINAL REWRITTEN
prints 'same' and exits 0, or prints the differences and exits 1.
"""
import sys
import warnings

import pydicom
from pydicom.dataset import Dataset


def elements(ds: Dataset):
    return {el.tag: el for el in ds if el.tag.element != 0 and el.tag.group != 2}


SWAP_UNITS = {"OW": 2, "US": 2, "SS": 2, "AT": 2, "UL": 4, "SL": 4, "FL": 4, "OF": 4, "OL": 4, "FD": 8, "OD": 8}


def as_little_endian(value: bytes, vr: str, tag, root: Dataset) -> bytes:
    """The writer always writes little endian: swap a big endian original's binary value the same way."""
    unit = SWAP_UNITS.get(vr, 1)
    if tag == 0x7FE00010 and vr == "OW":
        unit = {32: 4, 64: 8}.get(int(root.get("BitsAllocated", 16)), 2)
    if unit == 1:
        return value
    whole = len(value) - len(value) % unit
    swapped = b"".join(value[i:i + unit][::-1] for i in range(0, whole, unit))
    return swapped + value[whole:]


def compare(a: Dataset, b: Dataset, path: str, problems: list) -> None:
    ea, eb = elements(a), elements(b)
    for tag in sorted(set(ea) | set(eb)):
        where = f"{path}{tag}"
        if tag not in eb:
            problems.append(f"{where} missing after rewrite")
            continue
        if tag not in ea:
            problems.append(f"{where} added by rewrite")
            continue
        x, y = ea[tag], eb[tag]
        if x.VR == "SQ" or y.VR == "SQ":
            if x.VR != y.VR:
                problems.append(f"{where} VR {x.VR} became {y.VR}")
                continue
            if len(x.value) != len(y.value):
                problems.append(f"{where} has {len(x.value)} items, then {len(y.value)}")
                continue
            for i, (ia, ib) in enumerate(zip(x.value, y.value)):
                compare(ia, ib, f"{where}[{i}].", problems)
            continue
        # Encapsulated pixel data is OB by definition (PS3.5 A.4); some writers label it OW.
        encapsulated_ob = tag == 0x7FE00010 and x.is_undefined_length and y.VR == "OB"
        if x.VR != y.VR and "UN" not in (x.VR, y.VR) and not encapsulated_ob:
            problems.append(f"{where} VR {x.VR} became {y.VR}")
        vx, vy = x.value, y.value
        if isinstance(vx, bytes) and not a.is_little_endian and a.is_little_endian is not None:
            vx = as_little_endian(vx, x.VR, tag, a)
        if isinstance(vx, bytes) and isinstance(vy, bytes):
            # Odd-length values gain one padding byte.
            if vx != vy and not (len(vy) == len(vx) + 1 and vy[:-1] == vx):
                problems.append(f"{where} bytes differ ({len(vx)} vs {len(vy)})")
        elif vx != vy:
            problems.append(f"{where} value differs")


def main() -> int:
    original = pydicom.dcmread(sys.argv[1], force=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rewritten = pydicom.dcmread(sys.argv[2])
        for el in rewritten.iterall():
            _ = el.value
    problems = [f"warning: {w.message}" for w in caught]
    compare(original, rewritten, "", problems)
    if rewritten.file_meta.TransferSyntaxUID != (original.file_meta.get("TransferSyntaxUID") if hasattr(original, "file_meta") else None):
        if rewritten.file_meta.TransferSyntaxUID != "1.2.840.10008.1.2.1":
            problems.append(f"transfer syntax {rewritten.file_meta.TransferSyntaxUID}")
    if problems:
        print("\n".join(problems[:50]))
        return 1
    print("same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
