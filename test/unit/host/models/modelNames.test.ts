// A model's name in the status bar and Select Model (statusText.ts shownModel): a newline in a local
// folder's name is escaped (\x0A), not shown as a space, which would read as another folder's name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelStatus } from '../../../../src/protocol/webviewApi';
import { loadingTitle, noConfigMessage } from '../../../../src/host/models/modelNames';
import { shownModel, statusText, statusTooltip } from '../../../../src/host/models/statusText';

const status: ModelStatus = { model: 'tiny\ngpt $(alert)', kind: 'decoder', state: 'ready', detail: 'ready', progress: null };

describe('a model folder’s name with a newline', () => {
  it('the status bar’s text and tooltip escape the newline, and a "$(" stays text', () => {
    assert.equal(statusText(status), '$(telescope) tiny\\x0Agpt $\u200b(alert)');
    assert.ok(statusTooltip(status).includes('tiny\\x0Agpt $(alert)'), statusTooltip(status));
  });

  it('Select Model’s line of the models in use writes it the same way, within its length', () => {
    assert.equal(shownModel('tiny\ngpt $(alert)'), 'tiny\\x0Agpt $\u200b(alert)');
    assert.equal(shownModel(shownModel('a\nb')), shownModel('a\nb'), 'idempotent');
    assert.ok([...shownModel('x'.repeat(500))].length <= 120);
  });
});

describe('a model folder named in a notification', () => {
  it('Select Model’s folder without config.json is named from ~, its newline escaped', () => {
    const message = noConfigMessage('/home/me/models/a\nb', '/home/me');
    assert.ok(message.includes('~/models/a\\x0Ab has no readable config.json'), message);
  });

  it('the loading notification’s title escapes a newline in the folder’s name', () => {
    assert.equal(loadingTitle('tiny\ngpt'), 'Attention Lens: loading tiny\\x0Agpt');
  });
});
