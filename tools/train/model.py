"""Model definitions for tiny-code-gpt (GPT-2 layout decoder) and tiny-code-bert (BERT encoder).

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
