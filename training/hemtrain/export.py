"""ONNX export of a trained checkpoint, its model card (model.json) and a reference input/output pair.

    python3 -m hemtrain.export --checkpoint RUN/best.pt --out models/hem-expansion [--prepared DIR]
        [--evaluation EVAL.json] [--version 1.0.0] [--training-data TEXT]
    python3 -m hemtrain.export --card-only --out models/hem-expansion --evaluation EVAL.json

Writes OUT/model.onnx (opset 17, input ``input`` [N, 2, P, P, P], output ``followup_mask`` [N, 1, P, P, P], N
dynamic), checks it with onnx.checker (full check, with shape inference) and against the contract's names and
shapes, writes OUT/model.json (the model card of the contract, with the file's SHA-256) and
OUT/reference/{reference.json, input.f32, output.f32}: a patch of a real prepared case with hematoma in it (the
first case of --prepared with a baseline mask; without --prepared a synthetic sphere) and PyTorch's output for it,
raw little-endian float32, for the C# side to check its ONNX Runtime output against.

--card-only re-writes model.json of an existing export (e.g. to merge evaluation metrics measured with that very
model.onnx) without touching the ONNX file; the SHA-256 is recomputed from the file.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import io
import json
import os
import sys

import numpy as np
import onnx
import torch

from . import data as D
from . import onnxref
from .network import ExportWrapper, build, count_parameters
from .train import load_checkpoint

MODEL_NAME = "hem-expansion"
MAX_BYTES = 20 * 1024 * 1024
OPSET = 17
SLIDING_WINDOW = {"overlap": 0.6, "weighting": "gaussian", "sigmaFraction": 0.125}
DEFAULT_STATEMENT = (
    "Trained on synthetic data only: simulated head CT studies written by `hem synth` (the HemFunctions synthetic "
    "head-CT generator; no patient data), plus synthetic growth pairs made from them by the augmentation of "
    "Abramova et al. (2024). It has not been trained or validated on real patient scans; its behaviour on real CT "
    "is unknown and it is not for clinical use.")


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(net, path: str, patch: int) -> None:
    wrapper = ExportWrapper(net).eval().cpu()
    dummy = torch.zeros(1, 2, patch, patch, patch)
    buf = io.BytesIO()
    extra = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        extra["dynamo"] = False  # the TorchScript exporter (newer PyTorch may default to the dynamo one)
    with torch.no_grad():
        torch.onnx.export(wrapper, dummy, buf, opset_version=OPSET, input_names=["input"],
                          output_names=["followup_mask"],
                          dynamic_axes={"input": {0: "N"}, "followup_mask": {0: "N"}},
                          do_constant_folding=True, **extra)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)


def _dims(value_info):
    out = []
    for d in value_info.type.tensor_type.shape.dim:
        out.append(d.dim_value if d.HasField("dim_value") else (d.dim_param or "?"))
    return out


def check_onnx(path: str, patch: int) -> dict:
    """onnx.checker (full) + the contract: opset, names, element types, shapes (batch symbolic, spatial fixed)."""
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    problems = []
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    if opsets.get("ai.onnx") != OPSET:
        problems.append(f"opset {opsets}")
    graph = inferred.graph
    inputs = [i for i in graph.input if i.name not in {t.name for t in graph.initializer}]
    if [i.name for i in inputs] != ["input"]:
        problems.append(f"inputs {[i.name for i in inputs]}")
    if [o.name for o in graph.output] != ["followup_mask"]:
        problems.append(f"outputs {[o.name for o in graph.output]}")
    in_dims = _dims(inputs[0]) if inputs else []
    out_dims = _dims(graph.output[0]) if graph.output else []
    if len(in_dims) != 5 or isinstance(in_dims[0], int) or in_dims[1:] != [2, patch, patch, patch]:
        problems.append(f"input shape {in_dims}")
    if len(out_dims) != 5 or isinstance(out_dims[0], int) or out_dims[1:] != [1, patch, patch, patch]:
        problems.append(f"output shape {out_dims}")
    for vi in list(inputs) + list(graph.output):
        if vi.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            problems.append(f"{vi.name} is not float32")
    ops = sorted({n.op_type for n in graph.node})
    if "GridSample" in ops:
        problems.append("graph uses GridSample")
    size = os.path.getsize(path)
    if size >= MAX_BYTES:
        problems.append(f"file is {size} bytes")
    if problems:
        raise ValueError(f"{path} breaks the model contract: " + "; ".join(problems))
    return {"checker": "onnx.checker.check_model(full_check=True) passed", "opset": OPSET, "inputShape": in_dims,
            "outputShape": out_dims, "operators": ops, "nodes": len(graph.node), "bytes": size,
            "onnx": onnx.__version__}


def compare_graph(path: str, net, x: np.ndarray, y: np.ndarray, tolerance: float = 1e-4) -> dict:
    """Run the ONNX graph with the reference evaluator (onnxref) on the reference input, and on a batch of two
    (the input and its left-right mirror, checking the dynamic batch axis), against PyTorch."""
    model = onnx.load(path)
    got = onnxref.run(model, {"input": x})["followup_mask"]
    batch = np.ascontiguousarray(np.concatenate([x, x[..., ::-1]], axis=0))
    with torch.no_grad():
        want2 = ExportWrapper(net).eval().cpu()(torch.from_numpy(batch)).numpy()
    got2 = onnxref.run(model, {"input": batch})["followup_mask"]
    d1 = float(np.abs(got - y).max()) if got.shape == y.shape else float("inf")
    d2 = float(np.abs(got2 - want2).max()) if got2.shape == want2.shape else float("inf")
    if not (d1 <= tolerance and d2 <= tolerance):
        raise ValueError(f"{path}: the ONNX graph disagrees with PyTorch (max difference {d1} on the reference input, "
                         f"{d2} on a batch of two; shapes {got.shape}, {got2.shape})")
    return {"evaluator": "hemtrain.onnxref (numpy/torch.functional, node by node)",
            "maxAbsDifferenceReference": d1, "maxAbsDifferenceBatch2": d2, "tolerance": tolerance}


def reference_patch(prepared_dir: str | None, patch: int):
    """(input [1, 2, P, P, P] float32, description)."""
    if prepared_dir:
        for d in D.case_dirs(prepared_dir):
            case = D.load_case(d)
            inside = case.mask > 0.5
            if not inside.any():
                continue
            centre = tuple(int(round(c)) for c in np.argwhere(inside).mean(axis=0))
            x = np.stack([D.extract_patch(case.ct, centre, patch), D.extract_patch(case.mask, centre, patch)])[None]
            return np.ascontiguousarray(x, dtype=np.float32), {
                "kind": "prepared case patch", "case": case.name, "prepared": os.path.basename(os.path.abspath(prepared_dir)),
                "centreZyx": list(centre), "patchStartZyx": [c - patch // 2 for c in centre],
                "maskVoxelsOverHalf": int((x[0, 1] > 0.5).sum())}
    # a synthetic sphere: parenchyma-like CT with a brighter hematoma, the mask a soft ball
    z, y, xx = np.mgrid[:patch, :patch, :patch].astype(np.float32)
    r = np.sqrt((z - patch / 2 + 0.3) ** 2 + (y - patch / 2) ** 2 + (xx - patch / 2 - 1.2) ** 2)
    mask = np.clip(8.5 - r, 0.0, 1.0)
    rng = np.random.default_rng(7)
    ct = np.clip(0.35 + 0.03 * rng.standard_normal(mask.shape) + 0.35 * mask, 0.0, 1.0)
    x = np.stack([ct, mask])[None].astype(np.float32)
    return x, {"kind": "synthetic sphere (no --prepared given)", "maskVoxelsOverHalf": int((mask > 0.5).sum())}


def write_reference(net, out_dir: str, prepared_dir: str | None, patch: int) -> dict:
    ref_dir = os.path.join(out_dir, "reference")
    os.makedirs(ref_dir, exist_ok=True)
    x, source = reference_patch(prepared_dir, patch)
    wrapper = ExportWrapper(net).eval().cpu()
    with torch.no_grad():
        y = wrapper(torch.from_numpy(x)).numpy().astype(np.float32)
    x.astype("<f4").tofile(os.path.join(ref_dir, "input.f32"))
    y.astype("<f4").tofile(os.path.join(ref_dir, "output.f32"))
    ref = {"input": {"file": "input.f32", "shape": list(x.shape)},
           "output": {"file": "output.f32", "shape": list(y.shape)},
           "tolerance": 1e-4, "dtype": "float32", "byteOrder": "little-endian", "axisOrder": "nczyx",
           "source": source, "producer": f"PyTorch {torch.__version__} (hemtrain.export)",
           "outputSummary": {"min": float(y.min()), "max": float(y.max()), "voxelsAtLeastHalf": int((y >= 0.5).sum())}}
    with open(os.path.join(ref_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=2)
    return ref, x, y


def evaluation_from_file(path: str) -> dict:
    """The metrics to put in the card: a `hem evaluate --json` result without its per-case list, or, for a JSON
    object of several such results (e.g. {"model": ..., "noGrowth": ...}), each of them so trimmed."""
    with open(path, encoding="utf-8") as f:
        ev = json.load(f)

    def trim(obj):
        if isinstance(obj, dict) and "overall" in obj:
            out = {k: v for k, v in obj.items() if k != "cases"}
            if isinstance(obj.get("cases"), list):
                out["caseCount"] = len(obj["cases"])
            return out
        if isinstance(obj, dict):
            return {k: trim(v) for k, v in obj.items()}
        return obj

    return trim(ev)


def _run_relative(path: str) -> str:
    parts = os.path.normpath(path).split(os.sep)
    return "/".join(parts[-2:])


def training_card(ckpt: dict, checkpoint_path: str) -> dict:
    log_path = os.path.join(os.path.dirname(os.path.abspath(checkpoint_path)), "training-log.json")
    summary = ckpt.get("training") or {}
    if os.path.exists(log_path):
        with open(log_path, encoding="utf-8") as f:
            summary = json.load(f)
    args = summary.get("args", {})
    best = summary.get("best", {})
    return {
        "framework": f"PyTorch {summary.get('torch', torch.__version__)}",
        "device": summary.get("device"),
        "network": {"kind": "3D U-Net displacement field + affine regressor (Abramova et al. 2024)",
                    **ckpt.get("config", {}), "parameters": summary.get("parameters")},
        "lossWeights": ckpt.get("lossWeights"),
        "optimizer": "Adam", "learningRate": args.get("lr"), "batch": args.get("batch"),
        "patchesPerEpoch": args.get("patches_per_epoch"), "growthCentredFraction": args.get("growth_fraction"),
        "leftRightFlips": args.get("flip"), "syntheticShare": args.get("synthetic_share"), "seed": args.get("seed"),
        "epochsRun": len(summary.get("epochs", [])), "bestEpoch": ckpt.get("epoch", best.get("epoch")),
        "bestValidationLoss": best.get("valLoss"), "stopReason": summary.get("stopReason"),
        "trainCases": summary.get("trainCases"), "realPairs": summary.get("realPairs"),
        "syntheticPairs": summary.get("syntheticPairs"), "augmentation": summary.get("augmentation"),
        "validationCases": summary.get("valCases"), "validationPatches": summary.get("valPatches"),
        "noGrowthValidation": summary.get("noGrowthValidation"),
        "seconds": summary.get("seconds"),
        # a fine-tuning run names the checkpoint it started from: run folder and file, not the trainer's full path
        "initialisedFrom": _run_relative(args["init"]) if args.get("init") else None,
    }


def write_card(out_dir: str, card: dict) -> None:
    path = os.path.join(out_dir, "model.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)


def build_card(onnx_path: str, patch: int, spacing: float, margin: float, normalisation: str, version: str,
               statement: str, training: dict, evaluation: dict | None, check: dict) -> dict:
    return {
        "name": MODEL_NAME, "version": version,
        "description": ("Predicts the follow-up (about 24 h) intracerebral hematoma mask from the baseline non-contrast "
                        "head CT and baseline hematoma mask: a 3D U-Net predicts a displacement field and an affine "
                        "transform that warp the baseline mask (method of Abramova et al., Applied Sciences 2024)."),
        "onnxFile": os.path.basename(onnx_path), "onnxSha256": sha256(onnx_path), "opset": OPSET,
        "inputs": [{"name": "input", "dtype": "float32", "shape": [-1, 2, patch, patch, patch],
                    "channels": ["ct-brain-window", "baseline-mask"]}],
        "outputs": [{"name": "followup_mask", "dtype": "float32", "shape": [-1, 1, patch, patch, patch],
                     "meaning": "probability that the voxel is hematoma at follow-up"}],
        "axisOrder": "zyx", "spacingMm": [spacing] * 3, "patchSize": [patch] * 3, "roiMarginMm": margin,
        "intensityNormalisation": normalisation,
        "slidingWindow": dict(SLIDING_WINDOW),
        "threshold": 0.5, "outsideBrain": "zero",
        "trainingData": statement,
        "training": training,
        "evaluation": evaluation or {},
        "exportCheck": check,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m hemtrain.export", description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", help="a training checkpoint (RUN/best.pt)")
    ap.add_argument("--out", required=True, help="model folder, e.g. models/hem-expansion")
    ap.add_argument("--prepared", help="a prepared folder to take the reference patch from")
    ap.add_argument("--evaluation", help="JSON with evaluation metrics (hem evaluate --json output, or an object of them)")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--training-data", default=DEFAULT_STATEMENT, help="the model card's training data statement")
    ap.add_argument("--card-only", action="store_true", help="only re-write model.json of an existing export")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")

    if args.card_only:
        with open(os.path.join(args.out, "model.json"), encoding="utf-8") as f:
            card = json.load(f)
        patch = card["patchSize"][0]
        check = check_onnx(onnx_path, patch)
        digest = sha256(onnx_path)
        previous = card.get("exportCheck") or {}
        if card.get("onnxSha256") == digest and "graphVsPytorch" in previous:
            check["graphVsPytorch"] = previous["graphVsPytorch"]  # same file as when it was exported
        card["exportCheck"] = check
        card["onnxSha256"] = digest
        if args.evaluation:
            card["evaluation"] = evaluation_from_file(args.evaluation)
        write_card(args.out, card)
        print(f"{args.out}/model.json updated (sha256 {card['onnxSha256']})")
        return 0

    if not args.checkpoint:
        ap.error("--checkpoint is required (unless --card-only)")
    ckpt = load_checkpoint(args.checkpoint, "cpu")
    net = build(ckpt["config"])
    net.load_state_dict(ckpt["model"])
    net.eval()
    patch = net.patch_size
    pre = (ckpt.get("training") or {}).get("preprocessing") or {}
    if args.prepared:
        pre = D.read_preprocessing(args.prepared)
    spacing = float(pre.get("spacingMm", 1.5))
    margin = pre.get("roiMarginMm", 20)
    normalisation = pre.get("intensityNormalisation", "hu-clip-0-100-unit")

    export_onnx(net, onnx_path, patch)
    check = check_onnx(onnx_path, patch)
    ref, x, y = write_reference(net, args.out, args.prepared, patch)
    check["graphVsPytorch"] = compare_graph(onnx_path, net, x, y)
    evaluation = evaluation_from_file(args.evaluation) if args.evaluation else None
    card = build_card(onnx_path, patch, spacing, margin, normalisation, args.version, args.training_data,
                      training_card(ckpt, args.checkpoint), evaluation, check)
    write_card(args.out, card)
    print(f"wrote {onnx_path} ({check['bytes']} bytes, {check['nodes']} nodes, {count_parameters(net)} parameters), "
          f"checker passed; input {check['inputShape']} output {check['outputShape']}; graph vs PyTorch max difference "
          f"{check['graphVsPytorch']['maxAbsDifferenceReference']:.2e} (batch of 2: {check['graphVsPytorch']['maxAbsDifferenceBatch2']:.2e}); "
          f"reference from {ref['source']['kind']}; sha256 {card['onnxSha256']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
