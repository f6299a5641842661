/**
 * Notifications (extension host). Every message the extension shows a person goes through one
 * Notifier: a failure is reported once, in one place, with the actions that help; and the
 * integration tests read what was shown (`onDidShow`) and choose an action as a click would
 * (`choose`), since a test cannot click VS Code's notification toasts.
 *
 *   notifier.error(t('Could not download {0}.', id), { [t('Retry')]: retry });
 */
import * as vscode from 'vscode';
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
    const text = t('Attention Lens: {0}', message);
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
