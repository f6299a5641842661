"""Training loop for tiny-gpt-es-en and tiny-bert-es-en, with checkpoint/resume and a time budget.

Owns: optimisation (AdamW, warmup then cosine decay over the *time* budget, so a run
ends on schedule whatever the machine's speed), the sequence-length mix (mostly
128-token steps, every `--long-every`-th step at 512 so that every learned position
embedding up to 512 is trained), the language mix (--lang-weights, batches.py), the
encoder's loss (MLM + --nsp-weight x NSP on prose pairs; code pairs are MLM only) and its
local-heads start (model.local_heads_init), validation logging per language (valid split,
never test), and checkpoints (`work/ckpt/<model>/last.pt`; rerunning the same command
resumes; --parts-out also writes the weights in <= 15 MiB parts for gpu.sh).
Uses CUDA when present (bf16 autocast there); --device cpu runs the same code path.

Example:
  OPENBLAS_CORETYPE=Haswell nice -n 10 /usr/bin/python3 tools/train/train.py --model gpt \\
      --budget-min 90 --threads 1
"""
import argparse
import contextlib
import functools
import json
import math
import os
import signal
import time

import numpy as np
import torch
import torch.nn.functional as F

import batches
from model import ModelConfig, TinyBert, TinyGPT, local_heads_init


def sinusoids(n, d):
    pos = torch.arange(n, dtype=torch.float32)[:, None]
    freq = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    out = torch.zeros(n, d)
    out[:, 0::2], out[:, 1::2] = torch.sin(pos * freq), torch.cos(pos * freq)
    return out


def build(kind, cfg):
    return TinyGPT(cfg) if kind == "gpt" else TinyBert(cfg)


def load_texts(path):
    """Token texts for the samplers: a tokenizer folder (bpe.py's), or a vocab_texts.json list
    (what gpu.sh carries, so that the GPU machine needs no `regex` module)."""
    if path.endswith(".json"):
        return json.load(open(path, encoding="utf-8"))
    import bpe
    return batches.vocab_texts(bpe.load(path))


def gpt_step(model, split, rng, batch, seq, dev, lang=None):
    x, y = batches.gpt_batch(split, rng, batch, seq, lang)
    logits, _ = model(torch.from_numpy(x).to(dev))
    loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), torch.from_numpy(y).to(dev).reshape(-1))
    return loss, {"lm": loss}


def bert_step(model, split, rng, batch, seq, dev, lang=None, nsp_weight=1.0, eval_mode=False):
    ids, att, types, (rows, cols, tgt), labels = batches.bert_batch(split, rng, batch, seq, eval_mode=eval_mode,
                                                                    lang=lang)
    t = lambda a: torch.from_numpy(a).to(dev)
    h = model.hidden(t(ids), t(att), t(types))
    logits = model.mlm_logits(h[t(rows), t(cols)]).float()
    mlm = F.cross_entropy(logits, t(tgt))
    stats = {"mlm": mlm, "mlm_acc": (logits.argmax(-1) == t(tgt)).float().mean()}
    labelled = labels != batches.IGNORE
    if not labelled.any():  # code rows only: MLM only
        return mlm, stats
    nsp_logits = model.nsp_logits(h[t(labelled)]).float()
    y = t(labels[labelled])
    nsp = F.cross_entropy(nsp_logits, y)
    stats.update(nsp=nsp, nsp_acc=(nsp_logits.argmax(-1) == y).float().mean())
    return mlm + nsp_weight * nsp, stats


def lr_at(frac, step, peak, warmup):
    warm = min(1.0, (step + 1) / warmup)
    return peak * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def validate(model, kind, split, dev, n=8, batch=16):
    """Mean valid figures per language present (never the test split)."""
    model.eval()
    out = {}
    with torch.no_grad():
        for g, name in enumerate(batches.LANGS):
            if len(split.lang_docs[g]) == 0:
                continue
            rng, acc = np.random.default_rng(1234), {}
            for _ in range(n):
                if kind == "gpt":
                    _, s = gpt_step(model, split, rng, batch // 2, 256, dev, lang=g)
                else:
                    _, s = bert_step(model, split, rng, batch, 128, dev, lang=g)
                for k, v in s.items():
                    acc[k] = acc.get(k, 0) + float(v) / n
            out[name] = {k: round(v, 4) for k, v in acc.items()}
    model.train()
    # the language-weighted mean under the plain keys, which plot_loss.py draws
    per_lang = dict(out)
    for k in set().union(*(v.keys() for v in per_lang.values())):
        vals = [(split.weights[batches.LANGS.index(g)], v[k]) for g, v in per_lang.items() if k in v]
        out[k] = round(sum(w * v for w, v in vals) / max(1e-9, sum(w for w, _ in vals)), 4)
    return out


def save_parts(ck, out_dir, limit=15 * 2 ** 20):
    """Writes a checkpoint's model weights (no optimiser state) as part*.pt files of at most
    `limit` bytes each: the GPU machine returns files of at most 16 MiB. join_parts reverses it."""
    os.makedirs(out_dir, exist_ok=True)
    parts, size = [{}], 0
    for name, tensor in ck["model"].items():
        n = tensor.numel() * tensor.element_size()
        if parts[-1] and size + n > limit:
            parts.append({})
            size = 0
        parts[-1][name] = tensor.cpu()
        size += n
    for i, p in enumerate(parts):
        meta = {"cfg": ck["cfg"], "state": ck["state"], "args": ck["args"], "parts": len(parts)} if i == 0 else {}
        torch.save({"model": p, **meta}, os.path.join(out_dir, f"part{i}.pt"))
    return len(parts)


def join_parts(in_dir, out_path):
    head = torch.load(os.path.join(in_dir, "part0.pt"), map_location="cpu")
    model = dict(head["model"])
    for i in range(1, head["parts"]):
        model.update(torch.load(os.path.join(in_dir, f"part{i}.pt"), map_location="cpu")["model"])
    torch.save({"cfg": head["cfg"], "state": head["state"], "args": head["args"], "model": model}, out_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["gpt", "bert"], required=True)
    ap.add_argument("--data", default="tools/train/work/data")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer",
                    help="bpe.py's tokenizer folder, or a vocab_texts.json (token texts) as gpu.sh carries")
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--budget-min", type=float, default=90, help="training wall time, minutes")
    ap.add_argument("--steps", type=int, default=0,
                    help="stop after this many steps and schedule the LR over steps, not time (matched A/B runs "
                         "on a shared machine); 0 = the time budget")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default=None, help="default: cuda when present, else cpu")
    ap.add_argument("--bf16", type=int, default=1, help="bf16 autocast on CUDA (ignored on CPU)")
    ap.add_argument("--d", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--batch", type=int, default=16, help="sequences per 128-token step")
    ap.add_argument("--long-every", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lang-weights", default=batches.DEFAULT_WEIGHTS,
                    help="share of windows (decoder) / pairs (encoder) per language, e.g. es=0.4,en=0.35,code=0.25")
    ap.add_argument("--nsp-weight", type=float, default=1.0, help="encoder loss = MLM + this x NSP")
    ap.add_argument("--nsp-lr-mult", type=float, default=1.0,
                    help="learning-rate factor for the NSP pooler and head and the token-type embeddings")
    ap.add_argument("--local-heads", default=None,
                    help="offsets for layer 0's first heads, set before training (see model.local_heads_init); "
                         "'-1,1' = previous/next token; 'none' = off. Default: -1,1 for bert, none for gpt")
    ap.add_argument("--local-norm", choices=["keep", "free"], default="keep",
                    help="keep: the local-heads start leaves the position embeddings' norms as they were (free: "
                         "they grow ~2.5x and drown the token-type signal NSP needs)")
    ap.add_argument("--pos-init", choices=["normal", "sin"], default="normal",
                    help="sin: start position embeddings as scaled sinusoids")
    ap.add_argument("--short-frac", type=float, default=0.0,
                    help="fraction of the budget trained at --short-seq first (a curriculum)")
    ap.add_argument("--short-seq", type=int, default=32)
    ap.add_argument("--valid-every", type=int, default=500)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--parts-out", default=None,
                    help="also write the final weights as part*.pt files of <= 15 MiB here (save_parts)")
    ap.add_argument("--name", default=None, help="checkpoint folder name (default: --model)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dev = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    amp = dict(device_type="cuda", dtype=torch.bfloat16, enabled=bool(args.bf16)) if dev.startswith("cuda") else None
    texts = load_texts(args.tokenizer)
    train_split = batches.Split(args.data, "train", texts, args.lang_weights)
    valid_split = batches.Split(args.data, "valid", texts, args.lang_weights)
    print("languages", dict(zip(batches.LANGS, train_split.weights.round(3).tolist())), "device", dev, flush=True)
    out_dir = os.path.join(args.ckpt, args.name or args.model)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "last.pt")
    cfg = ModelConfig(vocab=len(texts), d=args.d, layers=args.layers, heads=args.heads, ffn=4 * args.d)
    torch.manual_seed(args.seed)
    model = build(args.model, cfg)
    if args.pos_init == "sin":
        with torch.no_grad():
            model.wpe.weight.copy_(sinusoids(cfg.max_pos, cfg.d) * (1.0 / math.sqrt(cfg.d / 2)))
    model = model.to(dev)
    # A second group only when asked for: checkpoints with one group resume as they were saved.
    own = (lambda n: n.split(".")[0] in ("pooler", "nsp", "wtt")) if args.nsp_lr_mult != 1 else (lambda n: False)
    head = [p for n, p in model.named_parameters() if own(n)]
    rest = [p for n, p in model.named_parameters() if not own(n)]
    groups = [{"params": rest, "mult": 1.0}] + ([{"params": head, "mult": args.nsp_lr_mult}] if head else [])
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.98), weight_decay=0.01)
    state = {"step": 0, "elapsed": 0.0, "tokens": 0}
    log = open(os.path.join(out_dir, "log.jsonl"), "a")
    if os.path.exists(path):
        ck = torch.load(path, map_location=dev)
        cfg = ModelConfig(**ck["cfg"])
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        print(f"resumed at step {state['step']}, {state['elapsed'] / 60:.1f} min")
        log.write(json.dumps({"resumed": state["step"]}) + "\n")
    else:
        local = args.local_heads or ("-1,1" if args.model == "bert" else "none")
        if local != "none":
            offsets = [int(x) for x in local.split(",")]
            got, steps = local_heads_init(model, offsets, seed=args.seed, keep_norm=args.local_norm == "keep")
            print(f"local heads {offsets}: weight on the neighbour {[round(g, 3) for g in got]} after {steps} steps",
                  flush=True)
            log.write(json.dumps({"local_heads": offsets, "weight": got, "steps": steps}) + "\n")
    rng = np.random.default_rng(args.seed + state["step"])
    budget = args.budget_min * 60
    step_fn = gpt_step if args.model == "gpt" else functools.partial(bert_step, nsp_weight=args.nsp_weight)
    t_last, last_save, acc, n_acc = time.time(), time.time(), {}, {}

    def checkpoint():
        return {"cfg": cfg.to_dict(), "model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                "args": vars(args)}

    def save():
        torch.save(checkpoint(), path + ".tmp")
        os.replace(path + ".tmp", path)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))  # finish the step, save, exit
    def progress():
        return state["step"] / args.steps if args.steps else state["elapsed"] / budget

    while progress() < 1 and not stop:
        long = args.long_every > 0 and state["step"] % args.long_every == args.long_every - 1
        seq, batch = (512, max(1, args.batch // 4)) if long else (128, args.batch)
        if progress() < args.short_frac:
            seq, batch = args.short_seq, args.batch * 128 // args.short_seq
        lr = lr_at(progress(), state["step"], args.lr, args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr * g.get("mult", 1.0)
        with torch.autocast(**amp) if amp else contextlib.nullcontext():
            loss, stats = step_fn(model, train_split, rng, batch, seq, dev)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        for k, v in stats.items():  # tensors: summed on the device, read once per log row
            acc[k] = acc.get(k, 0) + v.detach()
            n_acc[k] = n_acc.get(k, 0) + 1
        now = time.time()
        # a step never takes a minute, so a longer gap is a pause (SIGSTOP while a benchmark runs): not training time
        state["elapsed"] += min(now - t_last, 60.0)
        t_last = now
        state["step"] += 1
        state["tokens"] += batch * seq
        if state["step"] % args.log_every == 0:
            row = {"step": state["step"], "tokens": state["tokens"], "elapsed": round(state["elapsed"], 1),
                   "lr": lr, **{k: round(float(v) / n_acc[k], 4) for k, v in acc.items()}}
            acc, n_acc = {}, {}
            if state["step"] % args.valid_every == 0:
                row["valid"] = validate(model, args.model, valid_split, dev)
            log.write(json.dumps(row) + "\n")
            log.flush()
            print(json.dumps(row), flush=True)
            t_last = time.time()  # validation time is not training time
        if now - last_save > 300:
            save()
            last_save = now
    final = {"step": state["step"], "tokens": state["tokens"], "elapsed": round(state["elapsed"], 1),
             "valid": validate(model, args.model, valid_split, dev)}
    log.write(json.dumps(final) + "\n")
    log.close()
    save()
    if args.parts_out:
        print("parts", save_parts(checkpoint(), args.parts_out))
    print("done", json.dumps(final))


if __name__ == "__main__":
    main()
