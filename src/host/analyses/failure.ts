/**
 * Which actions a failure's notification offers (pure; extension host and unit tests). One
 * notification per failure, with the actions most likely to help: Retry where trying again can
 * work (a network error, a crashed worker, a corrupt download that was discarded), Use the
 * Embedded Model where a chosen model could not be had (it always loads: it ships with the
 * extension), Select Model where the model itself is wrong, and Show Log where the log says more.
 */
import type { ErrorCode } from '../../protocol/errors';
import { t } from '../l10n';

export type FailureAction = 'retry' | 'embedded' | 'selectModel' | 'showLog';

export const FAILURE_LABELS: Readonly<Record<FailureAction, () => string>> = {
  retry: () => t('Retry'),
  embedded: () => t('Use the Embedded Model'),
  selectModel: () => t('Select Model'),
  showLog: () => t('Show Log'),
};

/** `chosenModel`: the failing request used a model the user chose (not the embedded one). */
export function failureActions(code: ErrorCode, chosenModel: boolean): FailureAction[] {
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
    case 'file-not-found':
    case 'unsupported-architecture':
    case 'unsupported-operator':
      return [...embedded, 'selectModel'];
    case 'internal':
      return ['showLog'];
    default:
      return [];
  }
}
