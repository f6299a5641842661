/**
 * Select Model (extension host): the embedded encoder and decoder, hub presets, models already in
 * the cache, a local folder in the Optimum layout, or a Hugging Face hub id (modelCatalog.ts says
 * which are offered; offline, only what needs no network). The choice is stored per kind in the user's settings
 * (`encoderModel` / `decoderModel`) and makes that kind the one Analyze Selection uses.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import { listCachedModels } from '../../engine/modelCache';
import { HUB_ID } from '../../engine/modelSource';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER } from '../../engine/paths';
import { SECTION, type Config } from '../config';
import { t } from '../l10n';
import { modelLabel, modelRef } from './engineService';
import { kindLabel, pickerEntries, type CachedEntry, type PickAction, type PickerEntry } from './modelCatalog';
import { kindOfConfig } from './modelKind';

const ICONS: Record<PickAction, string> = { embedded: '$(file-binary)', preset: '$(cloud-download)', cached: '$(database)', 'hub-id': '$(cloud-download)', folder: '$(folder-opened)' };

interface Choice extends vscode.QuickPickItem {
  readonly entry: PickerEntry;
}

/** Complete hub downloads in the cache, with their kind from config.json (no network). */
export async function cachedHubModels(cacheDir: string): Promise<CachedEntry[]> {
  const out: CachedEntry[] = [];
  for (const model of await listCachedModels(cacheDir)) {
    if (model.source !== 'hub' || !model.complete || !model.folder) continue;
    let kind: ModelKind | null = null;
    try {
      kind = kindOfConfig(JSON.parse(await readFile(path.join(model.folder, 'config.json'), 'utf8')) as Record<string, unknown>);
    } catch {
      // listed without a kind; choosing it asks
    }
    out.push({ id: model.id, kind, bytes: model.bytes });
  }
  return out;
}

/** What Select Model offers under these settings (reads the cache folder, never the network). */
export async function modelChoices(config: Config, cacheDir: string): Promise<PickerEntry[]> {
  return pickerEntries({
    allowRemote: config.allowRemoteModels,
    cached: await cachedHubModels(cacheDir),
    precision: config.modelPrecision,
    embedded: { encoder: EMBEDDED_ENCODER, decoder: EMBEDDED_DECODER },
    current: { encoder: config.encoderModel.trim(), decoder: config.decoderModel.trim() },
  });
}

export async function selectModel(config: Config, cacheDir: string): Promise<{ kind: ModelKind; value: string } | undefined> {
  const current = (kind: ModelKind): string => modelLabel(modelRef(config, kind));
  const entries = await modelChoices(config, cacheDir);
  const items: Choice[] = entries.map((entry) => ({ label: `${ICONS[entry.action]} ${entry.label}`, description: entry.description, detail: entry.detail, entry }));
  const now = [
    t('Now: encoder {0}, decoder {1}', current('encoder'), current('decoder')),
    t('Analyze Selection uses the {0}', kindLabel(config.analyzeWith)),
    ...(config.allowRemoteModels ? [] : [t('remote downloads are off: embedded and cached models only')]),
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: t('Attention Lens: Select Model'), matchOnDescription: true, placeHolder: now.join(' · ') });
  if (!chosen) return undefined;
  const { entry } = chosen;
  switch (entry.action) {
    case 'embedded':
    case 'preset':
    case 'cached': {
      const kind = entry.kind ?? (await askKind());
      return kind ? { kind, value: entry.value } : undefined;
    }
    case 'folder': {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: t('A model folder in the Optimum layout') });
      if (!picked?.[0]) return undefined;
      const folder = picked[0].fsPath;
      let kind: ModelKind | null;
      try {
        kind = kindOfConfig(JSON.parse(await readFile(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>);
      } catch {
        void vscode.window.showErrorMessage(t('Attention Lens: {0} has no readable config.json; a model folder holds config.json, tokenizer.json and onnx/model.onnx.', folder));
        return undefined;
      }
      kind ??= (await askKind()) ?? null;
      return kind ? { kind, value: folder } : undefined;
    }
    case 'hub-id': {
      const id = await vscode.window.showInputBox({
        title: t('Attention Lens: hub model id'),
        prompt: t('A repository with ONNX weights in the Optimum layout (onnx/model.onnx), e.g. an id under the Xenova/ or onnx-community/ organisations'),
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

/** Stores the choice in the user's settings; the configuration listener applies it. */
export async function applyModelChoice(choice: { kind: ModelKind; value: string }): Promise<void> {
  const settings = vscode.workspace.getConfiguration(SECTION);
  await settings.update(choice.kind === 'encoder' ? 'encoderModel' : 'decoderModel', choice.value, vscode.ConfigurationTarget.Global);
  await settings.update('analyzeWith', choice.kind, vscode.ConfigurationTarget.Global);
}
