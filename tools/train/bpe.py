"""Byte-level BPE tokenizer: trainer, encoder and transformers.js tokenizer.json writer.

Owns: the shared vocabulary of tiny-gpt-es-en and tiny-bert-es-en. Pre-tokenization is
the GPT-2 byte-level regex that transformers.js's `ByteLevel` pre-tokenizer applies
(`use_regex: true`), so Python and JavaScript split text identically. With that regex
a run of spaces before a word keeps all but its last space as one piece, and a newline
followed by indentation (`"\\n    "`) is one piece that the merges learn to encode as
a single token, so indentation costs one token per line.

Special tokens come first in the vocabulary (ids 0-5):
  <|endoftext|> [PAD] [UNK] [CLS] [SEP] [MASK]
then the 256 byte tokens, then one token per merge.

Training: pre-token counts, then merges with incremental pair counts and a lazy heap (minutes for
16k merges over ~10 M characters on one core). Common non-ASCII characters (á é í ó ú ñ ü ¿ ¡ — …)
are merged to single tokens first, so no token ends inside one of them.

Example:
  /usr/bin/python3 tools/train/bpe.py --corpus tools/train/work/corpus --vocab 16000 \\
      --out tools/train/work/tokenizer
  /usr/bin/python3 tools/train/bpe.py --report --out tools/train/work/tokenizer   # held-out chars/token
"""
import argparse
import heapq
import json
import os
import time
from collections import Counter, defaultdict

import regex

SPECIALS = ["<|endoftext|>", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
N_SPECIAL = len(SPECIALS)


def bytes_to_unicode():
    """The GPT-2 byte->printable-char table (same construction transformers.js uses)."""
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_CHAR = bytes_to_unicode()
CHAR_BYTE = {c: b for b, c in BYTE_CHAR.items()}


def pretokenize(text):
    return PAT.findall(text)


def word_counts(texts):
    """Pre-token frequencies over an iterable of texts."""
    counts = Counter()
    for t in texts:
        counts.update(PAT.findall(t))
    return counts


def forced_chars(counts, min_count=50, limit=400):
    """Non-ASCII characters (below U+3000: Latin letters, punctuation, symbols) common enough to be whole tokens.

    Their byte merges come first, so no token ever ends inside such a character: "ó", "ñ", "¿" read as
    themselves in the UI, never as "Ã³"."""
    chars = Counter()
    for w, c in counts.items():
        for ch in w:
            if 0x80 <= ord(ch) < 0x3000:
                chars[ch] += c
    ranked = sorted((kv for kv in chars.items() if kv[1] >= min_count), key=lambda kv: (-kv[1], kv[0]))
    return [ch for ch, _ in ranked[:limit]]


class _Merger:
    """Words as id lists with incremental pair counts, the pairs' word index and a lazy max-heap."""

    def __init__(self, counts, min_count):
        self.words, self.freqs = [], []
        for w, c in sorted(counts.items()):
            if c >= min_count:
                self.words.append([N_SPECIAL + b for b in w.encode("utf-8")])
                self.freqs.append(c)
        self.pairs, self.where = Counter(), defaultdict(set)
        for i, w in enumerate(self.words):
            for p in zip(w, w[1:]):
                self.pairs[p] += self.freqs[i]
                self.where[p].add(i)
        self.heap = [(-c, p) for p, c in self.pairs.items()]
        heapq.heapify(self.heap)

    def best(self):
        """The most frequent pair (ties: lowest ids), or None; stale heap entries are dropped."""
        while self.heap:
            negc, p = self.heap[0]
            if self.pairs.get(p) == -negc:
                return p, -negc
            heapq.heappop(self.heap)
        return None

    def merge(self, pair, new_id):
        a, b = pair
        delta = defaultdict(int)
        for i in self.where.pop(pair, ()):
            w, f = self.words[i], self.freqs[i]
            out, j, n = [], 0, len(w)
            while j < n:
                if j + 1 < n and w[j] == a and w[j + 1] == b:
                    out.append(new_id)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            if len(out) == n:
                continue
            for p in zip(w, w[1:]):
                delta[p] -= f
            for p in zip(out, out[1:]):
                delta[p] += f
                if new_id in p:
                    self.where[p].add(i)
            self.words[i] = out
        for p, d in delta.items():
            if d:
                c = self.pairs.get(p, 0) + d
                if c > 0:
                    self.pairs[p] = c
                    heapq.heappush(self.heap, (-c, p))
                else:
                    self.pairs.pop(p, None)


def train(counts, vocab_size, min_count=2, force=()):
    """Learn merges from pre-token counts; returns a list of (left_id, right_id).

    The characters in `force` are merged first (most frequent first), then the most frequent pair
    each step. Incremental pair counts keep this to minutes for 16k merges over ~10 M characters."""
    m = _Merger(counts, min_count)
    merges, ids = [], {}
    for ch in force:
        seq = [N_SPECIAL + b for b in ch.encode("utf-8")]
        cur = seq[0]
        for nxt in seq[1:]:
            pair = (cur, nxt)
            if pair not in ids:
                ids[pair] = N_SPECIAL + 256 + len(merges)
                merges.append(pair)
                m.merge(pair, ids[pair])
            cur = ids[pair]
    while N_SPECIAL + 256 + len(merges) < vocab_size:
        top = m.best()
        if top is None or top[1] < min_count:
            break
        pair = top[0]
        if pair in ids:  # a forced merge the pair counts met again: never twice in the list
            m.pairs.pop(pair)
            continue
        ids[pair] = N_SPECIAL + 256 + len(merges)
        merges.append(pair)
        m.merge(pair, ids[pair])
    return merges


class Tokenizer:
    """Encoder for a trained merge list (same algorithm as transformers.js's BPE model)."""

    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.vocab = list(SPECIALS) + [BYTE_CHAR[b] for b in range(256)]
        for a, b in self.merges:
            self.vocab.append(self.vocab[a] + self.vocab[b])
        self.ranks = {m: r for r, m in enumerate(self.merges)}
        self.merged_id = {m: N_SPECIAL + 256 + r for r, m in enumerate(self.merges)}
        self.cache = {}
        self.ids = {s: i for i, s in enumerate(SPECIALS)}

    def _bpe(self, piece):
        hit = self.cache.get(piece)
        if hit is not None:
            return hit
        w = [N_SPECIAL + b for b in piece.encode("utf-8")]
        while len(w) > 1:
            best, best_rank = None, None
            for j in range(len(w) - 1):
                r = self.ranks.get((w[j], w[j + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = j, r
            if best is None:
                break
            w = w[:best] + [self.merged_id[(w[best], w[best + 1])]] + w[best + 2:]
        if len(self.cache) < 500_000:
            self.cache[piece] = w
        return w

    def encode(self, text):
        out = []
        for piece in pretokenize(text):
            out.extend(self._bpe(piece))
        return out

    def decode(self, ids):
        parts, buf = [], []
        for i in ids:
            if i < N_SPECIAL:
                parts.append(bytes(buf).decode("utf-8", "replace") + SPECIALS[i])
                buf = []
            else:
                buf.extend(CHAR_BYTE[c] for c in self.vocab[i])
        return "".join(parts) + bytes(buf).decode("utf-8", "replace")

    def token_text(self, i):
        return self.decode([i])


def tokenizer_json(tok, kind):
    """A tokenizer.json for transformers.js. kind: 'gpt' or 'bert' (post-processor, added tokens)."""
    specials = SPECIALS if kind == "bert" else SPECIALS[:1]
    # [MASK] takes the whitespace before it (lstrip), as RoBERTa's <mask> does: with byte-level BPE a
    # typed "x [MASK] y" would otherwise give a lone "Ġ" token before the mask, and the model would
    # rightly guess more whitespace instead of the word (" from" in "import { x } [MASK] './y';").
    added = [{"id": SPECIALS.index(s), "content": s, "single_word": False, "lstrip": s == "[MASK]", "rstrip": False,
              "normalized": False, "special": True} for s in specials]
    post = None
    if kind == "bert":
        cls, sep = ("[CLS]", 3), ("[SEP]", 4)
        spec = lambda t, tid: {"SpecialToken": {"id": t[0], "type_id": tid}}
        seq = lambda s, tid: {"Sequence": {"id": s, "type_id": tid}}
        post = {"type": "TemplateProcessing",
                "single": [spec(cls, 0), seq("A", 0), spec(sep, 0)],
                "pair": [spec(cls, 0), seq("A", 0), spec(sep, 0), seq("B", 1), spec(sep, 1)],
                "special_tokens": {n: {"id": n, "ids": [i], "tokens": [n]} for n, i in (cls, sep)}}
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": post,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": {s: i for i, s in enumerate(tok.vocab)},
                  "merges": [[tok.vocab[a], tok.vocab[b]] for a, b in tok.merges]},
    }


def tokenizer_config(kind, max_len=512):
    if kind == "gpt":
        return {"tokenizer_class": "GPT2TokenizerFast", "model_max_length": max_len, "add_prefix_space": False,
                "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                "clean_up_tokenization_spaces": False}
    return {"tokenizer_class": "BertTokenizerFast", "model_max_length": max_len, "do_lower_case": False,
            "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]", "pad_token": "[PAD]",
            "unk_token": "[UNK]", "clean_up_tokenization_spaces": False}


def special_tokens_map(kind):
    cfg = tokenizer_config(kind)
    return {k: v for k, v in cfg.items() if k.endswith("_token")}


def write_hf_files(tok, kind, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = {"tokenizer.json": tokenizer_json(tok, kind), "tokenizer_config.json": tokenizer_config(kind),
             "special_tokens_map.json": special_tokens_map(kind)}
    for name, obj in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=None if name == "tokenizer.json" else 1)


def load(path):
    return Tokenizer(json.load(open(os.path.join(path, "merges.json"))))


def read_docs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


EXAMPLES = ["Me senté en la orilla del río.", "Fui al banco a pedir un préstamo.",
            "El decodificador predice la siguiente palabra.", "¿Dónde está la estación? ¡Qué día tan bonito!",
            "La niña sonrió cuando escuchó la canción.", "On the river bank, I am going outside.",
            "I will be back after 6.", "The weather was lovely, so we walked to the market.",
            "export function add(a: number, b: number): number { return a + b; }",
            "const names = items.filter((x) => x.ok).map((x) => x.name);"]


def report(tok, corpus):
    """Characters per token per language on the held-out splits (test, everyday) and example pieces."""
    for split in ("test", "everyday"):
        path = os.path.join(corpus, f"{split}.jsonl")
        if not os.path.exists(path):
            continue
        chars, toks = Counter(), Counter()
        for d in read_docs(path):
            chars[d["lang"]] += len(d["text"])
            toks[d["lang"]] += len(tok.encode(d["text"]))
        cells = [f"{lang} {chars[lang] / toks[lang]:.2f} ({chars[lang]} chars)" for lang in ("es", "en", "code")
                 if toks[lang]]
        print(f"chars/token {split:9s}", "  ".join(cells))
    for s in EXAMPLES:
        pieces = [tok.token_text(i) for i in tok.encode(s)]
        print(f"{len(pieces):3d} tokens | " + "|".join(pieces))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="tools/train/work/corpus")
    ap.add_argument("--out", default="tools/train/work/tokenizer")
    ap.add_argument("--vocab", type=int, default=16000)
    ap.add_argument("--max-chars", type=int, default=24_000_000, help="training sample size (every n-th document)")
    ap.add_argument("--weights", default="es=0.42,en=0.42,code=0.16",
                    help="share of each language in the counts the merges are learned from")
    ap.add_argument("--report", action="store_true", help="only print the held-out figures of --out")
    args = ap.parse_args()
    if args.report:
        report(load(args.out), args.corpus)
        return
    t0 = time.time()
    docs = list(read_docs(os.path.join(args.corpus, "train.jsonl")))
    total = sum(len(d["text"]) for d in docs)
    # A deterministic, evenly spread sample of the training documents bounds the time; each language's
    # pre-token counts are then scaled to its share in --weights.
    step = max(1, round(total / args.max_chars))
    weights = dict((k, float(v)) for k, v in (kv.split("=") for kv in args.weights.split(",")))
    sample = docs[::step]
    counts = Counter()
    for lang, w in weights.items():
        part = word_counts(d["text"] for d in sample if d["lang"] == lang)
        chars = sum(len(d["text"]) for d in sample if d["lang"] == lang) or 1
        scale = w * 1e7 / chars  # counts as if the sample had w x 10 M characters of this language
        counts.update({k: c * scale for k, c in part.items()})
    force = forced_chars(counts)
    t1 = time.time()
    merges = train(counts, args.vocab, force=force)
    os.makedirs(args.out, exist_ok=True)
    json.dump(merges, open(os.path.join(args.out, "merges.json"), "w"))
    tok = Tokenizer(merges)
    print(f"{len(tok.vocab)} tokens ({len(force)} whole characters first) from "
          f"{sum(len(d['text']) for d in sample) / 1e6:.1f} M chars weighted {args.weights}, {len(counts)} distinct "
          f"pre-tokens; "
          f"counting {t1 - t0:.0f} s, merges {time.time() - t1:.0f} s")
    report(tok, args.corpus)


if __name__ == "__main__":
    main()
