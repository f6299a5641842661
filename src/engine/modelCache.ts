/**
 * What the model cache holds, and deleting from it (engine runtime; the host's Manage Model Cache
 * command and the tests use it directly, it only reads and removes files). The cache is
 *   <cacheDir>/hub/<owner>/<name>/…      downloaded hub models (complete once the marker is there)
 *   <cacheDir>/patched/<hash>-p<v>-<o>/  patched graphs, each naming its source folder in lens.json
 * Patched graphs of a hub model are listed with it and deleted with it; those of local folders
 * (the embedded models included) are listed per folder.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { COMPLETE_MARKER, MODEL_FILES, hubFolder, weightCandidates } from './modelSource';
import type { Manifest } from './patchCache';
import type { WeightsPrecision } from '../protocol/analysis';

export interface CachedModel {
  /** A hub id, or the local folder a patched graph was made from. */
  readonly id: string;
  readonly source: 'hub' | 'local';
  /** The hub folder (hub models only). */
  readonly folder: string | null;
  /** Bytes of the downloaded files (hub) plus the patched graphs made from them. */
  readonly bytes: number;
  readonly patchedBytes: number;
  /** False for a download that was cancelled or failed part way (never loaded; resumed next time). */
  readonly complete: boolean;
  /** Precisions whose weights are present (hub models). */
  readonly weights: readonly WeightsPrecision[];
  readonly patched: readonly string[];
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function has(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** A hub model folder holds config.json, onnx/ or a marker; otherwise it is an owner folder. */
async function isModelFolder(folder: string): Promise<boolean> {
  for (const name of ['config.json', 'onnx', COMPLETE_MARKER, 'tokenizer.json']) if (await has(path.join(folder, name))) return true;
  return false;
}

async function hubIds(cacheDir: string): Promise<string[]> {
  const root = path.join(cacheDir, 'hub');
  const ids: string[] = [];
  let owners: string[];
  try {
    owners = (await readdir(root)).sort();
  } catch {
    return ids;
  }
  for (const owner of owners) {
    const ownerDir = path.join(root, owner);
    if (!(await isDir(ownerDir))) continue;
    if (await isModelFolder(ownerDir)) {
      ids.push(owner);
      continue;
    }
    for (const name of (await readdir(ownerDir)).sort()) if (await isDir(path.join(ownerDir, name))) ids.push(`${owner}/${name}`);
  }
  return ids;
}

interface PatchedEntry {
  readonly folder: string;
  readonly source: string | null;
  readonly bytes: number;
}

async function patchedEntries(cacheDir: string): Promise<PatchedEntry[]> {
  const root = path.join(cacheDir, 'patched');
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const out: PatchedEntry[] = [];
  for (const name of names.sort()) {
    const folder = path.join(root, name);
    if (!(await isDir(folder))) continue;
    let source: string | null = null;
    try {
      source = (JSON.parse(await readFile(path.join(folder, 'lens.json'), 'utf8')) as Manifest).source ?? null;
    } catch {
      // an unfinished or foreign entry: listed without a source
    }
    out.push({ folder, source, bytes: await folderBytes(folder) });
  }
  return out;
}

/** Everything in the cache, hub models first (by id), then local folders' patched graphs. */
export async function listCachedModels(cacheDir: string): Promise<CachedModel[]> {
  const patched = await patchedEntries(cacheDir);
  const used = new Set<PatchedEntry>();
  const models: CachedModel[] = [];
  for (const id of await hubIds(cacheDir)) {
    const folder = hubFolder(cacheDir, id);
    const mine = patched.filter((p) => p.source !== null && path.resolve(p.source) === path.resolve(folder));
    for (const p of mine) used.add(p);
    const present: CachedModel['weights'][number][] = [];
    for (const precision of Object.keys(MODEL_FILES) as WeightsPrecision[]) {
      for (const file of weightCandidates(precision)) if (!present.includes(precision) && (await has(path.join(folder, file)))) present.push(precision);
    }
    const patchedBytes = mine.reduce((a, p) => a + p.bytes, 0);
    models.push({
      id,
      source: 'hub',
      folder,
      bytes: (await folderBytes(folder)) + patchedBytes,
      patchedBytes,
      complete: await has(path.join(folder, COMPLETE_MARKER)),
      weights: present,
      patched: mine.map((p) => p.folder),
    });
  }
  const bySource = new Map<string, PatchedEntry[]>();
  for (const p of patched) {
    if (used.has(p)) continue;
    const key = p.source ?? '(unknown source)';
    bySource.set(key, [...(bySource.get(key) ?? []), p]);
  }
  for (const [source, entries] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const bytes = entries.reduce((a, p) => a + p.bytes, 0);
    models.push({ id: source, source: 'local', folder: null, bytes, patchedBytes: bytes, complete: true, weights: [], patched: entries.map((p) => p.folder) });
  }
  return models;
}

/** Deletes a listed model: its download (hub) and every patched graph made from it. */
export async function deleteCachedModel(cacheDir: string, model: CachedModel): Promise<void> {
  const root = path.resolve(cacheDir);
  const inside = (p: string): boolean => path.resolve(p).startsWith(root + path.sep);
  for (const folder of model.patched) if (inside(folder)) await rm(folder, { recursive: true, force: true });
  if (model.folder && inside(model.folder)) {
    await rm(path.join(model.folder, COMPLETE_MARKER), { force: true });
    await rm(model.folder, { recursive: true, force: true });
    // An owner folder left empty goes too.
    const owner = path.dirname(model.folder);
    if (owner !== path.join(root, 'hub')) {
      try {
        if ((await readdir(owner)).length === 0) await rm(owner, { recursive: true, force: true });
      } catch {
        // already gone
      }
    }
  }
}
