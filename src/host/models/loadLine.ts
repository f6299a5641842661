/**
 * A model load's progress as one line for people (extension host): the load notification's message
 * and the status bar's detail while a model is fetched, patched and made ready (engineService.ts).
 *
 *   report.report({ message: neutralise(describeProgress(event)) });
 */
import type { LoadProgress } from '../../protocol/engineApi';
import { formatDecimal, formatWholePercent, t } from '../l10n';

export function describeProgress(event: LoadProgress): string {
  switch (event.status) {
    case 'initiate':
    case 'download':
      return t('fetching {0}', event.file);
    case 'progress': {
      const size = t('{0} of {1}', formatBytes(event.loaded), formatBytes(event.total));
      const files = event.fileIndex && event.fileCount ? t('{0}, file {1} of {2}', size, event.fileIndex, event.fileCount) : size;
      return t('downloading {0} {1} ({2})', event.file, formatWholePercent(event.progress / 100), files);
    }
    case 'patching':
      return t('exposing attention in {0}', event.file);
    case 'done':
      return t('loaded {0}', event.file);
    case 'ready':
      return t('ready');
  }
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${formatDecimal(n / 1e9, 1)} GB`;
  if (n >= 1e6) return `${formatDecimal(n / 1e6, 1)} MB`;
  return `${formatDecimal(n / 1e3, 0)} kB`;
}
