#!/usr/bin/python3
"""Build the expected-pixel table for every DICOM fixture from independent tools.

Usage (from the repository root, with Debian's interpreter, which has pydicom 2.3.1 and numpy):

    /usr/bin/python3 tests/Hem.Dicom.Tests/Expected/make_expected.py [FIXTURES_DIR]

FIXTURES_DIR defaults to ../shared/fixtures/dicom. Writes tests/Hem.Dicom.Tests/Expected/fixtures-expected.tsv
(see README.md beside this script for the columns and the method). Nothing is written into the fixtures
folder: decompressed copies go to a temporary folder that is removed at the end.

Each file is handled in its own subprocess with a timeout, because some fixtures crash or hang parsers
(quirks/orthanc_Deeply_Nested_Sequence_100000.dcm makes pydicom raise RecursionError and DCMTK segfault).
"""

import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_TSV = os.path.join(HERE, "fixtures-expected.tsv")
PYTHON = "/usr/bin/python3"
WORKER_TIMEOUT_S = 600
TOOL_TIMEOUT_S = 300

DICOM_FOLDERS = ("big", "corrupt", "ct", "ct_series", "ct_series_extra", "multiframe", "quirks", "seg", "ts")
SKIP_SUFFIXES = (".nrrd", ".md", ".tsv")

COLUMNS = ["path", "outcome", "reference", "lossy", "transferSyntaxUid", "sopClassUid", "modality", "rows",
           "columns", "frames", "samplesPerPixel", "bitsAllocated", "bitsStored", "pixelRepresentation",
           "photometricInterpretation", "planarConfiguration", "count", "min", "max", "mean", "sha256",
           "sibling", "note"]

TS_IMPLICIT_LE = "1.2.840.10008.1.2"
TS_EXPLICIT_LE = "1.2.840.10008.1.2.1"
TS_DEFLATED_LE = "1.2.840.10008.1.2.1.99"
TS_EXPLICIT_BE = "1.2.840.10008.1.2.2"
TS_RLE = "1.2.840.10008.1.2.5"
NATIVE_TS = {TS_IMPLICIT_LE, TS_EXPLICIT_LE, TS_DEFLATED_LE, TS_EXPLICIT_BE}
# JPEG processes 1-14 (baseline, extended, lossless; the retired ones too) decode with dcmdjpeg.
JPEG_TS = {f"1.2.840.10008.1.2.4.{n}" for n in range(50, 66)} | {"1.2.840.10008.1.2.4.70"}
JPEG_LS_TS = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"}
J2K_TS = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93"}
HTJ2K_TS = {"1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"}
DEFLATED_IMAGE_FRAME_TS = "1.2.840.10008.1.2.8.1"
# Lossy by transfer syntax: JPEG lossy processes, JPEG-LS near-lossless, JPEG 2000 / HTJ2K that allow
# irreversible coding, MPEG/HEVC video.
LOSSY_TS = ({f"1.2.840.10008.1.2.4.{n}" for n in (50, 51, 52, 53, 54, 55, 56, 59, 60, 61, 62, 63, 64, 81, 91, 93, 203)}
            | {f"1.2.840.10008.1.2.4.{n}" for n in range(100, 109)})

# An uncompressed (or reference) fixture holding the same image, from MANIFEST.tsv / README.md.
CT1 = "ct/CT1_UNC.explicit_little_endian.dcm"
CT0012 = "multiframe/CT0012.explicit_little_endian.dcm"
MR_SMALL = "ts/pydicom_MR_small.dcm"
LIVER_SEG = "seg/dcmqi_liver_seg.dcm"
SIBLINGS = {
    "ct/CT1_UNC.implicit_little_endian.dcm": CT1,
    "ct/CT1_UNC.explicit_big_endian.dcm": CT1,
    "ct/CT1_RLE_FRAGS.dcm": CT1,
    "ct/CT1_JLS_fragmented_bot.dcm": CT1,
    "ct/CT1_JLS_single_fragment_no_bot.dcm": CT1,
    "ct/CT1_J2KI.dcm": CT1,
    "quirks/fodicom_GH177_D_CLUNIE_CT1_IVRLE_BigEndian_ELE_undefinded_length.dcm": CT1,
    "quirks/fodicom_GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm": CT1,
    "ct/pydicom_no_meta_CT_small.dcm": "ct/pydicom_CT_small.dcm",
    "multiframe/CT0012.not_fragmented_bot_rle.dcm": CT0012,
    "multiframe/CT0012.not_fragmented_no_bot_rle.dcm": CT0012,
    "multiframe/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm": CT0012,
    "multiframe/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm": CT0012,
    "multiframe/CT0012.fragmented_no_bot_jpeg_ls.80.dcm": CT0012,
    "multiframe/CT0012.not_fragmented_bot_jpeg_ls.80.dcm": CT0012,
    "multiframe/CT0012.fragmented_no_bot_jpeg_ls.81.dcm": CT0012,
    "multiframe/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm": CT0012,
    "multiframe/pydicom_rtdose_expb.dcm": "multiframe/pydicom_rtdose.dcm",
    "ts/pydicom_MR_small_implicit.dcm": MR_SMALL,
    "ts/pydicom_MR_small_bigendian.dcm": MR_SMALL,
    "ts/pydicom_MR_small_RLE.dcm": MR_SMALL,
    "ts/pydicom_MR_small_jp2klossless.dcm": MR_SMALL,
    "ts/pydicom_MR_small_jpeg_ls_lossless.dcm": MR_SMALL,
    "ts/pydicom_MR_small_padded.dcm": MR_SMALL,
    "ts/pydicom_SC_rgb_small_odd_big_endian.dcm": "ts/pydicom_SC_rgb_small_odd.dcm",
    "seg/pydicom_liver_expb_seg.dcm": LIVER_SEG,
    "seg/pydicom_liver_rle_seg.dcm": LIVER_SEG,
    "seg/pydicom_liver_deflate_seg.dcm": LIVER_SEG,
}
# Multi-frame objects whose frames are the single-frame images of the same folder, in this order.
FRAME_SOURCES = {
    "ct_series/dcmqi_23x38x3/mf_legacy_converted_enhanced_ct.dcm":
        [f"ct_series/dcmqi_23x38x3/IMG000{i}.dcm" for i in (1, 2, 3)],
    "ct_series/dcmqi_24x38x3/mf_legacy_converted_enhanced_ct.dcm":
        [f"ct_series/dcmqi_24x38x3/IMG000{i}.dcm" for i in (1, 2, 3)],
}

# sha256 of pixels recovered from a damaged file, for the driver to match against other fixtures.
RECOVERED = [None]

# Second opinions that matched the reference decode, for the current worker process.
AGREEMENTS = []

# Facts from MANIFEST.tsv that explain an expected difference.
EXTRA_NOTES = {
    "multiframe/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm":
        "MANIFEST: the 12-bit lossy encoder remapped the 16-bit range (values offset ~+1014, corr 0.99999), so it cannot equal its sibling",
    "multiframe/pydicom_rtdose_expb.dcm":
        "32-bit pixels in OW read as 32-bit big-endian values (equals sibling); DCMTK swaps 16-bit OW words instead (MANIFEST: ambiguous encoding)",
    "ts/pydicom_SC_rgb_small_odd_big_endian.dcm":
        "pydicom 2.3.1 does not swap 8-bit OW in Big Endian (known difference); DCMTK does and matches the sibling",
    "ts/pydicom_SC_rgb_rle_16bit.dcm":
        "dcmdrle and pydicom's RLE decoder agree (R=65535 in row 0); GDCM 3.0.21 mis-orders the 16-bit RLE segments",
    "ct/orthanc_GuillemVela_ct_jpeg_lossless_1024.dcm":
        "all pixels are 0 in both DCMTK and GDCM decodes (stream is ~1 bit/pixel, consistent with a blank image)",
}

DCMTK_TS_NAMES = {
    "Little Endian Implicit": TS_IMPLICIT_LE,
    "Little Endian Explicit": TS_EXPLICIT_LE,
    "Big Endian Explicit": TS_EXPLICIT_BE,
}


# ---------------------------------------------------------------------------------------------------
# Helpers shared by the worker and the driver
# ---------------------------------------------------------------------------------------------------

# The file a worker handles, so tool messages can quote it by its relative path.
SOURCE_PATH = [""]
SOURCE_REL = [""]
SOURCE_DIR = [""]


def run_tool(args, timeout=TOOL_TIMEOUT_S):
    """Runs a command; returns (rc, combined output). A timeout or crash is an rc, never an exception."""
    try:
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        text = p.stdout.decode("utf-8", "replace")
        # Tool messages quote file paths; keep the table independent of where the fixtures live.
        if SOURCE_PATH[0]:
            text = text.replace(SOURCE_PATH[0], SOURCE_REL[0]).replace(SOURCE_DIR[0] + "/", "")
        return p.returncode, text
    except subprocess.TimeoutExpired:
        return "timeout", ""


def first_error_line(text):
    for line in text.splitlines():
        if line.startswith(("E:", "F:")):
            return line[2:].strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def short(text, limit=160):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_meta_raw(path):
    """Reads the file meta group that follows the preamble, honouring (0002,0000) group length.

    Returns None without 'DICM' at byte 128. Own parser, because pydicom 2.3.1 keeps reading group 0002
    past the group length and takes the transfer syntax of a second meta group (quirks/fodicom_GH1376.dcm).
    """
    with open(path, "rb") as f:
        data = f.read(1 << 16)
    if len(data) < 132 or data[128:132] != b"DICM":
        return None
    long_vrs = {b"OB", b"OW", b"OF", b"OD", b"OL", b"OV", b"SQ", b"UT", b"UN", b"UC", b"UR", b"SV", b"UV"}
    pos, end, meta = 132, None, {}
    while pos + 8 <= len(data) and (end is None or pos < end):
        group, elem = struct.unpack_from("<HH", data, pos)
        if group != 2:
            break
        vr = data[pos + 4:pos + 6]
        if vr in long_vrs:
            length = struct.unpack_from("<I", data, pos + 8)[0]
            vpos = pos + 12
        else:
            length = struct.unpack_from("<H", data, pos + 6)[0]
            vpos = pos + 8
        value = data[vpos:vpos + length]
        if elem == 0 and len(value) == 4:
            end = vpos + length + struct.unpack("<I", value)[0]
        meta[elem] = value
        pos = vpos + length
    return {k: v.rstrip(b"\0 ").decode("ascii", "replace") if k in (0x0002, 0x0003, 0x0010, 0x0012) else v
            for k, v in meta.items()}


def dcmdump_info(path):
    """Structural check with DCMTK: rc, first error, and the transfer syntax DCMTK used for the data set."""
    rc, out = run_tool(["dcmdump", path], timeout=120)
    used = None
    in_dataset = False
    for line in out.splitlines()[:400]:
        if line.startswith("# Dicom-Data-Set"):
            in_dataset = True
        elif in_dataset and line.startswith("# Used TransferSyntax:"):
            used = line.split(":", 1)[1].strip()
            break
    return rc, first_error_line(out) if rc != 0 else "", used


# ---------------------------------------------------------------------------------------------------
# Worker: one file, in its own process
# ---------------------------------------------------------------------------------------------------

def as_int(value):
    if value is None or value == "":
        return None
    return int(value)


def stored_values(np, raw, ba, bs, pr, rows, cols, frames, spp, pc, big_endian, vr):
    """Stored values (low BitsStored bits, sign-extended if PixelRepresentation 1) from native pixel bytes,
    in frame, row, column, sample order. Returns (values int64 1-D, facts list)."""
    facts = []
    n = rows * cols * frames * spp
    if ba == 1:
        need = (n + 7) // 8
    elif ba in (8, 16, 32):
        need = n * (ba // 8)
    else:
        raise ValueError(f"BitsAllocated {ba} not handled")
    if len(raw) < need:
        raise ValueError(f"PixelData has {len(raw)} bytes, {need} needed for {frames}x{rows}x{cols}x{spp} at {ba} bits")
    if len(raw) > need + 1:
        facts.append(f"PixelData has {len(raw) - need} excess bytes (ignored)")
    buf = bytes(raw)
    if big_endian and vr == "OW" and ba in (1, 8):
        # OW in Big Endian is byte-swapped per 16-bit word even when pixels are bytes (PS3.5 7.3, Annex D).
        if len(buf) % 2:
            buf += b"\0"
        a = np.frombuffer(buf, dtype=np.uint8).reshape(-1, 2)[:, ::-1]
        buf = a.tobytes()
        facts.append("8-bit OW in Big Endian: 16-bit words swapped")
    if ba == 1:
        bits = np.unpackbits(np.frombuffer(buf[:need], dtype=np.uint8), bitorder="little")[:n]
        container = bits.astype(np.int64)
    else:
        width = ba // 8
        dtype = np.dtype(f"{'>' if big_endian and width > 1 else '<'}u{width}")
        container = np.frombuffer(buf[:need], dtype=dtype).astype(np.int64)
    values = normalise(np, container, bs, pr)
    high = int(np.count_nonzero(container & ~((1 << bs) - 1) & ((1 << max(ba, 1)) - 1)))
    if high:
        facts.append(f"{high} values have bits above BitsStored set (masked off)")
    values = to_interleaved(np, values, frames, rows, cols, spp, pc)
    return values, facts


def normalise(np, values, bs, pr):
    values = values.astype(np.int64) & ((1 << bs) - 1)
    if pr == 1:
        sign = 1 << (bs - 1)
        values = np.where(values & sign, values - (1 << bs), values)
    return values


def to_interleaved(np, values, frames, rows, cols, spp, pc):
    if spp > 1 and pc == 1:
        return values.reshape(frames, spp, rows, cols).transpose(0, 2, 3, 1).reshape(-1)
    return values.reshape(-1)


def pixel_facts(ds):
    return {
        "rows": as_int(ds.get("Rows")),
        "columns": as_int(ds.get("Columns")),
        "samplesPerPixel": as_int(ds.get("SamplesPerPixel")),
        "bitsAllocated": as_int(ds.get("BitsAllocated")),
        "bitsStored": as_int(ds.get("BitsStored")),
        "pixelRepresentation": as_int(ds.get("PixelRepresentation")),
        "photometricInterpretation": str(ds.get("PhotometricInterpretation")) if ds.get("PhotometricInterpretation") is not None else None,
        "planarConfiguration": as_int(ds.get("PlanarConfiguration")),
    }


def decoded_from_native_file(np, pydicom, path, hdr, frames):
    """Reads a native (uncompressed) file written by a tool and returns stored values using the ORIGINAL
    header's BitsStored and PixelRepresentation (decoders may widen them)."""
    ds2 = pydicom.dcmread(path, force=True)
    facts = []
    if "PixelData" not in ds2:
        raise ValueError("tool output has no PixelData")
    rows2, cols2 = int(ds2.Rows), int(ds2.Columns)
    spp2 = int(ds2.get("SamplesPerPixel", 1))
    frames2 = int(ds2.get("NumberOfFrames", 1) or 1)
    if (rows2, cols2, spp2, frames2) != (hdr["rows"], hdr["columns"], hdr["samplesPerPixel"], frames):
        raise ValueError(f"tool output geometry {frames2}x{rows2}x{cols2}x{spp2} differs from header")
    ba2 = int(ds2.BitsAllocated)
    bs2 = int(ds2.get("BitsStored", ba2))
    pr2 = int(ds2.get("PixelRepresentation", 0))
    if (bs2, pr2) != (hdr["bitsStored"], hdr["pixelRepresentation"]):
        facts.append(f"tool output says BitsStored {bs2}/PixelRepresentation {pr2}, header {hdr['bitsStored']}/{hdr['pixelRepresentation']} used")
    pc2 = int(ds2.get("PlanarConfiguration", 0) or 0)
    vr = ds2["PixelData"].VR
    vr = vr if isinstance(vr, str) else str(vr)
    # Decoded samples may carry more precision than BitsStored, or be zero- rather than sign-extended:
    # count the values that masking and sign extension to the header's BitsStored change.
    pr = hdr["pixelRepresentation"]
    wide, _ = stored_values(np, ds2.PixelData, ba2, ba2, pr, rows2, cols2, frames2, spp2, pc2,
                            not ds2.is_little_endian, vr)
    values, f2 = stored_values(np, ds2.PixelData, ba2, hdr["bitsStored"], pr, rows2, cols2,
                               frames2, spp2, pc2, not ds2.is_little_endian, vr)
    changed = int(np.count_nonzero(wide != values))
    if changed:
        facts.append(f"{changed} decoded values not within BitsStored {hdr['bitsStored']} as {'signed' if pr else 'unsigned'} (masked/sign-extended)")
    facts += [f for f in f2 if "bits above BitsStored" not in f]
    ds2_pi = ds2.get("PhotometricInterpretation")
    if ds2_pi is not None and hdr["photometricInterpretation"] is not None and str(ds2_pi) != hdr["photometricInterpretation"]:
        facts.append(f"decoder output labelled {ds2_pi}")
    return values, facts


def compare(np, a, b):
    if a is None or b is None:
        return "n/a"
    if a.shape != b.shape:
        return f"shape {a.shape[0]} vs {b.shape[0]} values"
    if np.array_equal(a, b):
        return "equal"
    d = np.abs(a - b)
    return f"max|diff| {int(d.max())}, mean|diff| {float(d.mean()):.3f}, {int(np.count_nonzero(d))} values differ"


def packbits_rle_frames(np, fragments_by_frame):
    """DICOM RLE (PS3.5 Annex G) decode of single-segment frames; used only to explain the 1-bit RLE SEG."""
    out = []
    for frame in fragments_by_frame:
        nseg = struct.unpack_from("<I", frame, 0)[0]
        offsets = list(struct.unpack_from("<15I", frame, 4))[:nseg] + [len(frame)]
        data = bytearray()
        for s in range(nseg):
            seg = frame[offsets[s]:offsets[s + 1]]
            i = 0
            while i < len(seg):
                c = seg[i]
                i += 1
                if c < 128:
                    data += seg[i:i + c + 1]
                    i += c + 1
                elif c > 128:
                    data += bytes([seg[i]]) * (257 - c)
                    i += 1
        out.append(bytes(data))
    return out


def worker(path, rel, tmp):
    SOURCE_PATH[0] = path
    SOURCE_REL[0] = rel
    SOURCE_DIR[0] = tmp
    warnings.simplefilter("ignore")
    import numpy as np
    import pydicom
    from pydicom.encaps import generate_pixel_data_frame

    row = {c: None for c in COLUMNS}
    row["path"] = rel
    notes = []
    disagreements = []
    alt_arrays = {}

    meta = read_meta_raw(path)
    dump_rc, dump_err, dump_ts = dcmdump_info(path)
    structure_broken = dump_rc != 0
    if structure_broken:
        why = f"signal {-dump_rc}" if isinstance(dump_rc, int) and dump_rc < 0 else f"rc={dump_rc}"
        notes.append(f"dcmdump {why}" + (f": {short(dump_err, 100)}" if dump_err else ""))

    ts_meta = meta.get(0x0010) if meta else None
    if meta is not None and ts_meta:
        row["transferSyntaxUid"] = ts_meta
    row["sopClassUid"] = meta.get(0x0002) if meta and meta.get(0x0002) else None

    try:
        ds = pydicom.dcmread(path, force=True)
        pydicom_error = None
    except BaseException as e:  # RecursionError, struct errors, EOF: all mean "pydicom cannot parse"
        ds = None
        pydicom_error = f"{type(e).__name__}: {short(e, 100)}"

    tool_parsed = None
    if ds is None:
        notes.append(f"pydicom parse fails ({pydicom_error})")
        if not structure_broken:
            # DCMTK parses it: let dcmconv rewrite it as Explicit VR LE and read that.
            conv = os.path.join(tmp, "dcmconv.dcm")
            rc, out = run_tool(["dcmconv", "+te", path, conv])
            if rc == 0:
                ds = pydicom.dcmread(conv, force=True)
                tool_parsed = "dcmconv"
            else:
                notes.append(f"dcmconv fails: {short(first_error_line(out), 80)}")
        if ds is None:
            row["outcome"] = "error"
            row["reference"] = "-"
            return finish(row, notes, disagreements, alt_arrays, None)

    if not row["transferSyntaxUid"]:
        if ds.is_little_endian is None:
            sniffed = None
        else:
            sniffed = TS_IMPLICIT_LE if ds.is_implicit_VR else (TS_EXPLICIT_LE if ds.is_little_endian else TS_EXPLICIT_BE)
        row["transferSyntaxUid"] = sniffed
        what = "no file meta" if meta is None else "file meta lacks (0002,0010)"
        if sniffed:
            ds.file_meta.TransferSyntaxUID = sniffed
        if structure_broken:
            notes.append(f"{what}: TS sniffed by pydicom")
        elif dump_ts is not None and DCMTK_TS_NAMES.get(dump_ts) != sniffed:
            disagreements.append(f"TS sniffing: pydicom {sniffed}, dcmdump '{dump_ts}'")
            notes.append(f"{what}; pydicom sniffs {sniffed}, DCMTK '{dump_ts}'")
        else:
            notes.append(f"{what}: TS sniffed (pydicom and DCMTK agree)")
    else:
        pyd_ts = ds.file_meta.get("TransferSyntaxUID") if hasattr(ds, "file_meta") else None
        if tool_parsed is None and pyd_ts and str(pyd_ts) != row["transferSyntaxUid"]:
            notes.append(f"second file meta group inside data set says {pyd_ts}; first group (by group length) says {row['transferSyntaxUid']}, pydicom 2.3.1 uses the second")
    ts = row["transferSyntaxUid"]

    sop = ds.get("SOPClassUID")
    if sop:
        row["sopClassUid"] = str(sop)
    row["modality"] = str(ds.get("Modality")) if ds.get("Modality") else None
    hdr = pixel_facts(ds)
    row.update(hdr)
    if hdr["samplesPerPixel"] is None and hdr["rows"] is not None:
        hdr["samplesPerPixel"] = 1
    try:
        nof = ds.get("NumberOfFrames")
        frames = int(nof) if nof not in (None, "") else (1 if "PixelData" in ds else None)
        row["frames"] = frames
    except (ValueError, TypeError):
        frames = None
        raw_nof = ds.get_item(0x00280008).value
        row["frames"] = raw_nof.decode("ascii", "replace").strip() if isinstance(raw_nof, bytes) else str(raw_nof)

    def error(why):
        row["outcome"] = "error"
        row["reference"] = row["reference"] or "-"
        notes.append(why)
        return finish(row, notes, disagreements, alt_arrays, None)

    # --- outright rejections (README: nothing decodes these; the reader must say "unsupported") ---
    if ts in HTJ2K_TS:
        return error(f"unsupported: HTJ2K transfer syntax {ts}")
    if ts == DEFLATED_IMAGE_FRAME_TS:
        explain_deflated_frames(np, ds, frames, alt_arrays, notes)
        return error(f"unsupported: Deflated Image Frame Compression {ts}")
    if 0x07A1100A in ds and "PixelData" not in ds:
        return error("unsupported: Elscint private compression (pixels only in private (07A1,100A), no (7FE0,0010))")
    if hdr["bitsAllocated"] == 12:
        return error("unsupported: BitsAllocated 12 (packed 12-bit pixels)")

    if "PixelData" not in ds:
        if structure_broken or rel.startswith("corrupt/") and not (dump_rc == 0 and pydicom_error is None):
            if "Sequence Delimitation Item missing" in dump_err:
                explain_missing_delimiter(np, pydicom, path, ts, hdr, ds, tmp, notes)
            return error("no PixelData reached: file structure broken")
        for tag, name in ((0x7FE00008, "Float Pixel Data (7FE0,0008)"), (0x7FE00009, "Double Float Pixel Data (7FE0,0009)")):
            if tag in ds:
                arr = ds.pixel_array.astype(np.float64).reshape(-1)
                notes.append(f"{name} only, no (7FE0,0010): not integer stored values; {arr.size} floats "
                             f"min {arr.min():.6f} max {arr.max():.6f} mean {arr.mean():.6f} (pydicom)")
        row["outcome"] = "no-pixels"
        row["reference"] = "-"
        if rel.startswith("corrupt/"):
            notes.append("in corrupt/ but pydicom and DCMTK both read it completely")
        return finish(row, notes, disagreements, alt_arrays, None)

    if structure_broken:
        return error("file structure broken (DCMTK)")
    if frames is None:
        per_frame = (hdr["rows"] or 0) * (hdr["columns"] or 0) * (hdr["samplesPerPixel"] or 1) * (hdr["bitsAllocated"] or 0) // 8
        implied = f" (PixelData {len(ds.PixelData or b'')} bytes = {len(ds.PixelData or b'') / per_frame:g} frames)" if per_frame else ""
        return error(f"NumberOfFrames '{row['frames']}' is not an integer{implied}")
    pixel_bytes = ds.PixelData or b""
    missing = [k for k in ("rows", "columns", "bitsAllocated") if not hdr[k]]
    if missing:
        return error(f"PixelData ({len(pixel_bytes)} bytes) but no {'/'.join(missing)}")
    if hdr["bitsStored"] is None:
        hdr["bitsStored"] = hdr["bitsAllocated"]
    if hdr["pixelRepresentation"] is None:
        hdr["pixelRepresentation"] = 0
    if len(pixel_bytes) == 0:
        return error("PixelData is empty (length 0)")
    high_bit = ds.get("HighBit")
    if high_bit is not None and int(high_bit) != hdr["bitsStored"] - 1:
        notes.append(f"HighBit {high_bit} is not BitsStored-1")
    spp, pc = hdr["samplesPerPixel"], hdr["planarConfiguration"] or 0
    rows, cols, ba, bs, pr = hdr["rows"], hdr["columns"], hdr["bitsAllocated"], hdr["bitsStored"], hdr["pixelRepresentation"]

    values = None
    try:
        if ts in NATIVE_TS:
            vr = ds["PixelData"].VR
            vr = vr if isinstance(vr, str) else str(vr)
            values, facts = stored_values(np, ds.PixelData, ba, bs, pr, rows, cols, frames, spp, pc, not ds.is_little_endian, vr)
            notes += facts
            row["reference"] = "dcmconv+pydicom" if tool_parsed else "pydicom"
            if tool_parsed is None:
                check_pydicom_array(np, ds, values, bs, pr, notes, disagreements, "pydicom pixel_array")
                conv = os.path.join(tmp, "dcmconv_check.dcm")
                rc, out = run_tool(["dcmconv", "+te", path, conv])
                if rc == 0:
                    try:
                        v2, _ = decoded_from_native_file(np, pydicom, conv, hdr, frames)
                        record_check(np, "dcmconv +te", values, v2, notes, disagreements)
                    except Exception as e:
                        notes.append(f"dcmconv output unreadable: {short(e, 60)}")
                else:
                    notes.append(f"dcmconv fails: {short(first_error_line(out), 60)}")
        elif ts == TS_RLE or ts in JPEG_TS or ts in JPEG_LS_TS or ts in J2K_TS:
            values = decode_compressed(np, pydicom, path, rel, ts, ds, hdr, frames, tmp, row, notes, disagreements, alt_arrays,
                                       generate_pixel_data_frame)
        else:
            return error(f"unsupported transfer syntax {ts}")
    except Exception as e:
        return error(f"decode fails: {short(e, 140)}")
    if values is None:
        row["reference"] = row["reference"] or "-"
        row["outcome"] = "error"
        return finish(row, notes, disagreements, alt_arrays, None)
    if rel.startswith("corrupt/"):
        notes.append("decodes although in corrupt/")
    pi = hdr["photometricInterpretation"] or ""
    if pi in ("YBR_RCT", "YBR_ICT"):
        notes.append(f"{pi}: JPEG 2000 decoding applies the inverse component transform, so values are RGB")
    elif pi.startswith("YBR") and ts in JPEG_TS:
        notes.append("YCbCr kept (no colour conversion)" + ("; chroma upsampled by the decoder" if pi.endswith("422") else ""))
    row["outcome"] = "decoded"
    return finish(row, notes, disagreements, alt_arrays, values)


def check_pydicom_array(np, ds, values, bs, pr, notes, disagreements, label):
    try:
        arr = ds.pixel_array
    except Exception as e:
        text = str(e)
        if isinstance(e, NotImplementedError) or "handlers are available" in text or "missing required dependencies" in text:
            notes.append(f"{label}: no handler for this TS")
        else:
            notes.append(f"{label} fails ({short(type(e).__name__ + ': ' + text, 70)})")
        return None
    v = normalise(np, np.asarray(arr).astype(np.int64).reshape(-1), bs, pr)
    record_check(np, label, values, v, notes, disagreements)
    return v


def record_check(np, label, values, other, notes, disagreements):
    result = compare(np, values, other)
    if result == "equal":
        notes.append(f"{label} agrees")
        AGREEMENTS.append(label)
    else:
        notes.append(f"{label} differs: {result}")
        disagreements.append(f"{label}: {result}")


def decode_compressed(np, pydicom, path, rel, ts, ds, hdr, frames, tmp, row, notes, disagreements, alt_arrays, gen_frames):
    out = os.path.join(tmp, "decoded.dcm")
    if ts == TS_RLE:
        primary = ("dcmdrle", ["dcmdrle", path, out])
    elif ts in JPEG_TS:
        # +cn: never convert YCbCr to RGB, so YBR images keep their decoded component values.
        primary = ("dcmdjpeg", ["dcmdjpeg", "+cn", path, out])
    elif ts in JPEG_LS_TS:
        # Not GDCM: it returns wrong pixels for the fragmented CT0012 JPEG-LS files (fixtures README).
        primary = ("dcmdjpls", ["dcmdjpls", path, out])
    else:
        primary = ("gdcmconv", ["gdcmconv", "--raw", path, out])
    name, args = primary
    rc, text = run_tool(args)
    values = None
    if rc == 0 and os.path.exists(out):
        values, facts = decoded_from_native_file(np, pydicom, out, hdr, frames)
        row["reference"] = f"{name}+pydicom"
        notes += facts
    else:
        notes.append(f"{name} fails ({short(first_error_line(text), 90)})")
        disagreements.append(f"{name} fails")
        if ts in JPEG_LS_TS:
            # Hem.Dicom decodes JPEG-LS only through DCMTK (GDCM's JPEG-LS is wrong for fragmented multi-frame
            # files), so where DCMTK fails the expected outcome is an error; what GDCM makes of it is noted.
            out2 = os.path.join(tmp, "decoded_gdcm.dcm")
            rc2, text2 = run_tool(["gdcmconv", "--raw", path, out2])
            if rc2 == 0:
                v2, _ = decoded_from_native_file(np, pydicom, out2, hdr, frames)
                notes.append(f"GDCM decodes it (unverified by a second tool): {v2.size} values [{int(v2.min())}..{int(v2.max())}] "
                             f"sha256 {hashlib.sha256(v2.astype('<i4').tobytes()).hexdigest()}; Hem.Dicom uses only DCMTK for JPEG-LS")
        if ts == TS_RLE and hdr["bitsAllocated"] == 1:
            # No tool here decodes 1-bit RLE; the segment is the frame's packed bits, which this script decodes
            # itself (and the driver compares with the bit-packed sibling).
            values = explain_rle_1bit(np, ds, frames, alt_arrays, notes, gen_frames)
            if values is not None:
                row["reference"] = "packbits+numpy"
            return values
        return None

    # Second opinions.
    if name != "gdcmconv":
        out2 = os.path.join(tmp, "decoded_gdcm.dcm")
        rc2, text2 = run_tool(["gdcmconv", "--raw", path, out2])
        if rc2 == 0:
            try:
                v2, _ = decoded_from_native_file(np, pydicom, out2, hdr, frames)
                record_check(np, "gdcmconv --raw", values, v2, notes, disagreements)
            except Exception as e:
                notes.append(f"gdcmconv output unusable ({short(e, 60)})")
                disagreements.append("gdcmconv output unusable")
        else:
            notes.append(f"gdcmconv fails ({short(first_error_line(text2), 60)})")
            disagreements.append("gdcmconv fails")
    check_pydicom_array(np, ds, values, hdr["bitsStored"], hdr["pixelRepresentation"], notes, disagreements, "pydicom pixel_array")
    if not AGREEMENTS:
        notes.append(f"only {name} decodes this file here (no second decoder agrees)")
    return values


def explain_missing_delimiter(np, pydicom, path, ts, hdr, ds, tmp, notes):
    """A file that ends inside encapsulated PixelData: say what a tolerant reader would recover."""
    if ts in JPEG_TS:
        tool = ["dcmdjpeg", "+cn"]
    elif ts in JPEG_LS_TS:
        tool = ["dcmdjpls"]
    elif ts in J2K_TS:
        tool = ["gdcmconv", "--raw"]
    elif ts == TS_RLE:
        tool = ["dcmdrle"]
    else:
        return
    fixed = os.path.join(tmp, "with_delimiter.dcm")
    with open(path, "rb") as src, open(fixed, "wb") as dst:
        dst.write(src.read())
        dst.write(b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    out = os.path.join(tmp, "recovered.dcm")
    rc, _ = run_tool(tool + [fixed, out])
    if rc != 0:
        notes.append(f"even with the delimiter appended {tool[0]} fails")
        return
    h = dict(hdr)
    h["samplesPerPixel"] = h["samplesPerPixel"] or 1
    h["bitsStored"] = h["bitsStored"] or h["bitsAllocated"]
    h["pixelRepresentation"] = h["pixelRepresentation"] or 0
    try:
        v, _ = decoded_from_native_file(np, pydicom, out, h, int(ds.get("NumberOfFrames", 1) or 1))
    except Exception as e:
        notes.append(f"recovery attempt failed ({short(e, 60)})")
        return
    digest = hashlib.sha256(v.astype("<i4").tobytes()).hexdigest()
    RECOVERED[0] = digest
    notes.append(f"a tolerant reader can recover it: with (FFFE,E0DD) appended {tool[0]} decodes {v.size} values "
                 f"[{int(v.min())}..{int(v.max())}] mean {float(v.mean()):.6f} sha256 {digest}")


def explain_rle_1bit(np, ds, frames, alt_arrays, notes, gen_frames):
    try:
        raw_frames = list(gen_frames(ds.PixelData, frames))
        decoded = packbits_rle_frames(np, raw_frames)
        n = int(ds.Rows) * int(ds.Columns)
        bits = np.concatenate([np.unpackbits(np.frombuffer(f, dtype=np.uint8), bitorder="little")[:n] for f in decoded])
        notes.append("no tool here decodes 1-bit RLE: values from this script's own PackBits decode of each frame's packed bits")
        return bits.astype(np.int64)
    except Exception as e:
        notes.append(f"own PackBits decode fails ({short(e, 60)})")
        return None


def explain_deflated_frames(np, ds, frames, alt_arrays, notes):
    from pydicom.encaps import generate_pixel_data_frame
    try:
        n = int(ds.Rows) * int(ds.Columns) * int(ds.get("SamplesPerPixel", 1))
        parts = []
        for frame in generate_pixel_data_frame(ds.PixelData, frames):
            try:
                data = zlib.decompress(frame, -15)
            except zlib.error:
                data = zlib.decompress(frame)
            if int(ds.BitsAllocated) == 1:
                parts.append(np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")[:n])
            else:
                parts.append(np.frombuffer(data, dtype=np.uint8)[:n])
        alt_arrays["inflate"] = np.concatenate(parts).astype(np.int64)
    except Exception as e:
        notes.append(f"own inflate of frames fails ({short(e, 60)})")


def finish(row, notes, disagreements, alt_arrays, values):
    if row.get("transferSyntaxUid"):
        row["lossy"] = 1 if row["transferSyntaxUid"] in LOSSY_TS else 0
    result = {"row": row, "notes": notes, "disagreements": disagreements, "arrays": {}, "recovered": RECOVERED[0]}
    tmp_out = os.environ["HEM_EXPECTED_ARRAYS"]
    import numpy as np
    if values is not None:
        if values.min() < -2**31 or values.max() > 2**31 - 1:
            row["outcome"] = "error"
            notes.append("stored values exceed int32")
        else:
            row["count"] = int(values.size)
            row["min"] = int(values.min())
            row["max"] = int(values.max())
            row["mean"] = f"{float(values.mean()):.6f}"
            row["sha256"] = hashlib.sha256(values.astype("<i4").tobytes()).hexdigest()
            p = os.path.join(tmp_out, hashlib.sha1(row["path"].encode()).hexdigest() + ".npy")
            np.save(p, values)
            result["arrays"]["values"] = p
    for key, arr in alt_arrays.items():
        p = os.path.join(tmp_out, hashlib.sha1((row["path"] + key).encode()).hexdigest() + ".npy")
        np.save(p, arr)
        result["arrays"][key] = p
    return result


# ---------------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------------

def list_fixtures(root):
    files = []
    for folder in DICOM_FOLDERS:
        base = os.path.join(root, folder)
        for dirpath, _dirs, names in os.walk(base):
            for name in names:
                if name.endswith(SKIP_SUFFIXES):
                    continue
                files.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return sorted(files)


def run_worker(root, rel, arrays_dir):
    tmp = tempfile.mkdtemp(prefix="hem-expected-")
    env = dict(os.environ, HEM_EXPECTED_ARRAYS=arrays_dir)
    try:
        p = subprocess.run([PYTHON, os.path.abspath(__file__), "--worker", os.path.join(root, rel), rel, tmp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=WORKER_TIMEOUT_S, env=env)
        lines = [ln for ln in p.stdout.decode("utf-8", "replace").splitlines() if ln.startswith("{")]
        if p.returncode == 0 and lines:
            return json.loads(lines[-1])
        why = f"signal {-p.returncode}" if p.returncode < 0 else f"rc {p.returncode}"
        tail = short(p.stderr.decode("utf-8", "replace").strip().splitlines()[-1] if p.stderr.strip() else "", 100)
        reason = f"worker crashed ({why}){': ' + tail if tail else ''}"
    except subprocess.TimeoutExpired:
        reason = f"worker timed out after {WORKER_TIMEOUT_S} s"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    row = {c: None for c in COLUMNS}
    row.update(path=rel, outcome="error", reference="-")
    meta = read_meta_raw(os.path.join(root, rel))
    if meta:
        row["transferSyntaxUid"] = meta.get(0x0010) or None
        row["sopClassUid"] = meta.get(0x0002) or None
        if row["transferSyntaxUid"]:
            row["lossy"] = 1 if row["transferSyntaxUid"] in LOSSY_TS else 0
    return {"row": row, "notes": [reason], "disagreements": [reason], "arrays": {}}


def cell(value):
    if value is None or value == "":
        return "-"
    text = str(value)
    if any(c in text for c in "\t\r\n"):
        text = " ".join(text.split())
    return text


def main(argv):
    import numpy as np
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.getcwd(), "..", "shared", "fixtures", "dicom"))
    if not os.path.isdir(root):
        sys.exit(f"fixtures folder not found: {root}")
    files = list_fixtures(root)
    arrays_dir = tempfile.mkdtemp(prefix="hem-expected-arrays-")
    results = {}
    try:
        for i, rel in enumerate(files, 1):
            print(f"[{i}/{len(files)}] {rel}", file=sys.stderr, flush=True)
            results[rel] = run_worker(root, rel, arrays_dir)

        def load(rel, key="values"):
            r = results.get(rel)
            p = r["arrays"].get(key) if r else None
            return np.load(p) if p else None

        for rel, r in results.items():
            row, notes = r["row"], r["notes"]
            if rel in EXTRA_NOTES:
                notes.append(EXTRA_NOTES[rel])
            sib = SIBLINGS.get(rel)
            row["sibling"] = sib
            if sib:
                mine = load(rel)
                theirs = load(sib)
                if mine is not None and theirs is not None:
                    result = compare(np, mine, theirs)
                    if result == "equal":
                        notes.append("equals sibling")
                    else:
                        notes.append(f"vs sibling: {result}")
                        if row["lossy"] != 1:
                            r["disagreements"].append(f"lossless but differs from sibling: {result}")
                for key, label in (("rle-1bit", "own PackBits decode"), ("inflate", "own per-frame inflate")):
                    alt = load(rel, key)
                    if alt is not None and theirs is not None:
                        notes.append(f"{label} {'equals sibling' if compare(np, alt, theirs) == 'equal' else 'differs from sibling: ' + compare(np, alt, theirs)}")
            if rel in FRAME_SOURCES:
                parts = [load(p) for p in FRAME_SOURCES[rel]]
                mine = load(rel)
                if mine is not None and all(p is not None for p in parts):
                    result = compare(np, mine, np.concatenate(parts))
                    notes.append(f"frames {'equal' if result == 'equal' else 'differ from'} IMG0001-IMG0003" + ("" if result == "equal" else f": {result}"))
        # Identical decoded pixels elsewhere (other than the declared sibling) help when debugging.
        by_sha = {}
        for rel in files:
            sha = results[rel]["row"].get("sha256")
            if sha:
                by_sha.setdefault(sha, []).append(rel)
        for rel in files:
            row = results[rel]["row"]
            rec = results[rel].get("recovered")
            if rec and rec in by_sha:
                results[rel]["notes"].append(f"recovered pixels equal {by_sha[rec][0]}")
            sha = row.get("sha256")
            if not sha:
                continue
            group = SIBLINGS.get(rel, rel)
            others = [o for o in by_sha[sha] if SIBLINGS.get(o, o) != group]
            if others:
                results[rel]["notes"].append(f"same pixels as {others[0]}" + (f" (+{len(others) - 1} more)" if len(others) > 1 else ""))
    finally:
        shutil.rmtree(arrays_dir, ignore_errors=True)

    import pydicom
    with open(OUT_TSV, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Expected decoded pixels of ../shared/fixtures/dicom; generated by make_expected.py with pydicom "
                f"{pydicom.__version__}, numpy {np.__version__}, {tool_versions()}; see README.md\n")
        f.write("\t".join(COLUMNS) + "\n")
        for rel in files:
            r = results[rel]
            r["row"]["note"] = "; ".join(r["notes"])
            f.write("\t".join(cell(r["row"].get(c)) for c in COLUMNS) + "\n")

    counts = {}
    for r in results.values():
        counts[r["row"]["outcome"]] = counts.get(r["row"]["outcome"], 0) + 1
    print(f"wrote {OUT_TSV}: {len(files)} rows {counts}", file=sys.stderr)
    for rel in files:
        if results[rel]["disagreements"]:
            print(f"DISAGREE {rel}: {' | '.join(results[rel]['disagreements'])}", file=sys.stderr)


def tool_versions():
    parts = []
    for tool in ("dcmdjpeg", "gdcmconv"):
        rc, out = run_tool([tool, "--version"], timeout=30)
        line = next((ln for ln in out.splitlines() if ln.strip()), "")
        parts.append(short(line.replace("$Date$", "").strip("$ "), 60))
    return ", ".join(parts)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        _path, _rel, _tmp = sys.argv[2:5]
        print(json.dumps(worker(_path, _rel, _tmp)))
    else:
        main(sys.argv)
