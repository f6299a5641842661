"""ONNX export of tiny-gpt-es-en and tiny-bert-es-en in the Optimum layout transformers.js loads.

Owns: models/<name>/{config.json, generation_config.json, tokenizer.json,
tokenizer_config.json, special_tokens_map.json, onnx/model.onnx} and a reference file
(work/export_ref.json) of PyTorch outputs that tools/train/checkModels.ts compares with
what transformers.js computes from the exported files.

Decoder graph: inputs input_ids, attention_mask [batch, past+seq], position_ids,
past_key_values.{i}.key/.value [batch, heads, past, head_dim] (past may be 0);
outputs logits, present.{i}.key/.value. Encoder graph: inputs input_ids,
attention_mask, token_type_ids; outputs logits [batch, seq, vocab] and
nsp_logits [batch, 2] (index 0 = IsNext). Each layer has exactly one Softmax
holding the attention probabilities [batch, heads, seq, past+seq].

Example: /usr/bin/python3 tools/train/export.py --ckpt tools/train/work/ckpt --out models
"""
import argparse
import json
import os

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

import bpe
from model import ModelConfig, TinyBert, TinyGPT

OPSET = 14


class GptForExport(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        pasts = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, pasts)
        return (logits, *[t for kv in presents for t in kv])


class BertForExport(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids, attention_mask, token_type_ids)


def load(ckpt_dir, kind):
    ck = torch.load(os.path.join(ckpt_dir, kind, "last.pt"), map_location="cpu")
    cfg = ModelConfig(**ck["cfg"])
    model = (TinyGPT if kind == "gpt" else TinyBert)(cfg)
    model.load_state_dict(ck["model"])
    return model.eval(), cfg, ck["state"]


def export_gpt(model, cfg, path):
    L, h, hd = cfg.layers, cfg.heads, cfg.d // cfg.heads
    b, t, past = 1, 3, 2
    ids = torch.randint(10, cfg.vocab, (b, t))
    inputs = [ids, torch.ones(b, past + t, dtype=torch.int64), torch.arange(past, past + t).unsqueeze(0)]
    in_names, out_names = ["input_ids", "attention_mask", "position_ids"], ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(L):
        for kv in ("key", "value"):
            inputs.append(torch.randn(b, h, past, hd))
            in_names.append(f"past_key_values.{i}.{kv}")
            out_names.append(f"present.{i}.{kv}")
            axes[in_names[-1]] = {0: "batch_size", 2: "past_sequence_length"}
            axes[out_names[-1]] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    torch.onnx.export(GptForExport(model), tuple(inputs), path, input_names=in_names, output_names=out_names,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def export_bert(model, cfg, path):
    ids = torch.randint(10, cfg.vocab, (1, 7))
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in names}
    axes["logits"] = {0: "batch_size", 1: "sequence_length"}
    axes["nsp_logits"] = {0: "batch_size"}
    torch.onnx.export(BertForExport(model), inputs, path, input_names=names, output_names=["logits", "nsp_logits"],
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def untie_copies(path):
    """Constant folding stores the tied output matrix (the token embedding, transposed for the
    logits MatMul) as a second initializer: with a 16k vocabulary that adds 12 MB at width 192.
    Replace each initializer that is the exact transpose of another (and that no Gather reads)
    by a Transpose node of that one."""
    g = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in g.graph.initializer}
    by_shape = {}
    for name, a in inits.items():
        if a.ndim == 2:
            by_shape.setdefault(a.shape, []).append(name)
    # The embedding table stays an initializer: the engine finds it as what a Gather looks input_ids up in.
    gathered = {n.input[0] for n in g.graph.node if n.op_type == "Gather"}
    dropped = []
    for name, a in inits.items():
        if a.ndim != 2 or a.size < 65536 or name in gathered:
            continue
        for other in by_shape.get(a.shape[::-1], []):
            if other != name and other not in dropped and np.array_equal(inits[other].T, a):
                g.graph.node.insert(0, helper.make_node("Transpose", [other], [name], perm=[1, 0],
                                                        name=f"untie_{len(dropped)}"))
                dropped.append(name)
                break
    if dropped:
        keep = [i for i in g.graph.initializer if i.name not in dropped]
        del g.graph.initializer[:]
        g.graph.initializer.extend(keep)
        onnx.save(g, path)
    return dropped


def check_graph(path, layers):
    g = onnx.load(path)
    onnx.checker.check_model(g)
    n = sum(1 for node in g.graph.node if node.op_type == "Softmax")
    assert n == layers, f"{path}: {n} Softmax nodes, expected {layers}"
    return os.path.getsize(path)


def gpt_config(cfg):
    return {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": cfg.vocab,
            "n_positions": cfg.max_pos, "n_ctx": cfg.max_pos, "n_embd": cfg.d, "n_layer": cfg.layers,
            "n_head": cfg.heads, "n_inner": cfg.ffn, "activation_function": "gelu_new",
            "layer_norm_epsilon": 1e-5, "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
            "initializer_range": 0.02, "bos_token_id": 0, "eos_token_id": 0, "tie_word_embeddings": True,
            "use_cache": True, "scale_attn_weights": True, "pre_layer_norm": True}


def bert_config(cfg):
    return {"model_type": "bert", "architectures": ["BertForPreTraining"], "vocab_size": cfg.vocab,
            "hidden_size": cfg.d, "num_hidden_layers": cfg.layers, "num_attention_heads": cfg.heads,
            "intermediate_size": cfg.ffn, "hidden_act": "gelu_new", "max_position_embeddings": cfg.max_pos,
            "type_vocab_size": cfg.type_vocab, "layer_norm_eps": 1e-5, "hidden_dropout_prob": 0.0,
            "attention_probs_dropout_prob": 0.0, "initializer_range": 0.02, "pad_token_id": 1,
            "position_embedding_type": "absolute", "pre_layer_norm": True,
            "id2label": {"0": "IsNext", "1": "NotNext"}, "label2id": {"IsNext": 0, "NotNext": 1}}


def reference(gpt, bert, tok):
    """PyTorch outputs that the transformers.js check must reproduce."""
    prompt = "function add(a, b) {\n  return a + b"
    ids = tok.encode(prompt)
    with torch.no_grad():
        seq = list(ids)
        for _ in range(8):
            logits, _ = gpt(torch.tensor([seq]))
            seq.append(int(logits[0, -1].argmax()))
        first, _ = gpt(torch.tensor([ids]))
        top5 = torch.topk(first[0, -1], 5).indices.tolist()
        text = "const x = [MASK];"
        pieces = text.split("[MASK]")
        # [MASK] is lstrip (bpe.py): it takes the whitespace before it.
        bids = [3] + tok.encode(pieces[0].rstrip()) + [5] + tok.encode(pieces[1]) + [4]
        t = torch.tensor([bids])
        mlm, nsp = bert(t, torch.ones_like(t), torch.zeros_like(t))
        pos = bids.index(5)
        btop = torch.topk(mlm[0, pos], 5).indices.tolist()
    samples = ["const answer = 42;\n", "    if (x === null) {\n        throw new TypeError('x');\n    }\n",
               "/** Returns the café's name. */\nexport function name(): string { return \"ñandú\"; }\n",
               "The fs.readFile() method reads the entire contents of a file.\n\n```js\nimport { readFile } from 'node:fs';\n```",
               "\t\tx\r\n  \n\n\n    // trailing   \n"]
    return {"samples": [{"text": s, "ids": tok.encode(s)} for s in samples],
            "gpt": {"prompt": prompt, "prompt_ids": ids, "greedy_ids": seq[len(ids):], "top5_ids": top5},
            "bert": {"text": text, "ids": bids, "top5_ids": btop, "nsp_logits": nsp[0].tolist()}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="tools/train/work/ckpt")
    ap.add_argument("--tokenizer", default="tools/train/work/tokenizer")
    ap.add_argument("--out", default="models")
    ap.add_argument("--ref", default="tools/train/work/export_ref.json")
    args = ap.parse_args()
    tok = bpe.load(args.tokenizer)
    models = {}
    for kind, name in (("gpt", "tiny-gpt-es-en"), ("bert", "tiny-bert-es-en")):
        model, cfg, state = load(args.ckpt, kind)
        models[kind] = model
        out = os.path.join(args.out, name)
        os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
        path = os.path.join(out, "onnx", "model.onnx")
        (export_gpt if kind == "gpt" else export_bert)(model, cfg, path)
        untie_copies(path)
        size = check_graph(path, cfg.layers)
        config = gpt_config(cfg) if kind == "gpt" else bert_config(cfg)
        config["transformers_version"] = "4.46.0"
        json.dump(config, open(os.path.join(out, "config.json"), "w"), indent=1)
        if kind == "gpt":
            json.dump({"bos_token_id": 0, "eos_token_id": 0, "pad_token_id": 0, "max_length": cfg.max_pos},
                      open(os.path.join(out, "generation_config.json"), "w"), indent=1)
        bpe.write_hf_files(tok, kind, out)
        print(f"{name}: {size / 1e6:.2f} MB onnx, step {state['step']}, {state['tokens']} tokens, "
              f"{state['elapsed'] / 60:.1f} min")
    json.dump(reference(models["gpt"], models["bert"], tok), open(args.ref, "w"), indent=1)


if __name__ == "__main__":
    main()
