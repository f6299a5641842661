"""Training loop for tiny-code-gpt and tiny-code-bert, with checkpoint/resume and a time budget.

Owns: optimisation (AdamW, warmup then cosine decay over the *time* budget, so a run
ends on schedule whatever the machine's speed), the sequence-length mix (mostly
128-token steps, every `--long-every`-th step at 512 so that every learned position
embedding up to 512 is trained), validation loss logging (valid split, never test),
and checkpoints (`work/ckpt/<model>/last.pt`; rerunning the same command resumes).
Uses CUDA when present.

Example:
  OPENBLAS_CORETYPE=Haswell nice -n 10 /usr/bin/python3 tools/train/train.py --model gpt \\
      --budget-min 90 --threads 1
"""
import argparse
import json
import math
import os
import signal
import time

import numpy as np
import torch
import torch.nn.functional as F

import batches
import bpe
from model import ModelConfig, TinyBert, TinyGPT


def sinusoids(n, d):
    pos = torch.arange(n, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    out = torch.zeros(n, d)
    out[:, 0::2], out[:, 1::2] = torch.sin(pos * freq), torch.cos(pos * freq)
    return out


def build(kind, cfg):
    return TinyGPT(cfg) if kind == "gpt" else TinyBert(cfg)


def gpt_step(model, split, rng, batch, seq, dev, fast):
    x, y = batches.gpt_batch(split, rng, batch, seq)
    logits, _ = model(torch.from_numpy(x).to(dev), fast=fast)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(y).to(dev).reshape(-1))
    return loss, {"lm": loss.item()}


def bert_step(model, split, rng, batch, seq, dev, fast, eval_mode=False):
    ids, att, types, (rows, cols, tgt), labels = batches.bert_batch(split, rng, batch, seq, eval_mode=eval_mode)
    t = lambda a: torch.from_numpy(a).to(dev)
    h = model.hidden(t(ids), t(att), t(types), fast)
    logits = model.mlm_logits(h[t(rows), t(cols)], fast)
    mlm = F.cross_entropy(logits, t(tgt))
    nsp_logits = model.nsp_logits(h)
    nsp = F.cross_entropy(nsp_logits, t(labels))
    stats = {"mlm": mlm.item(), "nsp": nsp.item(),
             "mlm_acc": (logits.argmax(-1) == t(tgt)).float().mean().item(),
             "nsp_acc": (nsp_logits.argmax(-1) == t(labels)).float().mean().item()}
    return mlm + nsp, stats


def lr_at(frac, step, peak, warmup):
    warm = min(1.0, (step + 1) / warmup)
    return peak * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def validate(model, kind, split, dev, fast, n=8):
    model.eval()
    rng = np.random.default_rng(1234)
    out = {}
    with torch.no_grad():
        for _ in range(n):
            if kind == "gpt":
                _, s = gpt_step(model, split, rng, 8, 256, dev, fast)
            else:
                _, s = bert_step(model, split, rng, 16, 128, dev, fast)
            for k, v in s.items():
                out[k] = out.get(k, 0) + v / n
    model.train()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["gpt", "bert"], required=True)
    ap.add_argument("--data", default="tools/train/work/data")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--budget-min", type=float, default=90)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--d", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=16, help="sequences per 128-token step")
    ap.add_argument("--long-every", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pos-init", choices=["normal", "sin"], default="normal",
                    help="sin: start position embeddings as scaled sinusoids (the encoder otherwise sits on a "
                         "unigram plateau with near-uniform attention for many steps)")
    ap.add_argument("--short-frac", type=float, default=0.0,
                    help="fraction of the budget trained at --short-seq first (a curriculum: with short "
                         "sequences uniform attention still reaches the neighbours, so the encoder learns "
                         "positional attention quickly)")
    ap.add_argument("--short-seq", type=int, default=32)
    ap.add_argument("--name", default=None, help="checkpoint folder name (default: --model)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    fast = False  # measured: torch's own softmax/GELU beat the numpy versions with OpenBLAS here
    tok = bpe.load(args.tokenizer)
    train_split = batches.Split(args.data, "train", tok)
    valid_split = batches.Split(args.data, "valid", tok)
    out_dir = os.path.join(args.ckpt, args.name or args.model)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "last.pt")
    cfg = ModelConfig(vocab=len(tok.vocab), d=args.d, layers=args.layers, heads=args.heads, ffn=4 * args.d)
    torch.manual_seed(args.seed)
    model = build(args.model, cfg)
    if args.pos_init == "sin":
        with torch.no_grad():
            model.wpe.weight.copy_(sinusoids(cfg.max_pos, cfg.d) * (1.0 / math.sqrt(cfg.d / 2)))
    model = model.to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)
    state = {"step": 0, "elapsed": 0.0, "tokens": 0}
    if os.path.exists(path):
        ck = torch.load(path, map_location=dev)
        cfg = ModelConfig(**ck["cfg"])
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        print(f"resumed at step {state['step']}, {state['elapsed'] / 60:.1f} min")
        with open(os.path.join(out_dir, "log.jsonl"), "a") as f:
            f.write(json.dumps({"resumed": state["step"]}) + "\n")
    rng = np.random.default_rng(args.seed + state["step"])
    budget = args.budget_min * 60
    log = open(os.path.join(out_dir, "log.jsonl"), "a")
    step_fn = gpt_step if args.model == "gpt" else bert_step
    t_last, last_save, acc, n_acc = time.time(), time.time(), {}, 0

    def save():
        ck = {"cfg": cfg.to_dict(), "model": model.state_dict(), "opt": opt.state_dict(), "state": state,
              "args": vars(args)}
        torch.save(ck, path + ".tmp")
        os.replace(path + ".tmp", path)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))  # finish the step, save, exit
    while state["elapsed"] < budget and not stop:
        long = args.long_every > 0 and state["step"] % args.long_every == args.long_every - 1
        seq, batch = (512, max(1, args.batch // 4)) if long else (128, args.batch)
        if state["elapsed"] < args.short_frac * budget:
            seq, batch = args.short_seq, args.batch * 128 // args.short_seq
        lr = lr_at(state["elapsed"] / budget, state["step"], args.lr, 200)
        for g in opt.param_groups:
            g["lr"] = lr
        loss, stats = step_fn(model, train_split, rng, batch, seq, dev, fast)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        now = time.time()
        state["elapsed"] += now - t_last
        t_last = now
        state["step"] += 1
        state["tokens"] += batch * seq
        for k, v in stats.items():
            acc[k] = acc.get(k, 0) + v
        n_acc += 1
        if state["step"] % 50 == 0:
            row = {"step": state["step"], "tokens": state["tokens"], "elapsed": round(state["elapsed"], 1),
                   "lr": lr, **{k: v / n_acc for k, v in acc.items()}}
            acc, n_acc = {}, 0
            if state["step"] % 500 == 0:
                row["valid"] = validate(model, args.model, valid_split, dev, fast)
            log.write(json.dumps(row) + "\n")
            log.flush()
            print(json.dumps(row), flush=True)
        if now - last_save > 300:
            save()
            last_save = now
    save()
    print("done", json.dumps(state))


if __name__ == "__main__":
    main()
