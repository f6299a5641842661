import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COURSE_VIEWS } from '../../../../src/protocol/course/pack';
import { PANEL_TABS } from '../../../../src/protocol/panelTabs';
import { placeOf } from '../../../../webview/course/place';

describe('where a course unit’s view is in the panel', () => {
  it('a view of the Attention tab opens that tab on it', () => {
    assert.deepEqual(placeOf('heads'), { tab: 'attention', view: 'heads' });
    assert.deepEqual(placeOf('model'), { tab: 'attention', view: 'model' });
  });

  it('a view named after a tab of the registry opens the tab', () => {
    for (const tab of ['predictions', 'compare', 'inside', 'repr', 'bert']) assert.deepEqual(placeOf(tab), { tab });
  });

  it('every view a unit may name opens a tab of the registry', () => {
    const tabs = new Set<string>(PANEL_TABS.map((tab) => tab.id));
    for (const view of COURSE_VIEWS) assert.ok(tabs.has(placeOf(view).tab), `${view} → ${placeOf(view).tab}`);
  });

  it('tokens, and a view the panel lacks, open the matrix', () => {
    assert.deepEqual(placeOf('tokens'), { tab: 'attention', view: 'matrix' });
    assert.deepEqual(placeOf('someday'), { tab: 'attention', view: 'matrix' });
  });
});
