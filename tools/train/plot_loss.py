"""Loss-curve plot for the model card (models/loss.png).

Owns: the figure. Reads work/ckpt/{gpt,bert}/log.jsonl written by train.py: training
loss every --log-every steps and validation loss (valid split, the language-weighted mean) every
--valid-every steps and at the end, against tokens seen.

Example: /usr/bin/python3 tools/train/plot_loss.py --ckpt tools/train/work/ckpt --out models/loss.png
"""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    """Rows in step order; after a resume (a {"resumed": step} row) the steps logged past the
    checkpoint are replaced by the resumed run's."""
    rows = []
    for line in open(path) if os.path.exists(path) else []:
        r = json.loads(line)
        if "resumed" in r:
            while rows and rows[-1]["step"] > r["resumed"]:
                rows.pop()
            continue
        if "step" in r:  # not the local-heads note
            rows.append(r)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--out", default="models/loss.png")
    args = ap.parse_args()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    panels = (("gpt", "tiny-gpt-es-en", [("lm", "next-token loss")]),
              ("bert", "tiny-bert-es-en", [("mlm", "masked-LM loss"), ("nsp", "NSP loss")]))
    for ax, (kind, title, keys) in zip(axes, panels):
        rows = read(os.path.join(args.ckpt, kind, "log.jsonl"))
        for key, label in keys:
            tr = [r for r in rows if key in r]
            ax.plot([r["tokens"] / 1e6 for r in tr], [r[key] for r in tr], label=f"train {label}", lw=1)
            val = [r for r in rows if key in r.get("valid", {})]
            ax.plot([r["tokens"] / 1e6 for r in val], [r["valid"][key] for r in val], "o-", ms=3,
                    label=f"valid {label}")
        ax.set_title(title)
        ax.set_xlabel("training tokens (millions)")
        ax.set_ylabel("cross-entropy (nats)")
        ax.set_ylim(0, None)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
