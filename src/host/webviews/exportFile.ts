/**
 * Saves the panel's exports (extension host). A webview frame cannot download files, so the
 * export bar sends each file in an `export` notification ({name, mime, data}, checked by the guard
 * in messageGuards.ts); the host asks where to save it (a save dialog opening on the first workspace
 * folder, or the home folder, with the file's name) and writes it. Cancelling says nothing; a
 * failed write is a warning.
 *
 * Scripts and tests set a folder with `exportTo(folder)`: the exports then go there under their
 * own names without a dialog, as AutoPick answers the quick picks in actions.ts.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { isWebviewMessage } from '../../protocol/messageGuards';
import { neutralise } from '../../protocol/neutralise';
import type { ExportFile, ExportMime } from '../../protocol/webviewApi';
import { t } from '../l10n';

/** What became of one export (the integration tests read it through the extension API). */
export interface ExportOutcome {
  readonly name: string;
  /** The file written (a uri string); null when cancelled, refused or failed. */
  readonly saved: string | null;
  readonly bytes: number;
  /** Why nothing was written, when it was not the reader's choice. */
  readonly error?: string;
}

/** The save dialog's file type, named in the language in use. */
function filters(mime: ExportMime): Record<string, string[]> {
  switch (mime) {
    case 'image/png':
      return { [t('PNG image')]: ['png'] };
    case 'image/svg+xml':
      return { [t('SVG image')]: ['svg'] };
    case 'application/json':
      return { [t('JSON data')]: ['json'] };
    case 'text/csv':
      return { [t('CSV table')]: ['csv'] };
  }
}

/** The bytes to write: a PNG as it came, a text as UTF-8. */
export function exportBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

export class ExportSaver implements vscode.Disposable {
  private folder: vscode.Uri | null = null;
  private pending = false;
  private readonly done = new vscode.EventEmitter<ExportOutcome>();
  readonly onDidExport = this.done.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Sends the next exports to `folder` without asking (null: ask again). */
  exportTo(folder: string | null): void {
    this.folder = folder === null ? null : vscode.Uri.file(folder);
  }

  /** Saves an export message; `params` is checked as the webview's message would be. */
  async save(params: unknown): Promise<ExportOutcome> {
    if (!isWebviewMessage('export', params)) return this.report({ name: '', saved: null, bytes: 0, error: 'malformed export' });
    // One export at a time: a page cannot pile up save dialogs and file writes.
    if (this.pending) return this.report({ name: (params as ExportFile).name, saved: null, bytes: 0, error: 'another export is pending' });
    this.pending = true;
    try {
      return await this.write(params as ExportFile);
    } finally {
      this.pending = false;
    }
  }

  private async write(file: ExportFile): Promise<ExportOutcome> {
    const bytes = exportBytes(file.data);
    let target: vscode.Uri | undefined;
    if (this.folder) {
      target = vscode.Uri.joinPath(this.folder, file.name);
    } else {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(base, file.name),
        filters: filters(file.mime),
        title: t('Export {0}', file.name),
        saveLabel: t('Export'),
      });
    }
    if (!target) return this.report({ name: file.name, saved: null, bytes: 0 });
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A full disk says where, and what to do (VS Code's file errors keep the errno in the message).
      const full = /\b(ENOSPC|EDQUOT)\b/.test(message) || /\b(ENOSPC|EDQUOT)\b/.test(String((error as { code?: unknown }).code));
      const folder = vscode.Uri.joinPath(target, '..').fsPath;
      const warning = full
        ? t('Attention Lens: the disk is full: {0} could not be saved in {1}; free some space there, or export to another folder', file.name, folder)
        : t('Attention Lens: could not save {0}: {1}', file.name, message);
      void vscode.window.showWarningMessage(neutralise(warning));
      return this.report({ name: file.name, saved: null, bytes: 0, error: message });
    }
    vscode.window.setStatusBarMessage(t('Attention Lens: saved {0}', file.name), 5000);
    return this.report({ name: file.name, saved: target.toString(), bytes: bytes.byteLength });
  }

  dispose(): void {
    this.done.dispose();
  }

  private report(outcome: ExportOutcome): ExportOutcome {
    this.log.info(
      outcome.saved
        ? `exported ${outcome.name} (${outcome.bytes} bytes) to ${outcome.saved}`
        : `export ${outcome.name || '(malformed)'} not saved${outcome.error ? `: ${outcome.error}` : ''}`,
    );
    this.done.fire(outcome);
    return outcome;
  }
}
