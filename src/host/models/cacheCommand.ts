/**
 * Attention Lens: Manage Model Cache (extension host): lists what the cache holds — downloaded hub
 * models and the patched attention graphs made from them or from local folders — with sizes, and
 * deletes the chosen entries after a modal confirmation. Nothing here touches the network.
 */
import * as vscode from 'vscode';
import { deleteCachedModel, listCachedModels, type CachedModel } from '../../engine/modelCache';
import { formatMegabytes } from '../analyses/budget';

interface Item extends vscode.QuickPickItem {
  readonly model: CachedModel;
}

function describeCached(model: CachedModel): { label: string; description: string; detail: string } {
  const parts = [formatMegabytes(model.bytes)];
  if (model.source === 'hub') {
    if (!model.complete) parts.push('incomplete download (resumed on the next load)');
    if (model.weights.length > 0) parts.push(`weights: ${model.weights.join(', ')}`);
    parts.push(`${model.patched.length} patched graph${model.patched.length === 1 ? '' : 's'}`);
  } else {
    parts.push(`${model.patched.length} patched graph${model.patched.length === 1 ? '' : 's'} of a local folder (the folder itself is kept)`);
  }
  return { label: model.id, description: model.source === 'hub' ? 'hub' : 'local', detail: parts.join(' · ') };
}

/** Returns the ids deleted (empty when the user chose none or cancelled). */
export async function manageModelCache(cacheDir: string): Promise<string[]> {
  const models = await listCachedModels(cacheDir);
  if (models.length === 0) {
    void vscode.window.showInformationMessage(`Attention Lens: the model cache is empty (${cacheDir}).`);
    return [];
  }
  const total = models.reduce((a, m) => a + m.bytes, 0);
  const items: Item[] = models.map((model) => ({ ...describeCached(model), model }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Attention Lens: Model Cache — ${formatMegabytes(total)} in ${cacheDir}`,
    placeHolder: 'Choose the models to delete (they download again when next used)',
    canPickMany: true,
    matchOnDetail: true,
  });
  if (!picked || picked.length === 0) return [];
  const bytes = picked.reduce((a, i) => a + i.model.bytes, 0);
  const names = picked.map((i) => i.model.id).join(', ');
  const confirm = await vscode.window.showWarningMessage(`Delete ${picked.length === 1 ? names : `${picked.length} models`} from the cache (${formatMegabytes(bytes)})?`, { modal: true, detail: picked.length === 1 ? undefined : names }, 'Delete');
  if (confirm !== 'Delete') return [];
  for (const item of picked) await deleteCachedModel(cacheDir, item.model);
  void vscode.window.showInformationMessage(`Attention Lens: deleted ${names} (${formatMegabytes(bytes)}).`);
  return picked.map((i) => i.model.id);
}
