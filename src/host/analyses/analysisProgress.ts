/**
 * An analysis' progress, or a whole-word search's (extension host). The status bar shows it from
 * the start (a continuation's step shows none: its continuation's "step 3 of 5" stands for it),
 * but a status-bar progress has no Cancel button; so one still running after CANCEL_OFFER_MS also
 * shows a notification progress whose Cancel really stops it: the engine request is aborted (the
 * engine drops it at its next check, a late reply is released) and the command ends as
 * 'cancelled'. `cancelAll` does what that button does, for every one running (the tests use it).
 * Work whose result nobody will see ends at once, whatever it waits on (a model load of a minute
 * included): its document closed, a newer request, or a model setting changed (its freshness
 * check, freshness.ts, fails when the models change).
 */
import * as vscode from 'vscode';
import { onDidDropDocument } from '../editor/documentTabs';
import { asEngineError, EngineError } from '../../engine/errors';
import type { Asked } from './freshness';
import { supersededError } from './latestWins';

/** How long an analysis runs before it offers Cancel (shorter ones would only flash a toast). */
export const CANCEL_OFFER_MS = 1_000;

/** What ends a run at once, beside its Cancel (each optional). */
export interface RunWatch {
  /** Its document: closed for good, the work ends. */
  readonly document?: vscode.TextDocument;
  /** Cancelled when a newer request supersedes it (latestWins.ts). */
  readonly superseded?: vscode.CancellationToken;
  /** The command's check (freshness.ts), made again whenever the models change: failing, the work ends with its error. */
  readonly fresh?: Asked;
  /** The run this one is a step of (a continuation's): it shows no progress and offers no Cancel of its own, the outer one's Cancel ends it. */
  readonly within?: vscode.CancellationToken;
}

/** Says where a run stands ("step 3 of 5"), on its status-bar progress and its Cancel notification. */
export type Say = (message: string) => void;

export class AnalysisProgress {
  private readonly running = new Set<vscode.CancellationTokenSource>();
  private offers = 0;
  /** Status-bar progresses shown so far, with their titles (the tests read them through the extension's API). */
  private readonly bars: string[] = [];
  /** How long a run waits before offering Cancel (the tests shorten it to see the offers of fast work). */
  offerAfterMs = CANCEL_OFFER_MS;

  /**
   * `loading`: the model load whose own notification (with a Cancel that also ends this work) shows
   * now, if any; while it shows, the offer waits, so that one situation gets one notification.
   * `modelsChanged`: fires once a kind names another model (EngineService.onDidChangeModels: a
   * setting, or a relative model folder read anew under the workspace's trust or folders).
   */
  constructor(
    private readonly loading: () => Thenable<unknown> | null,
    private readonly modelsChanged: vscode.Event<unknown>,
  ) {}

  /**
   * Runs `work` under a status-bar progress titled `title`, offering Cancel once it takes a while.
   * Work nobody will see the result of ends at once, its progress with it (`watch`): work of a
   * document as soon as that document is closed for good (as cancelled), work a newer request
   * superseded as soon as that is asked (saying nothing), work whose model setting changed as soon
   * as it changes (with its `fresh` check's error: the model changed, said once, with Analyze
   * Again). A model load it waits for goes on under its own notification while its model is still
   * selected. A result that still comes is let go (`release`).
   */
  async run<T>(title: string, work: (token: vscode.CancellationToken, say: Say) => Thenable<T>, watch: RunWatch = {}, release?: (late: T) => void): Promise<T> {
    const { document, superseded, fresh, within } = watch;
    if (superseded?.isCancellationRequested) throw supersededError();
    if (within?.isCancellationRequested) throw new EngineError('cancelled', 'cancelled');
    const source = new vscode.CancellationTokenSource();
    // A step is cancelled through the run it is a step of (cancelAll counts that one).
    if (!within) this.running.add(source);
    let abandoned = false;
    const watching: vscode.Disposable[] = [];
    if (within) watching.push(within.onCancellationRequested(() => source.cancel()));
    let said: string | undefined;
    const shown: vscode.Progress<{ message?: string }>[] = [];
    const say: Say = (message) => {
      said = message;
      for (const progress of shown) progress.report({ message });
    };
    const ended =
      (document || superseded || fresh) &&
      new Promise<never>((_resolve, reject) => {
        const abandon = (error: EngineError): void => {
          if (abandoned) return;
          abandoned = true;
          source.cancel();
          reject(error);
        };
        if (document)
          watching.push(
            onDidDropDocument((closing) => closing === document && abandon(new EngineError('cancelled', 'the document was closed during the analysis'))),
          );
        if (superseded) watching.push(superseded.onCancellationRequested(() => abandon(supersededError())));
        if (fresh)
          watching.push(
            this.modelsChanged(() => {
              try {
                fresh();
              } catch (error) {
                abandon(asEngineError(error));
              }
            }),
          );
      });
    let done = false;
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offer = (): void => {
      const load = this.loading();
      if (load) {
        // After the load, a while more before offering: most analyses end by then.
        const later = (): void => {
          if (!done) timer = setTimeout(offer, this.offerAfterMs);
        };
        load.then(later, later);
        return;
      }
      this.offers++;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        shown.push(progress);
        if (said !== undefined) progress.report({ message: said });
        token.onCancellationRequested(() => source.cancel());
        return finished;
      });
    };
    if (!within) timer = setTimeout(offer, this.offerAfterMs);
    const running = (): Promise<T> => {
      const working = Promise.resolve(work(source.token, say));
      if (!ended) return working;
      working.then(
        (late) => abandoned && release?.(late),
        () => undefined,
      );
      return Promise.race([working, ended]);
    };
    try {
      // A step shows no progress of its own: the run it is a step of says where it stands (one progress for one action).
      if (within) return await running();
      this.bars.push(title);
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (progress) => {
        shown.push(progress);
        return running();
      });
    } finally {
      done = true;
      for (const w of watching) w.dispose();
      clearTimeout(timer);
      finish();
      this.running.delete(source);
      source.dispose();
    }
  }

  /** How many Cancel notifications have been shown (the tests read it through the extension's API). */
  get offered(): number {
    return this.offers;
  }

  /** The titles of the status-bar progresses shown so far, oldest first. */
  get barsShown(): readonly string[] {
    return this.bars;
  }

  /** Cancels every analysis running now, as their notification's Cancel would; how many there were. */
  cancelAll(): number {
    const count = this.running.size;
    for (const source of this.running) source.cancel();
    return count;
  }
}
