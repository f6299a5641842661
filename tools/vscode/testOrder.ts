/**
 * The order the integration test files run in, written once (plain TypeScript; the in-host runner,
 * test/integration/runner.ts, and tools/vscode/runIntegration.ts read it). Every file of a suite
 * shares one extension host, so each meets what the files before it left: the activation test runs
 * first (before anything has started the engine), the course last (it opens every unit). A test
 * file that is not listed fails the run with its name, so a new file is never skipped in silence;
 * a listed file that is gone fails it too.
 *
 *   orderedTests('integration', readdirSync(dir))   // ['extension.test.cjs', …, 'workflowsCourse.test.cjs']
 */

/** Each suite's test files, by name without the extension, in the order they run. */
export const TEST_ORDER = {
  integration: [
    'extension.test',
    'editorViews.test',
    'codeDocuments.test',
    'codeCursors.test',
    'export.test',
    'feedback.test',
    'hostOverTime.test',
    'hostRefusals.test',
    'hostile.test',
    'hostileDocuments.test',
    'hostile13Documents.test',
    'invisibleMasks.test',
    'largeDocuments.test',
    'editRaces.test',
    'documentCloses.test',
    'hostileVocab.test',
    'longWords.test',
    'coderEditor.test',
    'inside.test',
    'l10n.test',
    'engineNotices.test',
    'models.test',
    'modelChanges.test',
    'loadCancels.test',
    'continuationProgress.test',
    'offlineHub.test',
    'hostileHub.test',
    'panelMessages.test',
    'settingsEditor.test',
    'settingValues.test',
    'smoke.test',
    'staleAnalyses.test',
    'supersededAnalyses.test',
    'webviewGuards.test',
    'wholeWords.test',
    'wordSenses.test',
    'workflows.test',
    'workflowsAblation.test',
    'workflowsBert.test',
    'workflowsCommands.test',
    'workflowsCourse.test',
  ],
  untrusted: ['untrustedNotice.test', 'coderUntrusted.test', 'untrusted.test'],
} as const satisfies Record<string, readonly string[]>;

export type Suite = keyof typeof TEST_ORDER;

/** Where the list is written, for the messages. */
const LIST = 'tools/vscode/testOrder.ts';

/** A test file's name without its extension (`x.test.ts`, `x.test.cjs` → `x.test`); null for other files. */
function testName(file: string): string | null {
  const m = /^(.+\.test)\.(?:ts|cjs)$/u.exec(file);
  return m ? m[1] : null;
}

/**
 * The test files among `files` (one folder's names) in the suite's order. Throws, naming them, when
 * a test file is not in the list or a listed one is not there.
 */
export function orderedTests(suite: Suite, files: readonly string[]): string[] {
  const order: readonly string[] = TEST_ORDER[suite];
  const present = new Map<string, string>();
  for (const file of files) {
    const name = testName(file);
    if (name) present.set(name, file);
  }
  const unlisted = [...present.keys()].filter((name) => !order.includes(name)).sort();
  const missing = order.filter((name) => !present.has(name));
  const problems = [
    ...(unlisted.length ? [`not in the ${suite} order of ${LIST}: ${unlisted.join(', ')} (add each where it should run)`] : []),
    ...(missing.length ? [`listed in ${LIST} but not found: ${missing.join(', ')}`] : []),
  ];
  if (problems.length) throw new Error(problems.join('; '));
  return order.map((name) => present.get(name)!);
}
