/**
 * Which model each kind names now (extension host): the settings read against the workspace's
 * trust and folders (modelRefs.ts says how, purely), and the short name people see. The engine
 * service loads what these name; the freshness checks and the analysis cache compare them.
 *
 *   modelRef(config, 'encoder')   // '/ws/app/models/x' for './models/x' in a trusted one-folder workspace
 *   modelLabel('/ws/app/models/x')   // 'x'
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import { EngineError } from '../../engine/errors';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../engine/paths';
import type { Config } from '../config';
import { relativeRefProblem, workspaceFolderRef, type WorkspaceRoot } from './modelRefs';

/**
 * The model reference a kind resolves to under the current settings. A relative folder (`./x`)
 * is taken from the workspace's folder, only in a trusted workspace with one folder; otherwise it
 * stays relative and `analyze` refuses it, saying why (the engine never reads it against its own
 * working folder).
 */
export function modelRef(config: Config, kind: ModelKind): string {
  const chosen = (kind === 'encoder' ? config.encoderModel : config.decoderModel).trim();
  if (!chosen) return embeddedModel(kind === 'encoder' ? EMBEDDED_ENCODER : EMBEDDED_DECODER);
  return workspaceFolderRef(chosen, vscode.workspace.isTrusted, workspaceRoots());
}

const workspaceRoots = (): WorkspaceRoot[] => (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, path: f.uri.fsPath }));

/** Refuses a model folder that is still relative (no one trusted workspace folder to read it from). */
export function refuseRelative(ref: string): void {
  const problem = relativeRefProblem(ref, vscode.workspace.isTrusted, workspaceRoots());
  if (problem) throw new EngineError('bad-input', problem);
}

/** A short name for people: the folder's base name or the hub id. */
export function modelLabel(ref: string): string {
  return path.isAbsolute(ref) ? path.basename(ref) : ref;
}
