"""Training losses: field smoothness + L1 on the CT (where a follow-up CT exists) + soft Dice on the mask."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch


@dataclass
class LossWeights:
    smooth: float = 0.1
    ct: float = 1.0
    dice: float = 1.0

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


def total_loss(warped: torch.Tensor, field: torch.Tensor, target_mask: torch.Tensor, target_ct: torch.Tensor,
               has_ct: torch.Tensor, weights: LossWeights):
    """warped [N, 2, ...] (predicted CT, predicted mask). Returns (total, {name: float})."""
    pred_ct = warped[:, 0:1]
    pred_mask = warped[:, 1:2]
    l_smooth = smoothness(field)
    l_ct = ct_l1(pred_ct, target_ct, has_ct)
    l_dice = soft_dice_loss(pred_mask, target_mask)
    total = weights.smooth * l_smooth + weights.ct * l_ct + weights.dice * l_dice
    parts = {"loss": float(total.detach()), "smooth": float(l_smooth.detach()), "ct": float(l_ct.detach()),
             "dice": float(l_dice.detach())}
    return total, parts
