"""Held-out evaluation of the embedded decoder and encoder (never used for tuning).

Owns: the figures the model card reports, per language (code, English, Spanish prose) on the
test split and the everyday split (held-out everyday prose; skipped when the data dir has none):
  * characters per token;
  * decoder next-token top-1 (512-token windows inside one document, every position scored);
  * encoder masked top-1 (15 % of the tokens of each pair chosen, every one replaced by [MASK]);
  * next-sentence accuracy on held-out prose pairs (--nsp-pairs, half IsNext / half NotNext);
and the course's examples: the encoder's top-5 for "Fui al [MASK] a pedir un préstamo." and "El
agua del [MASK] estaba fría.", the decoder's next word after "El decodificador predice la
siguiente", P(IsNext) for the two "I am going outside." pairs, the heads that link bank/orilla and
river/río, and each model's best previous-token head. Prints a table and writes --out (JSON).

The PyTorch checkpoints are evaluated; checkModels.ts checks that the exported ONNX files
compute the same outputs through transformers.js.

Example: /usr/bin/python3 tools/train/evaluate.py --ckpt tools/train/work/ckpt --data tools/train/work/data
"""
import argparse
import json
import os

import numpy as np
import torch

import batches
import bpe
from data import CLS, MASK, SEP
from export import load

PROSE = (1, 2)


def chars_per_token(tok, split, lang, max_tokens=300_000):
    chars = tokens = 0
    for s, e, g in split.docs:
        if g == lang and tokens < max_tokens:
            chars += len(tok.decode([int(i) for i in split.ids[s:e]]))
            tokens += e - s
    return chars / max(1, tokens)


def lang_windows(split, lang, seq, max_tokens):
    wins = []
    for s, e, g in split.docs:
        if g == lang:
            wins.extend(split.ids[a:min(e, a + seq + 1)] for a in range(s, e - 1, seq))
    wins = [w for w in wins if len(w) >= 16]
    np.random.default_rng(0).shuffle(wins)
    out, n = [], 0
    for w in wins:
        if n >= max_tokens:
            break
        out.append(w)
        n += len(w) - 1
    return out


def eval_gpt(model, split, lang, max_tokens, seq=512):
    top1 = nll = n = 0
    with torch.no_grad():
        for w in lang_windows(split, lang, seq, max_tokens):
            logits, _ = model(torch.from_numpy(w[:-1]).unsqueeze(0))
            y = torch.from_numpy(w[1:])
            nll -= torch.log_softmax(logits[0], -1)[torch.arange(len(y)), y].sum().item()
            top1 += (logits[0].argmax(-1) == y).sum().item()
            n += len(y)
    return {"top1": top1 / max(1, n), "ppl": float(np.exp(nll / max(1, n))), "tokens": n}


def eval_mlm(model, split, lang, n_batches, seq=128):
    rng = np.random.default_rng(0)
    c1 = n = 0
    with torch.no_grad():
        for _ in range(n_batches):
            ids, att, types, (rows, cols, tgt), _ = batches.bert_batch(split, rng, 16, seq, eval_mode=True, lang=lang)
            t = torch.from_numpy
            logits = model.mlm_logits(model.hidden(t(ids), t(att), t(types))[t(rows), t(cols)])
            c1 += (logits.argmax(-1) == t(tgt)).sum().item()
            n += len(tgt)
    return {"top1": c1 / max(1, n), "masked": n}


def eval_nsp(model, split, lang, n_pairs, seq=128, short=0.0):
    """Accuracy on n_pairs held-out prose pairs, labels alternating IsNext / NotNext (no masking);
    short=1: pairs of single sentences (batches._short_prose_pair)."""
    rng = np.random.default_rng(1)
    ok = 0
    with torch.no_grad():
        for start in range(0, n_pairs, 20):
            rows = [batches.bert_pair(split, rng, seq, lang=lang, label=i % 2, short=short)
                    for i in range(start, min(n_pairs, start + 20))]
            width = max(len(r[0]) for r in rows)
            ids = torch.full((len(rows), width), batches.PAD, dtype=torch.int64)
            types, att = torch.zeros_like(ids), torch.zeros_like(ids)
            for i, (x, ty, _) in enumerate(rows):
                ids[i, :len(x)], types[i, :len(x)], att[i, :len(x)] = torch.from_numpy(x), torch.from_numpy(ty), 1
            pred = model.nsp_logits(model.hidden(ids, att, types)).argmax(-1)
            ok += (pred == torch.tensor([r[2] for r in rows])).sum().item()
    return ok / n_pairs


def attention_maps(model, ids, kind, types=None):
    """Per-layer probabilities [heads, t, t], read from the same softmax the ONNX graph exposes."""
    maps, orig = [], torch.softmax

    def spy(x, dim=-1):
        y = orig(x, dim=dim)
        maps.append(y[0])
        return y
    torch.softmax = spy
    try:
        with torch.no_grad():
            x = torch.tensor([ids])
            if kind == "gpt":
                model(x)
            else:
                model(x, torch.ones_like(x), torch.zeros_like(x) if types is None else torch.tensor([types]))
    finally:
        torch.softmax = orig
    return torch.stack(maps)  # [layers, heads, t, t]


def previous_token_head(model, kind, split, n_windows=20, seq=254):
    """The head with the most weight on the previous token, over held-out windows of every language."""
    score, n = 0, 0
    for g in range(len(batches.LANGS)):
        for w in lang_windows(split, g, seq, n_windows * seq)[:n_windows]:
            ids = [int(x) for x in w[:-1]]
            off = 1 if kind == "bert" else 0
            maps = attention_maps(model, [CLS] + ids + [SEP] if off else ids, kind)
            q = torch.arange(1, len(ids)) + off
            score = score + maps[:, :, q, q - 1].sum(-1)
            n += len(q)
    score = score / max(1, n)
    layer, head = divmod(int(score.argmax()), score.shape[1])
    return {"layer": layer, "head": head, "weight": round(float(score[layer, head]), 3)}


def word_tokens(tok, ids, text, word):
    """Indices of the tokens that overlap `word`'s characters in text."""
    at, out, pos = text.index(word), [], 0
    for i, t in enumerate(ids):
        n = len(tok.decode([t]))
        if pos < at + len(word) and pos + n > at:
            out.append(i)
        pos += n
    return out


def linking_heads(model, kind, tok, text, a, b, top=3):
    """Heads ranked by the attention between word a and word b (later word -> earlier word; the
    encoder also the other way), as (layer, head, weight)."""
    ids = tok.encode(text)
    off = 1 if kind == "bert" else 0
    maps = attention_maps(model, [CLS] + ids + [SEP] if off else ids, kind)
    ta, tb = [i + off for i in word_tokens(tok, ids, text, a)], [i + off for i in word_tokens(tok, ids, text, b)]
    later, earlier = (ta, tb) if ta[0] > tb[0] else (tb, ta)
    out = {}
    pairs = [("later->earlier", later, earlier)] + ([("earlier->later", earlier, later)] if kind == "bert" else [])
    for name, q, k in pairs:
        w = maps[:, :, q][:, :, :, k].sum(-1).mean(-1)  # [layers, heads]
        best = torch.topk(w.flatten(), top)
        out[name] = [(int(i) // w.shape[1], int(i) % w.shape[1], round(float(v), 3)) for v, i in zip(best.values, best.indices)]
    return out


def course_examples(gpt, bert, tok):
    out = {"fills": {}, "nsp_p_isnext": {}, "links": {}}
    with torch.no_grad():
        for text in ("Fui al [MASK] a pedir un préstamo.", "El agua del [MASK] estaba fría."):
            a, b = text.split("[MASK]")
            # [MASK] is lstrip (bpe.py): it takes the whitespace before it.
            ids = [CLS] + tok.encode(a.rstrip()) + [MASK] + tok.encode(b) + [SEP]
            x = torch.tensor([ids])
            mlm, _ = bert(x, torch.ones_like(x), torch.zeros_like(x))
            top = torch.topk(torch.softmax(mlm[0, ids.index(MASK)], -1), 5)
            out["fills"][text] = [(tok.decode([int(i)]), round(float(p), 3)) for p, i in zip(top.values, top.indices)]
        prompt = "El decodificador predice la siguiente"
        logits, _ = gpt(torch.tensor([tok.encode(prompt)]))
        top = torch.topk(torch.softmax(logits[0, -1], -1), 5)
        out["next_after"] = {prompt: [(tok.decode([int(i)]), round(float(p), 3)) for p, i in zip(top.values, top.indices)]}
        for a, b in (("I am going outside.", "I will be back after 6."), ("I am going outside.", "You know nothing John Snow.")):
            ea, eb = tok.encode(a), tok.encode(b)
            x = torch.tensor([[CLS] + ea + [SEP] + eb + [SEP]])
            _, logit = bert(x, torch.ones_like(x), torch.tensor([[0] * (len(ea) + 2) + [1] * (len(eb) + 1)]))
            out["nsp_p_isnext"][f"{a} -> {b}"] = round(float(torch.softmax(logit[0], -1)[0]), 3)
    for text, a, b in (("On the river bank", "bank", "river"), ("Me senté en la orilla del río", "orilla", "río")):
        out["links"][text] = {"gpt": linking_heads(gpt, "gpt", tok, text, a, b),
                              "bert": linking_heads(bert, "bert", tok, text, a, b)}
    return out


def evaluate_split(gpt, bert, tok, split, args):
    res = {}
    for g, name in enumerate(batches.LANGS):
        if not (split.lang == g).any():
            continue
        r = {"chars_per_token": round(chars_per_token(tok, split, g), 3),
             "decoder_top1": round(eval_gpt(gpt, split, g, args.gpt_tokens)["top1"], 4),
             "encoder_masked_top1": round(eval_mlm(bert, split, g, args.bert_batches)["top1"], 4)}
        if g in PROSE and len(split.nsp_docs[g]) >= 2:
            r["nsp_acc"] = round(eval_nsp(bert, split, g, args.nsp_pairs), 4)
            r["nsp_short_acc"] = round(eval_nsp(bert, split, g, args.nsp_pairs, short=1.0), 4)
        res[name] = r
    return res


def print_table(title, res):
    rows = (("characters per token", "chars_per_token"), ("decoder next-token top-1", "decoder_top1"),
            ("encoder masked top-1 (15 %, all [MASK])", "encoder_masked_top1"), ("next-sentence accuracy", "nsp_acc"),
            ("next-sentence accuracy, sentence pairs", "nsp_short_acc"))
    names = [n for n in ("es", "en", "code") if n in res]
    print(f"\n[{title}] | " + " | ".join(names))
    for label, key in rows:
        print(f"{label:40s} | " + " | ".join(f"{res[n][key]:.3f}" if key in res[n] else "-" for n in names))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--data", default="tools/train/work/data")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--splits", default="test,everyday")
    ap.add_argument("--gpt-tokens", type=int, default=60_000, help="scored tokens per language")
    ap.add_argument("--bert-batches", type=int, default=40, help="16-pair batches per language")
    ap.add_argument("--nsp-pairs", type=int, default=500)
    ap.add_argument("--out", default="tools/train/work/eval.json")
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    tok = bpe.load(args.tokenizer)
    gpt, _, gstate = load(args.ckpt, "gpt")
    bert, _, bstate = load(args.ckpt, "bert")
    res = {"train": {"gpt": gstate, "bert": bstate}}
    for name in args.splits.split(","):
        if not os.path.exists(os.path.join(args.data, f"{name}.npy")):
            print(f"[{name}] no such split in {args.data}: skipped")
            continue
        split = batches.Split(args.data, name, tok)
        res[name] = evaluate_split(gpt, bert, tok, split, args)
        print_table(name, res[name])
        if name == "test":
            res["previous_token_head"] = {"gpt": previous_token_head(gpt, "gpt", split),
                                          "bert": previous_token_head(bert, "bert", split)}
    res["course"] = course_examples(gpt, bert, tok)
    json.dump(res, open(args.out, "w"), indent=1, ensure_ascii=False)
    print("\nprevious-token heads (layer, head, weight):", json.dumps(res.get("previous_token_head")))
    show = lambda top: ", ".join(f"{t!r} {p:.3f}" for t, p in top)
    c = res["course"]
    for text, top in {**c["fills"], **c["next_after"]}.items():
        print(f"{text} -> {show(top)}")
    for pair, p in c["nsp_p_isnext"].items():
        print(f"P(IsNext) {pair}: {p:.3f}")
    for text, models in c["links"].items():
        for m, ways in models.items():
            print(f"{text} [{m}] " + "; ".join(f"{w}: " + ", ".join(f"L{l}H{h} {v:.3f}" for l, h, v in top)
                                              for w, top in ways.items()))


if __name__ == "__main__":
    main()
