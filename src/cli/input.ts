/** Reads a CLI input file as UTF-8 ('-': stdin), failing with one clear EngineError line (plain Node). */
import { readFile } from 'node:fs/promises';
import { EngineError } from '../engine/errors';

export async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('file-not-found', `file not found: ${file}`);
    if (code === 'EISDIR') throw new EngineError('bad-input', `${file} is a folder, not a file`);
    throw new EngineError('bad-input', `cannot read ${file}: ${(error as Error).message}`);
  }
}
