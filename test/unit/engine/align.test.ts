// Tests for src/engine/align.ts (plain Node): real transformers.js tokenizers built from tokenizer.json objects
// written here (an uncased WordPiece with BertNormalizer, a GPT-2 style byte-level BPE, a metaspace BPE with
// byte fallback), checking that every span slices out exactly what its token stands for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { alignTokens, textSegments, textTokenMask, tokenizerInfo } from '../../../src/engine/align';
import type { TokenSpan, TokenizerInfo } from '../../../src/engine/align';

// ---- tokenizer builders ---------------------------------------------------------------------------------

const addedToken = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

function wordPiece(normalizers: object[] | null = null, extra: string[] = []): PreTrainedTokenizer {
  const words = [
    ...extra,
    'la',
    'atencion',
    'aten',
    '##cion',
    'nandu',
    'y',
    'pin',
    '##gu',
    '##ino',
    ',',
    '.',
    '!',
    'hola',
    'mundo',
    'es',
    'todo',
    '中',
    '文',
    'the',
    'river',
    'bank',
    'on',
    '[',
    ']',
    'mask',
    'x',
    '##x',
  ];
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const vocab = Object.fromEntries([...specials, ...words].map((w, i) => [w, i]));
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s, i) => addedToken(i, s)),
    normalizer: normalizers
      ? { type: 'Sequence', normalizers }
      : { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  return new PreTrainedTokenizer(json, { unk_token: '[UNK]', mask_token: '[MASK]', cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]' });
}

/** GPT-2's byte → printable character table, written out independently of the module under test. */
function bytesToUnicode(): string[] {
  const table: string[] = new Array(256);
  const keep = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  let extra = 0;
  for (let b = 0; b < 256; b++) table[b] = String.fromCharCode(keep(b) ? b : 256 + extra++);
  return table;
}
const B2U = bytesToUnicode();
const U2B = new Map(B2U.map((c, b) => [c, b]));
const enc = (s: string) => Array.from(new TextEncoder().encode(s), (b) => B2U[b]!).join('');

function byteBpe(addPrefixSpace = false): PreTrainedTokenizer {
  const merges: Array<[string, string]> = [
    [enc(' '), 'w'],
    ['o', 'r'],
    [enc(' w'), 'or'],
    ['l', 'd'],
    [enc(' wor'), 'ld'],
    ['H', 'e'],
    ['l', 'l'],
    ['He', 'll'],
    ['Hell', 'o'],
    [enc('ñ')[0]!, enc('ñ')[1]!],
    [enc('\r'), enc('\n')],
    [enc(' '), enc(' ')],
    [enc('🙂')[0]!, enc('🙂')[1]!],
    [enc(' '), 'h'],
    [enc(' h'), 'o'],
  ];
  const vocab: Record<string, number> = {};
  B2U.forEach((c, b) => {
    vocab[c] = b;
  });
  for (const [a, b] of merges) vocab[a + b] ??= Object.keys(vocab).length;
  const eos = Object.keys(vocab).length;
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(eos, '<|endoftext|>')],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: false, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [eos], tokens: ['<|endoftext|>'] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
  return new PreTrainedTokenizer(json, { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>' });
}

function metaspaceBpe(first: object[] = []): PreTrainedTokenizer {
  const pieces = [
    '<unk>',
    '<s>',
    '</s>',
    ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`),
    '▁',
    'h',
    'o',
    'l',
    'a',
    'n',
    'd',
    'u',
    'ú',
    '▁h',
    '▁ho',
    '▁hol',
    '▁hola',
    'ñ',
    'a▁',
  ];
  const vocab = Object.fromEntries(pieces.map((p, i) => [p, i]));
  const merges = [
    ['▁', 'h'],
    ['▁h', 'o'],
    ['▁ho', 'l'],
    ['▁hol', 'a'],
  ];
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<unk>', '<s>', '</s>'].map((s, i) => addedToken(i, s)),
    normalizer: { type: 'Sequence', normalizers: [...first, { type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab,
      merges,
    },
  };
  return new PreTrainedTokenizer(json, { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' });
}

// ---- helpers --------------------------------------------------------------------------------------------

interface Aligned {
  ids: number[];
  tokens: string[];
  special: boolean[];
  spans: TokenSpan[];
}

function align(tok: PreTrainedTokenizer, info: TokenizerInfo, text: string): Aligned {
  const full = tok._tokenizer.encode(text);
  const textOnly = tok._tokenizer.encode(text, { add_special_tokens: false }).ids;
  const special = textTokenMask(full.ids, textOnly);
  return { ids: full.ids, tokens: full.tokens, special, spans: alignTokens(text, info, full.ids, special) };
}

const slice = (text: string, s: TokenSpan) => text.slice(s.start ?? 0, s.end ?? 0);
/** Each word's text: from its first token's start to its last token's end (tokens may share a character). */
const words = (text: string, a: Aligned): string[] => {
  const range: Array<[number, number]> = [];
  for (const s of a.spans) if (s.word !== null) range[s.word] = [Math.min(range[s.word]?.[0] ?? s.start!, s.start!), Math.max(range[s.word]?.[1] ?? 0, s.end!)];
  return range.map(([s, e]) => text.slice(s, e));
};

function checkOrderAndSpecials(text: string, a: Aligned): void {
  let last = 0;
  a.spans.forEach((s, i) => {
    if (a.special[i]) {
      assert.deepEqual(s, { start: null, end: null, word: null }, `special ${a.tokens[i]}`);
      return;
    }
    assert.ok(s.start !== null && s.end !== null && s.start <= s.end && s.end <= text.length, `span in range for ${a.tokens[i]}`);
    assert.ok(s.start >= last || s.end <= last, `spans move forward at ${a.tokens[i]}`);
    last = Math.max(last, s.start);
  });
}

/** WordPiece: the normalized slice is the token without `##`; [UNK] spans are given. */
function checkWordPiece(tok: PreTrainedTokenizer, text: string, a: Aligned, unk: string[] | null = []): void {
  checkOrderAndSpecials(text, a);
  const norm = (s: string) => tok._tokenizer.normalizer!.normalize(s);
  const unks = [...(unk ?? [])];
  a.spans.forEach((s, i) => {
    if (a.special[i]) return;
    const t = a.tokens[i]!;
    if (t === '[UNK]') {
      if (unk) assert.equal(slice(text, s), unks.shift(), 'UNK covers its word');
    } else if (t === '[MASK]') assert.equal(slice(text, s), '[MASK]');
    else assert.equal(norm(slice(text, s)).trim(), t.replace(/^##/, ''), `token ${t} in ${JSON.stringify(text)}`);
  });
}

/** Byte-level: the slice is the token's bytes widened to whole characters (a leading added space excepted). */
function checkBytes(text: string, a: Aligned, prefixSpace = false): void {
  checkOrderAndSpecials(text, a);
  const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
  a.spans.forEach((s, i) => {
    if (a.special[i]) return;
    let bytes = Array.from(a.tokens[i]!, (c) => U2B.get(c)!);
    if (prefixSpace && s.start === 0 && text[0] !== ' ' && bytes[0] === 0x20) bytes = bytes.slice(1);
    const got = utf8(slice(text, s));
    if (bytes.length === 0) {
      assert.equal(got.length, 0);
      return;
    }
    const chars = Array.from(slice(text, s));
    const firstLen = utf8(chars[0] ?? '').length,
      lastLen = utf8(chars.at(-1) ?? '').length;
    const at = got.findIndex((_, k) => bytes.every((b, j) => got[k + j] === b));
    assert.ok(at >= 0 && at < firstLen && at + bytes.length > got.length - lastLen, `token ${JSON.stringify(a.tokens[i])} ↦ ${JSON.stringify(slice(text, s))}`);
  });
}

// ---- WordPiece ------------------------------------------------------------------------------------------

const wp = wordPiece();
const wpInfo = tokenizerInfo(wp);

test('tokenizerInfo reads an uncased WordPiece tokenizer', () => {
  assert.equal(wpInfo.kind, 'wordpiece');
  assert.equal(wpInfo.continuingPrefix, '##');
  assert.equal(wpInfo.byteLevel, false);
  assert.equal(wpInfo.unkId, 1);
});

test('WordPiece: accents, ñ and ü are stripped yet spans cover the original characters', () => {
  const text = 'La ATENCIÓN, ñandú y pingüino.';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens, ['[CLS]', 'la', 'atencion', ',', 'nandu', 'y', 'pin', '##gu', '##ino', '.', '[SEP]']);
  checkWordPiece(wp, text, a);
  assert.deepEqual(
    a.spans.map((s) => slice(text, s)),
    ['', 'La', 'ATENCIÓN', ',', 'ñandú', 'y', 'pin', 'gü', 'ino', '.', ''],
  );
  assert.deepEqual(words(text, a), ['La', 'ATENCIÓN', ',', 'ñandú', 'y', 'pingüino', '.']);
  assert.deepEqual(
    a.spans.map((s) => s.word),
    [null, 0, 1, 2, 3, 4, 5, 5, 5, 6, null],
  );
});

test('WordPiece: decomposed (NFD) input maps the base letter and skips the dropped mark', () => {
  const text = 'aten\u0063io\u0301n es todo';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual([a.spans[1]!.start, a.spans[1]!.end], [0, 9], 'the combining mark stays inside the word');
});

test('WordPiece: CRLF, tabs, runs of spaces and leading/trailing whitespace', () => {
  const text = '  \tHola,\r\n\r\n   mundo\t!  \r\n';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual(
    a.spans.filter((s) => s.word !== null).map((s) => [s.start, s.end]),
    [
      [3, 7],
      [7, 8],
      [15, 20],
      [21, 22],
    ],
  );
});

test('WordPiece: [UNK] covers the pre-token word that became unknown', () => {
  const text = 'hola ☃ y 🙂x, mundo☃';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens.filter((t) => t === '[UNK]').length, 3);
  checkWordPiece(wp, text, a, ['☃', '🙂x', 'mundo☃']);
  assert.deepEqual(words(text, a), ['hola', '☃', 'y', '🙂x', ',', 'mundo☃']);
});

test('WordPiece: an NSP pair aligns each sentence to its own text', () => {
  const [first, second] = ['Hola  mundo.', 'Es todo ☃!'];
  const full = wp._tokenizer.encode(first, { text_pair: second }).ids;
  const seg = textSegments(
    full,
    [first, second].map((t) => wp._tokenizer.encode(t, { add_special_tokens: false }).ids),
  );
  assert.deepEqual(seg, [-1, 0, 0, 0, -1, 1, 1, 1, 1, -1]);
  const spansA = alignTokens(
    first,
    wpInfo,
    full,
    seg.map((s) => s !== 0),
  );
  const spansB = alignTokens(
    second,
    wpInfo,
    full,
    seg.map((s) => s !== 1),
  );
  const got = full.map((_, i) => (seg[i] === 0 ? slice(first, spansA[i]!) : seg[i] === 1 ? slice(second, spansB[i]!) : null));
  assert.deepEqual(got, [null, 'Hola', 'mundo', '.', null, 'Es', 'todo', '☃', '!', null]);
  assert.deepEqual(
    spansB.map((s) => s.word),
    [null, null, null, null, null, 0, 1, 2, 3, null],
  );
});

test('WordPiece: CJK characters padded by the normalizer', () => {
  const text = 'hola中文!';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual(words(text, a), ['hola', '中', '文', '!']);
});

test('WordPiece: a [MASK] typed in the text is one token and keeps its span', () => {
  const text = 'the river [MASK] x';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens, ['[CLS]', 'the', 'river', '[MASK]', 'x', '[SEP]']);
  assert.deepEqual(a.special, [true, false, false, false, false, true]);
  checkWordPiece(wp, text, a);
  assert.deepEqual(words(text, a), ['the', 'river', '[MASK]', 'x']);
});

test('WordPiece: a typed [CLS] is told apart from the template one', () => {
  const text = '[CLS] on';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.special, [true, false, false, true]);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, '[CLS]', 'on', null],
  );
});

// ---- byte-level BPE -------------------------------------------------------------------------------------

const bpe = byteBpe();
const bpeInfo = tokenizerInfo(bpe);

test('tokenizerInfo reads a byte-level BPE tokenizer', () => {
  assert.equal(bpeInfo.kind, 'bpe');
  assert.equal(bpeInfo.byteLevel, true);
  assert.equal(bpeInfo.metaspace, null);
});

test('byte-level BPE: spans include the leading space; words follow whitespace and punctuation', () => {
  const text = 'Hello, world!! foo_bar x.y';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  assert.equal(slice(text, a.spans[a.tokens.indexOf('Ġworld')]!), ' world');
  assert.deepEqual(words(text, a), ['Hello', ',', ' world', '!!', ' foo_bar', ' x', '.', 'y']);
});

test('byte-level BPE: multi-byte characters, partial tokens widen to whole characters', () => {
  const text = 'ñandú 🙂 👨‍👩‍👧 中文 e\u0301';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  const emoji = a.spans.filter((s) => slice(text, s) === '🙂');
  assert.equal(emoji.length, 3, 'ð+Ł merge and two single bytes all map to 🙂');
  assert.equal(new Set(emoji.map((s) => s.word)).size, 1);
  assert.deepEqual(words(text, a), ['ñandú', ' 🙂', ' 👨‍👩‍👧', ' 中文', ' e\u0301']);
});

test('byte-level BPE: CRLF, tabs, runs of spaces, leading and trailing whitespace', () => {
  const text = '  Hello\r\n\tworld   x  \r\n';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  assert.equal(
    a.spans
      .filter((s) => s.start !== null)
      .map((s) => slice(text, s))
      .join(''),
    text,
    'spans tile the text',
  );
});

test('byte-level BPE: add_prefix_space gives the first word no invented character', () => {
  const tok = byteBpe(true);
  const text = 'Hello world';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens.slice(1, 3), [enc(' '), 'Hello'], 'the invented space is a token of its own');
  assert.deepEqual([a.spans[1]!.start, a.spans[1]!.end], [0, 0]);
  checkBytes(text, a, true);
  assert.deepEqual(words(text, a), ['Hello', ' world']);
});

// ---- metaspace BPE with byte fallback -------------------------------------------------------------------

test('metaspace BPE: ▁ stands for the space before it, byte-fallback pieces widen to their character', () => {
  const tok = metaspaceBpe();
  const info = tokenizerInfo(tok);
  assert.equal(info.metaspace, '▁');
  const text = 'hola ñandú  hola 🙂';
  const a = align(tok, info, text);
  checkOrderAndSpecials(text, a);
  const got = a.spans.map((s) => (s.start === null ? null : slice(text, s)));
  assert.equal(got[1], 'hola', 'the prepended ▁ has no source text');
  assert.ok(got.includes(' hola'));
  assert.equal(got.filter((g) => g === '🙂').length, 4);
  assert.deepEqual(words(text, a), ['hola', ' ñandú', ' ', ' hola', ' 🙂']);
});

// ---- other normalizers and models ---------------------------------------------------------------------

test('whole-string Replace: a collapsed run of spaces maps to the whole run', () => {
  const tok = metaspaceBpe([{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }]);
  const text = 'hola   hola';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens, ['<s>', '▁hola', '▁hola']);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'hola', '   hola'],
  );
});

test('a normalizer that is not per-character (final sigma) still aligns through the resync', () => {
  const tok = wordPiece([{ type: 'NFD' }, { type: 'Lowercase' }, { type: 'StripAccents' }], ['οδος', 'και']);
  const text = 'ΟΔΟΣ και ΟΔΟΣ';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens, ['[CLS]', 'οδος', 'και', 'οδος', '[SEP]']);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'ΟΔΟΣ', 'και', 'ΟΔΟΣ', null],
  );
});

test('Unigram with metaspace: [UNK] covers the unknown character, ▁ pieces start words', () => {
  const vocab = [
    ['<unk>', 0],
    ['<s>', 0],
    ['▁', -2],
    ['▁hola', -1],
    ['▁mundo', -1],
    ['h', -3],
    ['o', -3],
    ['la', -2],
  ];
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(0, '<unk>'), addedToken(1, '<s>')],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
  };
  const tok = new PreTrainedTokenizer(json, { unk_token: '<unk>', bos_token: '<s>' });
  const info = tokenizerInfo(tok);
  assert.deepEqual([info.kind, info.unkId, info.metaspace], ['unigram', 0, '▁']);
  const text = 'hola ☃☃ mundo';
  const a = align(tok, info, text);
  assert.deepEqual(a.tokens, ['▁hola', '▁', '☃☃', '▁mundo'], 'transformers.js reports the fused unknown text as the token');
  assert.equal(a.ids[2], 0);
  assert.deepEqual(
    a.spans.map((s) => slice(text, s)),
    ['hola', ' ', '☃☃', ' mundo'],
  );
  assert.deepEqual(words(text, a), ['hola', ' ☃☃', ' mundo']);
});

test('textTokenMask survives transformers.js truncation, which drops the final [SEP]', () => {
  const text = 'hola mundo es todo';
  const full = wp(text, { truncation: true, max_length: 4, return_tensor: false }).input_ids as number[];
  assert.deepEqual(full, [2, 17, 18, 19], 'the tail is cut, [SEP] included');
  const special = textTokenMask(full, wp._tokenizer.encode(text, { add_special_tokens: false }).ids);
  assert.deepEqual(special, [true, false, false, false]);
  assert.deepEqual(
    alignTokens(text, wpInfo, full, special).map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'hola', 'mundo', 'es'],
  );
});

// ---- robustness -----------------------------------------------------------------------------------------

test('odd input never throws and never corrupts later offsets', () => {
  assert.deepEqual(alignTokens('', wpInfo, [2, 3], [true, true]), [
    { start: null, end: null, word: null },
    { start: null, end: null, word: null },
  ]);
  const text = 'hola mundo';
  const spans = alignTokens(text, wpInfo, [2, 17, 999, 9, 18, 3], [true, false, false, false, false, true]);
  assert.equal(slice(text, spans[1]!), 'hola');
  assert.deepEqual([spans[2]!.start, spans[2]!.end], [4, 4], 'an unknown id gets a zero-width span');
  assert.deepEqual([spans[3]!.start, spans[3]!.end], [4, 4], 'a token not in the text (nandu) too');
  assert.equal(slice(text, spans[4]!), 'mundo');
  const lost = alignTokens(text, bpeInfo, [1, 2, 3], []);
  assert.equal(lost.length, 3);
  for (const s of lost) assert.ok(s.start !== null && s.start === s.end);
});

test('random text over tricky characters aligns exactly with every tokenizer', () => {
  const alphabet = [
    'a',
    'n',
    'o',
    'la',
    'hola',
    ' ',
    '  ',
    '\t',
    '\r\n',
    '\n',
    'ó',
    'ñ',
    'ü',
    'e\u0301',
    'Ñ',
    ',',
    '.',
    '!',
    '🙂',
    '👨‍👩‍👧',
    '中',
    '☃',
    '[MASK]',
    '\u200d',
    '\ufe0f',
    '\ud800',
    '\u0000',
    '\u00a0',
  ];
  const ms = metaspaceBpe(),
    msInfo = tokenizerInfo(ms);
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 150; round++) {
    const text = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
    checkWordPiece(wp, text, align(wp, wpInfo, text), null);
    checkBytes(text, align(bpe, bpeInfo, text));
    checkOrderAndSpecials(text, align(ms, msInfo, text));
  }
});

test('512+ tokens align in linear time', () => {
  const text = 'Hello, world! ñandú 🙂\r\n\t'.repeat(200);
  const ids = bpe._tokenizer.encode(text).ids;
  assert.ok(ids.length > 2000);
  const t0 = performance.now();
  const spans = alignTokens(
    text,
    bpeInfo,
    ids,
    ids.map((_, i) => i === 0),
  );
  const ms = performance.now() - t0;
  assert.ok(ms < 500, `took ${ms} ms`);
  assert.equal(spans.at(-1)!.end, text.length);
  const wtext = 'La atención del pingüino ☃ es todo. '.repeat(100);
  const wids = wp._tokenizer.encode(wtext).ids;
  const t1 = performance.now();
  alignTokens(
    wtext,
    wpInfo,
    wids,
    wids.map((_, i) => i === 0 || i === wids.length - 1),
  );
  assert.ok(performance.now() - t1 < 500);
});
