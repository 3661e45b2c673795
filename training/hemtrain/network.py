"""The expansion network: a 3D U-Net predicting a displacement field plus an affine regressor (Abramova et al. 2024).

Input [N, 2, Z, Y, X]: channel 0 the CT channel (brain window, zero outside the brain), channel 1 the baseline mask
fraction. The U-Net predicts a displacement field u (3 channels, voxels, order z, y, x) and, from the bottleneck,
an affine A (3 x 4 on coordinates normalised to [-1, 1], identity at initialisation). Both input channels are
resampled at q(p) = A(p + u(p)) (the field first, then the affine: affine o field), which gives the predicted
follow-up CT (channel 0) and the predicted follow-up mask (channel 1).

As in the paper's network there is no normalisation layer; LeakyReLU(0.2) activations (VoxelMorph's convention).
Channel widths are configurable; the default (8, 16, 32, 64) is an eighth of the paper's (64, 128, 256, 512) so the
model trains on a couple of CPU cores (see training/README.md).
"""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from .warp import affine_coords, identity_grid, warp

DEFAULT_WIDTHS = (8, 16, 32, 64)
IDENTITY_AFFINE = (1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def _block(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, stride=stride, padding=1),
        nn.LeakyReLU(0.2),
        nn.Conv3d(cout, cout, 3, padding=1),
        nn.LeakyReLU(0.2),
    )


class ExpansionNet(nn.Module):
    def __init__(self, widths: Sequence[int] = DEFAULT_WIDTHS, patch_size: int = 32, in_channels: int = 2,
                 field_init_std: float = 1e-5):
        super().__init__()
        widths = tuple(int(w) for w in widths)
        if len(widths) < 2:
            raise ValueError("need at least two U-Net levels")
        if patch_size % (2 ** (len(widths) - 1)) != 0:
            raise ValueError(f"patch size {patch_size} is not divisible by 2^{len(widths) - 1}")
        self.widths = widths
        self.patch_size = int(patch_size)
        self.encoders = nn.ModuleList()
        cin = in_channels
        for level, w in enumerate(widths):
            self.encoders.append(_block(cin, w, stride=1 if level == 0 else 2))
            cin = w
        self.ups = nn.ModuleList()
        self.decoders = nn.ModuleList()
        for level in range(len(widths) - 2, -1, -1):
            self.ups.append(nn.ConvTranspose3d(widths[level + 1], widths[level], 2, stride=2))
            self.decoders.append(_block(2 * widths[level], widths[level]))
        self.flow = nn.Conv3d(widths[0], 3, 3, padding=1)
        nn.init.normal_(self.flow.weight, std=field_init_std)
        nn.init.zeros_(self.flow.bias)
        bottleneck = widths[-1]
        self.affine = nn.Sequential(nn.Linear(bottleneck, bottleneck), nn.LeakyReLU(0.2), nn.Linear(bottleneck, 12))
        nn.init.zeros_(self.affine[2].weight)
        with torch.no_grad():
            self.affine[2].bias.copy_(torch.tensor(IDENTITY_AFFINE))
        self.register_buffer("grid", identity_grid((patch_size,) * 3), persistent=False)

    def config(self) -> dict:
        return {"widths": list(self.widths), "patchSize": self.patch_size}

    def forward(self, x: torch.Tensor):
        """Returns (warped [N, 2, ...] = predicted follow-up CT and mask, field [N, 3, ...], theta [N, 3, 4])."""
        skips = []
        h = x
        for encoder in self.encoders:
            h = encoder(h)
            skips.append(h)
        bottom = skips[-1]
        for i, (up, decoder) in enumerate(zip(self.ups, self.decoders)):
            skip = skips[-2 - i]
            h = decoder(torch.cat((up(h), skip), dim=1))
        field = self.flow(h)
        theta = self.affine(bottom.mean(dim=(2, 3, 4))).reshape(-1, 3, 4)
        coords = affine_coords(theta, self.grid + field, (self.patch_size,) * 3)
        warped = warp(x, coords)
        return warped, field, theta


class ExportWrapper(nn.Module):
    """What the ONNX graph computes: ``input`` [N, 2, P, P, P] -> ``followup_mask`` [N, 1, P, P, P] in [0, 1]."""

    def __init__(self, net: ExpansionNet):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        warped, _, _ = self.net(x)
        return torch.clamp(warped[:, 1:2], 0.0, 1.0)


def build(config: dict | None = None) -> ExpansionNet:
    config = config or {}
    return ExpansionNet(widths=config.get("widths", DEFAULT_WIDTHS), patch_size=config.get("patchSize", 32))


def count_parameters(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())
