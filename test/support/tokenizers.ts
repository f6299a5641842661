// Real transformers.js tokenizers built from tokenizer.json objects written here, for the alignment tests
// (plain Node): an uncased WordPiece with BertNormalizer, a GPT-2 style byte-level BPE, a metaspace BPE with
// byte fallback; and GPT-2's byte ↔ character table to read byte-level tokens.
import { PreTrainedTokenizer } from '@huggingface/transformers';

export const addedToken = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

export function wordPiece(normalizers: object[] | null = null, extra: string[] = []): PreTrainedTokenizer {
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
export const U2B = new Map(B2U.map((c, b) => [c, b]));
export const enc = (s: string) => Array.from(new TextEncoder().encode(s), (b) => B2U[b]!).join('');

export function byteBpe(addPrefixSpace = false): PreTrainedTokenizer {
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

export function metaspaceBpe(first: object[] = []): PreTrainedTokenizer {
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
