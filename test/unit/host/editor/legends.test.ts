// The side view's two legends (buckets.ts) and the colours they describe (package.json
// contributes.colors): the spotlight's weight buckets and the surprisal bands, each labelled, and
// in colour families far enough apart to tell the two decorations apart when both are on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WEIGHT_BUCKETS, weightBucket, weightLegend } from '../../../../src/host/editor/buckets';
import { SPOTLIGHT_COLORS, SURPRISAL_COLORS } from '../../../../src/host/editor/themeColors';
import { ROOT } from '../../../support/paths';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { colors: { id: string; defaults: Record<string, string> }[] };
};

/** The hue (degrees) of a #RRGGBB[AA] colour. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const distance = (a: number, b: number): number => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe('the spotlight legend', () => {
  it('labels each weight bucket by its share of the strongest weight, matching weightBucket', () => {
    const labels = weightLegend();
    assert.equal(labels.length, WEIGHT_BUCKETS);
    assert.deepEqual(labels, ['5–20% of the strongest', '20–40%', '40–60%', '60–80%', '80–100%, outlined']);
    // Each label's lower edge falls in its bucket (just above the edge, as weightBucket rounds).
    [0.05, 0.2, 0.4, 0.6, 0.8].forEach((edge, b) => assert.equal(weightBucket(edge + 1e-6, 1), b));
  });
});

describe('colour families', () => {
  it('the spotlight is one hue, and every surprisal band is far from it in every theme', () => {
    const byId = new Map(manifest.contributes.colors.map((c) => [c.id, c.defaults]));
    for (const theme of ['dark', 'light', 'highContrast', 'highContrastLight']) {
      const spot = SPOTLIGHT_COLORS.map((id) => hue(byId.get(id)![theme]));
      assert.ok(
        spot.every((h) => distance(h, spot[0]) < 1),
        `${theme}: one spotlight hue`,
      );
      for (const id of SURPRISAL_COLORS) {
        const h = hue(byId.get(id)![theme]);
        assert.ok(
          distance(h, spot[0]) >= 45,
          `${theme}: ${id} (hue ${h.toFixed(0)}°) is ${distance(h, spot[0]).toFixed(0)}° from the spotlight's ${spot[0].toFixed(0)}°`,
        );
      }
    }
  });
});
