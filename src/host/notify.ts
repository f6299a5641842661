/**
 * Notifications (extension host). Every message the extension shows a person goes through one
 * Notifier: a failure is reported once, in one place, with the actions that help; and the
 * integration tests read what was shown (`onDidShow`) and choose an action as a click would
 * (`choose`), since a test cannot click VS Code's notification toasts.
 *
 *   notifier.error(t('Could not download {0}.', id), { [t('Retry')]: retry });
 *
 * Every message is neutralised on its way out (src/protocol/neutralise.ts): a model's, a document's
 * or a server's words inside it cannot become a command link or hide behind control characters.
 * The output log gets the same treatment through `neutralLog`.
 */
import * as vscode from 'vscode';
import { neutralise } from '../protocol/neutralise';
import { t } from './l10n';

export type Severity = 'error' | 'warning' | 'info';

export interface ShownNotice {
  readonly id: number;
  readonly severity: Severity;
  /** The message as shown, "Attention Lens: " included. */
  readonly message: string;
  readonly actions: readonly string[];
}

/** Action label → what it does. */
export type Actions = Readonly<Record<string, () => void>>;

export class Notifier implements vscode.Disposable {
  private nextId = 1;
  private readonly shown = new vscode.EventEmitter<ShownNotice>();
  private readonly open = new Map<number, (label: string) => void>();
  /** Fires with every notification shown. */
  readonly onDidShow = this.shown.event;

  error(message: string, actions: Actions = {}): Promise<string | undefined> {
    return this.show('error', message, actions);
  }

  warning(message: string, actions: Actions = {}): Promise<string | undefined> {
    return this.show('warning', message, actions);
  }

  info(message: string, actions: Actions = {}): Promise<string | undefined> {
    return this.show('info', message, actions);
  }

  /** Chooses `label` on an open notification, as a click would; false when it is closed or has no such action. */
  choose(id: number, label: string): boolean {
    const pick = this.open.get(id);
    if (!pick) return false;
    pick(label);
    return true;
  }

  dispose(): void {
    this.shown.dispose();
    this.open.clear();
  }

  private async show(severity: Severity, message: string, actions: Actions): Promise<string | undefined> {
    const id = this.nextId++;
    const labels = Object.keys(actions);
    const text = neutralise(t('Attention Lens: {0}', message));
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const chosen = new Promise<string>((resolve) => {
      if (labels.length > 0) this.open.set(id, (label) => labels.includes(label) && resolve(label));
    });
    this.shown.fire({ id, severity, message: text, actions: labels });
    const label = await Promise.race([show(text, ...labels), chosen]);
    this.open.delete(id);
    if (label !== undefined) actions[label]?.();
    return label;
  }
}

const LOG_METHODS: ReadonlySet<PropertyKey> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * The output channel with every line neutralised (no control or bidi characters, no hidden
 * terminal sequences in a log a person reads or copies; long lines cut). Errors are logged by their
 * message. Everything else is the channel itself.
 */
export function neutralLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const line = (value: unknown): string => neutralise(value instanceof Error ? value.message : String(value), LOG_LINE_MAX);
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!LOG_METHODS.has(property)) return method.bind(target);
      return (message: unknown, ...args: unknown[]) => method.call(target, line(message), ...args.map(line));
    },
  });
}

/** A log line's longest form (paths and a malformed message's preview fit). */
const LOG_LINE_MAX = 2000;
