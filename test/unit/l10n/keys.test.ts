// The missing-key test: every t('…') of the host, the protocol and the webviews, read from the
// syntax trees, has a Spanish translation with the same placeholders; the Spanish bundle holds no
// key that no code uses; no call hides its key behind a variable; package.nls.es.json translates
// every manifest string. And the key reader itself, on sources written to trip a pattern match.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkBundle, describe as report, placeholders, readKeys, readSource } from '../../../tools/l10n/keys';
import { ROOT } from '../../support/paths';

const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('the Spanish bundle', () => {
  const extraction = readKeys(ROOT);

  it('finds the keys of the host, the protocol and the webviews', () => {
    assert.ok(extraction.keys.length >= 50, `${extraction.keys.length} keys`);
    const files = new Set(extraction.uses.map((u) => u.file));
    assert.ok(files.has('src/host/models/modelPicker.ts') && files.has('webview/common/format.ts'), [...files].join(', '));
  });

  it('can read every call: each t() takes a literal message and passes an argument for each placeholder', () => {
    assert.deepEqual(
      extraction.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
      [],
    );
  });

  it('translates every key with the same placeholders, and holds no key that no code uses', () => {
    const check = checkBundle(extraction.keys, json('l10n/bundle.l10n.es.json'));
    const message = report(extraction, check, 'l10n/bundle.l10n.es.json');
    assert.equal(message, '', `\n${message}\n(npm run l10n -- --missing prints the missing keys as JSON)`);
  });

  it('package.nls.es.json translates every manifest string, with the same placeholders, and nothing else', () => {
    const check = checkBundle(Object.keys(json('package.nls.json')), json('package.nls.es.json'));
    assert.deepEqual(check, { missing: [], stale: [], placeholders: [] });
  });
});

describe('the key reader', () => {
  const read = (text: string, file = 'webview/panel/x.ts') => readSource(file, text);

  it('reads multi-line calls, template literals without placeholders, aliased imports and Translate parameters', () => {
    const { uses, problems } = read(`
      import { t as tr } from '../common/l10n';
      import type { Translate } from '../../src/protocol/locale';
      const a = tr(
        'Layer {0} of {1}',
        layer,
        layers,
      );
      const b = tr(\`Analyze selection\`);
      export function label(t: Translate): string { return t('mean of heads'); }
      const notL10n = (t: number) => t;
    `);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      uses.map((u) => [u.key, u.line, u.args]),
      [
        ['Layer {0} of {1}', 4, 2],
        ['Analyze selection', 9, 0],
        ['mean of heads', 10, 0],
      ],
    );
  });

  it('reports a message that is not a literal, a template with placeholders, and the library used directly', () => {
    const { uses, problems } = read(
      `
      import { t } from '../l10n';
      import * as l10n from '@vscode/l10n';
      const key = 'Hidden';
      t(key);
      t(\`\${n} tokens\`);
      t('Shown' + '!');
      vscode.l10n.t('Also hidden');
    `,
      'src/host/x.ts',
    );
    assert.deepEqual(uses, []);
    assert.deepEqual(problems.map((p) => p.line).sort(), [3, 5, 6, 7, 8]);
    assert.match(problems.map((p) => p.message).join('\n'), /@vscode\/l10n[\s\S]*vscode\.l10n[\s\S]*string literal/);
  });

  it('ignores calls of a `t` that does not come from an l10n module', () => {
    const { uses, problems } = read(`
      import { t } from './tokens';
      t('not a message');
    `);
    assert.deepEqual([uses, problems], [[], []]);
  });

  it('compares placeholders as sets and says which side differs', () => {
    assert.deepEqual(placeholders('{1} of {0}, {1}'), [0, 1]);
    const check = checkBundle(['{0} tokens', 'Ready', 'Gone'], { '{0} tokens': '{0} tókenes', Ready: '', Old: 'x', Gone: 'Ido {0}' });
    assert.deepEqual(check, { missing: ['Ready'], stale: ['Old'], placeholders: [{ key: 'Gone', translation: 'Ido {0}' }] });
  });
});
