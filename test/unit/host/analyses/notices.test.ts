// The engine's notices in the UI's language (protocol/notices.ts, host/analyses/notices.ts): each notice is
// written by the engine from its code's English template, read back into code and arguments, and said in
// the UI's language by code, its arguments kept; the English line stays what the engine, CLI and log say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { localizedNotice } from '../../../../src/host/analyses/notices';
import { useLocale } from '../../../../src/host/l10n';
import { ENGLISH } from '../../../../src/protocol/locale';
import { NOTICE_TEMPLATES, noticeLine, readNotice, type NoticeCode } from '../../../../src/protocol/notices';
import { ROOT } from '../../../support/paths';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
const spanish = () => useLocale({ language: 'es', pseudo: false, bundle: SPANISH });

describe('engine notices', () => {
  afterEach(() => useLocale(ENGLISH));

  it('every code reads back from its own line, with its arguments, and as no other code', () => {
    for (const code of Object.keys(NOTICE_TEMPLATES) as NoticeCode[]) {
      const slots = [...NOTICE_TEMPLATES[code].matchAll(/\{(\d)\}/g)].length;
      const args = ['tiny-bert (copy)', 'q8', 'onnx/model_fp16.onnx', 'fp16'].slice(0, slots);
      assert.deepEqual(readNotice(noticeLine(code, ...args)), { code, args }, code);
    }
    assert.equal(readNotice('Analyzed lines 3–7 of 40 (32 of 90 tokens), around the cursor.'), null, "a host's own line is no engine notice");
  });

  it('the weights fallback, in English as the engine says it, in Spanish by its code', () => {
    const line = noticeLine('weights-fallback', 'tiny-bert', 'q8', 'onnx/model_fp16.onnx', 'fp16');
    assert.equal(line, 'model tiny-bert has no q8 weights; ran onnx/model_fp16.onnx (fp16) instead', 'the engine’s words are unchanged');
    assert.equal(localizedNotice(line), 'tiny-bert has no q8 weights; ran onnx/model_fp16.onnx (fp16) instead.');
    spanish();
    assert.equal(localizedNotice(line), 'tiny-bert no tiene pesos q8; se ejecutó onnx/model_fp16.onnx (fp16) en su lugar.');
    assert.equal(localizedNotice('a line from an older engine'), 'a line from an older engine', 'an unknown line passes as it is');
  });

  it('every code has a Spanish sentence in the bundle', () => {
    spanish();
    for (const code of Object.keys(NOTICE_TEMPLATES) as NoticeCode[]) {
      const english = noticeLine(code, '1', '2', '3', '4');
      const said = localizedNotice(english);
      assert.notEqual(said, english, `${code}: translated`);
      useLocale(ENGLISH);
      assert.notEqual(localizedNotice(english), said, `${code}: the Spanish sentence is not the English one`);
      spanish();
    }
  });
});
