"""Training of the expansion network on prepared data (plus the cached synthetic pairs when augmenting).

    python3 -m hemtrain.train --prepared TRAIN --val VAL --out RUN [--augment | --no-augment] [--epochs 100]
        [--patches-per-epoch 256] [--batch 4] [--lr 3e-4] [--seed 0] [--device auto|cpu|cuda] [--max-minutes M]

Adam; each epoch draws ``--patches-per-epoch`` random patches (80 % centred in the growth region, 20 % anywhere in
the ROI with some mask, random left-right flips); validation loss on a FIXED set of validation patches (seeded with
``--val-seed``, independent of ``--seed``, so runs are comparable); early stopping after ``--patience`` epochs
without improvement; the best checkpoint is kept (RUN/best.pt) besides the last (RUN/last.pt); RUN/training-log.json
is rewritten after every epoch. With the same seed on CPU, two runs give the same numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch

from . import augment as A
from . import data as D
from .losses import LossWeights, soft_dice_loss, total_loss
from .network import build, count_parameters


def pick_device(name: str = "auto") -> torch.device:
    if name in (None, "", "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    dev = torch.device(name)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device is available")
    return dev


def load_checkpoint(path: str, device="cpu") -> dict:
    try:
        return torch.load(path, map_location=device, weights_only=False)
    except TypeError:  # torch without weights_only
        return torch.load(path, map_location=device)


def to_tensors(batch: dict, device: torch.device):
    return (torch.from_numpy(batch["input"]).to(device), torch.from_numpy(batch["followup_mask"]).to(device),
            torch.from_numpy(batch["followup_ct"]).to(device), torch.from_numpy(batch["has_ct"]).to(device))


def evaluate(net, patches: dict, weights: LossWeights, device, batch: int = 8) -> dict:
    """Mean losses over fixed patches, plus Dice of the thresholded prediction (0.5)."""
    net.eval()
    n = len(patches["input"])
    sums = {}
    hard_inter = hard_sum = 0.0
    with torch.no_grad():
        for i in range(0, n, batch):
            part = {k: v[i:i + batch] for k, v in patches.items()}
            x, ym, yc, has = to_tensors(part, device)
            warped, field, _ = net(x)
            _, parts = total_loss(warped, field, ym, yc, has, weights, x[:, 1:2])
            for k, v in parts.items():
                sums[k] = sums.get(k, 0.0) + v * len(x)
            p = (warped[:, 1:2] >= 0.5).float()
            t = (ym >= 0.5).float()
            hard_inter += float((p * t).sum())
            hard_sum += float(p.sum() + t.sum())
    out = {k: v / n for k, v in sums.items()}
    out["hardDice"] = 2 * hard_inter / hard_sum if hard_sum > 0 else 1.0
    net.train()
    return out


def identity_losses(patches: dict, weights: LossWeights) -> dict:
    """The validation losses of 'no growth' (prediction = baseline), for reference."""
    x = torch.from_numpy(patches["input"])
    ym = torch.from_numpy(patches["followup_mask"])
    yc = torch.from_numpy(patches["followup_ct"])
    has = torch.from_numpy(patches["has_ct"])
    field = torch.zeros((len(x), 3) + x.shape[2:])
    _, parts = total_loss(x, field, ym, yc, has, weights, x[:, 1:2])
    p = (x[:, 1:2] >= 0.5).float()
    t = (ym >= 0.5).float()
    parts["hardDice"] = float(2 * (p * t).sum() / (p.sum() + t.sum()))
    return parts


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m hemtrain.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--prepared", required=True, help="prepared training folder (hem prepare output)")
    ap.add_argument("--val", required=True, help="prepared validation folder")
    ap.add_argument("--out", required=True, help="run folder (checkpoints, training-log.json)")
    ap.add_argument("--augment", dest="augment", action="store_true", default=True,
                    help="add the synthetic pairs (generated and cached under PREPARED/augmented when missing; default)")
    ap.add_argument("--no-augment", dest="augment", action="store_false", help="real (prepared) pairs only")
    ap.add_argument("--aug-pairs", type=int, default=3,
                    help="synthetic pairs per case for cases not augmented yet (default 3; cached pairs are used as they are)")
    ap.add_argument("--epochs", type=int, default=100)
    ap.add_argument("--patches-per-epoch", type=int, default=256)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda, cuda:N")
    ap.add_argument("--max-minutes", type=float, default=None, help="stop after the epoch that passes this wall time")
    ap.add_argument("--patience", type=int, default=10, help="epochs without validation improvement before stopping")
    ap.add_argument("--min-delta", type=float, default=1e-4)
    ap.add_argument("--val-patches", type=int, default=64)
    ap.add_argument("--val-seed", type=int, default=12345)
    ap.add_argument("--widths", default="8,16,32,64", help="U-Net channel widths per level")
    ap.add_argument("--growth-fraction", type=float, default=0.8, help="share of patches centred in the growth region")
    ap.add_argument("--synthetic-share", type=float, default=None,
                    help="share of training patches drawn from synthetic pairs (default: in proportion to the pairs)")
    ap.add_argument("--no-flip", dest="flip", action="store_false", default=True, help="no left-right flips")
    ap.add_argument("--w-smooth", type=float, default=LossWeights.smooth)
    ap.add_argument("--w-ct", type=float, default=LossWeights.ct)
    ap.add_argument("--w-dice", type=float, default=LossWeights.dice)
    ap.add_argument("--w-growth", type=float, default=LossWeights.growth,
                    help="weight of the soft Dice of the growth region alone (default 0: the paper's losses only)")
    ap.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    ap.add_argument("--limit-cases", type=int, default=None, help="use only the first N training cases")
    ap.add_argument("--init", default=None, help="start from this checkpoint's weights (same --widths) instead of a fresh network")
    ap.add_argument("--quiet", action="store_true")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    log = (lambda *a, **k: None) if args.quiet else (lambda *a, **k: print(*a, **k, flush=True))
    t_start = time.perf_counter()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed % (2 ** 32))
    if device.type == "cpu":
        torch.use_deterministic_algorithms(True, warn_only=True)
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    weights = LossWeights(args.w_smooth, args.w_ct, args.w_dice, args.w_growth)
    pre = D.read_preprocessing(args.prepared)
    patch = int(pre.get("patchSize", [D.PATCH_SIZE])[0])

    cases = D.load_prepared(args.prepared, require_followup=True, limit=args.limit_cases, log=log)
    pairs = D.pairs_from_cases(cases)
    synthetic = []
    aug_summary = None
    if args.augment:
        # cases augmented before (python3 -m hemtrain.augment, any settings) are used as they are; cases without
        # PREPARED/augmented/case-NNNN/augmented.json get --aug-pairs pairs with the default settings now
        t0 = time.perf_counter()
        records, made_now = [], 0
        for c in cases:
            meta = os.path.join(args.prepared, D.AUGMENTED_DIR, c.name, "augmented.json")
            if os.path.exists(meta):
                with open(meta, encoding="utf-8") as f:
                    records += json.load(f).get("pairs", [])
            elif c.mask.max() > 0:
                new = A.augment_case(args.prepared, c, pairs=args.aug_pairs, log=log)
                records += new
                made_now += len(new)
        synthetic = D.augmented_pairs(args.prepared, cases, log=log)
        made = [r for r in records if not r.get("dropped")]
        ratios = sorted({r.get("ratio") for r in records if r.get("ratio") is not None})
        aug_summary = {"pairsPerCaseRequested": args.aug_pairs, "ratios": ratios, "pairs": len(synthetic),
                       "madeNow": made_now, "dropped": len(records) - len(made),
                       "saturated": sum(1 for r in made if r.get("saturated")),
                       "meanRegistrationDice": round(float(np.mean([r["registration"]["dice"] for r in made])), 4)
                       if made else None,
                       "seconds": round(time.perf_counter() - t0, 1)}
        log(f"augmentation: {len(synthetic)} synthetic pairs ({made_now} made now, the rest cached; "
            f"{aug_summary['saturated']} saturated, {aug_summary['dropped']} dropped), {aug_summary['seconds']} s")
    train_pairs = pairs + synthetic
    val_cases = D.load_prepared(args.val, require_followup=True, log=log)
    val_pairs = D.pairs_from_cases(val_cases)
    val_patches = D.fixed_patches(val_pairs, args.val_patches, args.val_seed, patch, args.growth_fraction)
    sampler = D.PatchSampler(train_pairs, patch, args.growth_fraction, args.flip, rng, args.synthetic_share)

    widths = tuple(int(w) for w in args.widths.split(","))
    net = build({"widths": widths, "patchSize": patch}).to(device)
    if args.init:
        # continues a stopped run (e.g. one cut by --max-minutes) from its weights; the optimiser starts afresh
        start = load_checkpoint(args.init)
        if tuple(start["config"].get("widths", ())) != widths:
            raise SystemExit(f"--init {args.init}: its widths {start['config'].get('widths')} differ from --widths {args.widths}")
        net.load_state_dict(start["model"])
        val = start.get("val")
        val = val.get("loss") if isinstance(val, dict) else val
        log(f"initialised from {args.init} (epoch {start.get('epoch')}, validation loss {val})")
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    identity = identity_losses(val_patches, weights)
    iters = max(1, math.ceil(args.patches_per_epoch / args.batch))
    log(f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} CPU threads; "
        f"network {list(widths)} ({count_parameters(net)} parameters); "
        f"{len(pairs)} real + {len(synthetic)} synthetic training pairs from {len(cases)} cases; "
        f"{len(val_pairs)} validation cases, {args.val_patches} fixed validation patches; "
        f"{iters} iterations of batch {args.batch} per epoch")
    log(f"no-growth reference on the validation patches: loss {identity['loss']:.4f} (dice loss {identity['dice']:.4f}, "
        f"ct {identity['ct']:.4f}), hard Dice {identity['hardDice']:.4f}")

    history = []
    best = {"epoch": 0, "valLoss": math.inf}
    stale = 0
    stop_reason = "running"  # what training-log.json says until the run ends
    log_path = os.path.join(args.out, "training-log.json")

    def summary():
        return {
            "args": vars(args),
            "device": str(device), "torch": torch.__version__, "python": platform.python_version(),
            "cpuThreads": torch.get_num_threads(),
            "network": net.config(), "parameters": count_parameters(net),
            "lossWeights": weights.to_dict(), "patchSize": patch, "preprocessing": pre,
            "trainCases": len(cases), "realPairs": len(pairs), "syntheticPairs": len(synthetic),
            "augmentation": aug_summary, "valCases": len(val_pairs), "valPatches": args.val_patches,
            "noGrowthValidation": identity,
            "epochs": history, "best": best, "stopReason": stop_reason,
            "seconds": round(time.perf_counter() - t_start, 1),
        }

    def save(path, epoch, val):
        torch.save({"model": net.state_dict(), "config": net.config(), "epoch": epoch, "val": val,
                    "lossWeights": weights.to_dict(), "training": summary()}, path + ".tmp")
        os.replace(path + ".tmp", path)

    net.train()
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        sums = {}
        for _ in range(iters):
            x, ym, yc, has = to_tensors(sampler.batch(args.batch), device)
            warped, field, _ = net(x)
            loss, parts = total_loss(warped, field, ym, yc, has, weights, x[:, 1:2])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            for k, v in parts.items():
                sums[k] = sums.get(k, 0.0) + v
        train = {k: v / iters for k, v in sums.items()}
        t1 = time.perf_counter()
        val = evaluate(net, val_patches, weights, device)
        t2 = time.perf_counter()
        improved = val["loss"] < best["valLoss"] - args.min_delta
        if improved:
            best = {"epoch": epoch, "valLoss": val["loss"], "val": val}
            stale = 0
        else:
            stale += 1
        history.append({"epoch": epoch, "train": train, "val": val, "trainSeconds": round(t1 - t0, 2),
                        "valSeconds": round(t2 - t1, 2), "secondsPerIteration": round((t1 - t0) / iters, 4),
                        "elapsedSeconds": round(t2 - t_start, 1)})
        if improved:
            save(os.path.join(args.out, "best.pt"), epoch, val)
        save(os.path.join(args.out, "last.pt"), epoch, val)
        log(f"epoch {epoch:3d}/{args.epochs}  train loss {train['loss']:.4f} (dice {train['dice']:.4f} ct {train['ct']:.4f} "
            f"smooth {train['smooth']:.5f})  val loss {val['loss']:.4f} (dice {val['dice']:.4f} ct {val['ct']:.4f}, "
            f"hard Dice {val['hardDice']:.4f})  best {best['valLoss']:.4f} @{best['epoch']}  "
            f"{t2 - t0:.1f} s ({(t1 - t0) / iters:.3f} s/iter)  elapsed {(t2 - t_start) / 60:.1f} min")
        with open(log_path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(summary(), f, indent=2)
        os.replace(log_path + ".tmp", log_path)
        if stale >= args.patience:
            stop_reason = f"early stopping: no improvement for {args.patience} epochs"
            break
        if args.max_minutes is not None and (time.perf_counter() - t_start) / 60.0 >= args.max_minutes:
            stop_reason = f"time limit of {args.max_minutes} min"
            break
    else:
        stop_reason = f"{args.epochs} epochs"
    with open(log_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(summary(), f, indent=2)
    os.replace(log_path + ".tmp", log_path)
    if best["epoch"] == 0:
        save(os.path.join(args.out, "best.pt"), len(history), history[-1]["val"] if history else None)
    log(f"done: {stop_reason}; best validation loss {best['valLoss']:.4f} at epoch {best['epoch']}; "
        f"checkpoint {os.path.join(args.out, 'best.pt')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
