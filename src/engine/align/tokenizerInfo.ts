// What alignment needs to know about a tokenizer (step 1 of the design in align.ts): its model kind, word
// markers, byte-level or metaspace pieces, byte fallback, unknown id, id → token strings and normalizers.
// Engine runtime (plain Node).
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { innerTokenizer } from '../model';

export type ModelKind = 'wordpiece' | 'bpe' | 'unigram' | 'other';
/** The part of an `@huggingface/tokenizers` normalizer object that alignment relies on. */
export interface NormalizerObject {
  readonly config?: {
    readonly type?: string;
    readonly content?: string;
    readonly prepend?: string;
    readonly strip_left?: boolean;
    readonly strip_right?: boolean;
  };
  readonly normalizers?: ReadonlyArray<NormalizerObject | null>;
  readonly pattern?: RegExp | null;
  normalize(text: string): string;
}

export interface TokenizerInfo {
  readonly kind: ModelKind;
  readonly byteLevel: boolean;
  readonly metaspace: string | null; // the space marker ("▁") when pieces use one
  readonly continuingPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly byteFallback: boolean;
  readonly unkId: number | null; // the model's unknown piece
  readonly vocab: ReadonlyArray<string | undefined>; // id → token string, added tokens included
  readonly added: ReadonlyMap<number, string>; // id → literal content of each added token
  readonly steps: readonly NormalizerObject[]; // normalizers in order, Sequence flattened
}

type Json = Record<string, unknown>;
// transformers.js components are callable objects (functions), so both kinds count as objects here.
const asObj = (v: unknown): Json => (v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as Json) : {});
const asStr = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Finds a component in a pre-tokenizer/decoder config, looking inside Sequences. */
function findComponent(config: unknown, test: (c: Json) => boolean): Json | null {
  const c = asObj(config);
  if (test(c)) return c;
  for (const list of [c.pretokenizers, c.decoders]) {
    if (Array.isArray(list))
      for (const child of list) {
        const hit = findComponent(child, test);
        if (hit) return hit;
      }
  }
  return null;
}

const flattenNormalizer = (n: NormalizerObject | null | undefined): NormalizerObject[] =>
  !n ? [] : n.config?.type === 'Sequence' && Array.isArray(n.normalizers) ? n.normalizers.flatMap(flattenNormalizer) : [n];

/** Derives, once per tokenizer, everything `alignTokens` needs. */
export function tokenizerInfo(tokenizer: PreTrainedTokenizer): TokenizerInfo {
  const json = asObj(tokenizer._tokenizerJSON),
    model = asObj(json.model);
  const inner = asObj(innerTokenizer(tokenizer)),
    modelObj = asObj(inner.model);
  const type = asStr(model.type) ?? (Array.isArray(model.vocab) ? 'Unigram' : 'merges' in model ? 'BPE' : 'WordPiece');
  const kind: ModelKind = type === 'WordPiece' ? 'wordpiece' : type === 'BPE' ? 'bpe' : type === 'Unigram' ? 'unigram' : 'other';
  const isType = (t: string) => (c: Json) => c.type === t;
  const meta =
    findComponent(json.pre_tokenizer, isType('Metaspace')) ??
    findComponent(json.decoder, isType('Metaspace')) ??
    findComponent(json.decoder, (c) => c.type === 'Replace' && c.content === ' ' && asObj(c.pattern).String === '\u2581');
  const added = new Map<number, string>();
  for (const o of (Array.isArray(json.added_tokens) ? json.added_tokens : []).map(asObj)) {
    if (typeof o.id === 'number' && typeof o.content === 'string') added.set(o.id, o.content);
  }
  // The model's own unknown piece, not tokenizer.unk_token_id: GPT-2 configs name <|endoftext|> as unk_token.
  const unk = kind === 'unigram' ? model.unk_id : asStr(model.unk_token) !== null ? modelObj.unk_token_id : undefined;
  return {
    kind,
    byteLevel: findComponent(json.pre_tokenizer, isType('ByteLevel')) !== null || findComponent(json.decoder, isType('ByteLevel')) !== null,
    metaspace: meta ? (asStr(meta.replacement) ?? '\u2581') : null,
    continuingPrefix: asStr(model.continuing_subword_prefix) ?? (kind === 'wordpiece' ? '##' : null),
    endOfWordSuffix: asStr(model.end_of_word_suffix),
    byteFallback: model.byte_fallback === true,
    unkId: typeof unk === 'number' ? unk : null,
    added,
    vocab: Array.isArray(modelObj.vocab) ? (modelObj.vocab as Array<string | undefined>) : [],
    steps: flattenNormalizer(inner.normalizer as NormalizerObject | null),
  };
}
