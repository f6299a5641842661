// A file whose name holds a newline, as the CLI's messages name it: "a\nb.txt" read "a b.txt" (the
// one-line message turned the newline into a space), the name of another file. Now the newline is
// escaped as a control character is ("\x0A").
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../../support/paths';
import { cliWith, refused, writeIn } from './cliRun';

const work = scratch();
const cli = cliWith(path.join(work, 'cache'));

describe('CLI: a file name with a newline', () => {
  it('is escaped where a refusal names it, not read as a space', () => {
    const empty = writeIn(work, 'a\nb.txt', '');
    refused(cli(['analyze', empty]), /^attention-lens: \S*\/a\\x0Ab\.txt is empty$/);
    refused(cli(['analyze', path.join(work, 'no\nfile.txt')]), /^attention-lens: file not found: \S*\/no\\x0Afile\.txt$/);
    const folder = path.join(work, 'a\tfolder');
    mkdirSync(folder);
    refused(cli(['analyze', folder]), /^attention-lens: \S*\/a\\x09folder is a folder, not a file/);
  });

  it('is escaped in senses and nsp, as in analyze', () => {
    const blank = writeIn(work, 'c\nd.txt', '  \n');
    const other = writeIn(work, 'e.txt', 'Hola.');
    refused(cli(['nsp', other, blank]), /\/c\\x0Ad\.txt \(sentence B\) holds only whitespace$/);
    refused(cli(['senses', path.join(work, 'gone\n.txt'), '--word', 'x']), /file not found: \S*\/gone\\x0A\.txt$/);
  });
});
