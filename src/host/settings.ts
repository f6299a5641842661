/**
 * The extension's settings as they change (extension host): the current `Config` snapshot
 * (config.ts: typed, validated, frozen, trust-aware), read again when the `attentionLens.*`
 * settings change or the workspace becomes trusted, with an event for those who must act on a
 * change (the engine, the analysis cache's budget). Everyone else reads `current` when they need it.
 */
import * as vscode from 'vscode';
import { readConfig, SECTION, trustedGet, type Config } from './config';

export class Settings implements vscode.Disposable {
  private snapshot = Settings.read();
  private readonly changed = new vscode.EventEmitter<Config>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires with the new snapshot after the settings (or the workspace's trust) changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.refresh();
      }),
      // Model paths, the cache folder and the hub address count from workspace settings only in a trusted workspace.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    ];
  }

  get current(): Config {
    return this.snapshot;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private refresh(): void {
    this.snapshot = Settings.read();
    this.changed.fire(this.snapshot);
  }

  private static read(): Config {
    const section = vscode.workspace.getConfiguration(SECTION);
    return readConfig(
      trustedGet(
        (key) => section.get(key),
        (key) => section.inspect(key),
        vscode.workspace.isTrusted,
      ),
    );
  }
}
