"""Model definitions for tiny-gpt-es-en (GPT-2 layout decoder) and tiny-bert-es-en (BERT encoder).

Owns: the PyTorch modules used for training and for ONNX export. Attention is written
with plain ops (q @ k^T / sqrt(d) + mask, softmax, @ v) so that the exported graph has one
`Softmax` node per layer holding the attention probabilities, which the engine exposes.
Both models use pre-LayerNorm blocks (they train faster and more stably at this size);
the ONNX graph is what transformers.js runs, so configs only need the usual metadata keys.

`fast=True` swaps softmax and GELU for numpy-backed autograd functions (torch 1.13's CPU
kernels for these are scalar); export always uses the plain torch ops.

Example:
  cfg = ModelConfig(vocab=4096, d=128, layers=4, heads=4, ffn=512, max_pos=512)
  gpt = TinyGPT(cfg); logits, presents = gpt(ids, mask, pos, pasts)
"""
import math
from dataclasses import dataclass, asdict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9


@dataclass
class ModelConfig:
    vocab: int = 4096
    d: int = 128
    layers: int = 4
    heads: int = 4
    ffn: int = 512
    max_pos: int = 512
    type_vocab: int = 2
    dropout: float = 0.0

    def to_dict(self):
        return asdict(self)


class NpSoftmax(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        a = x.detach().numpy()
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)
        y = torch.from_numpy(e)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return y * (g - (g * y).sum(-1, keepdim=True))


class NpGelu(torch.autograd.Function):
    """tanh-approximate GELU computed in numpy."""

    @staticmethod
    def forward(ctx, x):
        a = x.detach().numpy()
        c = math.sqrt(2 / math.pi)
        t = np.tanh(c * (a + 0.044715 * a ** 3))
        ctx.save_for_backward(x, torch.from_numpy(t))
        return torch.from_numpy(0.5 * a * (1 + t))

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        c = math.sqrt(2 / math.pi)
        dt = (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
        return g * (0.5 * (1 + t) + 0.5 * x * dt)


def gelu(x, fast):
    return NpGelu.apply(x.contiguous()) if fast else F.gelu(x, approximate="tanh")


def softmax(x, fast):
    return NpSoftmax.apply(x.contiguous()) if fast else torch.softmax(x, dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.h, self.hd = cfg.heads, cfg.d // cfg.heads
        self.qkv = nn.Linear(cfg.d, 3 * cfg.d)
        self.out = nn.Linear(cfg.d, cfg.d)

    def forward(self, x, bias, past=None, fast=False):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=-1)
        q, k, v = (z.reshape(b, t, self.h, self.hd).transpose(1, 2) for z in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.hd)) + bias
        probs = softmax(scores, fast)
        y = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, d)
        return self.out(y), (k, v)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(cfg.d), nn.LayerNorm(cfg.d)
        self.attn = Attention(cfg)
        self.fc1, self.fc2 = nn.Linear(cfg.d, cfg.ffn), nn.Linear(cfg.ffn, cfg.d)

    def forward(self, x, bias, past=None, fast=False):
        a, present = self.attn(self.ln1(x), bias, past, fast)
        x = x + a
        x = x + self.fc2(gelu(self.fc1(self.ln2(x)), fast))
        return x, present


def init_weights(module):
    for m in module.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)


class TinyGPT(nn.Module):
    """Decoder. forward(input_ids, attention_mask[b, past+t], position_ids, pasts) -> logits, presents."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte, self.wpe = nn.Embedding(cfg.vocab, cfg.d), nn.Embedding(cfg.max_pos, cfg.d)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln_f = nn.LayerNorm(cfg.d)
        init_weights(self)

    def hidden(self, input_ids, attention_mask=None, position_ids=None, pasts=None, fast=False):
        b, t = input_ids.shape
        past_len = 0 if pasts is None else pasts[0][0].shape[2]
        if position_ids is None:
            position_ids = torch.arange(past_len, past_len + t, device=input_ids.device).unsqueeze(0)
        total = past_len + t
        key_pos = torch.arange(total, device=input_ids.device)
        query_pos = key_pos[total - t:]
        allowed = (key_pos.unsqueeze(0) <= query_pos.unsqueeze(1)).unsqueeze(0).unsqueeze(0)
        if attention_mask is not None:
            allowed = allowed & (attention_mask[:, None, None, :] > 0)
        bias = (~allowed).to(torch.float32) * NEG
        x = self.wte(input_ids) + self.wpe(position_ids)
        presents = []
        for i, blk in enumerate(self.blocks):
            x, present = blk(x, bias, None if pasts is None else pasts[i], fast)
            presents.append(present)
        return self.ln_f(x), presents

    def forward(self, input_ids, attention_mask=None, position_ids=None, pasts=None, fast=False):
        h, presents = self.hidden(input_ids, attention_mask, position_ids, pasts, fast)
        return torch.matmul(h, self.wte.weight.t()), presents


class TinyBert(nn.Module):
    """Encoder with a tied masked-LM head and a next-sentence-prediction head (index 0 = IsNext)."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte, self.wpe = nn.Embedding(cfg.vocab, cfg.d), nn.Embedding(cfg.max_pos, cfg.d)
        self.wtt = nn.Embedding(cfg.type_vocab, cfg.d)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln_f = nn.LayerNorm(cfg.d)
        self.mlm_dense, self.mlm_ln = nn.Linear(cfg.d, cfg.d), nn.LayerNorm(cfg.d)
        self.mlm_bias = nn.Parameter(torch.zeros(cfg.vocab))
        self.pooler, self.nsp = nn.Linear(cfg.d, cfg.d), nn.Linear(cfg.d, 2)
        init_weights(self)

    def hidden(self, input_ids, attention_mask, token_type_ids, fast=False):
        b, t = input_ids.shape
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        bias = (attention_mask[:, None, None, :] <= 0).to(torch.float32) * NEG
        x = self.wte(input_ids) + self.wpe(pos) + self.wtt(token_type_ids)
        for blk in self.blocks:
            x, _ = blk(x, bias, None, fast)
        return self.ln_f(x)

    def mlm_logits(self, h, fast=False):
        z = self.mlm_ln(gelu(self.mlm_dense(h), fast))
        return torch.matmul(z, self.wte.weight.t()) + self.mlm_bias

    def nsp_logits(self, h):
        return self.nsp(torch.tanh(self.pooler(h[:, 0])))

    def forward(self, input_ids, attention_mask, token_type_ids, fast=False):
        h = self.hidden(input_ids, attention_mask, token_type_ids, fast)
        return self.mlm_logits(h, fast), self.nsp_logits(h)


def local_heads_init(model, offsets, target=0.8, max_steps=400, lr=1e-2, seed=0, keep_norm=True):
    """Makes layer 0's first heads attend to a fixed neighbour (offsets, e.g. (-1, 1): previous and
    next token) with about `target` of their weight, before training.

    Why: an encoder from a random start forms no position-based head (a masked position learns only
    through attention, and learned absolute positions give no easy path to "look one token left"), so
    it sits on the unigram plateau. A few Adam steps (about a second) on random tokens set ONLY the position
    embeddings and the query/key rows (weights and biases) of those heads; every other parameter,
    and the layout, stay as they are. Returns the mean weight each head puts on its neighbour."""
    dev = model.wpe.weight.device
    attn, hd, d = model.blocks[0].attn, model.cfg.d // model.cfg.heads, model.cfg.d
    rows = torch.zeros(3 * d, dtype=torch.bool, device=dev)
    for h in range(len(offsets)):
        rows[h * hd:(h + 1) * hd] = True  # queries of head h
        rows[d + h * hd:d + (h + 1) * hd] = True  # keys of head h
    params = [model.wpe.weight, attn.qkv.weight, attn.qkv.bias]
    saved = {n: p.detach().clone() for n, p in model.named_parameters()}
    norm0 = model.wpe.weight.detach().norm(dim=-1, keepdim=True).clone()
    opt = torch.optim.Adam(params, lr=lr)
    gen = torch.Generator(device="cpu").manual_seed(seed)
    steps, got = 0, None
    while got is None or (min(got) < target - 0.03 and steps < max_steps):
        t = (128, 512)[steps % 2]
        ids = torch.randint(MASK_FREE, model.cfg.vocab, (4, t), generator=gen).to(dev)
        x = model.wte(ids) + model.wpe(torch.arange(t, device=dev)).unsqueeze(0)
        if hasattr(model, "wtt"):
            x = x + model.wtt(torch.zeros_like(ids))
        q, k, _ = attn.qkv(model.blocks[0].ln1(x)).split(d, dim=-1)
        loss, got = 0.0, []
        for h, off in enumerate(offsets):
            qh, kh = q[..., h * hd:(h + 1) * hd], k[..., h * hd:(h + 1) * hd]
            scores = torch.matmul(qh, kh.transpose(-1, -2)) / math.sqrt(hd)
            if not hasattr(model, "wtt"):  # decoder: causal
                scores = scores + torch.triu(torch.full((t, t), NEG, device=dev), 1)
            p = torch.softmax(scores, -1)
            i = torch.arange(max(0, -off), t - max(0, off), device=dev)
            w = p[:, i, i + off]
            loss = loss + ((w - target).clamp(max=0) ** 2).mean() + 0.1 * ((w - target).clamp(min=0) ** 2).mean()
            got.append(float(w.mean()))
        opt.zero_grad()
        loss.backward()
        attn.qkv.weight.grad[~rows] = 0
        attn.qkv.bias.grad[~rows] = 0
        opt.step()
        if keep_norm:  # positions stay as large as at the start: see the docstring
            with torch.no_grad():
                model.wpe.weight.mul_(norm0 / model.wpe.weight.norm(dim=-1, keepdim=True))
        steps += 1
    with torch.no_grad():  # Adam never moves a parameter whose gradient was always zero; check it
        for n, p in model.named_parameters():
            if n not in ("wpe.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.bias"):
                assert torch.equal(p, saved[n]), n
        changed = (attn.qkv.weight != saved["blocks.0.attn.qkv.weight"]).any(-1)
        assert not changed[~rows].any(), "local-heads init changed rows it does not own"
    return got, steps


MASK_FREE = 6  # first ordinary token id (ids 0-5 are the special tokens)
