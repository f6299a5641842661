/**
 * Which actions a failure's notification offers (pure; extension host and unit tests). One
 * notification per failure, with the actions most likely to help: Retry where trying again can
 * work (a network error, a crashed worker, a corrupt download that was discarded, a full disk
 * once there is room), Use the Embedded Model where a chosen model could not be had (it always
 * loads: it ships with the extension), Select Model where the model itself is wrong, Allow Another Precision where the model
 * lacks only the chosen precision's weights (it sets `weightsFallback`), and Show Log where the log says more.
 *
 * And what a failure says to a person (`failureMessage`). The engine speaks English — to the CLI,
 * to the log and in bug reports, where one language is what a reader can search for — so its
 * messages are translated here, in the host, by their error code: a sentence in the UI's
 * language, then the engine's own line as an argument (it names the model, the file, the
 * operator, which no translation can know in advance). Errors the host makes itself are
 * `LocalizedError`s, already in the UI's language, and pass through as they are.
 */
import { EngineError } from '../../engine/errors';
import type { ModelKind } from '../../protocol/analysis';
import type { ErrorCode } from '../../protocol/errors';
import { t } from '../l10n';

/** An error whose message the host wrote through t(): shown as it is. */
export class LocalizedError extends EngineError {}

/** The sentence for each engine error code; `{0}` is the engine's English line. */
const HEADLINE: Readonly<Record<ErrorCode, (detail: string) => string>> = {
  'bad-input': (d) => t('The engine could not do this: {0}', d),
  'file-not-found': (d) => t('A file or folder was not found: {0}', d),
  'model-files-missing': (d) => t('The model’s files are not all there: {0}', d),
  'model-corrupt': (d) => t('The model’s files could not be read: {0}', d),
  'unsupported-architecture': (d) => t('This kind of model is not supported: {0}', d),
  'unsupported-operator': (d) => t('The attention of this model cannot be exposed: {0}', d),
  network: (d) => t('The model could not be downloaded: {0}', d),
  cancelled: (d) => t('Cancelled: {0}', d),
  timeout: (d) => t('The engine took too long: {0}', d),
  'worker-crashed': (d) => t('The engine stopped: {0}', d),
  'analysis-gone': () => t('this analysis is no longer in memory; analyze again'),
  internal: (d) => t('Something went wrong in the engine (the log has the details): {0}', d),
  'disk-full': (d) => t('The model could not be stored: {0}', d),
};

/**
 * Where a failing request's model came from, when a setting chose it (not the embedded model): the
 * engine names only the model, and knows no settings (the CLI has none).
 */
export interface ModelOrigin {
  readonly setting: 'encoderModel' | 'decoderModel';
  readonly allowRemote: boolean;
}

/** The origin of a request's model of `kind`: none for the embedded model (`chosen` '': chosenValue), else its setting. */
export function originOf(kind: ModelKind | undefined, chosen: string, allowRemote: boolean): ModelOrigin | undefined {
  return kind && chosen !== '' ? { setting: kind === 'encoder' ? 'encoderModel' : 'decoderModel', allowRemote } : undefined;
}

/** The origin of each failed request's model as it was when the request began (`null`: the embedded model). */
const ORIGINS = new WeakMap<EngineError, ModelOrigin | null>();

/**
 * Records `error`'s origin as the request that failed had it: a setting changed between the request
 * and its failure (a download of a minute) must not make the message name the other setting, or
 * name one for the embedded model. failureMessage prefers it to the origin its caller reads then.
 */
export function withOrigin(error: EngineError, origin: ModelOrigin | undefined): EngineError {
  if (!(error instanceof LocalizedError)) ORIGINS.set(error, origin ?? null);
  return error;
}

/** The failures of having the model (not found, not cached, not downloadable, not readable), which its setting can mend. */
const ABOUT_THE_MODEL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'file-not-found',
  'model-files-missing',
  'model-corrupt',
  'network',
  'unsupported-architecture',
]);

/** The engine's bad inputs that are about the model's name (modelSource.ts), not the text ("the text is empty"). */
const BAD_MODEL_NAME = /^(no model given|not a model folder or hub id)/;

/** The engine's words when downloads being off is what stops the model (modelSource.ts). */
const DOWNLOADS_OFF = /remote downloads are disabled/;

/**
 * What a failure says to a person, in the UI's language; with `origin`, which setting chose the model
 * (and that downloads are off, when they stop it), unless withOrigin recorded the request's own.
 */
export function failureMessage(error: EngineError, current?: ModelOrigin): string {
  if (error instanceof LocalizedError) return error.message;
  const origin = ORIGINS.has(error) ? (ORIGINS.get(error) ?? undefined) : current;
  const headline = HEADLINE[error.code](error.message);
  const aboutTheModel = ABOUT_THE_MODEL.has(error.code) || (error.code === 'bad-input' && BAD_MODEL_NAME.test(error.message));
  if (!origin || !aboutTheModel) return headline;
  const setting = `attentionLens.${origin.setting}`;
  return !origin.allowRemote && DOWNLOADS_OFF.test(error.message)
    ? t('{0} (The model is the one {1} names; {2} is off.)', headline, setting, 'attentionLens.allowRemoteModels')
    : t('{0} (The model is the one {1} names.)', headline, setting);
}

/** The same error with its message for people (the code kept, for callers that switch on it). */
export function localized(error: EngineError): EngineError {
  return error instanceof LocalizedError ? error : new LocalizedError(error.code, failureMessage(error), { cause: error });
}

export type FailureAction = 'retry' | 'embedded' | 'otherPrecision' | 'selectModel' | 'showLog';

export const FAILURE_LABELS: Readonly<Record<FailureAction, () => string>> = {
  retry: () => t('Retry'),
  embedded: () => t('Use the Embedded Model'),
  otherPrecision: () => t('Allow Another Precision'),
  selectModel: () => t('Select Model'),
  showLog: () => t('Show Log'),
};

/** The engine's words when a model has weights, but not of the chosen precision (modelSource.ts). */
const LACKS_PRECISION = /has no (fp32|fp16|q8) weights/;

/**
 * `chosenModel`: the failing request used a model the user chose (not the embedded one); `message`:
 * the engine's message, which says when only the chosen precision's weights are missing.
 */
export function failureActions(code: ErrorCode, chosenModel: boolean, message = ''): FailureAction[] {
  const embedded: FailureAction[] = chosenModel ? ['embedded'] : [];
  switch (code) {
    case 'network':
      return ['retry', ...embedded, 'showLog'];
    case 'worker-crashed':
    case 'timeout':
      return ['retry', 'showLog'];
    case 'model-corrupt':
      // A corrupt download was discarded: loading again downloads it anew.
      return ['retry', ...embedded, 'selectModel'];
    case 'model-files-missing':
      return [...(LACKS_PRECISION.test(message) ? (['otherPrecision'] as const) : []), ...embedded, 'selectModel'];
    case 'file-not-found':
    case 'unsupported-architecture':
    case 'unsupported-operator':
      return [...embedded, 'selectModel'];
    case 'internal':
      return ['showLog'];
    case 'disk-full':
      // The message names the folder and the setting that moves the cache; the log has nothing more.
      return ['retry'];
    default:
      return [];
  }
}
