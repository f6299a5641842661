// The English command titles (package.nls.json) read as one form, an imperative, as the Spanish
// ones are all infinitives (spanishTerms.test.ts): "Predict Next Word at Cursor", not "Next Word at
// Cursor". And every text that tells a person to run a command (the message bundle's English keys,
// which the host and the webviews show, and the English course pack) names it by its current title,
// so that the palette finds what the text says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const json = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
const nls = json('package.nls.json') as Record<string, string>;
const titles = Object.entries(nls).filter(([key]) => /^command\.[^.]+\.title$/.test(key));

/**
 * The verbs the titles begin with. English has no ending that marks a verb, so a new title whose
 * first word is not here fails until its verb is added — a noun added here is plain to a reviewer.
 */
const VERBS = new Set([
  'Ablate',
  'Analyze',
  'Clear',
  'Compare',
  'Continue',
  'Fine-Tune',
  'Insert',
  'Inspect',
  'Label',
  'Manage',
  'Mask',
  'Open',
  'Predict',
  'Reset',
  'Restore',
  'Select',
  'Show',
  'Start',
  'Switch',
  'Test',
  'Toggle',
]);

describe('the English command titles', () => {
  it('all begin with a verb, in the imperative, as the Spanish ones begin with an infinitive', () => {
    assert.ok(titles.length > 20, `${titles.length} command titles`);
    const wrong = titles.filter(([, title]) => !VERBS.has(title.split(/[\s,]/)[0]));
    assert.deepEqual(
      wrong.map(([key, title]) => `${key}: "${title}"`),
      [],
    );
  });

  it('name what they act on without an article, as VS Code’s own titles do: "at Cursor", never "at the Cursor"', () => {
    const wrong = titles.filter(([, title]) => /\b(?:the|a|an)\b/i.test(title));
    assert.deepEqual(
      wrong.map(([key, title]) => `${key}: "${title}"`),
      [],
    );
  });

  it('are what the messages and the course pack tell a person to run', () => {
    const names = new Set(titles.map(([, title]) => title));
    const bundle = Object.keys(json('l10n/bundle.l10n.es.json') as Record<string, string>).map((text) => ['bundle', text]);
    const pack = JSON.stringify(json('media/course/en/pack.json'));
    const texts = [...bundle, ['media/course/en/pack.json', pack]];
    // "run Attention Lens: Title…" and "(Attention Lens: Title)" go on with a title; “run/use
    // “Title”” quotes one whole.
    const named = texts.flatMap(([where, text]) => [
      ...[...text.matchAll(/(?:\brun |\()Attention Lens: /gi)].map((m) => {
        const rest = text.slice((m.index ?? 0) + m[0].length);
        return [where, [...names].find((title) => rest.startsWith(title)) ?? rest.slice(0, 60)];
      }),
      ...[...text.matchAll(/\b(?:run|use|running|using) “([^”]+)”/gi)].map((m) => [where, m[1]]),
    ]);
    assert.ok(named.length > 15, `${named.length} titles named`);
    const unknown = named.filter(([, name]) => !names.has(name));
    assert.deepEqual(
      unknown.map(([where, name]) => `${where}: "${name}"`),
      [],
    );
  });
});
