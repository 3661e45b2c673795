#!/usr/bin/env bash
# Trains the reference hem-expansion model from scratch and evaluates it, with the no-augmentation ablation and the
# no-growth and uniform-dilation baselines on the same test set:
#
#   1. build hem (dotnet build -c Release functions/Hem.Cli)
#   2. hem synth: training set (seed 1), validation set (seed 2), test set (seed 9001, 100 cases)
#   3. hem prepare each of them (the model grid of the contract)
#   4. augment the training set (the paper's synthetic pairs, cached under the prepared folder)
#   5. train with augmentation; when HEM_GROWTH_FINETUNE is set, fine-tune that run with the growth-region Dice
#      loss of that weight (--init, --w-growth); export to models/hem-expansion (ONNX, model.json, reference pair)
#   6. hem predict the test set with it, hem evaluate --json
#   7. the same without augmentation, fine-tuned the same way (ablation, exported under $HEM_WORK/models, not
#      shipped)
#   8. the baselines (no growth; dilation by the training set's mean growth), hem evaluate --json
#   9. merge all evaluations into the shipped model card (export --card-only: model.onnx is not rewritten)
#  10. hem ceiling on the test set with the model's predictions: the best DOC any predictor can expect there, and
#      how much of the model's shortfall is its choice of volume and how much its shape (eval/ceiling.txt)
#
# Every step is skipped when its output is already there, so an interrupted run can be resumed; delete
# $HEM_WORK (or a part of it) to redo it. Sizes and settings come from the environment:
#
#   HEM_WORK               work folder (synthetic data, prepared data, runs, predictions)   training/work
#   HEM_TRAIN_CASES        training cases (hem synth --seed 1)                               160
#   HEM_VAL_CASES          validation cases (--seed 2)                                       40
#   HEM_TEST_CASES         test cases (--seed 9001)                                          100
#   HEM_SLICES             hem synth --slices (5mm or 1mm)                                   5mm
#   HEM_AUG_PAIRS          synthetic pairs per training case                                 3
#   HEM_EPOCHS             maximum epochs                                                    100
#   HEM_PATCHES_PER_EPOCH  training patches per epoch                                        256
#   HEM_BATCH              batch size                                                        4
#   HEM_LR                 Adam learning rate                                                3e-4
#   HEM_PATIENCE           early-stopping patience (epochs)                                  10
#   HEM_MAX_MINUTES        wall-time limit per training run                                  24
#   HEM_SYNTHETIC_SHARE    share of training patches from synthetic pairs (empty: by count) 0.3
#   HEM_WIDTHS             U-Net channel widths                                              8,16,32,64
#   HEM_SEED               training seed                                                     0
#   HEM_GROWTH_FINETUNE    growth-loss weight of the fine-tuning stage (empty: none)         0.3
#   HEM_FINETUNE_EPOCHS    maximum epochs of the fine-tuning stage                           40
#   HEM_DEVICE             auto (CUDA when available), cpu or cuda                           auto
#   HEM_ABLATION           1: also train and evaluate the no-augmentation ablation           1
#   HEM_MODEL_OUT          where the shipped model goes                                      models/hem-expansion
#   HEM_MODEL_VERSION      the model card's version                                          1.0.0
#   PYTHON                 python with torch, numpy, scipy, nibabel, onnx                    python3
#
# hem prepare --data IN --out OUT and hem predict --data DIR --model MODELDIR --out PRED refuse existing case folders
# in OUT/PRED, so those are cleared first; hem predict writes PRED/case-NNNN/prediction.mask.nii.gz for hem evaluate.
set -euo pipefail
shopt -s inherit_errexit  # a failed training step inside $(trained ...) stops the script

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${HEM_WORK:-$ROOT/training/work}"
TRAIN_CASES="${HEM_TRAIN_CASES:-160}"
VAL_CASES="${HEM_VAL_CASES:-40}"
TEST_CASES="${HEM_TEST_CASES:-100}"
SLICES="${HEM_SLICES:-5mm}"
AUG_PAIRS="${HEM_AUG_PAIRS:-3}"
EPOCHS="${HEM_EPOCHS:-100}"
PATCHES="${HEM_PATCHES_PER_EPOCH:-256}"
BATCH="${HEM_BATCH:-4}"
LR="${HEM_LR:-3e-4}"
PATIENCE="${HEM_PATIENCE:-10}"
MAX_MINUTES="${HEM_MAX_MINUTES:-24}"
SYNTHETIC_SHARE="${HEM_SYNTHETIC_SHARE-0.3}"
WIDTHS="${HEM_WIDTHS:-8,16,32,64}"
SEED="${HEM_SEED:-0}"
GROWTH_FINETUNE="${HEM_GROWTH_FINETUNE-0.3}"
FINETUNE_EPOCHS="${HEM_FINETUNE_EPOCHS:-40}"
DEVICE="${HEM_DEVICE:-auto}"
ABLATION="${HEM_ABLATION:-1}"
MODEL_OUT="${HEM_MODEL_OUT:-$ROOT/models/hem-expansion}"
MODEL_VERSION="${HEM_MODEL_VERSION:-1.0.0}"
PYTHON="${PYTHON:-python3}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
py() { (cd "$ROOT/training" && "$PYTHON" -m "$@"); }
ncases() { if [ -d "$1" ]; then find "$1" -mindepth 1 -maxdepth 1 -type d -name 'case-*' | wc -l; else echo 0; fi; }

mkdir -p "$WORK"
log "work folder $WORK; train/val/test cases $TRAIN_CASES/$VAL_CASES/$TEST_CASES; device $DEVICE"

# 1. hem
log "building hem"
dotnet build -c Release "$ROOT/functions/Hem.Cli" -nologo -v quiet
HEM="$ROOT/functions/Hem.Cli/bin/Release/net10.0/hem"
[ -x "$HEM" ] || { echo "hem was not built at $HEM" >&2; exit 1; }

# 2. synthetic studies (NIfTI is all that training and evaluation need)
synth() {  # name cases seed
  local out="$WORK/synth/$1"
  if [ "$(ncases "$out")" -ge "$2" ]; then log "synth $1: present"; return; fi
  rm -rf "$out"
  log "synth $1: $2 cases, seed $3"
  "$HEM" synth --out "$out" --cases "$2" --seed "$3" --slices "$SLICES" --format nifti
}
synth train "$TRAIN_CASES" 1
synth val "$VAL_CASES" 2
synth test "$TEST_CASES" 9001

# 3. prepared data (model grid, ROI, normalisation: implemented once, in C#)
prepare() {
  local out="$WORK/prepared/$1"
  if [ -f "$out/preprocessing.json" ] && [ "$(ncases "$out")" -gt 0 ]; then log "prepare $1: present"; return; fi
  rm -rf "$out"
  log "prepare $1"
  "$HEM" prepare --data "$WORK/synth/$1" --out "$out"
}
prepare train
prepare val

# 4. augmentation (cached; training split only)
log "augmenting the training set ($AUG_PAIRS pairs per case)"
py hemtrain.augment --prepared "$WORK/prepared/train" --pairs "$AUG_PAIRS" | tail -n 20

# 5-7. training, export, prediction, evaluation
train_run() {  # name augment-flag epochs [extra train arguments...]
  local name="$1" flag="$2" epochs="$3"
  local run="$WORK/runs/$name"
  shift 3
  if [ -f "$run/best.pt" ] && [ -f "$run/training-log.json" ] && ! grep -q '"stopReason": "running"' "$run/training-log.json"; then
    log "train $name: present"; return
  fi
  log "train $name ($flag $*)"
  py hemtrain.train --prepared "$WORK/prepared/train" --val "$WORK/prepared/val" --out "$run" "$flag" \
    --aug-pairs "$AUG_PAIRS" --epochs "$epochs" --patches-per-epoch "$PATCHES" --batch "$BATCH" --lr "$LR" \
    --patience "$PATIENCE" --max-minutes "$MAX_MINUTES" --widths "$WIDTHS" --seed "$SEED" --device "$DEVICE" \
    ${SYNTHETIC_SHARE:+--synthetic-share "$SYNTHETIC_SHARE"} "$@"
}
# the run a model is exported from: the base run, or its growth-loss fine-tuning when HEM_GROWTH_FINETUNE is set
trained() {  # name augment-flag -> prints the run folder
  train_run "$1" "$2" "$EPOCHS" >&2
  if [ -z "$GROWTH_FINETUNE" ]; then echo "$WORK/runs/$1"; return; fi
  train_run "$1-growth$GROWTH_FINETUNE" "$2" "$FINETUNE_EPOCHS" --init "$WORK/runs/$1/best.pt" \
    --w-growth "$GROWTH_FINETUNE" >&2
  echo "$WORK/runs/$1-growth$GROWTH_FINETUNE"
}
predict_eval() {  # model-dir name
  local pred="$WORK/pred/$2"
  rm -rf "$pred"
  log "predict the test set with $1"
  "$HEM" predict --data "$WORK/synth/test" --model "$1" --out "$pred"
  "$HEM" evaluate --truth "$WORK/synth/test" --pred "$pred" --json > "$WORK/eval/$2.json"
}
mkdir -p "$WORK/eval"

run="$(trained augmented --augment)"
py hemtrain.export --checkpoint "$run/best.pt" --out "$MODEL_OUT" --prepared "$WORK/prepared/val" \
  --version "$MODEL_VERSION"
predict_eval "$MODEL_OUT" model

if [ "$ABLATION" = "1" ]; then
  run="$(trained no-augmentation --no-augment)"
  py hemtrain.export --checkpoint "$run/best.pt" --out "$WORK/models/hem-expansion-no-augmentation" \
    --prepared "$WORK/prepared/val" --version "$MODEL_VERSION-ablation"
  predict_eval "$WORK/models/hem-expansion-no-augmentation" no-augmentation
fi

# 8. baselines
log "baselines"
rm -rf "$WORK/pred/no-growth" "$WORK/pred/dilation"
py hemtrain.baselines --data "$WORK/synth/test" --out "$WORK/pred/no-growth" --kind no-growth > /dev/null
py hemtrain.baselines --data "$WORK/synth/test" --out "$WORK/pred/dilation" --kind dilation --train "$WORK/synth/train" > /dev/null
"$HEM" evaluate --truth "$WORK/synth/test" --pred "$WORK/pred/no-growth" --json > "$WORK/eval/no-growth.json"
"$HEM" evaluate --truth "$WORK/synth/test" --pred "$WORK/pred/dilation" --json > "$WORK/eval/dilation.json"

# 9. one evaluation object for the model card
"$PYTHON" - "$WORK" "$TEST_CASES" "$SLICES" <<'EOF'
import json, os, sys
work, cases, slices = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(name):
    path = os.path.join(work, "eval", name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None
with open(os.path.join(work, "pred", "dilation", "baseline.json")) as f:
    growth = json.load(f)["growthMl"]
merged = {
    "testSet": {"generator": "hem synth", "seed": 9001, "cases": cases, "slices": slices,
                "note": "synthetic test studies, never seen in training or validation"},
    "tool": "hem evaluate --json",
    "model": load("model"),
    "ablationNoAugmentation": load("no-augmentation"),
    "baselineNoGrowth": load("no-growth"),
    "baselineDilation": dict(load("dilation") or {}, growthMl=growth),
}
merged = {k: v for k, v in merged.items() if v is not None}
json.dump(merged, open(os.path.join(work, "eval", "evaluation.json"), "w"), indent=2)
EOF
py hemtrain.export --card-only --out "$MODEL_OUT" --evaluation "$WORK/eval/evaluation.json"

"$PYTHON" - "$WORK" <<'EOF'
import json, os, sys
ev = json.load(open(os.path.join(sys.argv[1], "eval", "evaluation.json")))
print(f"{'':24s} {'Dice':>7s} {'DOC':>7s} {'AEV mL':>8s} {'AAEV mL':>8s} {'HD95 mm':>8s} {'HE sens':>8s} {'HE spec':>8s} {'HE AUC':>7s}")
fmt = lambda v, w: f"{v:{w}.3f}" if isinstance(v, (int, float)) else f"{'n/a':>{w}s}"
for name in ("model", "ablationNoAugmentation", "baselineNoGrowth", "baselineDilation"):
    o = (ev.get(name) or {}).get("overall")
    if not o:
        continue
    he = o.get("he", {})
    print(f"{name:24s} {fmt(o.get('meanDice'), 7)} {fmt(o.get('meanDoc'), 7)} {fmt(o.get('meanAevMl'), 8)} "
          f"{fmt(o.get('meanAaevMl'), 8)} {fmt(o.get('meanHd95Mm'), 8)} {fmt(he.get('sensitivity'), 8)} "
          f"{fmt(he.get('specificity'), 8)} {fmt(he.get('auc'), 7)}")
EOF
# 10. the test set's DOC ceiling and the model's place under it
log "DOC ceiling of the test set"
"$HEM" ceiling --truth "$WORK/synth/test" --pred "$WORK/pred/model" > "$WORK/eval/ceiling.txt"
tail -n 5 "$WORK/eval/ceiling.txt"

log "done: model in $MODEL_OUT, evaluation in $WORK/eval/evaluation.json, DOC ceiling in $WORK/eval/ceiling.txt"
