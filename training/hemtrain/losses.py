"""Training losses: field smoothness + L1 on the CT (where a follow-up CT exists) + soft Dice on the mask, and
optionally soft Dice on the growth region alone (what DOC scores)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch


@dataclass
class LossWeights:
    smooth: float = 0.1
    ct: float = 1.0
    dice: float = 1.0
    growth: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def smoothness(field: torch.Tensor) -> torch.Tensor:
    """Mean squared forward difference of the displacement field [N, 3, Z, Y, X] along each axis (gradient L2)."""
    dz = field[:, :, 1:, :, :] - field[:, :, :-1, :, :]
    dy = field[:, :, :, 1:, :] - field[:, :, :, :-1, :]
    dx = field[:, :, :, :, 1:] - field[:, :, :, :, :-1]
    return (dz.pow(2).mean() + dy.pow(2).mean() + dx.pow(2).mean()) / 3.0


def soft_dice_loss(pred: torch.Tensor, target: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """1 - soft Dice, per sample over [C, Z, Y, X], averaged over the batch.

    The squared-denominator form (V-Net: 2 sum(p t) / (sum(p^2) + sum(t^2))): the masks are partial-volume
    fractions, and with this form the loss is 0 exactly when the prediction equals the target (the plain form
    2 sum(p t) / (sum(p) + sum(t)) is not minimised by a fractional target and pushes the edge to 0/1)."""
    dims = tuple(range(1, pred.dim()))
    inter = (pred * target).sum(dim=dims)
    denom = pred.pow(2).sum(dim=dims) + target.pow(2).sum(dim=dims)
    return (1.0 - (2.0 * inter + eps) / (denom + eps)).mean()


def ct_l1(pred_ct: torch.Tensor, target_ct: torch.Tensor, has_ct: torch.Tensor) -> torch.Tensor:
    """Mean |pred - target| over the samples whose follow-up CT exists (``has_ct`` [N] bool); 0 when none does."""
    weight = has_ct.to(pred_ct.dtype)
    per_sample = (pred_ct - target_ct).abs().flatten(1).mean(dim=1)
    count = weight.sum()
    return (per_sample * weight).sum() / torch.clamp(count, min=1.0)


def growth_dice_loss(pred_mask: torch.Tensor, target_mask: torch.Tensor, baseline_mask: torch.Tensor) -> torch.Tensor:
    """1 - soft Dice of the growth parts (prediction and target above the baseline).

    The mask Dice is dominated by the baseline hematoma, which the warp keeps almost for free; this term scores only
    the new voxels, as DOC does. A smoothing of 1 voxel makes "no growth predicted where none happened" a loss of 0
    and keeps the gradient finite when both parts are nearly empty."""
    pred_growth = torch.relu(pred_mask - baseline_mask)
    true_growth = torch.relu(target_mask - baseline_mask)
    return soft_dice_loss(pred_growth, true_growth, eps=1.0)


def total_loss(warped: torch.Tensor, field: torch.Tensor, target_mask: torch.Tensor, target_ct: torch.Tensor,
               has_ct: torch.Tensor, weights: LossWeights, baseline_mask: torch.Tensor | None = None):
    """warped [N, 2, ...] (predicted CT, predicted mask); ``baseline_mask`` (the input's mask channel) is needed when
    ``weights.growth`` is not 0. Returns (total, {name: float})."""
    pred_ct = warped[:, 0:1]
    pred_mask = warped[:, 1:2]
    l_smooth = smoothness(field)
    l_ct = ct_l1(pred_ct, target_ct, has_ct)
    l_dice = soft_dice_loss(pred_mask, target_mask)
    total = weights.smooth * l_smooth + weights.ct * l_ct + weights.dice * l_dice
    parts = {"smooth": float(l_smooth.detach()), "ct": float(l_ct.detach()), "dice": float(l_dice.detach())}
    if weights.growth:
        if baseline_mask is None:
            raise ValueError("the growth loss needs the baseline mask")
        l_growth = growth_dice_loss(pred_mask, target_mask, baseline_mask)
        total = total + weights.growth * l_growth
        parts["growth"] = float(l_growth.detach())
    parts["loss"] = float(total.detach())
    return total, parts
