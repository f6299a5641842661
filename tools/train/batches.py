"""Batch samplers over the token data that data.py writes: the GPT window sampler, the BERT pair
sampler (consecutive vs. random line spans for next-sentence prediction) and masking.

Owns: reading work/data/{split}.npy and {split}_docs.npy into a Split, and every batch that
train.py and evaluate.py draw from one.

Example: split = Split("tools/train/work/data", "train", bpe.load("tools/train/work/tokenizer"))
         x, y = gpt_batch(split, np.random.default_rng(0), 16, 128)
"""
import os

import numpy as np

import bpe
from data import CLS, MASK, PAD, SEP


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
