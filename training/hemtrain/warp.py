"""Gather-based trilinear warping of [N, C, Z, Y, X] volumes.

torch 1.13 cannot export the 5-D ``grid_sample`` to a standard opset-17 ONNX graph, so the warp inside the model is
written with elementary operations (Floor, Clip, comparisons, GatherElements, Mul, Add) that every ONNX runtime has.
It reproduces ``torch.nn.functional.grid_sample(vol, grid, mode='bilinear', padding_mode='zeros',
align_corners=True)``: each of the 8 corners of the cell around a sample position contributes its trilinear weight
times its value, and a corner outside the volume contributes zero.

Coordinates are in voxels, channel order (z, y, x) matching the tensor dimensions [Z, Y, X]; align_corners=True
means voxel centre i sits at coordinate i, so the identity sampling grid is just the voxel indices.
"""

from __future__ import annotations

import torch


def identity_grid(size, device=None, dtype=torch.float32) -> torch.Tensor:
    """[1, 3, Z, Y, X] voxel coordinates (z, y, x) of every voxel centre."""
    z, y, x = size
    axes = [torch.arange(n, device=device, dtype=dtype) for n in (z, y, x)]
    gz, gy, gx = torch.meshgrid(*axes, indexing="ij")
    return torch.stack((gz, gy, gx), dim=0).unsqueeze(0)


def warp(volume: torch.Tensor, coords: torch.Tensor) -> torch.Tensor:
    """Sample ``volume`` [N, C, Z, Y, X] at ``coords`` [N, 3, Z', Y', X'] (voxel positions, order z, y, x).

    Returns [N, C, Z', Y', X']. Trilinear interpolation; samples outside the volume read as zero, corner by corner
    (grid_sample's ``padding_mode='zeros'`` with ``align_corners=True``).
    """
    n, c, sz, sy, sx = volume.shape
    out_shape = coords.shape[2:]
    flat = volume.flatten(2)  # [N, C, Z*Y*X]
    pz = coords[:, 0].flatten(1)  # [N, L]
    py = coords[:, 1].flatten(1)
    px = coords[:, 2].flatten(1)
    z0 = torch.floor(pz)
    y0 = torch.floor(py)
    x0 = torch.floor(px)
    fz = pz - z0
    fy = py - y0
    fx = px - x0

    out = None
    for dz in (0, 1):
        cz = z0 + dz
        wz = fz if dz else 1.0 - fz
        vz = (cz >= 0) & (cz <= sz - 1)
        for dy in (0, 1):
            cy = y0 + dy
            wy = fy if dy else 1.0 - fy
            vy = (cy >= 0) & (cy <= sy - 1)
            for dx in (0, 1):
                cx = x0 + dx
                wx = fx if dx else 1.0 - fx
                vx = (cx >= 0) & (cx <= sx - 1)
                valid = (vz & vy & vx).to(volume.dtype)
                iz = torch.clamp(cz, 0, sz - 1)
                iy = torch.clamp(cy, 0, sy - 1)
                ix = torch.clamp(cx, 0, sx - 1)
                index = ((iz * sy + iy) * sx + ix).to(torch.int64)  # [N, L]
                index = index.unsqueeze(1).expand(-1, c, -1)  # [N, C, L]
                values = torch.gather(flat, 2, index)
                weight = (wz * wy * wx * valid).unsqueeze(1)  # [N, 1, L]
                term = values * weight
                out = term if out is None else out + term
    return out.reshape(out.shape[0], c, *out_shape)


def displacement_to_coords(displacement: torch.Tensor) -> torch.Tensor:
    """Absolute sampling positions = identity + displacement ([N, 3, Z, Y, X], voxels)."""
    grid = identity_grid(displacement.shape[2:], device=displacement.device, dtype=displacement.dtype)
    return grid + displacement


def affine_coords(theta: torch.Tensor, coords: torch.Tensor, size) -> torch.Tensor:
    """Apply per-sample affines ``theta`` [N, 3, 4] to voxel positions ``coords`` [N, 3, Z, Y, X].

    The affine acts on coordinates normalised to [-1, 1] over the patch (voxel i -> i / c - 1 with c = (n - 1) / 2,
    the align_corners=True convention), so the 9 matrix entries and the 3 translations have the same scale; the
    identity is [I | 0]. Rows and columns are in (z, y, x) order.
    """
    halves = [(int(s) - 1) / 2.0 for s in size]
    if len(set(halves)) == 1:  # cubic patch: a plain scalar, no constant tensor in the traced graph
        half = halves[0]
    else:
        half = torch.tensor(halves, dtype=coords.dtype, device=coords.device).view(1, 3, 1, 1, 1)
    normed = coords / half - 1.0
    flat = normed.flatten(2)  # [N, 3, L]
    moved = torch.bmm(theta[:, :, :3], flat) + theta[:, :, 3:]
    return (moved.reshape(coords.shape) + 1.0) * half


def to_grid_sample_grid(coords: torch.Tensor, size) -> torch.Tensor:
    """Voxel positions [N, 3(z,y,x), Z', Y', X'] in a volume of ``size`` (Z, Y, X) -> grid_sample's grid
    [N, Z', Y', X', 3(x,y,z)] in [-1, 1] (align_corners=True)."""
    sizes = tuple(size)
    parts = []
    for axis in (2, 1, 0):  # x, y, z
        n = sizes[axis]
        parts.append(coords[:, axis] * (2.0 / max(n - 1, 1)) - 1.0)
    return torch.stack(parts, dim=-1)
