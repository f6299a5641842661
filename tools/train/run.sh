#!/usr/bin/env bash
# Runs the whole embedded-model pipeline: corpus -> BPE tokenizer -> token data -> training
# (both models, concurrently, one thread each; resumable: rerun to continue) -> ONNX export
# into models/ -> held-out evaluation -> loss plot -> transformers.js check.
#
#   bash tools/train/run.sh                 # everything, 110 training minutes per model
#   BUDGET_MIN=5 bash tools/train/run.sh    # a quick smoke run
#   SKIP_SETUP=1 STAGES="export eval plot check" bash tools/train/run.sh
#   MODELS=tools/train/work/models BUDGET_MIN=2 bash tools/train/run.sh   # smoke run, models/ untouched
#
# With a GPU lease, tools/train/gpu.sh trains instead (prepare here, one device command, finish here).
#
# Work files (corpus, data, checkpoints, logs) stay under tools/train/work/ (never committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
W=tools/train/work
BUDGET_MIN=${BUDGET_MIN:-110}
MODELS=${MODELS:-models}
# Extra train.py flags for both models (architecture, --lang-weights, ...), e.g. ARCH="--d 192 --heads 6".
ARCH=${ARCH:-}
STAGES=${STAGES:-"corpus tokenizer data train export eval plot check"}
# OpenBLAS's auto-detected kernels are ~3x slower on these VMs; AVX2 (Haswell) kernels are safe on x86-64 hosts.
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
mkdir -p "$W/logs"
[ -n "${SKIP_SETUP:-}" ] || bash tools/train/setup.sh
has() { [[ " $STAGES " == *" $1 "* ]]; }

has corpus && $PY tools/train/build_corpus.py --out "$W/corpus"
has tokenizer && $PY tools/train/bpe.py --corpus "$W/corpus" --out "$W/tokenizer"
has data && $PY tools/train/data.py --corpus "$W/corpus" --tokenizer "$W/tokenizer" --out "$W/data"
if has train; then
  # Two cores: one single-threaded process per model beats two threads for each in turn once
  # other work shares the machine, and both models are always equally far along.
  threads=1; [ "$(nproc)" -ge 4 ] && threads=$(( $(nproc) / 2 ))
  # The encoder's layer 0 starts with a previous-token and a next-token head (train.py
  # --local-heads, on by default for bert), its positions start as sinusoids and its first 10 % of
  # the time is 32-token pairs: on two cores with the local heads alone it still sat on the
  # unigram plateau (masked-LM loss 7.7, accuracy 0.04) after 500 steps; with all three it left it
  # within 400 steps (2026-12-04).
  for m in gpt bert; do
    extra=""; [ $m = bert ] && extra="--pos-init sin --short-frac 0.1 --short-seq 32"
    # shellcheck disable=SC2086
    nice -n 10 $PY tools/train/train.py --model $m --budget-min "$BUDGET_MIN" --threads $threads $ARCH $extra \
      --ckpt "$W/ckpt" --data "$W/data" --tokenizer "$W/tokenizer" > "$W/logs/train_$m.log" 2>&1 &
  done
  wait
fi
has export && $PY tools/train/export.py --ckpt "$W/ckpt" --tokenizer "$W/tokenizer" --out "$MODELS" --ref "$W/export_ref.json"
has eval && $PY tools/train/evaluate.py --ckpt "$W/ckpt" --data "$W/data" --tokenizer "$W/tokenizer" ${EVAL_ARGS:-} \
  --out "$W/eval.json" | tee "$W/logs/eval.txt"
has plot && $PY tools/train/plot_loss.py --ckpt "$W/ckpt" --out "$MODELS/loss.png"
if has check; then npx tsx tools/train/checkModels.ts "$MODELS" "$W/export_ref.json"; fi
