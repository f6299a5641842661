// package.json's contributions against the code: settings ↔ the Config schema, commands ↔ COMMANDS,
// menus and keybindings naming only real commands, theme colours ↔ the ids the code uses, and the
// snapshot reader's validation.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, HIDDEN_COMMANDS, PANEL_VIEW_TYPE, SIDE_VIEW, VIEW_CONTAINER } from '../../../src/host/commands';
import { readConfig, SECTION, SETTINGS } from '../../../src/host/config';
import { THEME_COLORS } from '../../../src/host/editor/themeColors';
import { ROOT } from '../../support/paths';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: string[]; minimum?: number; maximum?: number }> };
    menus: Record<string, { command: string; when?: string }[]>;
    keybindings: { command: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; type: string }[]>;
    colors: { id: string; description: string; defaults: Record<string, string> }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json contributions', () => {
  it('declares exactly the settings of the Config type, with the same types, defaults, enums and bounds', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(props).sort(),
      Object.keys(SETTINGS)
        .map((k) => `${SECTION}.${k}`)
        .sort(),
    );
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const p = props[`${SECTION}.${key}`];
      assert.equal(p.type, spec.type, key);
      assert.deepEqual(p.default, spec.default, key);
      if ('enum' in spec && spec.enum) assert.deepEqual(p.enum, [...spec.enum], key);
      if (spec.type === 'integer') assert.deepEqual([p.minimum, p.maximum], [spec.minimum, spec.maximum], key);
    }
  });

  it('contributes every command id in COMMANDS, and no other, under the category Attention Lens', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    // The category is localized (package.nls.json); every command shares the one key.
    for (const c of manifest.contributes.commands) assert.equal(c.category, '%category%');
    assert.equal((JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>).category, 'Attention Lens');
  });

  it('hides argument-taking commands from the palette and names only real commands in menus and keybindings', () => {
    const ids = new Set<string>(Object.values(COMMANDS));
    const palette = manifest.contributes.menus.commandPalette;
    for (const hidden of HIDDEN_COMMANDS)
      assert.ok(
        palette.some((m) => m.command === hidden && m.when === 'false'),
        hidden,
      );
    for (const list of Object.values(manifest.contributes.menus)) for (const m of list) assert.ok(ids.has(m.command), m.command);
    for (const k of manifest.contributes.keybindings) assert.ok(ids.has(k.command), k.command);
    assert.ok(manifest.contributes.menus['editor/context'].some((m) => m.command === COMMANDS.analyzeSelection));
    assert.ok(manifest.contributes.keybindings.some((k) => k.command === COMMANDS.analyzeSelection));
  });

  it('offers in the palette only with an editor open the commands its keys and context menu offer only in an editor', () => {
    const palette = manifest.contributes.menus.commandPalette;
    const keybindings = manifest.contributes.keybindings as { command: string; when?: string }[];
    const editorOnly = new Set(
      [...keybindings, ...manifest.contributes.menus['editor/context']].filter((k) => k.when?.includes('editorTextFocus')).map((k) => k.command),
    );
    assert.ok(editorOnly.size > 0);
    for (const command of editorOnly)
      assert.ok(
        palette.some((m) => m.command === command && m.when?.includes('editorIsOpen')),
        `${command}: the palette offers it with no editor open`,
      );
  });

  it('declares the side view, its container and icon, the panel activation, and points main at the bundle', () => {
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER);
    assert.deepEqual(
      manifest.contributes.views[VIEW_CONTAINER].map((v) => [v.id, v.type]),
      [[SIDE_VIEW, 'webview']],
    );
    assert.ok(readFileSync(path.join(ROOT, manifest.contributes.viewsContainers.activitybar[0].icon), 'utf8').includes('<svg'));
    assert.deepEqual(manifest.activationEvents, [`onWebviewPanel:${PANEL_VIEW_TYPE}`], 'no start-up activation');
    assert.equal(manifest.main, './dist/extension.cjs');
  });
});

/** Every literal `attentionLens.…` id given to a ThemeColor or a `--vscode-attentionLens-…` variable in the sources. */
function colourIdsInSources(): Set<string> {
  const ids = new Set<string>();
  for (const dir of ['src', 'webview'])
    for (const file of readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!/\.(ts|css)$/.test(file)) continue;
      const text = readFileSync(path.join(ROOT, dir, file), 'utf8');
      for (const m of text.matchAll(/ThemeColor\(\s*['"`](attentionLens\.[\w.]+)['"`]/g)) ids.add(m[1]);
      for (const m of text.matchAll(/--vscode-attentionLens-([\w-]+)/g)) ids.add(`attentionLens.${m[1].replaceAll('-', '.')}`);
    }
  return ids;
}

describe('contributed theme colours', () => {
  const contributed = manifest.contributes.colors.map((c) => c.id);

  it('are exactly the ids the decorations use, each once', () => {
    assert.deepEqual([...contributed].sort(), [...THEME_COLORS].sort());
    assert.equal(new Set(contributed).size, contributed.length);
  });

  it('cover every colour id written out in the sources (host ThemeColors, webview CSS variables)', () => {
    const used = colourIdsInSources();
    assert.ok(used.size > 0, 'the side view reads the surprisal colours');
    for (const id of used) assert.ok(contributed.includes(id), `${id} is contributed`);
  });

  it('give each colour a description and a #RRGGBBAA default for light, dark and both high-contrast themes', () => {
    for (const c of manifest.contributes.colors) {
      assert.ok(c.description.length > 0, c.id);
      assert.deepEqual(Object.keys(c.defaults).sort(), ['dark', 'highContrast', 'highContrastLight', 'light'], c.id);
      for (const value of Object.values(c.defaults)) assert.match(value, /^#[0-9A-F]{8}$/, c.id);
    }
  });
});

describe('readConfig', () => {
  it('returns the defaults for missing values and for values of the wrong type or out of range', () => {
    const config = readConfig((key) => ({ maxTokens: 'many', device: 'gpu', topK: 0, defaultLayer: 3, analyzeWith: 'encoder' })[key]);
    assert.equal(config.maxTokens, 512);
    assert.equal(config.device, 'cpu');
    assert.equal(config.topK, 10);
    assert.equal(config.defaultLayer, 3);
    assert.equal(config.analyzeWith, 'encoder');
    assert.equal(config.allowRemoteModels, true);
    assert.ok(Object.isFrozen(config));
  });
});
