// The integration files' order (tools/vscode/testOrder.ts): every test file of each suite's folder is
// listed, the activation test runs first and the course last; a file not listed, or listed and gone,
// fails with its name, as the in-host runner reports it (its bundles are .cjs).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { orderedTests, TEST_ORDER } from '../../../tools/vscode/testOrder';

const folder = (suite: string) => path.join(import.meta.dirname, '..', '..', suite);

describe('integration order', () => {
  it('lists every test file of the integration and untrusted folders: activation and the untrusted notice first, the course last', () => {
    const files = readdirSync(folder('integration'));
    const ordered = orderedTests('integration', files);
    assert.equal(ordered.length, files.filter((f) => f.endsWith('.test.ts')).length);
    assert.equal(ordered[0], 'extension.test.ts');
    assert.equal(ordered.at(-1), 'workflowsCourse.test.ts');
    // The untrusted suite: every file of its folder, the notice's test first (it reads the notice activation gave).
    const untrusted = readdirSync(folder('untrusted'));
    const inOrder = orderedTests('untrusted', untrusted);
    assert.equal(inOrder.length, untrusted.filter((f) => f.endsWith('.test.ts')).length);
    assert.equal(inOrder[0], 'untrustedNotice.test.ts');
  });

  it('orders the bundles the runner finds, whatever their names’ order, and leaves other files out', () => {
    const bundles = [...TEST_ORDER.integration].reverse().map((name) => `${name}.cjs`);
    const ordered = orderedTests('integration', ['runner.cjs', 'package.json', ...bundles]);
    assert.deepEqual(
      ordered,
      TEST_ORDER.integration.map((name) => `${name}.cjs`),
    );
  });

  it('fails on a test file that is not listed, naming it and where the list is', () => {
    const files = [...TEST_ORDER.integration.map((name) => `${name}.cjs`), 'aNewFeature.test.cjs'];
    assert.throws(() => orderedTests('integration', files), /not in the integration order of tools\/vscode\/testOrder\.ts: aNewFeature\.test/);
  });

  it('fails on a listed file that is gone', () => {
    const files = TEST_ORDER.integration.filter((name) => name !== 'smoke.test').map((name) => `${name}.cjs`);
    assert.throws(() => orderedTests('integration', files), /listed in tools\/vscode\/testOrder\.ts but not found: smoke\.test/);
  });
});
