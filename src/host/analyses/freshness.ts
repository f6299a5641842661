/**
 * The one rule for a result that took a while (extension host): what a command found is shown or
 * written only while it still answers what the command asked — the same model (the setting may
 * change while a model loads or runs) and, when the result describes a document, the same text.
 * A command takes `askedOf` once when it starts and checks it after each await (`whileFresh`):
 *
 *   const fresh = askedOf(() => modelRef(config(), 'encoder'), document);
 *   const found = await whileFresh(fresh, () => engine.words('senses', 'encoder', params));
 */
import type * as vscode from 'vscode';
import { t } from '../l10n';
import { documentName } from './documentName';
import { LocalizedError } from './failure';
import { successorOf, tabDocuments } from '../editor/documentTabs';

/** A command's check that what it found still answers what it asked: throws when not. */
export type Asked = () => void;

/**
 * The result no longer answers what the command asked (a cancellation, said once with `notice`):
 * the document was edited while its analysis ran (the result describes text that is gone), or the
 * model setting changed (the result is the previous model's). Either way Analyze Again can help.
 */
export class DroppedResultError extends LocalizedError {
  constructor(
    message: string,
    readonly notice: string,
  ) {
    super('cancelled', message);
  }
}

/**
 * The check for a result by the model `model()` names now (of `document` as it is now, when the
 * result describes one): it throws when the model setting changed (the result is the previous
 * model's), or the document was closed or edited (it describes text that is gone).
 */
export function askedOf(model: () => string, document?: vscode.TextDocument): Asked {
  const asked = model();
  const version = document?.version;
  return () => {
    // A closed document keeps its version. Closed by the person: nothing to say. Saved under a new
    // name (an untitled document saved, a file renamed): the same text is still there to analyze.
    if (document?.isClosed) {
      const saved = successorOf(document);
      if (!saved) throw new LocalizedError('cancelled', t('the document was closed during the analysis'));
      throw new DroppedResultError(
        t('the document was saved under another name during the analysis'),
        t(
          '{0} was saved as {1} during the analysis, so nothing was shown; analyze it again.',
          documentName(document, tabDocuments()),
          documentName(saved, tabDocuments()),
        ),
      );
    }
    if (model() !== asked)
      throw new DroppedResultError(
        t('the model changed during the analysis'),
        t('The model changed during the analysis, so the previous model’s result was not shown; analyze it again.'),
      );
    if (document && document.version !== version)
      throw new DroppedResultError(
        t('the document changed during the analysis'),
        t('The text changed during the analysis, so nothing was shown; analyze it again.'),
      );
  };
}

/**
 * `work`'s result once `fresh` passes. Its failure too: a model unloaded because its setting
 * changed fails what it was running ("Session already disposed"), which is that change, not a
 * fault of the engine's to report. `drop` lets a dropped result's resources go.
 */
export async function whileFresh<T>(fresh: Asked, work: () => Promise<T>, drop?: (result: T) => void): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    fresh();
    throw error;
  }
  try {
    fresh();
  } catch (error) {
    drop?.(result);
    throw error;
  }
  return result;
}
