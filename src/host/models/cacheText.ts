/**
 * What Manage Model Cache lists for each cached model (pure; extension host and unit tests): its
 * name, where it comes from, and its size and parts. The name is a hub id or the folder a patched
 * graph was made from, as the cache's own files say it (a folder path can hold anything, "$(" too),
 * so it is neutralised as a label: a "$(name)" in it stays text, not an icon.
 */
import type { CachedModel } from '../../engine/modelCache';
import { formatMegabytes } from '../analyses/budget';
import { neutralLabel, neutralName } from '../../protocol/neutralise';
import { shownPath } from '../../engine/paths';
import { t } from '../l10n';

/**
 * A cached model's name: a hub id as a name is written (a newline escaped, `\x0A`: the id is a cache
 * folder's name, and "org/a b" would be another model's), a local folder as a message names one (the
 * home folder as "~", a newline escaped).
 */
export function cachedName(model: CachedModel): string {
  return model.source === 'local' ? shownPath(model.id) : neutralName(model.id);
}

/** A cached model as a quick pick row reads it. */
export function describeCached(model: CachedModel): { label: string; description: string; detail: string } {
  const parts = [formatMegabytes(model.bytes)];
  if (model.source === 'hub') {
    if (!model.complete) parts.push(t('incomplete download (resumed on the next load)'));
    if (model.weights.length > 0) parts.push(t('weights: {0}', model.weights.join(', ')));
    parts.push(model.patched.length === 1 ? t('1 patched graph') : t('{0} patched graphs', model.patched.length));
  } else {
    parts.push(
      model.patched.length === 1
        ? t('1 patched graph of a local folder (the folder itself is kept)')
        : t('{0} patched graphs of a local folder (the folder itself is kept)', model.patched.length),
    );
  }
  return { label: neutralLabel(cachedName(model)), description: model.source === 'hub' ? t('hub') : t('local'), detail: parts.join(' · ') };
}
