"""hemtrain: training, augmentation, ONNX export and baselines for the hematoma-expansion model (issue 6).

Modules: data (prepared layout, patch sampling), augment (the paper's synthetic growth pairs), warp (gather-based
trilinear warping), network (U-Net + affine), losses, train, export (ONNX + model card + reference pair), onnxref
(a reference evaluator of the exported graph), baselines (no-growth and dilation predictions for hem evaluate).
"""

__version__ = "1.0.0"
