/**
 * Attention Lens: Manage Model Cache (extension host): lists what the cache holds — downloaded hub
 * models and the patched attention graphs made from them or from local folders — with sizes, and
 * deletes the chosen entries after a modal confirmation. Nothing here touches the network.
 */
import * as vscode from 'vscode';
import { deleteCachedModel, listCachedModels, type CachedModel } from '../../engine/modelCache';
import { shownPath } from '../../engine/paths';
import { formatMegabytes } from '../analyses/budget';
import { neutralise } from '../../protocol/neutralise';
import { cachedName, describeCached } from './cacheText';
import { t } from '../l10n';

interface Item extends vscode.QuickPickItem {
  readonly model: CachedModel;
}

/** Returns the ids deleted (empty when the user chose none or cancelled). */
export async function manageModelCache(cacheDir: string): Promise<string[]> {
  const models = await listCachedModels(cacheDir);
  if (models.length === 0) {
    void vscode.window.showInformationMessage(neutralise(t('Attention Lens: the model cache is empty ({0}).', shownPath(cacheDir))));
    return [];
  }
  const total = models.reduce((a, m) => a + m.bytes, 0);
  const items: Item[] = models.map((model) => ({ ...describeCached(model), model }));
  const picked = await vscode.window.showQuickPick(items, {
    title: neutralise(t('Attention Lens: Model Cache — {0} in {1}', formatMegabytes(total), shownPath(cacheDir))),
    placeHolder: t('Choose the models to delete (they download again when next used)'),
    canPickMany: true,
    matchOnDetail: true,
  });
  if (!picked || picked.length === 0) return [];
  const bytes = picked.reduce((a, i) => a + i.model.bytes, 0);
  const names = neutralise(picked.map((i) => cachedName(i.model)).join(', '));
  const question =
    picked.length === 1 ? t('Delete {0} from the cache ({1})?', names, formatMegabytes(bytes)) : t('Delete {0} models from the cache ({1})?', picked.length, formatMegabytes(bytes));
  const del = t('Delete');
  const confirm = await vscode.window.showWarningMessage(question, { modal: true, detail: picked.length === 1 ? undefined : names }, del);
  if (confirm !== del) return [];
  for (const item of picked) await deleteCachedModel(cacheDir, item.model);
  void vscode.window.showInformationMessage(t('Attention Lens: deleted {0} ({1}).', names, formatMegabytes(bytes)));
  return picked.map((i) => i.model.id);
}
