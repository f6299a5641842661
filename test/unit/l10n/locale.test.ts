// Which language the UI speaks and how it reaches each runtime: the setting and VS Code's display
// language resolved to a bundle, the host's t() switching languages at call time, the
// pseudo-locale's marks, and the Locale handed to a page as an escaped data attribute.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { currentLocale, formatPercent, formatWeight, onDidChangeLocale, t, useLocale } from '../../../src/host/l10n';
import { webviewHtml } from '../../../src/host/webviews/webviewHtml';
import { ENGLISH, LOCALE_META, parseLocale, resolveLanguage } from '../../../src/protocol/locale';
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoLocalize, unmarkedText } from '../../../src/protocol/pseudoLocale';
import { ROOT } from '../../support/paths';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;

describe('resolveLanguage', () => {
  it('follows VS Code under auto: its language, else its base language, else English', () => {
    assert.deepEqual(resolveLanguage('auto', 'es', ['es']), { language: 'es', pseudo: false });
    assert.deepEqual(resolveLanguage('auto', 'es-419', ['es']), { language: 'es', pseudo: false });
    assert.deepEqual(resolveLanguage('auto', 'ES-es', ['es']), { language: 'es', pseudo: false });
    assert.deepEqual(resolveLanguage('auto', 'pt-br', ['es', 'pt-br']), { language: 'pt-br', pseudo: false });
    assert.deepEqual(resolveLanguage('auto', 'de', ['es']), { language: 'en', pseudo: false });
    assert.deepEqual(resolveLanguage('auto', 'en-us', ['es']), { language: 'en', pseudo: false });
  });

  it('lets the setting override VS Code, and falls back to English for a language without a bundle', () => {
    assert.deepEqual(resolveLanguage('es', 'en', ['es']), { language: 'es', pseudo: false });
    assert.deepEqual(resolveLanguage('en', 'es', ['es']), { language: 'en', pseudo: false });
    assert.deepEqual(resolveLanguage('es', 'en', []), { language: 'en', pseudo: false });
  });

  it("turns VS Code's pseudo-language into the pseudo-locale (English numbers)", () => {
    assert.deepEqual(resolveLanguage('auto', 'qps-ploc', ['es']), { language: 'en', pseudo: true });
  });
});

describe("the host's t()", () => {
  afterEach(() => useLocale(ENGLISH));

  it('speaks English by default, formatting placeholders', () => {
    assert.equal(t('{0} layers × {1} heads · {2} · {3} tokens in {4} ms', 4, 4, 'fp32', 12, 30), '4 layers × 4 heads · fp32 · 12 tokens in 30 ms');
    assert.equal(t('Analyze Selection uses the {0}'), 'Analyze Selection uses the {0}', 'a placeholder without an argument stays');
  });

  it('speaks the bundle of the locale in use, at call time, and tells the listeners', () => {
    const heard: string[] = [];
    const sub = onDidChangeLocale((l) => heard.push(l.language));
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    assert.equal(t('{0} layers × {1} heads · {2} · {3} tokens in {4} ms', 4, 4, 'fp32', 12, 30), '4 capas × 4 cabezas · fp32 · 12 tokens en 30 ms');
    assert.equal(t('Attention Lens: loading {0}', 'tiny-gpt-es-en'), 'Attention Lens: cargando tiny-gpt-es-en');
    assert.equal(formatPercent(0.125), '12,5\u00a0%');
    // An attention weight as the panel writes it (0 to 1, three decimals), not as a probability's percentage.
    assert.equal(formatWeight(0.237), '0,237');
    assert.equal(formatWeight(0.00012), '0,00012', 'a weight above zero never reads 0,000');
    assert.equal(formatWeight(0), '0,000');
    useLocale(ENGLISH);
    assert.equal(t('Attention Lens: loading {0}', 'tiny-gpt-es-en'), 'Attention Lens: loading tiny-gpt-es-en');
    assert.equal(formatPercent(0.125), '12.5%');
    sub.dispose();
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    assert.deepEqual(heard, ['es', 'en']);
    assert.equal(currentLocale().language, 'es');
  });

  it('in the pseudo-locale marks the message but leaves the arguments (document and model text) as they are', () => {
    useLocale({ language: 'en', pseudo: true, bundle: {} });
    assert.equal(t('Attention Lens: loading {0}', 'tiny-gpt-es-en'), `${PSEUDO_OPEN}Áţţéñţíóñ Łéñš: łóáðíñğ tiny-gpt-es-en${PSEUDO_CLOSE}`);
  });
});

describe('pseudoLocalize', () => {
  it('marks and accents the text, and keeps placeholders, codicons, link targets and addresses', () => {
    assert.equal(pseudoLocalize('Loading {0}…'), '⟦Łóáðíñğ {0}…⟧');
    assert.equal(pseudoLocalize('$(eye) Spotlight'), '⟦$(eye) Špóţłíğhţ⟧');
    assert.equal(pseudoLocalize('[Open in panel](command:attentionLens.openToken?%5B1%5D)'), '⟦[Ópéñ íñ páñéł](command:attentionLens.openToken?%5B1%5D)⟧');
    assert.equal(pseudoLocalize('see https://example.org/a'), '⟦šéé https://example.org/a⟧');
  });
});

describe('unmarkedText', () => {
  it('leaves nothing of marked text, nested marks, allowed strings, numbers and symbols', () => {
    const layer = t('Layer {0}', 3);
    assert.equal(unmarkedText(`${pseudoLocalize('Layer {0}').replace('{0}', '3')} · ␣river → 0.25 %`, ['␣river']), null);
    assert.equal(unmarkedText(pseudoLocalize('Attends to {0}').replace('{0}', pseudoLocalize('itself')), []), null);
    assert.equal(layer, 'Layer 3', 'English outside the pseudo-locale');
  });

  it('returns what was never translated, and takes allowed strings only as whole words', () => {
    assert.equal(unmarkedText('Layer 3', []), 'Layer 3');
    assert.equal(unmarkedText(`${pseudoLocalize('Heads')} Mean of heads`, []), 'Mean of heads');
    assert.equal(unmarkedText('On the model', ['On']), 'the model');
    assert.equal(unmarkedText('Onward', ['On']), 'Onward');
  });
});

describe('the Locale handed to a page', () => {
  it('rides in an escaped data attribute that reads back to the same Locale', () => {
    const locale = { language: 'es', pseudo: false, bundle: { ...SPANISH, 'Say "<b>&</b>"': 'Di "<b>&</b>" \'aquí\'' } };
    const html = webviewHtml({
      view: 'side',
      cspSource: 'https://r',
      nonce: 'n',
      scriptUri: 'https://r/s.js',
      styleUri: 'https://r/v.css',
      title: 'x',
      locale,
    });
    assert.match(html, /<html lang="es">/);
    const attribute = new RegExp(`<meta name="${LOCALE_META}" data-locale="([^"]*)">`).exec(html)?.[1];
    assert.ok(attribute, 'one meta tag with the locale');
    assert.doesNotMatch(attribute, /[<>]/, 'no markup can break out of the attribute');
    const decoded = attribute
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(parseLocale(JSON.parse(decoded)), locale);
  });

  it('is English when absent or malformed', () => {
    const html = webviewHtml({ view: 'panel', cspSource: 'https://r', nonce: 'n', scriptUri: 'https://r/p.js', styleUri: 'https://r/v.css', title: 'x' });
    assert.match(html, /<html lang="en">/);
    assert.deepEqual(parseLocale({ language: 'es', pseudo: 'yes', bundle: {} }), ENGLISH);
    assert.deepEqual(parseLocale(null), ENGLISH);
    assert.deepEqual(parseLocale({ language: 'es', pseudo: false, bundle: { a: 'b', c: 3 } }), { language: 'es', pseudo: false, bundle: { a: 'b' } });
  });
});
