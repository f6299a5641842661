"""Held-out evaluation of tiny-code-gpt and tiny-code-bert (test split, by file; never used for tuning).

Owns: the figures the model card reports. Prints and writes work/eval.json:
  * decoder next-token top-1 / top-5 accuracy and perplexity on held-out TS/JS files
    (512-token windows, every position scored), plus the same on held-out prose;
  * encoder masked-token top-1 / top-5 (15% of tokens replaced by [MASK]) and NSP
    accuracy on held-out consecutive / random-file pairs;
  * qualitative checks: the decoder's top-5 after `function add(a, b) {\\n  return a + b`,
    the encoder's fills, and per-head scores for the previous-token pattern and for
    attention from a closing bracket to its opening bracket (versus chance).

The PyTorch checkpoints are evaluated; checkModels.ts checks that the exported ONNX
files compute the same outputs through transformers.js.

Example: /usr/bin/python3 tools/train/evaluate.py --ckpt tools/train/work/ckpt
"""
import argparse
import json
import os

import numpy as np
import torch

import batches
import bpe
import data
from export import load

OPEN, CLOSE = "([{", ")]}"


def gpt_windows(split, code, seq, max_tokens):
    wins = []
    for s, e, is_code in split.docs:
        if is_code != code:
            continue
        for a in range(s, e - 1, seq):
            w = split.ids[a:min(e, a + seq + 1)]
            if len(w) >= 16:
                wins.append(w)
    rng = np.random.default_rng(0)
    rng.shuffle(wins)
    out, n = [], 0
    for w in wins:
        if n >= max_tokens:
            break
        out.append(w)
        n += len(w) - 1
    return out


def eval_gpt(model, split, code, seq, max_tokens):
    top1 = top5 = nll = n = 0
    with torch.no_grad():
        for w in gpt_windows(split, code, seq, max_tokens):
            x = torch.from_numpy(w[:-1]).unsqueeze(0)
            y = torch.from_numpy(w[1:])
            logits, _ = model(x)
            lp = torch.log_softmax(logits[0], -1)
            nll += -lp[torch.arange(len(y)), y].sum().item()
            t5 = torch.topk(logits[0], 5).indices
            top1 += (t5[:, 0] == y).sum().item()
            top5 += (t5 == y[:, None]).any(-1).sum().item()
            n += len(y)
    return {"top1": top1 / n, "top5": top5 / n, "ppl": float(np.exp(nll / n)), "tokens": n}


def eval_bert(model, split, n_batches, seq):
    rng = np.random.default_rng(0)
    c1 = c5 = n = nsp_ok = nsp_n = 0
    with torch.no_grad():
        for _ in range(n_batches):
            ids, att, types, (rows, cols, tgt), labels = batches.bert_batch(split, rng, 16, seq, eval_mode=True)
            t = torch.from_numpy
            h = model.hidden(t(ids), t(att), t(types))
            logits = model.mlm_logits(h[t(rows), t(cols)])
            t5 = torch.topk(logits, 5).indices
            c1 += (t5[:, 0] == t(tgt)).sum().item()
            c5 += (t5 == t(tgt)[:, None]).any(-1).sum().item()
            n += len(tgt)
            nsp_ok += (model.nsp_logits(h).argmax(-1) == t(labels)).sum().item()
            nsp_n += len(labels)
    return {"mlm_top1": c1 / n, "mlm_top5": c5 / n, "masked_tokens": n, "nsp_acc": nsp_ok / nsp_n, "pairs": nsp_n}


def attention_maps(model, ids, kind):
    """Per-layer probabilities [heads, t, t], read from the same softmax the ONNX graph exposes."""
    maps = []
    orig = torch.softmax

    def spy(x, dim=-1):
        y = orig(x, dim=dim)
        maps.append(y[0])
        return y
    torch.softmax = spy
    try:
        x = torch.tensor([ids])
        if kind == "gpt":
            model(x)
        else:
            model(x, torch.ones_like(x), torch.zeros_like(x))
    finally:
        torch.softmax = orig
    return maps


def bracket_pairs(tok, ids):
    stack, pairs = [], []
    for i, t in enumerate(ids):
        for ch in tok.token_text(t) if t >= bpe.N_SPECIAL else "":
            if ch in OPEN:
                stack.append((ch, i))
            elif ch in CLOSE:
                if stack and OPEN.index(stack[-1][0]) == CLOSE.index(ch):
                    _, j = stack.pop()
                    if i - j >= 2:  # skip adjacent pairs: those are the previous-token pattern
                        pairs.append((i, j))
                else:
                    stack = []
    return pairs


def head_scores(model, kind, tok, split, n_windows, seq):
    L, H = model.cfg.layers, model.cfg.heads
    prev, prev_n = np.zeros((L, H)), 0
    br, br_chance, br_n = np.zeros((L, H)), 0.0, 0
    off = 1 if kind == "bert" else 0
    with torch.no_grad():
        for w in gpt_windows(split, 1, seq, n_windows * seq)[:n_windows]:
            ids = [int(x) for x in w[:-1]]
            full = [data.CLS] + ids + [data.SEP] if kind == "bert" else ids
            maps = attention_maps(model, full, kind)
            t = len(ids)
            q = np.arange(1, t)
            for layer, m in enumerate(maps):
                prev[layer] += m[:, q + off, q - 1 + off].sum(-1).numpy()
            prev_n += len(q)
            pairs = bracket_pairs(tok, ids)
            for i, j in pairs:
                for layer, m in enumerate(maps):
                    br[layer] += m[:, i + off, j + off].numpy()
                br_chance += 1.0 / (i + 1 if kind == "gpt" else len(full))
            br_n += len(pairs)
    prev /= prev_n
    br /= max(1, br_n)
    pl, ph = np.unravel_index(prev.argmax(), prev.shape)
    bl, bh = np.unravel_index(br.argmax(), br.shape)
    return {"previous_token": {"layer": int(pl), "head": int(ph), "score": float(prev[pl, ph]),
                               "all": prev.round(3).tolist()},
            "bracket": {"layer": int(bl), "head": int(bh), "score": float(br[bl, bh]),
                        "chance": br_chance / max(1, br_n), "pairs": br_n, "all": br.round(3).tolist()}}


def qualitative(gpt, bert, tok):
    out = {}
    prompt = "function add(a, b) {\n  return a + b"
    with torch.no_grad():
        logits, _ = gpt(torch.tensor([tok.encode(prompt)]))
        p = torch.softmax(logits[0, -1], -1)
        top = torch.topk(p, 5)
        out["gpt_top5_after_add"] = [(tok.token_text(int(i)), round(float(s), 3)) for s, i in zip(top.values, top.indices)]
        fills = {}
        for text in ["const x = [MASK];", "import { x } [MASK] './y';", "for (let i = 0; i < n; [MASK]++) {",
                     "export default [MASK];", "The [MASK] method reads the entire contents of a file."]:
            a, b = text.split("[MASK]")
            # [MASK] is lstrip (bpe.py): it takes the whitespace before it.
            ids = [data.CLS] + tok.encode(a.rstrip()) + [data.MASK] + tok.encode(b) + [data.SEP]
            x = torch.tensor([ids])
            mlm, _ = bert(x, torch.ones_like(x), torch.zeros_like(x))
            pr = torch.softmax(mlm[0, ids.index(data.MASK)], -1)
            top = torch.topk(pr, 5)
            fills[text] = [(tok.token_text(int(i)), round(float(s), 3)) for s, i in zip(top.values, top.indices)]
        out["bert_fills"] = fills
        nsp = {}
        for a, b in [("I am going outside.", "I will be back after 6."),
                     ("I am going outside.", "The function returns a promise."),
                     ("const a = 1;\n", "const b = a + 1;\n"), ("const a = 1;\n", "## Class: fs.Dir\n")]:
            ids = [data.CLS] + tok.encode(a) + [data.SEP] + tok.encode(b) + [data.SEP]
            types = [0] * (len(tok.encode(a)) + 2) + [1] * (len(tok.encode(b)) + 1)
            x = torch.tensor([ids])
            _, logit = bert(x, torch.ones_like(x), torch.tensor([types]))
            nsp[f"{a!r} / {b!r}"] = round(float(torch.softmax(logit[0], -1)[0]), 3)
        out["nsp_p_isnext"] = nsp
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--data", default="tools/train/work/data")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--split", default="test")
    ap.add_argument("--gpt-tokens", type=int, default=120_000)
    ap.add_argument("--bert-batches", type=int, default=150)
    ap.add_argument("--out", default="tools/train/work/eval.json")
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    tok = bpe.load(args.tokenizer)
    split = batches.Split(args.data, args.split, tok)
    gpt, _, gstate = load(args.ckpt, "gpt")
    bert, _, bstate = load(args.ckpt, "bert")
    res = {"split": args.split,
           "gpt": {"code_512": eval_gpt(gpt, split, 1, 512, args.gpt_tokens),
                   "code_128": eval_gpt(gpt, split, 1, 128, args.gpt_tokens // 2),
                   "prose_512": eval_gpt(gpt, split, 0, 512, args.gpt_tokens // 2),
                   "heads": head_scores(gpt, "gpt", tok, split, 40, 256), "train": gstate},
           "bert": {"pairs_128": eval_bert(bert, split, args.bert_batches, 128),
                    "pairs_512": eval_bert(bert, split, args.bert_batches // 8, 512),
                    "heads": head_scores(bert, "bert", tok, split, 40, 254), "train": bstate},
           "qualitative": qualitative(gpt, bert, tok)}
    json.dump(res, open(args.out, "w"), indent=1)
    g, b = res["gpt"], res["bert"]
    print(f"[{args.split}] tiny-code-gpt TS/JS next-token (512-token windows, {g['code_512']['tokens']} tokens): "
          f"top-1 {g['code_512']['top1']:.3f}  top-5 {g['code_512']['top5']:.3f}  ppl {g['code_512']['ppl']:.2f}")
    print(f"[{args.split}] tiny-code-gpt TS/JS next-token (128-token windows): top-1 {g['code_128']['top1']:.3f}  "
          f"top-5 {g['code_128']['top5']:.3f}  ppl {g['code_128']['ppl']:.2f}")
    print(f"[{args.split}] tiny-code-gpt prose next-token: top-1 {g['prose_512']['top1']:.3f}  "
          f"top-5 {g['prose_512']['top5']:.3f}  ppl {g['prose_512']['ppl']:.2f}")
    for k in ("pairs_128", "pairs_512"):
        r = b[k]
        print(f"[{args.split}] tiny-code-bert {k} masked-token (15%, {r['masked_tokens']} masks): "
              f"top-1 {r['mlm_top1']:.3f}  top-5 {r['mlm_top5']:.3f}   NSP acc {r['nsp_acc']:.3f} ({r['pairs']} pairs)")
    for name, m in (("tiny-code-gpt", g), ("tiny-code-bert", b)):
        p, br = m["heads"]["previous_token"], m["heads"]["bracket"]
        print(f"{name}: previous-token head L{p['layer']}H{p['head']} score {p['score']:.3f}; bracket head "
              f"L{br['layer']}H{br['head']} closing->opening {br['score']:.3f} vs chance {br['chance']:.3f} "
              f"({br['pairs']} pairs)")
    print(json.dumps(res["qualitative"], indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
