/**
 * Select Model (extension host): the embedded encoder and decoder, hub presets, models already in
 * the cache, a local folder in the Optimum layout, or a Hugging Face hub id (modelCatalog.ts says
 * which are offered; offline, only what needs no network). The choice is stored per kind in the user's settings
 * (`encoderModel` / `decoderModel`) and makes that kind the one Analyze Selection uses. The list says
 * what is on this machine and what needs a download, and whether downloads are allowed.
 */
import * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import { listCachedModels } from '../../engine/modelCache';
import { HUB_ID, readModelJson } from '../../engine/modelSource';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER } from '../../engine/paths';
import { RESTRICTED, SECTION, type Config } from '../config';
import { neutralLabel } from '../../protocol/neutralise';
import { t } from '../l10n';
import { modelLabel, modelRef } from './selectedModel';
import { noConfigMessage } from './modelNames';
import { shownModel } from './statusText';
import { kindLabel, pickerEntries, type CachedEntry, type PickAction, type PickerEntry } from './modelCatalog';
import { kindOfConfig } from '../../protocol/modelKind';

const ICONS: Record<PickAction, string> = {
  embedded: '$(file-binary)',
  preset: '$(cloud-download)',
  cached: '$(database)',
  'hub-id': '$(cloud-download)',
  folder: '$(folder-opened)',
  'allow-remote': '$(cloud)',
};

interface Choice extends vscode.QuickPickItem {
  readonly entry?: PickerEntry;
}

/** The entries with separators: what is on this machine, then what needs a download (and whether downloads are allowed). */
export function pickerItems(entries: readonly PickerEntry[], allowRemote: boolean): Choice[] {
  const separator = (label: string): Choice => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const item = (entry: PickerEntry): Choice => ({
    label: `${entry.action === 'preset' && !entry.download ? ICONS.cached : ICONS[entry.action]} ${neutralLabel(entry.label)}`,
    description: neutralLabel(entry.description),
    detail: entry.detail === undefined ? undefined : neutralLabel(entry.detail),
    entry,
  });
  const local = entries.filter((e) => !e.download && e.action !== 'allow-remote');
  const remote = entries.filter((e) => e.download);
  return [
    separator(t('On this machine (no download)')),
    ...local.map(item),
    separator(allowRemote ? t('Needs a download from the Hugging Face hub (downloads are allowed)') : t('Downloads are off')),
    ...(allowRemote ? remote : entries.filter((e) => e.action === 'allow-remote')).map(item),
  ];
}

/** Complete hub downloads in the cache, with their kind from config.json (no network). */
async function cachedHubModels(cacheDir: string): Promise<CachedEntry[]> {
  const out: CachedEntry[] = [];
  for (const model of await listCachedModels(cacheDir)) {
    if (model.source !== 'hub' || !model.complete || !model.folder) continue;
    let kind: ModelKind | null = null;
    try {
      kind = kindOfConfig(await readModelJson(model.folder, 'config.json', model.id));
    } catch {
      // listed without a kind; choosing it asks
    }
    out.push({ id: model.id, kind, bytes: model.bytes, weights: model.weights });
  }
  return out;
}

/** What Select Model offers under these settings (reads the cache folder, never the network). */
export async function modelChoices(config: Config, cacheDir: string): Promise<PickerEntry[]> {
  return pickerEntries({
    allowRemote: config.allowRemoteModels,
    cached: await cachedHubModels(cacheDir),
    weights: config.modelPrecision,
    embedded: { encoder: EMBEDDED_ENCODER, decoder: EMBEDDED_DECODER },
    current: { encoder: chosenValue(config, 'encoder'), decoder: chosenValue(config, 'decoder') },
  });
}

/** The kind's setting as the picker's entries give it: '' for the embedded model, however the setting names its folder (modelRefs.ts). */
export function chosenValue(config: Config, kind: ModelKind): string {
  const embedded = modelRef({ ...config, encoderModel: '', decoderModel: '' }, kind);
  return modelRef(config, kind) === embedded ? '' : (kind === 'encoder' ? config.encoderModel : config.decoderModel).trim();
}

export async function selectModel(config: Config, cacheDir: string): Promise<{ kind: ModelKind; value: string } | undefined> {
  const current = (kind: ModelKind): string => shownModel(modelLabel(modelRef(config, kind)));
  const entries = await modelChoices(config, cacheDir);
  const downloads = config.allowRemoteModels ? t('downloads from the hub are allowed') : t('downloads are off: embedded, cached and local models only');
  const chosen = await vscode.window.showQuickPick(pickerItems(entries, config.allowRemoteModels), {
    title: t('Attention Lens: Select Model'),
    matchOnDescription: true,
    placeHolder: t('Now: encoder {0}, decoder {1}; Analyze Selection uses the {2} · {3}', current('encoder'), current('decoder'), kindLabel(config.analyzeWith), downloads),
  });
  if (!chosen?.entry) return undefined;
  const { entry } = chosen;
  switch (entry.action) {
    case 'embedded':
    case 'preset':
    case 'cached': {
      const kind = entry.kind ?? (await askKind());
      return kind ? { kind, value: entry.value } : undefined;
    }
    case 'allow-remote': {
      await storeChoice('allowRemoteModels', true);
      return selectModel({ ...config, allowRemoteModels: true }, cacheDir);
    }
    case 'folder': {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: t('A model folder in the Optimum layout') });
      if (!picked?.[0]) return undefined;
      const folder = picked[0].fsPath;
      let kind: ModelKind | null;
      try {
        kind = kindOfConfig(await readModelJson(folder, 'config.json', folder));
      } catch {
        void vscode.window.showErrorMessage(noConfigMessage(folder));
        return undefined;
      }
      kind ??= (await askKind()) ?? null;
      return kind ? { kind, value: folder } : undefined;
    }
    case 'hub-id': {
      const id = await vscode.window.showInputBox({
        title: t('Attention Lens: hub model id'),
        prompt: t('A repository with ONNX weights in the Optimum layout (onnx/model.onnx), e.g. an id under the Xenova/ or onnx-community/ organisations; it is downloaded once'),
        validateInput: (v) => (HUB_ID.test(v.trim()) ? undefined : t('an id looks like owner/name')),
      });
      if (!id) return undefined;
      const kind = await askKind();
      return kind ? { kind, value: id.trim() } : undefined;
    }
  }
}

async function askKind(): Promise<ModelKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: t('Decoder'), description: t('GPT-style: next-word probabilities, causal attention'), model: 'decoder' as const },
      { label: t('Encoder'), description: t('BERT-style: masked words, bidirectional attention'), model: 'encoder' as const },
    ],
    { title: t('Attention Lens: what kind of model is it?') },
  );
  return pick?.model;
}

/**
 * Goes back to the embedded model of `kind` (a failed download's "Use the Embedded Model"): clears
 * the kind's model setting wherever it is set, so that the embedded model is the one in use.
 */
export async function useEmbeddedModel(kind: ModelKind): Promise<void> {
  const settings = vscode.workspace.getConfiguration(SECTION);
  const key = kind === 'encoder' ? 'encoderModel' : 'decoderModel';
  const where = settings.inspect<string>(key);
  if (where?.workspaceValue !== undefined) await settings.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  if (where?.globalValue !== undefined) await settings.update(key, undefined, vscode.ConfigurationTarget.Global);
}

/**
 * Stores a choice made in Select Model in the user's settings; the configuration listener applies
 * it. Where the workspace sets the same key, its value would hide the user's (or, untrusted, the
 * stricter value wins) and the choice would do nothing: it goes into the workspace's settings then
 * (a model setting only in a trusted workspace, the only one where its workspace value counts:
 * config.ts RESTRICTED).
 */
async function storeChoice(key: keyof Config, value: string | boolean): Promise<void> {
  const settings = vscode.workspace.getConfiguration(SECTION);
  const counts = settings.inspect(key)?.workspaceValue !== undefined && (vscode.workspace.isTrusted || !RESTRICTED.includes(key));
  await settings.update(key, value, counts ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

/**
 * Allow Another Precision (a model without the chosen precision's weights): turns `weightsFallback`
 * on where it applies — the workspace's settings when they set it (false there would hide the
 * user's true, and the click would do nothing), else the user's (storeChoice).
 */
export async function allowOtherPrecision(): Promise<void> {
  await storeChoice('weightsFallback', true);
}

/** Stores the model chosen (storeChoice): that kind's model, and the kind Analyze Selection uses. */
export async function applyModelChoice(choice: { kind: ModelKind; value: string }): Promise<void> {
  await storeChoice(choice.kind === 'encoder' ? 'encoderModel' : 'decoderModel', choice.value);
  await storeChoice('analyzeWith', choice.kind);
}
