#!/usr/bin/env bash
# Installs the training pipeline's system dependencies from Debian's packages (bookworm):
# PyTorch 1.13, ONNX 1.12, NumPy, the `regex` module (GPT-2 pre-tokenizer), matplotlib for
# the loss plot, and the pthread OpenBLAS (the reference BLAS is ~10x slower).
# The pipeline runs with Debian's interpreter, /usr/bin/python3, not a pyenv/venv python.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO apt-get install -y -q python3-torch python3-onnx python3-numpy python3-regex python3-matplotlib \
  libopenblas0-pthread
/usr/bin/python3 -c 'import torch, onnx, numpy, regex, matplotlib; print("torch", torch.__version__, "onnx", onnx.__version__)'
