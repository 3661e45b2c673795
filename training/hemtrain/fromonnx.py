"""A training checkpoint recovered from an exported model folder, so training can continue from shipped weights.

    python3 -m hemtrain.fromonnx --model models/hem-expansion --out RUN/shipped.pt
    python3 -m hemtrain.train ... --init RUN/shipped.pt

Checkpoints (RUN/best.pt) stay on the machine that trained; what a repository or a hospital has is the model folder
(model.onnx, model.json, reference/). The export keeps the network's parameter names as the graph's initializer
names (``net.encoders.0.0.weight`` ...), so the weights come back exactly. The network's widths and patch size are
read from the card, the file's SHA-256 is checked against the card, and the rebuilt network must reproduce the
folder's reference pair (reference/input.f32 -> output.f32) within the card's tolerance before anything is written:
a graph from another network, or a card that does not describe it, is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .export import sha256
from .network import ExportWrapper, build

PREFIX = "net."


class RecoveryError(Exception):
    """The model folder cannot give back a checkpoint; the message says why."""


def _read_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise RecoveryError(f"{path} is missing") from None
    except json.JSONDecodeError as e:
        raise RecoveryError(f"{path} is not valid JSON: {e}") from None


def _reference(model_dir: str, patch: int):
    ref_dir = os.path.join(model_dir, "reference")
    ref = _read_json(os.path.join(ref_dir, "reference.json"))
    arrays = []
    for key in ("input", "output"):
        shape = tuple(int(s) for s in ref[key]["shape"])
        path = os.path.join(ref_dir, ref[key]["file"])
        raw = np.fromfile(path, dtype="<f4")
        if raw.size != int(np.prod(shape)):
            raise RecoveryError(f"{path} holds {raw.size} values, its reference.json shape {list(shape)} needs "
                                f"{int(np.prod(shape))}")
        arrays.append(raw.reshape(shape))
    x, y = arrays
    if x.shape[1:] != (2, patch, patch, patch):
        raise RecoveryError(f"the reference input shape {list(x.shape)} does not fit the card's patch size {patch}")
    return x, y, float(ref.get("tolerance", 1e-4))


def recover(model_dir: str) -> dict:
    """The checkpoint (as train.py writes it) whose network is the one in MODEL_DIR/model.onnx."""
    card = _read_json(os.path.join(model_dir, "model.json"))
    onnx_path = os.path.join(model_dir, card.get("onnxFile", "model.onnx"))
    if not os.path.exists(onnx_path):
        raise RecoveryError(f"{onnx_path} is missing")
    if card.get("onnxSha256") and sha256(onnx_path) != card["onnxSha256"]:
        raise RecoveryError(f"{onnx_path} is not the file its model.json describes (SHA-256 differs)")
    network = (card.get("training") or {}).get("network") or {}
    widths = network.get("widths")
    patch = network.get("patchSize") or (card.get("patchSize") or [None])[0]
    if not widths or not patch:
        raise RecoveryError("model.json gives no training.network.widths and patch size to rebuild the network from")
    net = build({"widths": widths, "patchSize": int(patch)})

    graph = onnx.load(onnx_path).graph
    weights = {i.name[len(PREFIX):]: torch.from_numpy(numpy_helper.to_array(i).copy())
               for i in graph.initializer if i.name.startswith(PREFIX)}
    expected = net.state_dict()
    missing = sorted(set(expected) - set(weights))
    if missing:
        raise RecoveryError(f"the graph has no weights for {len(missing)} parameters of a {widths} network "
                            f"(first: {missing[0]}); it was not exported by hemtrain.export from this network")
    for name, value in expected.items():
        if tuple(weights[name].shape) != tuple(value.shape):
            raise RecoveryError(f"{name}: the graph's shape {list(weights[name].shape)} differs from the network's "
                                f"{list(value.shape)}")
    net.load_state_dict({name: weights[name] for name in expected})
    net.eval()

    x, y, tolerance = _reference(model_dir, int(patch))
    with torch.no_grad():
        got = ExportWrapper(net)(torch.from_numpy(x)).numpy()
    difference = float(np.abs(got - y).max())
    if not difference <= tolerance:
        raise RecoveryError(f"the rebuilt network does not reproduce the reference pair (max difference {difference:.2e}, "
                            f"tolerance {tolerance:.0e})")

    training = card.get("training") or {}
    return {
        "model": net.state_dict(), "config": net.config(),
        "epoch": training.get("bestEpoch"), "val": training.get("bestValidationLoss"),
        "lossWeights": training.get("lossWeights"),
        "recoveredFrom": {"name": card.get("name"), "version": card.get("version"),
                          "onnxSha256": card.get("onnxSha256"), "referenceMaxDifference": difference},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m hemtrain.fromonnx", description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="an exported model folder (model.onnx, model.json, reference/)")
    ap.add_argument("--out", required=True, help="the checkpoint to write, e.g. RUN/shipped.pt (for train --init)")
    args = ap.parse_args(argv)
    try:
        ckpt = recover(args.model)
    except RecoveryError as e:
        print(f"error: {args.model}: {e}", file=sys.stderr)
        return 2
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save(ckpt, args.out + ".tmp")
    os.replace(args.out + ".tmp", args.out)
    src = ckpt["recoveredFrom"]
    print(f"wrote {args.out}: {src['name']} {src['version']}, widths {ckpt['config']['widths']}, reference pair "
          f"reproduced within {src['referenceMaxDifference']:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
