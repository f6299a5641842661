import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeOf } from '../../../../webview/course/place';

describe('where a course unit’s view is in the panel', () => {
  const tabs =
    (...ids: string[]) =>
    (id: string) =>
      ids.includes(id);

  it('a view of the Attention tab opens that tab on it', () => {
    assert.deepEqual(placeOf('heads', tabs('attention')), { tab: 'attention', view: 'heads' });
  });

  it('a view named after a panel tab opens the tab', () => {
    assert.deepEqual(placeOf('bert', tabs('attention', 'bert')), { tab: 'bert' });
    assert.deepEqual(placeOf('predictions', tabs('attention', 'predictions')), { tab: 'predictions' });
  });

  it('a view the panel lacks opens the closest one it has, else the matrix', () => {
    assert.deepEqual(placeOf('bert', tabs('attention')), { tab: 'attention', view: 'matrix' });
    assert.deepEqual(placeOf('tokens', tabs('attention')), { tab: 'attention', view: 'matrix' });
    assert.deepEqual(placeOf('someday', tabs('attention')), { tab: 'attention', view: 'matrix' });
  });
});
