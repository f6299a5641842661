/**
 * The sentences that name a local model folder (extension host, free of `vscode` so that they are
 * unit-tested in Node): the folder from the home folder as ~ (shownPath), a newline in its name
 * written \x0A, as every message about files and folders writes them (neutralName).
 *
 *   noConfigMessage('/home/me/models/x')   // 'Attention Lens: ~/models/x has no readable config.json; …'
 */
import os from 'node:os';
import { shownPath } from '../../engine/paths';
import { neutralise, neutralName } from '../../protocol/neutralise';
import { t } from '../l10n';

/** Select Model's refusal of a folder whose config.json cannot be read. */
export function noConfigMessage(folder: string, home: string = os.homedir()): string {
  return neutralise(
    t('Attention Lens: {0} has no readable config.json; a model folder holds config.json, tokenizer.json and onnx/model.onnx.', shownPath(folder, home)),
  );
}

/** The loading notification's title; `label`: the model's short name (a hub id, a folder's base name). */
export function loadingTitle(label: string): string {
  return neutralise(t('Attention Lens: loading {0}', neutralName(label)));
}
