"""Token data for training and evaluation: encoding the corpus splits (the samplers are in batches.py).

Owns: work/data/{split}.npy (uint16 token stream, documents separated by <|endoftext|>, id 0),
{split}_docs.npy (start, end, lang per document; lang 0 = code, 1 = en, 2 = es) and
{split}_sents.npy (start, end, document index of each prose sentence of at least 4 tokens, in
token offsets; sentences as prose.sentence_spans splits them) for the splits train, valid, test
and everyday.

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
