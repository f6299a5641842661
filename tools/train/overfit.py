"""Quick learning checks for the training code, on CPU in minutes (no corpus needed).

Owns two checks, each printing its figure and failing (exit 1) below its limit:
  * tiny: a small decoder and encoder must overfit one fixed batch (loss falls below --tiny-limit):
    the forward pass, losses, masking and optimiser are wired so that the models can learn at all.
  * copylong: an encoder must fill masked tokens of 128-token rows "a a b b c c ..." (random
    pairs), which it can only do by looking at the neighbouring token. From a random start the
    encoder sits on the unigram plateau (previous session: 0.026 without the local heads); with
    model.local_heads_init it learns (0.453). Limit: masked top-1 >= 0.25 with --local-heads -1,1.
    Run it with --local-heads none to see the plateau (it then fails, as expected).
  * nsp: an encoder trained with train.bert_step on a synthetic data dir (write_fixture: numbers in
    the corpus interface, prose docs with their own topic words) must reach --nsp-limit held-out
    next-sentence accuracy. Not part of `all`: it fails today, with and without the local heads
    (held-out 0.490 / 0.500 after 400 steps), which is the open NSP problem, not a wiring fault
    (tiny passes; on today's corpus NSP rises to 0.66 by 900 steps without the local heads).

Example: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 tools/train/overfit.py --check all
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

import batches
import train
from model import ModelConfig, TinyBert, TinyGPT, local_heads_init

MASK, FIRST = batches.MASK, batches.N_SPECIAL


def mask_rows(ids, rng, prob=0.15):
    chosen = (ids >= FIRST) & (rng.random(ids.shape) < prob)
    rows, cols = np.nonzero(chosen)
    inputs = ids.copy()
    inputs[rows, cols] = MASK
    return inputs, rows, cols, ids[rows, cols]


def mlm_loss(model, ids, rng):
    inputs, rows, cols, tgt = mask_rows(ids, rng)
    t = torch.from_numpy
    h = model.hidden(t(inputs), torch.ones_like(t(inputs)), torch.zeros_like(t(inputs)))
    logits = model.mlm_logits(h[t(rows), t(cols)])
    return F.cross_entropy(logits, t(tgt)), (logits.argmax(-1) == t(tgt)).float().mean().item()


def tiny(args):
    rng = np.random.default_rng(0)
    torch.manual_seed(0)
    cfg = ModelConfig(vocab=args.vocab, d=64, layers=2, heads=2, ffn=256)
    ids = rng.integers(FIRST, args.vocab, size=(4, 64))
    ok = True
    for kind in ("gpt", "bert"):
        model = TinyGPT(cfg) if kind == "gpt" else TinyBert(cfg)
        opt = torch.optim.Adam(model.parameters(), lr=3e-3)
        for _ in range(args.tiny_steps):
            if kind == "gpt":
                x = torch.from_numpy(ids)
                logits, _ = model(x[:, :-1])
                loss = F.cross_entropy(logits.reshape(-1, cfg.vocab), x[:, 1:].reshape(-1))
            else:
                loss, _ = mlm_loss(model, ids, np.random.default_rng(1))  # the same masks every step
            opt.zero_grad()
            loss.backward()
            opt.step()
        passed = loss.item() < args.tiny_limit
        ok &= passed
        print(f"tiny {kind}: loss {loss.item():.3f} after {args.tiny_steps} steps (limit {args.tiny_limit}) "
              f"{'ok' if passed else 'FAIL'}")
    return ok


def copy_rows(rng, n, seq, vocab):
    return np.repeat(rng.integers(FIRST, vocab, size=(n, seq // 2)), 2, axis=1)


def copylong(args):
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    cfg = ModelConfig(vocab=args.vocab, d=128, layers=2, heads=4, ffn=512)
    model = TinyBert(cfg)
    if args.local_heads != "none":
        got, steps = local_heads_init(model, [int(x) for x in args.local_heads.split(",")], seed=args.seed)
        print(f"local heads {args.local_heads}: weight on the neighbour {[round(g, 3) for g in got]} ({steps} steps)")
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, betas=(0.9, 0.98), weight_decay=0.01)
    for step in range(args.copy_steps):
        loss, acc = mlm_loss(model, copy_rows(rng, 16, 128, args.vocab), rng)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if (step + 1) % 100 == 0:
            print(f"  copylong step {step + 1}: loss {loss.item():.3f} masked top-1 {acc:.3f}", flush=True)
    model.eval()
    with torch.no_grad():
        held = np.random.default_rng(10_000 + args.seed)  # fresh rows, never trained on
        accs = [mlm_loss(model, copy_rows(held, 16, 128, args.vocab), held)[1] for _ in range(8)]
    acc = float(np.mean(accs))
    passed = acc >= args.copy_limit
    print(f"copylong (local heads {args.local_heads}): held-out masked top-1 {acc:.3f} after {args.copy_steps} "
          f"steps (limit {args.copy_limit}) {'ok' if passed else 'FAIL'}")
    return passed


def write_fixture(out, vocab=4096, seed=0, docs=(300, 40)):
    """A synthetic data dir in the corpus interface (numbers, not text): splits train and valid of
    code / en / es docs; each prose doc has a topic (40 tokens its sentences draw 35 % of their
    words from) over its language's common words, sentences end in token 6 ("."). Consecutive
    sentences share a topic, sentences of another doc mostly do not: NSP is learnable from the
    words of A and B, as on real prose. Returns the token texts (for batches.Split)."""
    rng = np.random.default_rng(seed)
    common = {0: (100, 600), 1: (600, 1100), 2: (1100, 1600)}
    os.makedirs(out, exist_ok=True)
    for split, n_docs in zip(("train", "valid"), docs):
        ids, doc_rows, sent_rows = [], [], []
        for d in range(n_docs):
            lang = d % 3
            topic = rng.integers(1600, vocab, size=40)
            start = len(ids)
            for _ in range(int(rng.integers(8, 30))):
                lo, hi = common[lang]
                n = int(rng.integers(6, 18))
                words = np.where(rng.random(n) < 0.35, rng.choice(topic, n), lo + rng.zipf(1.3, n) % (hi - lo))
                s0 = len(ids)
                ids.extend(int(w) for w in words)
                ids.append(7 if lang == 0 else 6)  # code lines end in a newline token
                if lang:
                    sent_rows.append((s0, len(ids), d))
            doc_rows.append((start, len(ids), lang))
            ids.append(0)
        np.save(os.path.join(out, f"{split}.npy"), np.array(ids, np.uint16))
        np.save(os.path.join(out, f"{split}_docs.npy"), np.array(doc_rows, np.int64))
        np.save(os.path.join(out, f"{split}_sents.npy"), np.array(sent_rows, np.int64))
    return ["" if i < FIRST else "\n" if i == 7 else "." if i == 6 else f" w{i}" for i in range(vocab)]


def nsp(args):
    """The encoder learns next-sentence prediction on the fixture (held-out docs), MLM alongside."""
    with tempfile.TemporaryDirectory() as tmp:
        texts = write_fixture(tmp, args.vocab, args.seed)
        tr, va = (batches.Split(tmp, s, texts) for s in ("train", "valid"))
        torch.manual_seed(args.seed)
        model = TinyBert(ModelConfig(vocab=args.vocab, d=128, layers=2, heads=4, ffn=512))
        if args.local_heads != "none":
            local_heads_init(model, [int(x) for x in args.local_heads.split(",")], seed=args.seed)
        opt = torch.optim.AdamW(model.parameters(), lr=2e-3, betas=(0.9, 0.98), weight_decay=0.01)
        rng = np.random.default_rng(args.seed)
        for step in range(args.nsp_steps):
            for g in opt.param_groups:
                g["lr"] = train.lr_at(step / args.nsp_steps, step, 2e-3, 50)
            loss, stats = train.bert_step(model, tr, rng, 16, 128, "cpu", nsp_weight=args.nsp_weight)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            if (step + 1) % 100 == 0:
                print(f"  nsp step {step + 1}: mlm {float(stats['mlm']):.3f} nsp {float(stats.get('nsp', 0)):.3f}", flush=True)
        model.eval()
        import evaluate  # noqa: E402 (needs bpe's `regex` module only here)
        acc = float(np.mean([evaluate.eval_nsp(model, va, g, 200) for g in (1, 2)]))
    passed = acc >= args.nsp_limit
    print(f"nsp (weight {args.nsp_weight}, local heads {args.local_heads}): held-out accuracy {acc:.3f} after "
          f"{args.nsp_steps} steps (limit {args.nsp_limit}) {'ok' if passed else 'FAIL'}")
    return passed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", choices=["tiny", "copylong", "nsp", "all"], default="all")
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tiny-steps", type=int, default=150)
    ap.add_argument("--tiny-limit", type=float, default=0.5)
    ap.add_argument("--copy-steps", type=int, default=600)
    ap.add_argument("--copy-limit", type=float, default=0.25)
    ap.add_argument("--nsp-steps", type=int, default=400)
    ap.add_argument("--nsp-limit", type=float, default=0.75)
    ap.add_argument("--nsp-weight", type=float, default=1.0)
    ap.add_argument("--local-heads", default="-1,1", help="'none' shows the plateau the fix removes")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    ok = True
    if args.check in ("tiny", "all"):
        ok &= tiny(args)
    if args.check in ("copylong", "all"):
        ok &= copylong(args)
    if args.check == "nsp":  # not in "all": it fails today (see the module docstring)
        ok &= nsp(args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
