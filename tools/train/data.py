"""Token data for training and evaluation: encoding the corpus splits (the samplers are in batches.py).

Owns: work/data/{split}.npy (uint16 token stream, files separated by <|endoftext|>) and
{split}_docs.npy (start, end, is_code per file).

Example: /usr/bin/python3 tools/train/data.py --corpus tools/train/work/corpus \\
           --tokenizer tools/train/work/tokenizer --out tools/train/work/data
"""
import argparse
import json
import os

import numpy as np

import bpe

EOS, PAD, UNK, CLS, SEP, MASK = range(6)


def encode_split(tok, path):
    ids, docs = [], []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        start = len(ids)
        ids.extend(tok.encode(d["text"]))
        docs.append((start, len(ids), 0 if d["src"] == "nodejs-doc" else 1))
        ids.append(EOS)
    return np.array(ids, dtype=np.uint16), np.array(docs, dtype=np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="tools/train/work/corpus")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--out", default="tools/train/work/data")
    args = ap.parse_args()
    tok = bpe.load(args.tokenizer)
    os.makedirs(args.out, exist_ok=True)
    for split in ("valid", "test", "train"):
        ids, docs = encode_split(tok, os.path.join(args.corpus, f"{split}.jsonl"))
        np.save(os.path.join(args.out, f"{split}.npy"), ids)
        np.save(os.path.join(args.out, f"{split}_docs.npy"), docs)
        print(f"{split}: {len(ids)} tokens, {len(docs)} files")


if __name__ == "__main__":
    main()
