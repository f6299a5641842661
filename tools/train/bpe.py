"""Byte-level BPE tokenizer: trainer, encoder and transformers.js tokenizer.json writer.

Owns: the shared vocabulary of tiny-code-gpt and tiny-code-bert. Pre-tokenization is
the GPT-2 byte-level regex that transformers.js's `ByteLevel` pre-tokenizer applies
(`use_regex: true`), so Python and JavaScript split text identically. With that regex
a run of spaces before a word keeps all but its last space as one piece, and a newline
followed by indentation (`"\\n    "`) is one piece that the merges learn to encode as
a single token, so indentation costs one token per line.

Special tokens come first in the vocabulary (ids 0-5):
  <|endoftext|> [PAD] [UNK] [CLS] [SEP] [MASK]
then the 256 byte tokens, then one token per merge.

Example:
  /usr/bin/python3 tools/train/bpe.py --corpus tools/train/work/corpus --vocab 4096 \\
      --out tools/train/work/tokenizer
"""
import argparse
import json
import os
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


def pretokenize(text):
    return PAT.findall(text)


def train(texts, vocab_size, min_count=2):
    """Learn merges over pre-token counts; returns a list of (left_id, right_id)."""
    counts = Counter()
    for t in texts:
        counts.update(pretokenize(t))
    words, freqs = [], []
    for w, c in counts.items():
        if c >= min_count:
            words.append([N_SPECIAL + b for b in w.encode("utf-8")])
            freqs.append(c)
    pair_counts, where = Counter(), defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    merges, next_id = [], N_SPECIAL + 256
    while next_id < vocab_size and pair_counts:
        pair, count = max(pair_counts.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if count < min_count:
            break
        merges.append(pair)
        for i in list(where[pair]):
            w, f = words[i], freqs[i]
            for a, b in zip(w, w[1:]):
                pair_counts[(a, b)] -= f
                if pair_counts[(a, b)] <= 0:
                    del pair_counts[(a, b)]
            out, j = [], 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == pair[0] and w[j + 1] == pair[1]:
                    out.append(next_id)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for a, b in zip(out, out[1:]):
                pair_counts[(a, b)] += f
                where[(a, b)].add(i)
        del where[pair]
        next_id += 1
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
        inv = {c: b for b, c in BYTE_CHAR.items()}
        parts, buf = [], []
        for i in ids:
            if i < N_SPECIAL:
                parts.append(bytes(buf).decode("utf-8", "replace") + SPECIALS[i])
                buf = []
            else:
                buf.extend(inv[c] for c in self.vocab[i])
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="tools/train/work/corpus")
    ap.add_argument("--out", default="tools/train/work/tokenizer")
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--max-chars", type=int, default=12_000_000, help="training sample size")
    args = ap.parse_args()
    texts, total = [], 0
    for line in open(os.path.join(args.corpus, "train.jsonl"), encoding="utf-8"):
        t = json.loads(line)["text"]
        texts.append(t)
        total += len(t)
    # A deterministic, evenly spread sample of files keeps training time bounded.
    step = max(1, round(total / args.max_chars))
    merges = train(texts[::step], args.vocab)
    os.makedirs(args.out, exist_ok=True)
    json.dump(merges, open(os.path.join(args.out, "merges.json"), "w"))
    tok = Tokenizer(merges)
    sample = "function add(a, b) {\n    return a + b;\n}\n"
    print(len(tok.vocab), "tokens;", [tok.token_text(i) for i in tok.encode(sample)])


if __name__ == "__main__":
    main()
