/**
 * The extension's settings as they change (extension host): the current `Config` snapshot
 * (config.ts: typed, validated, frozen, trust-aware), read again when the `attentionLens.*`
 * settings change or the workspace becomes trusted, with an event for those who must act on a
 * change (the engine, the analysis cache's budget). Everyone else reads `current` when they need it.
 * A value it cannot use (a wrong type, out of range, an unknown choice) is reported once, when it
 * appears, through `report` (settingsNotice.ts words it), with where it is set.
 */
import * as vscode from 'vscode';
import { ignoredUntilTrusted, readConfig, SECTION, settingProblems, trustedGet, type Config, type InvalidSetting, type UntrustedValue } from './config';
import { spelled, type SettingScope } from './settingsNotice';

/** A setting whose value readConfig could not use, and the settings file it is in. */
export interface SettingProblem extends InvalidSetting {
  readonly scope: SettingScope;
}

export class Settings implements vscode.Disposable {
  private snapshot = Settings.read();
  private readonly changed = new vscode.EventEmitter<Config>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires with the new snapshot after the settings (or the workspace's trust) changed. */
  readonly onDidChange = this.changed.event;
  /** The problems reported so far, by key: each is said once, and again only after it was fixed. */
  private readonly reported = new Map<string, string>();

  /** The workspace values last said not to apply until the workspace is trusted (said again only when they change). */
  private untrustedSaid = '[]';

  /**
   * `report`: a value the extension cannot use; `untrusted`: the workspace values an untrusted
   * workspace does not apply (config.ts ignoredUntilTrusted), all in one call.
   */
  constructor(
    private readonly report: (problem: SettingProblem) => void = () => undefined,
    private readonly untrusted: (ignored: readonly UntrustedValue[]) => void = () => undefined,
  ) {
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
    this.reportInvalid();
    this.changed.fire(this.snapshot);
  }

  /**
   * Reports each value that became invalid since the last look (a fixed one may be reported again
   * later), and the workspace values an untrusted workspace does not apply when they changed. Called
   * on every change, and once by activate when the UI's language is set.
   */
  reportInvalid(): void {
    const section = vscode.workspace.getConfiguration(SECTION);
    const ignored = vscode.workspace.isTrusted
      ? []
      : ignoredUntilTrusted(
          (key) => section.get(key),
          (key) => section.inspect(key),
        );
    const said = JSON.stringify(ignored);
    if (said !== this.untrustedSaid && ignored.length > 0) this.untrusted(ignored);
    this.untrustedSaid = said;
    // By file and key: in an untrusted workspace the user's value of a key and the workspace's may both be wrong.
    const now = new Map<string, SettingProblem>();
    for (const problem of settingProblems(
      (key) => section.get(key),
      (key) => section.inspect(key),
      vscode.workspace.isTrusted,
    ))
      now.set(`${problem.scope} ${problem.key}`, { ...problem, used: this.snapshot[problem.key] });
    for (const key of [...this.reported.keys()]) if (!now.has(key)) this.reported.delete(key);
    for (const [key, problem] of now) {
      const seen = spelled(problem.value);
      if (this.reported.get(key) === seen) continue;
      this.reported.set(key, seen);
      this.report(problem);
    }
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
