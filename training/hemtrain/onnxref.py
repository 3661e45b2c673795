"""A small reference evaluator for ONNX graphs, written from the ONNX operator specification (opset 17).

onnxruntime is not installed for Python here (the C# side runs ONNX Runtime), and onnx 1.12 has no
``onnx.reference``, so this runs the exported graph node by node with numpy (convolutions with torch's functional
conv, which is an independent code path from the traced module). It knows only the operators the exported model
uses and says so for any other. It is a check of the exported graph's semantics, not an inference engine.
"""

from __future__ import annotations

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

try:
    _NP_TYPE = onnx.helper.tensor_dtype_to_np_dtype  # onnx >= 1.13
except AttributeError:  # onnx 1.12
    def _NP_TYPE(t):
        return onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[t]


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a, transpose=False):
    nd = x.ndim - 2
    pads = list(a.get("pads", [0] * (2 * nd)))
    strides = a.get("strides", [1] * nd)
    dilations = a.get("dilations", [1] * nd)
    group = a.get("group", 1)
    xt = torch.from_numpy(np.array(x, copy=True))
    wt = torch.from_numpy(np.array(w, copy=True))
    bt = None if b is None else torch.from_numpy(np.array(b, copy=True))
    fn = {(3, False): F.conv3d, (2, False): F.conv2d, (1, False): F.conv1d,
          (3, True): F.conv_transpose3d, (2, True): F.conv_transpose2d, (1, True): F.conv_transpose1d}[(nd, transpose)]
    if transpose:
        if pads[:nd] != pads[nd:]:
            raise NotImplementedError("asymmetric ConvTranspose pads")
        out = fn(xt, wt, bt, stride=strides, padding=pads[:nd], output_padding=a.get("output_padding", [0] * nd),
                 groups=group, dilation=dilations)
    else:
        if pads[:nd] != pads[nd:]:
            pad = []
            for i in reversed(range(nd)):
                pad += [pads[i], pads[nd + i]]
            xt = F.pad(xt, pad)
            pads = [0] * (2 * nd)
        out = fn(xt, wt, bt, stride=strides, padding=pads[:nd], dilation=dilations, groups=group)
    return out.numpy()


def _slice(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else [int(a) % x.ndim for a in axes]
    steps = [1] * len(starts) if steps is None else list(steps)
    index = [slice(None)] * x.ndim
    for s, e, ax, st in zip(starts, ends, axes, steps):
        n = x.shape[ax]
        s, e = int(max(min(s, 2 ** 62), -(2 ** 62))), int(max(min(e, 2 ** 62), -(2 ** 62)))
        index[ax] = slice(*slice(s, e, int(st)).indices(n))
    return x[tuple(index)]


def _reshape(x, shape, allowzero=0):
    shape = [int(s) for s in shape]
    if not allowzero:
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return x.reshape(shape)


def run(model: onnx.ModelProto, feeds: dict) -> dict:
    """Evaluate ``model`` on ``feeds`` {name: numpy array}; returns {output name: numpy array}."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        a = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            if "value" in a:
                out = numpy_helper.to_array(a["value"])
            elif "value_float" in a:
                out = np.array(a["value_float"], dtype=np.float32)
            elif "value_int" in a:
                out = np.array(a["value_int"], dtype=np.int64)
            elif "value_ints" in a:
                out = np.array(a["value_ints"], dtype=np.int64)
            elif "value_floats" in a:
                out = np.array(a["value_floats"], dtype=np.float32)
            else:
                raise NotImplementedError(f"Constant with {list(a)}")
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "Sub":
            out = ins[0] - ins[1]
        elif op == "Mul":
            out = ins[0] * ins[1]
        elif op == "Div":
            if np.issubdtype(ins[0].dtype, np.integer):
                out = np.trunc(ins[0] / ins[1]).astype(ins[0].dtype)
            else:
                out = ins[0] / ins[1]
        elif op == "And":
            out = np.logical_and(ins[0], ins[1])
        elif op == "Equal":
            out = ins[0] == ins[1]
        elif op == "GreaterOrEqual":
            out = ins[0] >= ins[1]
        elif op == "LessOrEqual":
            out = ins[0] <= ins[1]
        elif op == "Greater":
            out = ins[0] > ins[1]
        elif op == "Less":
            out = ins[0] < ins[1]
        elif op == "Where":
            out = np.where(ins[0], ins[1], ins[2])
        elif op == "Cast":
            out = ins[0].astype(_NP_TYPE(a["to"]))
        elif op == "Floor":
            out = np.floor(ins[0])
        elif op == "Clip":
            x = ins[0]
            lo = ins[1] if len(ins) > 1 else None
            hi = ins[2] if len(ins) > 2 else None
            out = x
            if lo is not None:
                out = np.maximum(out, lo.astype(x.dtype))
            if hi is not None:
                out = np.minimum(out, hi.astype(x.dtype))
        elif op == "Concat":
            out = np.concatenate(ins, axis=a["axis"])
        elif op == "ConstantOfShape":
            value = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
            out = np.full(tuple(int(s) for s in ins[0]), value.reshape(-1)[0], dtype=value.dtype)
        elif op == "Shape":
            shape = np.array(ins[0].shape, dtype=np.int64)
            out = shape[a.get("start", 0):a.get("end", len(shape))] if ("start" in a or "end" in a) else shape
        elif op == "Gather":
            out = np.take(ins[0], ins[1].astype(np.int64), axis=a.get("axis", 0))
        elif op == "GatherElements":
            idx = ins[1].astype(np.int64)
            axis = a.get("axis", 0)
            idx = np.where(idx < 0, idx + ins[0].shape[axis], idx)
            out = np.take_along_axis(ins[0], idx, axis=axis)
        elif op == "Expand":
            shape = np.broadcast_shapes(ins[0].shape, tuple(int(s) for s in ins[1]))
            out = np.broadcast_to(ins[0], shape).copy()
        elif op == "Flatten":
            axis = a.get("axis", 1) % max(ins[0].ndim, 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif op == "Reshape":
            out = _reshape(ins[0], ins[1], a.get("allowzero", 0))
        elif op == "Unsqueeze":
            out = ins[0]
            axes = sorted(int(x) % (ins[0].ndim + len(ins[1])) for x in ins[1])
            for ax in axes:
                out = np.expand_dims(out, ax)
        elif op == "Squeeze":
            out = np.squeeze(ins[0], axis=tuple(int(x) for x in ins[1])) if len(ins) > 1 else np.squeeze(ins[0])
        elif op == "Slice":
            out = _slice(ins[0], ins[1], ins[2], ins[3] if len(ins) > 3 else None, ins[4] if len(ins) > 4 else None)
        elif op == "Transpose":
            out = np.transpose(ins[0], a.get("perm"))
        elif op == "MatMul":
            out = np.matmul(ins[0], ins[1])
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                out = out + a.get("beta", 1.0) * ins[2]
            out = out.astype(ins[0].dtype)
        elif op == "LeakyRelu":
            alpha = np.float32(a.get("alpha", 0.01))
            out = np.where(ins[0] >= 0, ins[0], ins[0] * alpha)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "ReduceMean":
            axes = a.get("axes")
            out = np.mean(ins[0], axis=None if axes is None else tuple(axes), keepdims=bool(a.get("keepdims", 1)))
            out = out.astype(ins[0].dtype)
        elif op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a)
        elif op == "ConvTranspose":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a, transpose=True)
        else:
            raise NotImplementedError(f"operator {op} is not known to this reference evaluator")
        outs = out if isinstance(out, tuple) else (out,)
        for name, value in zip(node.output, outs):
            env[name] = np.asarray(value)
    return {o.name: env[o.name] for o in model.graph.output}
