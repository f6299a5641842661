/**
 * When the model a kind resolves to changes (extension host): another setting, or the same
 * relative folder read anew once the workspace is trusted or its folders change. What was shown of
 * the previous model and is no analysis of its own (the side view's scale section, the editor's
 * colourings and their legends) goes then, as the engine lets that model go.
 *
 *   context.subscriptions.push(watchModels(config, settings.onDidChange, (kind) => side.modelChanged(kind)));
 */
import * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import type { Config } from '../config';
import { modelRef } from './selectedModel';

const KINDS: readonly ModelKind[] = ['encoder', 'decoder'];

export function watchModels(config: () => Config, onDidChangeConfig: vscode.Event<Config>, changed: (kind: ModelKind) => void): vscode.Disposable {
  let refs = KINDS.map((kind) => modelRef(config(), kind));
  const check = (now: Config): void => {
    const before = refs;
    refs = KINDS.map((kind) => modelRef(now, kind));
    KINDS.forEach((kind, i) => before[i] !== refs[i] && changed(kind));
  };
  return vscode.Disposable.from(
    onDidChangeConfig((now) => check(now)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => check(config())),
    vscode.workspace.onDidChangeWorkspaceFolders(() => check(config())),
  );
}
