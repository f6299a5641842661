"""Batch samplers over the token data that data.py writes: language-balanced GPT windows, BERT
pairs for next-sentence prediction on prose sentences, and masking.

Owns: reading work/data/{split}.npy (uint16 stream, docs separated by id 0), {split}_docs.npy
(start, end, lang; lang 0 = code, 1 = en, 2 = es) and {split}_sents.npy (start, end, doc) into a
Split, and every batch that train.py, overfit.py and evaluate.py draw from one.

An older data dir (no _sents.npy; docs' third column is 1 for code, 0 for English prose) is read
too: code -> lang 0, prose -> lang 1, and sentences are cut after tokens that end in ". ", "! ",
"? " or hold a newline.

Example: split = Split("tools/train/work/data", "train", bpe.load("tools/train/work/tokenizer"))
         x, y = gpt_batch(split, np.random.default_rng(0), 16, 128)
"""
import os

import numpy as np

try:
    from data import CLS, MASK, PAD, SEP
except ImportError:  # no `regex` module (data.py -> bpe.py needs it), as on the GPU machine: data.py's ids
    PAD, CLS, SEP, MASK = 1, 3, 4, 5
N_SPECIAL = MASK + 1

LANGS = ("code", "en", "es")
DEFAULT_WEIGHTS = "es=0.4,en=0.35,code=0.25"
IGNORE = -100  # NSP label of code rows: their pair is for MLM only


def parse_weights(text):
    """'es=0.4,en=0.35,code=0.25' -> array indexed by lang id (zeros for langs not named)."""
    w = np.zeros(len(LANGS))
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, value = part.split("=")
        w[LANGS.index(name.strip())] = float(value)
    return w


class Split:
    """tok: a tokenizer (bpe.Tokenizer) or the list of its token texts (vocab_texts)."""

    def __init__(self, data_dir, split, tok, weights=DEFAULT_WEIGHTS):
        texts = tok if isinstance(tok, list) else vocab_texts(tok)
        self.ids = np.load(os.path.join(data_dir, f"{split}.npy")).astype(np.int64)
        docs = np.load(os.path.join(data_dir, f"{split}_docs.npy"))
        sents_path = os.path.join(data_dir, f"{split}_sents.npy")
        newline = np.array(["\n" in v for v in texts])
        # A line starts right after any token that contains a newline.
        self.line_start = np.flatnonzero(newline[self.ids[:-1]]) + 1
        if os.path.exists(sents_path):
            self.docs = docs
            sents = np.load(sents_path)
        else:
            self.docs = docs.copy()
            self.docs[:, 2] = np.where(docs[:, 2] == 1, 0, 1)
            sents = derived_sentences(self.ids, self.docs, texts)
        self.lang = self.docs[:, 2]
        lengths = self.docs[:, 1] - self.docs[:, 0]
        self.long_docs = np.flatnonzero(lengths >= 32)
        # Sentences of at least 2 tokens, grouped by doc; a doc takes part in NSP with >= 2 of them.
        sents = sents[(sents[:, 1] - sents[:, 0]) >= 2] if len(sents) else np.zeros((0, 3), np.int64)
        self.sents = sents[np.lexsort((sents[:, 0], sents[:, 2]))] if len(sents) else sents
        first = np.searchsorted(self.sents[:, 2], np.arange(len(self.docs)))
        last = np.searchsorted(self.sents[:, 2], np.arange(len(self.docs)), side="right")
        self.doc_sents = np.stack([first, last], 1)
        n_sents = last - first
        self.nsp_docs = {g: np.flatnonzero((self.lang == g) & (n_sents >= 2)) for g in (1, 2)}
        self.lang_docs = {g: np.flatnonzero((self.lang == g) & (lengths >= 2)) for g in range(len(LANGS))}
        self.lang_tokens = {g: np.cumsum(lengths[d]) for g, d in self.lang_docs.items()}
        self.set_weights(weights)

    def set_weights(self, weights):
        w = parse_weights(weights) if isinstance(weights, str) else np.asarray(weights, float)
        present = np.array([len(self.lang_docs[g]) > 0 for g in range(len(LANGS))])
        w = w * present
        if w.sum() == 0:
            w = present.astype(float)
        self.weights = w / w.sum()
        pw = self.weights.copy()
        for g in (1, 2):  # a prose language without NSP docs gives no pairs
            if len(self.nsp_docs[g]) == 0:
                pw[g] = 0
        self.pair_weights = pw / pw.sum() if pw.sum() > 0 else self.weights

    def random_lang(self, rng, pairs=False):
        return int(rng.choice(len(LANGS), p=self.pair_weights if pairs else self.weights))

    def random_position(self, rng, lang):
        """A token position drawn uniformly among the tokens of one language's docs."""
        cum = self.lang_tokens[lang]
        r = int(rng.integers(0, cum[-1]))
        k = int(np.searchsorted(cum, r, side="right"))
        doc = self.lang_docs[lang][k]
        return int(self.docs[doc, 0] + r - (cum[k - 1] if k else 0)), int(doc)


def derived_sentences(ids, docs, texts):
    """Sentence spans of prose docs for a data dir written before _sents.npy existed."""
    ends = np.array([t.endswith((". ", "! ", "? ", ".", "!", "?")) or "\n" in t for t in texts])
    out = []
    for d, (s, e, lang) in enumerate(docs):
        if lang == 0:
            continue
        cuts = np.flatnonzero(ends[ids[s:e]]) + s + 1
        a = s
        for c in list(cuts) + [e]:
            if c > a:
                out.append((a, c, d))
                a = c
    return np.array(out, np.int64).reshape(-1, 3)


def vocab_texts(tok):
    return [tok.token_text(i) if i >= N_SPECIAL else "" for i in range(len(tok.vocab))]


def gpt_batch(split, rng, batch, seq, lang=None):
    """Windows of seq + 1 tokens starting at a token of a language drawn by the split's weights."""
    rows = []
    for _ in range(batch):
        g = split.random_lang(rng) if lang is None else lang
        p, _ = split.random_position(rng, g)
        p = min(p, len(split.ids) - seq - 1)
        rows.append(split.ids[p:p + seq + 1])
    x = np.stack(rows)
    return x[:, :-1], x[:, 1:]


def _span_at_line(split, rng, doc):
    s, e, _ = split.docs[doc]
    lo, hi = np.searchsorted(split.line_start, [s + 1, e - 1])
    if hi > lo:
        return int(split.line_start[rng.integers(lo, hi)]), s, e
    return int(rng.integers(s + 1, e - 1)), s, e


def _code_pair(split, rng, budget):
    """[CLS] A [SEP] B [SEP] from one code file, B continuing A at a line start (MLM only)."""
    docs = split.lang_docs[0]
    long_code = docs[(split.docs[docs, 1] - split.docs[docs, 0]) >= 4]
    doc = int(rng.choice(long_code if len(long_code) else docs))
    p, s, e = _span_at_line(split, rng, doc)
    la = int(rng.integers(budget // 4, 3 * budget // 4 + 1))
    a = split.ids[max(s, p - la):p]
    return a, split.ids[p:min(e, p + budget - len(a))], IGNORE


def _sentences(split, first, last):
    s = split.sents
    return split.ids[s[first, 0]:s[last - 1, 1]] if last > first else split.ids[0:0]


def _b_start(split, rng, docs, doc, nxt, hi, label):
    """Where B starts, its document's end and the label: sentence `nxt` of A's own document (label 0,
    IsNext) or a random sentence of another document of the same language (label 1, NotNext);
    label None draws one, half and half."""
    label = int(rng.random() < 0.5) if label is None else label
    if label == 0 or len(docs) < 2:
        return 0, nxt, hi
    other = doc
    while other == doc:
        other = int(rng.choice(docs))
    o_lo, o_hi = split.doc_sents[other]
    return label, int(rng.integers(o_lo, o_hi)), o_hi


def _prose_pair(split, rng, budget, lang, label=None):
    """A = one or more consecutive sentences; B = the next sentence(s) (label 0, IsNext) or
    sentences from another document of the same language (label 1, NotNext), half and half."""
    docs = split.nsp_docs[lang]
    doc = int(rng.choice(docs))
    lo, hi = split.doc_sents[doc]
    i = int(rng.integers(lo, hi - 1))  # A ends with sentence i; its successor i + 1 exists
    want_a = int(rng.integers(budget // 4, budget // 2 + 1))
    j = i
    while j > lo and split.sents[i, 1] - split.sents[j - 1, 0] <= want_a:
        j -= 1
    a = _sentences(split, j, i + 1)[-(budget - 1):]
    label, b_lo, b_hi = _b_start(split, rng, docs, doc, i + 1, hi, label)
    room = budget - len(a)
    k = b_lo + 1
    while k < b_hi and split.sents[k, 1] - split.sents[b_lo, 0] <= room:
        k += 1
    return a, _sentences(split, b_lo, k)[:room], label


def _short_prose_pair(split, rng, budget, lang, label=None):
    """The pairs people ask about (the BERT tab: the cursor's sentence and the next one): A = one
    sentence (or two), B = the sentence after it (label 0) or one (or two) from another document of
    the same language (label 1), half and half; each side cut to half the budget."""
    docs = split.nsp_docs[lang]
    doc = int(rng.choice(docs))
    lo, hi = split.doc_sents[doc]
    i = int(rng.integers(lo, hi - 1))
    a = _sentences(split, max(lo, i + 1 - int(rng.integers(1, 3))), i + 1)[-(budget // 2):]
    label, b_lo, b_hi = _b_start(split, rng, docs, doc, i + 1, hi, label)
    b = _sentences(split, b_lo, min(b_hi, b_lo + int(rng.integers(1, 3))))
    return a, b[:budget - len(a)], label


def bert_pair(split, rng, seq, lang=None, label=None, short=0.0):
    """[CLS] A [SEP] B [SEP], token types and the NSP label (0 IsNext, 1 NotNext, IGNORE for code).
    `short`: the share of prose pairs made of single sentences (_short_prose_pair)."""
    budget = seq - 3
    g = split.random_lang(rng, pairs=True) if lang is None else lang
    if g == 0 or len(split.nsp_docs.get(g, [])) == 0:
        a, b, label = _code_pair(split, rng, budget)
    elif short > 0 and rng.random() < short:
        a, b, label = _short_prose_pair(split, rng, budget, g, label)
    else:
        a, b, label = _prose_pair(split, rng, budget, g, label)
    ids = np.concatenate([[CLS], a, [SEP], b, [SEP]])
    types = np.concatenate([np.zeros(len(a) + 2, np.int64), np.ones(len(b) + 1, np.int64)])
    return ids, types, label


def bert_batch(split, rng, batch, seq, mask_prob=0.15, eval_mode=False, lang=None):
    """Returns input ids, attention mask, token types, MLM (row, col, target) and NSP labels.

    Training uses BERT's 80/10/10 replacement; eval_mode replaces every chosen token by [MASK]."""
    ids = np.full((batch, seq), PAD, np.int64)
    types = np.zeros((batch, seq), np.int64)
    att = np.zeros((batch, seq), np.int64)
    labels = np.zeros(batch, np.int64)
    for i in range(batch):
        x, t, labels[i] = bert_pair(split, rng, seq, lang)
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
        inputs[rows[rnd], cols[rnd]] = rng.integers(N_SPECIAL, ids.max() + 1, size=int(rnd.sum()))
    return inputs, att, types, (rows, cols, targets), labels


def write_subset(data_dir, split, out_dir, max_tokens):
    """Copies a split into out_dir, keeping whole docs, every k-th one of each language (the same
    share of each), so that it holds at most max_tokens tokens. gpu.sh carries the result."""
    ids = np.load(os.path.join(data_dir, f"{split}.npy"))
    docs = np.load(os.path.join(data_dir, f"{split}_docs.npy"))
    sents_path = os.path.join(data_dir, f"{split}_sents.npy")
    sents = np.load(sents_path) if os.path.exists(sents_path) else None
    keep, frac, n = np.arange(len(docs)), min(1.0, max_tokens / len(ids)), np.arange(len(docs))
    while (docs[keep, 1] - docs[keep, 0] + 1).sum() > max_tokens:
        keep = np.flatnonzero(np.floor(n * frac) != np.floor((n - 1) * frac))
        frac *= 0.95
    out_ids, out_docs, out_sents, new_index = [], [], [], {}
    pos = 0
    for n, d in enumerate(keep):
        s, e, lang = docs[d]
        out_ids.append(ids[s:e + 1])  # with its separator
        out_docs.append((pos, pos + e - s, lang))
        new_index[int(d)] = (n, pos - s)
        pos += e - s + 1
    if sents is not None:
        for s, e, d in sents:
            if int(d) in new_index:
                n, shift = new_index[int(d)]
                out_sents.append((s + shift, e + shift, n))
    os.makedirs(out_dir, exist_ok=True)
    np.save(os.path.join(out_dir, f"{split}.npy"), np.concatenate(out_ids).astype(np.uint16))
    np.save(os.path.join(out_dir, f"{split}_docs.npy"), np.array(out_docs, np.int64).reshape(-1, 3))
    if sents is not None:
        np.save(os.path.join(out_dir, f"{split}_sents.npy"), np.array(out_sents, np.int64).reshape(-1, 3))
    return pos, len(keep)
