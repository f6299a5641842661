/**
 * A loaded model (engine runtime): transformers.js config, tokenizer and the onnxruntime-node
 * session of the patched graph, plus the facts the analysis needs. Loading goes
 * resolve (folder or hub download) → patch once (cached on disk) → transformers.js from_pretrained
 * with `model_file_name: 'model_attn'`.
 */
import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { AutoConfig, AutoModelForCausalLM, AutoModelForMaskedLM, AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { InferenceSession } from 'onnxruntime-common';
import * as ort from 'onnxruntime-node';
import type { ModelFacts, AttentionPrecision, WeightsPrecision } from '../protocol/analysis';
import type { LoadProgress } from '../protocol/engineApi';
import { EngineError, asEngineError } from './errors';
import { jsonFault, readModelJson } from './modelFiles';
import { checkDevice } from './device';
import { COMPLETE_MARKER, resolveModel } from './modelSource';
import { ensurePatched, type PatchedModel } from './patchCache';
import { noticeLine } from '../protocol/notices';
import { neutralise } from '../protocol/neutralise';
import { configPositions, maxPositions } from './positionLimit';
import { configHeads, configWidth, graphCounts, headShape, requireKind, shownValue } from './configFields';
import { shownPath, withShownPath } from './paths';
import { tooLongAddedToken } from './addedTokens';

export interface LoadOptions {
  readonly cacheDir: string;
  readonly precision: AttentionPrecision;
  readonly topK: number;
  readonly threads?: number;
  readonly device?: 'cpu' | 'cuda';
  readonly allowRemote?: boolean;
  readonly remoteHost?: string;
  readonly remotePathTemplate?: string;
  /** Which weights file: fp32 onnx/model.onnx, fp16 model_fp16.onnx, q8 model_quantized.onnx. */
  readonly weights?: WeightsPrecision;
  /** Run another precision's weights when the model lacks `weights`' (a notice names the file). */
  readonly weightsFallback?: boolean;
  readonly onProgress?: (event: LoadProgress) => void;
  readonly signal?: AbortSignal;
  /** false: patch without the probes (the benchmark's "before" side); they are added by default. */
  readonly probes?: boolean;
}

export interface LoadedModel {
  readonly facts: ModelFacts;
  readonly tokenizer: PreTrainedTokenizer;
  readonly session: InferenceSession;
  readonly patched: PatchedModel;
  readonly precision: AttentionPrecision;
  readonly kvHeads: number;
  readonly headDim: number;
  /** True once disposed: its session runs no more (an analysis's later scores then fail). */
  readonly disposed: boolean;
  /** The lens head's own session (onnx/lensHead.ts), created when first asked for; null where the patch made none. */
  lensSession(): Promise<InferenceSession | null>;
  dispose(): Promise<void>;
}

/** The heads an attention output declares ([batch, heads, query, key]), when the graph states them. */
function graphHeads(session: InferenceSession, output: string | undefined): number | undefined {
  const meta = session.outputMetadata.find((m) => m.name === output);
  const dim = meta?.isTensor ? meta.shape[1] : undefined;
  return typeof dim === 'number' && Number.isInteger(dim) && dim > 0 ? dim : undefined;
}

/** config.json, checked and capped (modelFiles.ts): a parse error never quotes the file. */
function readConfig(folder: string, label: string): Promise<Record<string, unknown>> {
  return readModelJson(folder, 'config.json', label);
}

/**
 * The session options every run uses (the benchmark's bare run too, so both sides are equal):
 * all cores (onnxruntime-node's default used one core on these machines), all graph
 * optimisations, no native log (the shape-inference warnings about the added outputs are noise,
 * and onnxruntime writes its errors to the process's stderr itself, coloured with terminal
 * sequences and naming the model file's nodes raw; every error reaches the caller as an exception,
 * neutralised where it is shown), and denormals flushed to zero: random or small weights push exp() into denormals, whose
 * arithmetic made Softmax several times slower; nothing this engine reports is that small.
 */
export function sessionOptions(threads: number): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 4,
    extra: { session: { set_denormal_as_zero: '1' } },
  };
}

/**
 * Loads a model; when a downloaded hub model turns out corrupt (weights that fail their checksum or
 * do not parse; nothing else: a tokenizer transformers.js cannot build or a session onnxruntime
 * refuses says nothing of the download), its completion marker is removed so that no later load
 * trusts it: the next load downloads it again.
 */
export async function loadModel(ref: string, options: LoadOptions): Promise<LoadedModel> {
  const downloaded: { folder?: string } = {};
  try {
    return await loadResolved(ref, options, (folder) => (downloaded.folder = folder));
  } catch (error) {
    if (downloaded.folder && error instanceof EngineError && error.code === 'model-corrupt') {
      // The marker first: a folder without it is never trusted, even if removing the rest fails.
      await rm(path.join(downloaded.folder, COMPLETE_MARKER), { force: true });
      await rm(downloaded.folder, { recursive: true, force: true });
      throw new EngineError('model-corrupt', `${error.message}; the cached download was discarded, loading again downloads it anew`, { cause: error });
    }
    throw error;
  }
}

async function loadResolved(ref: string, options: LoadOptions, onDownloaded: (folder: string) => void): Promise<LoadedModel> {
  checkDevice(options.device ?? 'cpu');
  env.allowRemoteModels = false; // every file is local by the time transformers.js sees it
  env.allowLocalModels = true;
  const source = await resolveModel(ref, {
    cacheDir: options.cacheDir,
    allowRemote: options.allowRemote ?? false,
    remoteHost: options.remoteHost ?? env.remoteHost,
    remotePathTemplate: options.remotePathTemplate ?? env.remotePathTemplate,
    weights: options.weights,
    weightsFallback: options.weightsFallback,
    onProgress: options.onProgress,
    signal: options.signal,
    checkConfig: (config, label) => void requireKind(config, label),
  });
  if (source.downloaded) onDownloaded(source.folder);
  const label = source.id;
  // The model as messages name it: a folder's newline or bidi override escaped, the home folder "~" (`label` stays its id).
  const named = shownPath(label);
  const rawConfig = await readConfig(source.folder, named);
  const kind = requireKind(rawConfig, named);
  // Before the patch (seconds for a large graph): a position count no model has is refused at once.
  configPositions(rawConfig, named);
  const hidden = configWidth(rawConfig);
  // A count that is no head count for the width (0, −4, 3 for 32) is not used: the graph's own is shown (configFields.ts).
  const early = configHeads(rawConfig);
  // transformers.js spreads a decoder's generation_config.json into its own, a string's letters or an array's items
  // included, and runs: one that is no object is refused as config.json's is, before the patch.
  const generation = kind === 'decoder' ? await jsonFault(source.folder, ['generation_config.json'], named) : null;
  if (generation) throw generation;
  const patched = await ensurePatched(
    source.folder,
    named,
    // Scores are always exposed: onnxruntime runs every node whatever a run fetches, so each layer's scores
    // sit behind a gate input that runModel opens only for the layers asked for (onnx/gates.ts). Probes
    // (hidden states, q/k/v, the head mask) are copies of tensors the graph computes anyway; a run copies
    // out only those it fetches. The lens head runs in its own small session (onnx/lensHead.ts).
    {
      precision: options.precision,
      scores: true,
      topK: options.topK,
      nextTokenStats: kind === 'decoder',
      ...(options.probes === false ? {} : { probes: { heads: early.heads ?? 0, width: hidden, kind } }),
    },
    options.cacheDir,
    () => options.onProgress?.({ status: 'patching', name: label, file: source.modelFile }),
    source.modelFile,
  );
  const cancelled = (): boolean => options.signal?.aborted ?? false;
  const cancel = (): never => {
    throw new EngineError('cancelled', `loading ${named} cancelled`);
  };
  // Checked between the steps: a load cancelled (Cancel, its model deselected) builds nothing more for nobody.
  if (cancelled()) cancel();

  // transformers.js reports reading the local files with the same event union; pass them on.
  // They name the patched cache folder; the user asked for `label`. progress_total is left out.
  const forward = options.onProgress
    ? (event: { status?: string }) => {
        if (event.status && ['initiate', 'download', 'progress', 'done', 'ready'].includes(event.status)) {
          options.onProgress?.({ ...event, name: label } as LoadProgress);
        }
      }
    : undefined;
  let tokenizer: PreTrainedTokenizer;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(patched.folder, { local_files_only: true, progress_callback: forward });
  } catch (error) {
    throw await tokenizerFault(error, source.folder, named);
  }
  if (cancelled()) cancel();
  const long = tooLongAddedToken(innerTokenizer(tokenizer).added_tokens ?? [], named);
  if (long) throw long;
  // An id past the token table fails every analysis inside onnxruntime's Gather: refused here, with both sizes.
  const highest = highestId(tokenizer);
  if (patched.tokenRows !== null && highest >= patched.tokenRows) {
    throw new EngineError(
      'model-corrupt',
      `model ${named}: its tokenizer gives ids up to ${highest}, but the model's token embedding table has ${patched.tokenRows} rows (ids 0 to ${patched.tokenRows - 1}): the tokenizer is not this model's`,
    );
  }
  const threads = options.threads ?? os.availableParallelism();
  const AutoClass = kind === 'encoder' ? AutoModelForMaskedLM : AutoModelForCausalLM;
  let model: Awaited<ReturnType<typeof AutoModelForMaskedLM.from_pretrained>>;
  try {
    await AutoConfig.from_pretrained(patched.folder, { local_files_only: true });
    model = await AutoClass.from_pretrained(patched.folder, {
      local_files_only: true,
      model_file_name: 'model_attn',
      progress_callback: forward,
      dtype: 'fp32',
      device: options.device === 'cuda' ? 'cuda' : 'cpu',
      session_options: sessionOptions(threads),
    });
  } catch (error) {
    // transformers.js parses generation_config.json itself; one that does not parse is not onnxruntime's failure.
    const fault = await jsonFault(source.folder, ['generation_config.json'], named);
    if (fault) throw fault;
    // Only weights that onnxruntime cannot parse are corrupt; any other refusal (memory, an operator) is not the file's fault.
    // The head mask is shaped by config.json's head count: a wrong one fails onnxruntime's shape inference there.
    if (early.heads && /attention_lens\/head_mask/.test((error as Error)?.message ?? ''))
      throw new EngineError('model-corrupt', `model ${named}: config.json's ${early.key} is ${early.heads}, which its graph does not have`, {
        cause: error,
      });
    // transformers.js picks its classes by model_type: one it does not know is the config's fault, not the graph's.
    const unknownType = /^Unsupported model type/.exec((error as Error)?.message ?? '');
    if (unknownType)
      throw new EngineError(
        'unsupported-architecture',
        `model ${named}: config.json's model_type is ${shownValue(rawConfig.model_type)}, which transformers.js cannot load as ${kind === 'encoder' ? 'a masked-LM encoder' : 'a causal-LM decoder'}`,
        { cause: error },
      );
    const unparsable = /protobuf|parse|invalid model|external data/i.test((error as Error)?.message ?? '');
    const wrapped = asEngineError(error, unparsable ? 'model-corrupt' : 'internal');
    // Its own words, before EngineError made a newline in the cache folder's name a space: the folder is then found and shown.
    const said = error instanceof EngineError ? wrapped.message : String((error as Error)?.message ?? error);
    throw new EngineError(wrapped.code, `model ${named}: onnxruntime could not load the model (${withShownPath(said, patched.folder).split('\n')[0]})`, {
      cause: error,
    });
  }
  if (cancelled()) {
    // Cancelled while its sessions were built: given back, not left held by nobody.
    await (model as unknown as { dispose(): Promise<unknown> }).dispose();
    cancel();
  }
  const session = (model as unknown as { sessions: Record<string, InferenceSession> }).sessions.model;
  if (!session) throw new EngineError('internal', `model ${named}: transformers.js created no session`);

  // Layers, heads and vocabulary as the graph has them; a config field that says otherwise is named in a notice.
  const counts = graphCounts(
    rawConfig,
    { layers: patched.sites.length, heads: graphHeads(session, patched.outputs.attentions[0]), tokenRows: patched.tokenRows },
    early.key && early.notice ? early.key : null,
  );
  const { layers, heads } = counts;
  const shape = headShape(rawConfig, heads, hidden);
  const switchOff = noticeLine('no-head-switch');
  // No head field at all: the head mask had no size, so the graph is not to blame; the notice says which field is missing.
  const headsNotice = early.notice ?? (early.key === null && patched.notices.includes(switchOff) ? noticeLine('config-heads-missing', heads) : null);
  const notices = [
    ...(headsNotice ? patched.notices.filter((n) => n !== switchOff) : patched.notices),
    ...(headsNotice ? [headsNotice] : []),
    ...counts.notices,
    ...shape.notices,
  ];
  const maskToken = (tokenizer as unknown as { mask_token?: string | null }).mask_token ?? null;
  if (kind === 'encoder' && maskToken === null) notices.push(noticeLine('no-mask-token'));
  if (!patched.outputs.heads && !session.outputNames.includes('logits')) {
    notices.push(noticeLine('no-lm-head'));
  }
  if (source.weights !== (options.weights ?? 'fp32')) {
    notices.push(noticeLine('weights-fallback', label, options.weights ?? 'fp32', source.modelFile, source.weights));
  }
  let disposed = false;
  let lensSession: Promise<InferenceSession> | null = null;
  const lensFile = patched.outputs.probes?.lens?.file;
  const facts: ModelFacts = {
    id: label,
    kind,
    modelType: String(rawConfig.model_type ?? ''),
    layers,
    heads,
    maxPositions: maxPositions(rawConfig, named, patched.positionRows),
    vocabSize: counts.vocabSize,
    maskToken,
    weights: source.weights,
  };
  return {
    facts,
    tokenizer,
    session,
    patched: { ...patched, notices },
    precision: options.precision,
    kvHeads: shape.kvHeads,
    headDim: shape.headDim,
    get disposed() {
      return disposed;
    },
    lensSession: () => {
      if (!lensFile || disposed) return Promise.resolve(null);
      lensSession ??= ort.InferenceSession.create(path.join(patched.folder, 'onnx', lensFile), sessionOptions(threads));
      return lensSession;
    },
    dispose: async () => {
      disposed = true;
      await (model as unknown as { dispose(): Promise<unknown> }).dispose();
      await (await lensSession?.catch(() => null))?.release();
    },
  };
}

/** One text's encoding by the inner tokenizer: ids, their pieces and (when asked) their segment ids. */
export interface InnerEncoding {
  readonly ids: number[];
  readonly tokens: string[];
  readonly token_type_ids?: number[];
}

/**
 * The part of transformers.js's private `tokenizer._tokenizer` (the tokenizers library's Tokenizer)
 * the engine uses: `encode` gives ids and pieces without the tensors and padding of the public call,
 * and its model, added tokens and normalizer are what the alignment reads. Reached only through
 * `innerTokenizer`, which checks the shape.
 */
export interface InnerTokenizer {
  encode(text: string, options: { text_pair?: string | null; add_special_tokens?: boolean; return_token_type_ids?: boolean }): InnerEncoding;
  readonly model?: { readonly tokens_to_ids?: Map<string, number>; readonly vocab?: unknown; readonly unk_token_id?: unknown };
  readonly added_tokens?: readonly { readonly id?: unknown; readonly content?: unknown }[];
  readonly normalizer?: unknown;
}

const innerChecked = new WeakMap<object, InnerTokenizer>();

/**
 * transformers.js's private inner tokenizer, its shape checked once per tokenizer: a later
 * transformers.js that renames `_tokenizer` or its `encode` fails here with a line that says so,
 * not with "cannot read properties of undefined" somewhere in an analysis.
 *
 *   innerTokenizer(model.tokenizer).encode('Hola', { add_special_tokens: false }).ids
 */
export function innerTokenizer(tokenizer: PreTrainedTokenizer): InnerTokenizer {
  const known = innerChecked.get(tokenizer);
  if (known) return known;
  const inner: unknown = (tokenizer as unknown as { _tokenizer?: unknown })._tokenizer;
  if (typeof inner !== 'object' || inner === null || typeof (inner as { encode?: unknown }).encode !== 'function')
    throw new EngineError(
      'internal',
      'this transformers.js tokenizer has no private _tokenizer with encode(), which Attention Lens reads: the installed transformers.js is not the version Attention Lens was built with',
    );
  innerChecked.set(tokenizer, inner as InnerTokenizer);
  return inner as InnerTokenizer;
}

/**
 * The highest id the tokenizer's vocabulary and added tokens hold (-1: none readable): from the
 * model's token → id map, not get_vocab(), which numbers a vocabulary's entries by their count.
 */
function highestId(tokenizer: PreTrainedTokenizer): number {
  const inner = innerTokenizer(tokenizer);
  let highest = -1;
  const take = (id: unknown): void => {
    if (typeof id === 'number' && Number.isInteger(id) && id > highest) highest = id;
  };
  const ids = inner?.model?.tokens_to_ids;
  if (ids instanceof Map) for (const id of ids.values()) take(id);
  for (const token of inner?.added_tokens ?? []) take(token?.id);
  return highest;
}

/** Why transformers.js could not build a model's tokenizer, as one line that names the file at fault where one is. */
async function tokenizerFault(error: unknown, folder: string, label: string): Promise<EngineError> {
  const fault = await jsonFault(folder, ['tokenizer.json', 'tokenizer_config.json'], label);
  if (fault) return fault;
  // Its parts are built recursively: a normalizer or pre-tokenizer nested thousands deep overflows the stack.
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return new EngineError(
      'model-corrupt',
      `model ${label}: tokenizer.json nests its parts (a normalizer or pre-tokenizer inside another) deeper than transformers.js can build; it was not loaded`,
      { cause: error },
    );
  // transformers.js's message quotes the file ("Unknown Normalizer type: …"): one line, escaped, at most 200 characters.
  const said = neutralise(error instanceof Error ? error.message : String(error), 200);
  return new EngineError('unsupported-architecture', `model ${label}: tokenizer could not be loaded (${said})`, { cause: error });
}
