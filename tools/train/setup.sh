#!/usr/bin/env bash
# Installs the training pipeline's system dependencies from Debian's packages (bookworm):
# PyTorch 1.13, ONNX 1.12, NumPy, the `regex` module (GPT-2 pre-tokenizer), matplotlib for
# the loss plot, and the pthread OpenBLAS (the reference BLAS is ~10x slower).
# The pipeline runs with Debian's interpreter, /usr/bin/python3, not a pyenv/venv python.
#
# Then fetches the corpus's prose sources (tools/train/sources.py lists them): each package's .deb is
# downloaded with `apt-get download` (no dependencies, nothing installed) and unpacked into
# tools/train/work/debs/<package>/, its version in <package>.version. Already unpacked versions are kept.
# SKIP_PYTHON=1 fetches the sources only.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if [ -z "${SKIP_PYTHON:-}" ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q python3-torch python3-onnx python3-numpy python3-regex python3-matplotlib \
    libopenblas0-pthread
  /usr/bin/python3 -c 'import torch, onnx, numpy, regex, matplotlib; print("torch", torch.__version__, "onnx", onnx.__version__)'
fi
DEBS=tools/train/work/debs
mkdir -p "$DEBS/download"
sandbox=(); [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
for pkg in $(/usr/bin/python3 tools/train/sources.py --packages); do
  want=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
  if [ -z "$want" ] || [ "$want" = "(none)" ]; then echo "setup: $pkg is not available, skipped"; continue; fi
  [ "$(cat "$DEBS/$pkg.version" 2>/dev/null)" = "$want" ] && continue
  (cd "$DEBS/download" && rm -f "${pkg}"_*.deb && apt-get download -q "${sandbox[@]}" "$pkg=$want" >/dev/null)
  rm -rf "${DEBS:?}/$pkg" && dpkg-deb -x "$DEBS/download/${pkg}"_*.deb "$DEBS/$pkg"
  rm -f "$DEBS/download/${pkg}"_*.deb
  # Images, sounds, PDFs and game data are not read; dropping them keeps work/debs small.
  find "$DEBS/$pkg" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.gif' -o -iname '*.svg' -o \
    -iname '*.webp' -o -iname '*.ogg' -o -iname '*.wav' -o -iname '*.pdf' -o -iname '*.cfg' -o -iname '*.map' -o \
    -iname '*.js' -o -iname '*.css' -o -iname '*.lua' -o -iname '*.jpeg' \) -delete
  echo "$want" > "$DEBS/$pkg.version"
  echo "setup: $pkg $want unpacked"
done
