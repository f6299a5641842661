// The editor decorations' colours leave the text under them readable in every kind of theme: the
// default text colour over each contributed background (composited on the editor's background) keeps
// WCAG's 4.5:1 for normal text in light and dark themes, and 7:1 in the high-contrast ones, whose
// users chose them for contrast. The themes are VS Code's defaults of each kind (Dark Modern and
// Light Modern, whose text is the palest of their families; High Contrast and High Contrast Light).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../../support/paths';

const THEMES: Record<string, { readonly background: string; readonly text: string; readonly ratio: number }> = {
  dark: { background: '#1F1F1F', text: '#CCCCCC', ratio: 4.5 },
  light: { background: '#FFFFFF', text: '#3B3B3B', ratio: 4.5 },
  highContrast: { background: '#000000', text: '#FFFFFF', ratio: 7 },
  highContrastLight: { background: '#FFFFFF', text: '#292929', ratio: 7 },
};

const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const alpha = (hex: string): number => (hex.length > 7 ? parseInt(hex.slice(7, 9), 16) / 255 : 1);
const channel = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = ([r, g, b]: number[]): number => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
const contrast = (a: number[], b: number[]): number => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05);

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { colors: { id: string; defaults: Record<string, string> }[] };
};

describe('decoration colours and the text under them', () => {
  it('keep the default text readable in dark, light and high-contrast themes', () => {
    const unreadable: string[] = [];
    for (const colour of manifest.contributes.colors)
      for (const [kind, theme] of Object.entries(THEMES)) {
        const value = colour.defaults[kind];
        const a = alpha(value);
        const under = rgb(theme.background);
        const shown = rgb(value).map((c, i) => c * a + under[i] * (1 - a));
        const ratio = contrast(shown, rgb(theme.text));
        if (ratio < theme.ratio) unreadable.push(`${colour.id} ${kind} ${value}: ${ratio.toFixed(2)}:1`);
      }
    assert.deepEqual(unreadable, []);
  });

  it('grade each family from faint to strong (a bucket more opaque than the one before it)', () => {
    for (const family of ['spotlightBackground', 'settlingBackground'])
      for (const kind of Object.keys(THEMES)) {
        const alphas = manifest.contributes.colors.filter((c) => c.id.startsWith(`attentionLens.${family}`)).map((c) => alpha(c.defaults[kind]));
        for (let b = 1; b < alphas.length; b++) assert.ok(alphas[b] > alphas[b - 1], `${family} ${kind}: bucket ${b}`);
      }
  });
});
