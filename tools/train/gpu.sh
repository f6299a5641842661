#!/usr/bin/env bash
# Trains the embedded pair on a leased GPU (one H200, 15 minutes in all, one command of at most
# 10 minutes; torch 2.x + CUDA there, nothing installable; 64 MiB of working tree + carried files
# go there; files come back from $OUT, at most 16 MiB each and 8 in all).
#
#   bash tools/train/gpu.sh prepare        # here, on CPU: corpus -> tokenizer -> data if missing, then
#                                          # tools/train/work/gpu/ (train/valid data, vocab_texts.json)
#   # device (the `run` tool): carry ["tools/train/work/gpu"], timeout_s 600, command:
#   #   bash tools/train/gpu.sh device
#   bash tools/train/gpu.sh finish DIR     # here: DIR = the returned files (files_at); joins the weights
#                                          # into work/ckpt_gpu, then export -> evaluate -> plot -> check
#
# `device` trains both models at once on CUDA (bf16 autocast, 256-sequence batches) for TRAIN_MIN
# minutes each (default 8; train.py stops on time, or on the SIGTERM `timeout` sends 40 s before the
# call's limit, and still saves) and writes to $OUT: {gpt,bert}/part*.pt (weights in <= 15 MiB
# files), {gpt,bert}/log.jsonl and train.log. torch.compile is not used: every encoder step has a
# different number of masked positions and the sequence length changes every 4th step, so it would
# recompile, and its first compile alone costs a minute of the lease. PY=/usr/bin/python3 DEVICE=cpu TRAIN_MIN=0.2
# BATCH=16 runs the same code path here (the CPU test of this script).
set -euo pipefail
cd "$(dirname "$0")/../.."
W=tools/train/work
G=$W/gpu
# The model pair: 4 layers x 6 heads x 192 wide (head size 32), FFN 768, 512 positions, tied
# embeddings; about 5.0 M parameters each with a 16k vocabulary, about 20 MB of fp32 ONNX each.
ARCH=${ARCH:-"--d 192 --layers 4 --heads 6"}
# What the data may take of the 64 MiB: what the working tree (tracked and untracked, not
# ignored files) leaves, less 2 MiB.
tree_mb() { git ls-files -co --exclude-standard -z | du -cb --files0-from=- | tail -n 1 | awk '{print $1 / 1048576}'; }

case "${1:-}" in
prepare)
  PY=/usr/bin/python3
  export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
  [ -f "$W/data/train.npy" ] || SKIP_SETUP=1 STAGES="corpus tokenizer data" bash tools/train/run.sh
  rm -rf "$G" && mkdir -p "$G/data"
  CARRY_MB=${CARRY_MB:-$(awk -v t="$(tree_mb)" 'BEGIN { print 62 - t }')}
  echo "working tree $(tree_mb) MiB: the data may take $CARRY_MB MiB"
  $PY - "$W" "$G" "$CARRY_MB" <<'EOF'
import json, os, sys
sys.path.insert(0, "tools/train")
import batches, bpe
w, g, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
tok = bpe.load(os.path.join(w, "tokenizer"))
json.dump(batches.vocab_texts(tok), open(os.path.join(g, "vocab_texts.json"), "w"), ensure_ascii=False)
valid_tokens, _ = batches.write_subset(os.path.join(w, "data"), "valid", os.path.join(g, "data"), 400_000)
# uint16 tokens plus about 10 % for the doc and sentence tables
tokens, docs = batches.write_subset(os.path.join(w, "data"), "train", os.path.join(g, "data"),
                                    int((mb * 2**20 - valid_tokens * 2.2) / 2.2))
print(f"carry {g}: train {tokens} tokens in {docs} docs, valid {valid_tokens} tokens")
EOF
  du -sh "$G"
  echo 'device: run(command="bash tools/train/gpu.sh device", carry=["tools/train/work/gpu"], timeout_s=600)' ;;
device)
  OUT=${OUT:?set by the device machine}
  TRAIN_MIN=${TRAIN_MIN:-8}
  PY=${PY:-python3}  # the device's python3 holds torch
  limit=$(awk -v m="$TRAIN_MIN" 'BEGIN { print int(m * 60 + 60) }')
  $PY -c 'import numpy, torch; print("torch", torch.__version__, "numpy", numpy.__version__, "cuda",
    torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
  for m in gpt bert; do
    mkdir -p "$OUT/$m"
    # The encoder's start as in run.sh (sinusoid positions, 32-token pairs first), which the
    # code-only pair's GPU run also used. The decoder starts with layer 0's head 0 on the previous
    # token (--local-heads -1): trained from a plain start on CPU, the committed one formed no
    # previous-token head (best 0.084), and one cannot be added to a trained decoder cheaply (tried
    # 2026-12-05: the query/key rows alone reach 0.09; with the positions 0.47, and validation loss
    # 4.90 -> 5.39). From scratch the start costs nothing measurable: 0.79 on the previous token after
    # 15 Adam steps, 0.67 still after 74 training steps, validation loss 8.67 vs 8.74 without it.
    extra="--local-heads -1"; [ $m = bert ] && extra="--pos-init sin --short-frac 0.08 --short-seq 32"
    # shellcheck disable=SC2086
    timeout -s TERM "$limit" $PY tools/train/train.py --model $m ${DEVICE:+--device $DEVICE} $ARCH $extra \
      --batch "${BATCH:-256}" --lr "${LR:-3e-3}" --warmup 300 --budget-min "$TRAIN_MIN" --threads 4 \
      --data "$G/data" --tokenizer "$G/vocab_texts.json" --ckpt "${CKPT:-/tmp/gpu-ckpt}" --parts-out "$OUT/$m" \
      > "$OUT/$m/stdout.txt" 2>&1 &
  done
  wait || true
  for m in gpt bert; do cp "${CKPT:-/tmp/gpu-ckpt}/$m/log.jsonl" "$OUT/$m/" || true; done
  cat "$OUT/gpt/stdout.txt" "$OUT/bert/stdout.txt" > "$OUT/train.log"; rm -f "$OUT"/*/stdout.txt
  tail -n 3 "$OUT/train.log"; ls -la "$OUT"/* ;;
finish)
  IN=${2:?the folder the device files came back in}
  PY=/usr/bin/python3
  export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}
  C=${CKPT_OUT:-$W/ckpt_gpu}
  for m in gpt bert; do
    mkdir -p "$C/$m"
    $PY -c "import sys; sys.path.insert(0, 'tools/train'); import train; train.join_parts('$IN/$m', '$C/$m/last.pt')"
    cp "$IN/$m/log.jsonl" "$C/$m/log.jsonl"
  done
  $PY tools/train/export.py --ckpt "$C" --tokenizer "$W/tokenizer" --out "${MODELS:-models}" --ref "$W/export_ref.json"
  $PY tools/train/evaluate.py --ckpt "$C" --data "$W/data" --tokenizer "$W/tokenizer" --out "$W/eval.json" ${EVAL_ARGS:-} \
    | tee "$W/logs/eval.txt"
  $PY tools/train/plot_loss.py --ckpt "$C" --out "${MODELS:-models}/loss.png"
  npx tsx tools/train/checkModels.ts "${MODELS:-models}" "$W/export_ref.json" ;;
*)
  sed -n 2,20p "$0"; exit 2 ;;
esac
