"""Token data for training and evaluation: encoding the corpus splits and batch samplers.

Owns: work/data/{split}.npy (uint16 token stream, documents separated by <|endoftext|>, id 0),
{split}_docs.npy (start, end, lang per document; lang 0 = code, 1 = en, 2 = es) and
{split}_sents.npy (start, end, document index of each prose sentence of at least 4 tokens, in
token offsets; sentences as prose.sentence_spans splits them) for the splits train, valid, test
and everyday; the GPT window sampler; the BERT pair sampler and masking.

Example: /usr/bin/python3 tools/train/data.py --corpus tools/train/work/corpus \\
           --tokenizer tools/train/work/tokenizer --out tools/train/work/data
"""
import argparse
import bisect
import json
import os
import time

import numpy as np

import bpe
import prose

EOS, PAD, UNK, CLS, SEP, MASK = range(6)


LANG_ID = {"code": 0, "en": 1, "es": 2}
MIN_SENT = 4  # tokens; shorter sentence spans are dropped


def encode_doc(tok, text, prose_doc):
    """Token ids of `text` (exactly tok.encode(text)) and, for prose, its sentences as token spans.

    A pre-token belongs to the sentence holding its first visible character, so " ¿Vienes?" starts
    a sentence with the space-prefixed piece; whitespace-only pieces between sentences belong to none."""
    ids, keys, offsets = [], [], []
    for m in bpe.PAT.finditer(text):
        piece = m.group()
        lead = len(piece) - len(piece.lstrip())
        keys.append(m.start() + lead if lead < len(piece) else m.end() - 0.5)
        offsets.append(len(ids))
        ids.extend(tok._bpe(piece))
    offsets.append(len(ids))
    sents = []
    if prose_doc:
        for s, e in prose.sentence_spans(text):
            a, b = offsets[bisect.bisect_left(keys, s)], offsets[bisect.bisect_left(keys, e)]
            if b - a >= MIN_SENT:
                sents.append((a, b))
    return ids, sents


def encode_split(tok, path):
    """(ids uint16, docs int64 [N,3] start/end/lang, sents int64 [M,3] start/end/doc) of one corpus split."""
    ids, docs, sents = [], [], []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        start = len(ids)
        doc_ids, doc_sents = encode_doc(tok, d["text"], d["lang"] != "code")
        ids.extend(doc_ids)
        sents.extend((start + a, start + b, len(docs)) for a, b in doc_sents)
        docs.append((start, len(ids), LANG_ID[d["lang"]]))
        ids.append(EOS)
    return (np.array(ids, dtype=np.uint16), np.array(docs, dtype=np.int64).reshape(-1, 3),
            np.array(sents, dtype=np.int64).reshape(-1, 3))


class Split:
    def __init__(self, data_dir, split, vocab):
        self.ids = np.load(os.path.join(data_dir, f"{split}.npy")).astype(np.int64)
        self.docs = np.load(os.path.join(data_dir, f"{split}_docs.npy"))
        newline = np.array(["\n" in v for v in vocab_texts(vocab)])
        # A line starts right after any token that contains a newline.
        self.line_start = np.flatnonzero(newline[self.ids[:-1]]) + 1
        lengths = self.docs[:, 1] - self.docs[:, 0]
        self.long_docs = np.flatnonzero(lengths >= 32)


def vocab_texts(tok):
    return [tok.token_text(i) if i >= bpe.N_SPECIAL else "" for i in range(len(tok.vocab))]


def gpt_batch(split, rng, batch, seq):
    starts = rng.integers(0, len(split.ids) - seq - 1, size=batch)
    x = np.stack([split.ids[s:s + seq + 1] for s in starts])
    return x[:, :-1], x[:, 1:]


def _span_at_line(split, rng, doc):
    s, e, _ = split.docs[doc]
    lo, hi = np.searchsorted(split.line_start, [s + 1, e - 1])
    if hi > lo:
        return int(split.line_start[rng.integers(lo, hi)]), s, e
    return int(rng.integers(s + 1, e - 1)), s, e


def bert_pair(split, rng, seq):
    """[CLS] A [SEP] B [SEP]; label 0 when B follows A in its file (IsNext), 1 when B is from another file."""
    budget = seq - 3
    doc = int(rng.choice(split.long_docs))
    p, s, e = _span_at_line(split, rng, doc)
    la = int(rng.integers(budget // 4, 3 * budget // 4 + 1))
    a = split.ids[max(s, p - la):p]
    lb = budget - len(a)
    if rng.random() < 0.5:
        b, label = split.ids[p:min(e, p + lb)], 0
    else:
        other = doc
        while other == doc:
            other = int(rng.choice(split.long_docs))
        q, s2, e2 = _span_at_line(split, rng, other)
        b, label = split.ids[q:min(e2, q + lb)], 1
    ids = np.concatenate([[CLS], a, [SEP], b, [SEP]])
    types = np.concatenate([np.zeros(len(a) + 2, np.int64), np.ones(len(b) + 1, np.int64)])
    return ids, types, label


def bert_batch(split, rng, batch, seq, mask_prob=0.15, eval_mode=False):
    """Returns input ids, attention mask, token types, MLM (row, col, target) and NSP labels.

    Training uses BERT's 80/10/10 replacement; eval_mode replaces every chosen token by [MASK]."""
    ids = np.full((batch, seq), PAD, np.int64)
    types = np.zeros((batch, seq), np.int64)
    att = np.zeros((batch, seq), np.int64)
    labels = np.zeros(batch, np.int64)
    for i in range(batch):
        x, t, labels[i] = bert_pair(split, rng, seq)
        ids[i, :len(x)], types[i, :len(x)], att[i, :len(x)] = x, t, 1
    candidates = (ids > MASK) & (att > 0)
    chosen = candidates & (rng.random(ids.shape) < mask_prob)
    rows, cols = np.nonzero(chosen)
    targets = ids[rows, cols].copy()
    inputs = ids.copy()
    if eval_mode:
        inputs[rows, cols] = MASK
    else:
        r = rng.random(len(rows))
        inputs[rows[r < 0.8], cols[r < 0.8]] = MASK
        rnd = (r >= 0.8) & (r < 0.9)
        inputs[rows[rnd], cols[rnd]] = rng.integers(bpe.N_SPECIAL, ids.max() + 1, size=int(rnd.sum()))
    return inputs, att, types, (rows, cols, targets), labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="tools/train/work/corpus")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--out", default="tools/train/work/data")
    args = ap.parse_args()
    tok = bpe.load(args.tokenizer)
    assert len(tok.vocab) <= 65536, "uint16 token streams"
    os.makedirs(args.out, exist_ok=True)
    for split in ("valid", "test", "everyday", "train"):
        t0 = time.time()
        ids, docs, sents = encode_split(tok, os.path.join(args.corpus, f"{split}.jsonl"))
        np.save(os.path.join(args.out, f"{split}.npy"), ids)
        np.save(os.path.join(args.out, f"{split}_docs.npy"), docs)
        np.save(os.path.join(args.out, f"{split}_sents.npy"), sents)
        per = {lang: int(sum(e - s for s, e, k in docs if k == i)) for lang, i in LANG_ID.items()}
        print(f"{split}: {len(ids)} tokens ({per}), {len(docs)} documents, {len(sents)} sentences, "
              f"{time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
