#!/usr/bin/python3
"""Writes the tiny contract-conforming test models for tests/Hem.Prediction.Tests (see README.md beside this file).

    /usr/bin/python3 make_test_models.py [OUT_FOLDER]    (default: the folder of this script)

dilate/model.onnx + dilate/model.json: a model folder as docs/MODEL-CONTRACT.md describes, whose output is a
3 x 3 x 3 max-pool (stride 1, padding 1) of input channel 1 (the baseline mask channel): a one-voxel dilation of
the baseline mask, so the tests can compute the expected output independently (scipy.ndimage.maximum_filter).

shift-x/model.onnx + shift-x/model.json: output voxel (x, y, z) = input channel 1 at (x - 1, y, z), 0 at x = 0: an
operation that tells the axes apart, so the tests can check that C# feeds [N, C, Z, Y, X] with x fastest.

variants/*.onnx: the dilation in graphs that break the contract, for the card-validation tests:
  wrong-input-name.onnx  the input is called "x", not "input"
  three-channels.onnx    the input has 3 channels, not 2
  patch-24.onnx          the spatial dimensions are 24, not the card's 32
  fixed-batch.onnx       N is fixed at 1 instead of dynamic

torch 1.13, ONNX opset 17. The graphs have no or three weights, so the files are a few hundred bytes each.
"""
import hashlib
import json
import os
import sys

import onnx
import torch

OPSET = 17
PATCH = 32


class Dilate(torch.nn.Module):
    """followup_mask = max_pool3d(input[:, 1:2], 3, stride 1, padding 1): padded voxels never win the max."""

    def forward(self, x):
        return torch.nn.functional.max_pool3d(x[:, 1:2], kernel_size=3, stride=1, padding=1)


class ShiftX(torch.nn.Module):
    """followup_mask[..., x] = input[:, 1, ..., x - 1]: a 1 x 1 x 3 convolution with weights (1, 0, 0) along the
    last tensor dimension, which must be x."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv3d(1, 1, kernel_size=(1, 1, 3), padding=(0, 0, 1), bias=False)
        with torch.no_grad():
            self.conv.weight.copy_(torch.tensor([1.0, 0.0, 0.0]).reshape(1, 1, 1, 1, 3))

    def forward(self, x):
        return self.conv(x[:, 1:2])


def export(path, input_name="input", channels=2, patch=PATCH, dynamic_batch=True, module=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    example = torch.zeros(1, channels, patch, patch, patch)
    dynamic_axes = {input_name: {0: "N"}, "followup_mask": {0: "N"}} if dynamic_batch else None
    torch.onnx.export(
        module or Dilate(), example, path, opset_version=OPSET, input_names=[input_name], output_names=["followup_mask"],
        dynamic_axes=dynamic_axes, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def card(onnx_path, name, description, meaning):
    return {
        "name": name,
        "version": "1.0.0",
        "description": description,
        "onnxFile": "model.onnx",
        "onnxSha256": sha256(onnx_path),
        "opset": OPSET,
        "inputs": [{"name": "input", "dtype": "float32", "shape": [-1, 2, PATCH, PATCH, PATCH],
                    "channels": ["ct-brain-window", "baseline-mask"]}],
        "outputs": [{"name": "followup_mask", "dtype": "float32", "shape": [-1, 1, PATCH, PATCH, PATCH],
                     "meaning": meaning}],
        "axisOrder": "zyx",
        "spacingMm": [1.5, 1.5, 1.5],
        "patchSize": [PATCH, PATCH, PATCH],
        "roiMarginMm": 20,
        "intensityNormalisation": "hu-clip-0-100-unit",
        "slidingWindow": {"overlap": 0.6, "weighting": "gaussian", "sigmaFraction": 0.125},
        "threshold": 0.5,
        "outsideBrain": "zero",
        "trainingData": "not trained: a fixed operation written by make_test_models.py",
        "training": {"script": "tests/Hem.Prediction.Tests/Models/make_test_models.py", "torch": torch.__version__},
        "evaluation": {},
    }


def write_folder(out, folder, module, name, description, meaning):
    model = os.path.join(out, folder, "model.onnx")
    export(model, module=module)
    with open(os.path.join(out, folder, "model.json"), "w") as f:
        json.dump(card(model, name, description, meaning), f, indent=2)
        f.write("\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(0)
    write_folder(out, "dilate", Dilate(), "test-dilate",
                 "Test model for the C# tests: the follow-up mask is the baseline mask channel dilated by one voxel "
                 "(3 x 3 x 3 max-pool). Not a hematoma model.",
                 "the baseline mask channel dilated by one voxel (test model)")
    write_folder(out, "shift-x", ShiftX(), "test-shift-x",
                 "Test model for the C# tests: the baseline mask channel moved one voxel along +x. Not a hematoma model.",
                 "the baseline mask channel moved one voxel along +x (test model)")
    export(os.path.join(out, "variants", "wrong-input-name.onnx"), input_name="x")
    export(os.path.join(out, "variants", "three-channels.onnx"), channels=3)
    export(os.path.join(out, "variants", "patch-24.onnx"), patch=24)
    export(os.path.join(out, "variants", "fixed-batch.onnx"), dynamic_batch=False)


if __name__ == "__main__":
    main()
