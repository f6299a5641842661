/**
 * The quick pick of a model's candidates (extension host): Next Word's next tokens and Mask Word's
 * fillers, each with its probability, the token text with its whitespace made visible (a model's
 * text is never shown raw). Escape keeps the text as it is.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import { showWhitespace } from '../../protocol/tokenText';

export async function pickCandidate(candidates: readonly Candidate[], title: string): Promise<Candidate | undefined> {
  const items = candidates.map((c) => ({ label: showWhitespace(c.token), description: `${(c.p * 100).toFixed(1)}%`, candidate: c }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Attention Lens: ${title}`,
    placeHolder: 'Choose one to put it in (Escape keeps the text)',
  });
  return chosen?.candidate;
}
