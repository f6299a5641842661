// Numbers per language (numberFormat.ts), as the hovers, the quick picks and the views show them:
// Spanish decimal comma and "12,5 %", English "12.5%", and small probabilities that stay readable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localeCompact, localeDecimal, localeInteger, localePercent, localeWeight, localeWholePercent, MINUS } from '../../../src/protocol/numberFormat';

const NBSP = '\u00a0';
const P = [0.125, 0.412, 1, 0.004, 0.0004, 0.00024, 0.00001, 1e-7, 0, -0.1, Number.NaN];

describe('localePercent', () => {
  it('English: one decimal from 1 %, two significant digits below, a floor, no exponent', () => {
    assert.deepEqual(
      P.map((p) => localePercent(p, 'en')),
      ['12.5%', '41.2%', '100.0%', '0.40%', '0.040%', '0.024%', '0.0010%', '<0.0001%', '0%', '0%', '—'],
    );
  });

  it('Spanish: decimal comma and a no-break space before the sign', () => {
    assert.deepEqual(
      P.map((p) => localePercent(p, 'es')),
      ['12,5 %', '41,2 %', '100,0 %', '0,40 %', '0,040 %', '0,024 %', '0,0010 %', '<0,0001 %', '0 %', '0 %', '—'].map((s) => s.replace(' ', NBSP)),
    );
  });

  it('never writes an exponent, whatever the probability', () => {
    for (let e = -12; e <= 0; e += 0.25) for (const lang of ['en', 'es']) assert.doesNotMatch(localePercent(10 ** e, lang), /e/i, `10^${e}`);
  });
});

describe('decimals, integers and whole percentages', () => {
  it('follow the language', () => {
    assert.deepEqual([localeDecimal(0.25, 3, 'en'), localeDecimal(0.25, 3, 'es'), localeDecimal(5, 2, 'es')], ['0.250', '0,250', '5,00']);
    assert.deepEqual([localeInteger(12345, 'en'), localeInteger(12345, 'es'), localeInteger(Number.NaN, 'es')], ['12,345', '12.345', '—']);
    assert.deepEqual([localeWholePercent(0.4, 'en'), localeWholePercent(0.4, 'es')], ['40%', `40${NBSP}%`]);
  });
});

describe('attention weights', () => {
  it('have three decimals, and two significant digits above zero where three would write none', () => {
    assert.deepEqual(
      [localeWeight(0.237, 'es'), localeWeight(0.00012, 'en'), localeWeight(3e-9, 'en'), localeWeight(0, 'es'), localeWeight(-0.5, 'en')],
      ['0,237', '0.00012', '<0.00000001', '0,000', `${MINUS}0.500`],
    );
  });
});

describe('the minus sign', () => {
  // The Q/K/V inspector writes a score "-6,90" beside the mask's "−∞": one sign, U+2212, for every number in every language.
  it('is U+2212 in decimals, integers, counts and percentages, never the hyphen', () => {
    for (const lang of ['en', 'es']) {
      const written = [localeDecimal(-6.9, 2, lang), localeInteger(-12345, lang), localeCompact(-1.4e6, lang)];
      for (const s of written) {
        assert.ok(s.startsWith(MINUS), `${lang}: ${s}`);
        assert.doesNotMatch(s, /-/, `${lang}: ${s}`);
      }
    }
    assert.equal(localeDecimal(-6.9, 2, 'es'), `${MINUS}6,90`);
  });

  it('is not written for a number that rounds to zero', () => {
    assert.deepEqual([localeDecimal(-0.0001, 2, 'es'), localeDecimal(-0, 3, 'en')], ['0,00', '0.000']);
  });
});
