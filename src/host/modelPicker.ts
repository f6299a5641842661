/**
 * Select Model (extension host): the embedded encoder and decoder, a local folder in the Optimum
 * layout, or a Hugging Face hub id. The choice is stored per kind in the user's settings
 * (`encoderModel` / `decoderModel`) and makes that kind the one Analyze Selection uses.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelKind } from '../protocol/analysis';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER } from '../engine/paths';
import { SECTION, type Config } from './config';
import { modelLabel, modelRef } from './engineService';
import { kindOfConfig } from './modelKind';

interface Choice extends vscode.QuickPickItem {
  readonly action: 'embedded-encoder' | 'embedded-decoder' | 'folder' | 'hub';
}

export async function selectModel(config: Config): Promise<{ kind: ModelKind; value: string } | undefined> {
  const current = (kind: ModelKind): string => modelLabel(modelRef(config, kind));
  const items: Choice[] = [
    { label: `$(file-binary) ${EMBEDDED_DECODER}`, description: 'embedded decoder (GPT-style, 4 layers × 4 heads)', detail: config.analyzeWith === 'decoder' && !config.decoderModel ? 'in use' : undefined, action: 'embedded-decoder' },
    { label: `$(file-binary) ${EMBEDDED_ENCODER}`, description: 'embedded encoder (BERT-style, masked words)', detail: config.analyzeWith === 'encoder' && !config.encoderModel ? 'in use' : undefined, action: 'embedded-encoder' },
    { label: '$(folder-opened) Choose a local folder…', description: 'config.json, tokenizer.json and onnx/model.onnx', action: 'folder' },
    {
      label: '$(cloud-download) Enter a Hugging Face hub id…',
      description: config.allowRemoteModels ? 'downloaded once into the cache' : 'remote downloads are off (setting attentionLens.allowRemoteModels)',
      action: 'hub',
    },
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Attention Lens: Select Model',
    placeHolder: `Now: encoder ${current('encoder')}, decoder ${current('decoder')}; Analyze Selection uses the ${config.analyzeWith}`,
  });
  if (!chosen) return undefined;
  switch (chosen.action) {
    case 'embedded-decoder':
      return { kind: 'decoder', value: '' };
    case 'embedded-encoder':
      return { kind: 'encoder', value: '' };
    case 'folder': {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'A model folder in the Optimum layout' });
      if (!picked?.[0]) return undefined;
      const folder = picked[0].fsPath;
      let kind: ModelKind | null;
      try {
        kind = kindOfConfig(JSON.parse(await readFile(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>);
      } catch {
        void vscode.window.showErrorMessage(`Attention Lens: ${folder} has no readable config.json; a model folder holds config.json, tokenizer.json and onnx/model.onnx.`);
        return undefined;
      }
      kind ??= (await askKind()) ?? null;
      return kind ? { kind, value: folder } : undefined;
    }
    case 'hub': {
      const id = await vscode.window.showInputBox({
        title: 'Attention Lens: hub model id',
        prompt: 'A repository with ONNX weights in the Optimum layout, e.g. an id under the Xenova/ or onnx-community/ organisations',
        validateInput: (v) => (/^[\w.-]+(\/[\w.-]+)?$/.test(v.trim()) ? undefined : 'an id looks like owner/name'),
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
      { label: 'Decoder', description: 'GPT-style: next-word probabilities, causal attention', model: 'decoder' as const },
      { label: 'Encoder', description: 'BERT-style: masked words, bidirectional attention', model: 'encoder' as const },
    ],
    { title: 'Attention Lens: what kind of model is it?' },
  );
  return pick?.model;
}

/** Stores the choice in the user's settings; the configuration listener applies it. */
export async function applyModelChoice(choice: { kind: ModelKind; value: string }): Promise<void> {
  const settings = vscode.workspace.getConfiguration(SECTION);
  await settings.update(choice.kind === 'encoder' ? 'encoderModel' : 'decoderModel', choice.value, vscode.ConfigurationTarget.Global);
  await settings.update('analyzeWith', choice.kind, vscode.ConfigurationTarget.Global);
}
