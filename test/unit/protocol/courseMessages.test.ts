// The Course tab's messages (protocol/courseMessages.ts) and the guards both ends run: the host
// takes only the four actions, exactly shaped, from the page (untrusted content); the page takes only a
// unit whose answer, if any, is one of its choices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCourseAction, isCourseMessage, type CourseMessage } from '../../../src/protocol/courseMessages';
import { isHostMessage, isWebviewMessage } from '../../../src/protocol/messageGuards';

const UNIT: CourseMessage = {
  packId: 'transformers-es',
  packTitle: 'Transformers',
  index: 1,
  total: 11,
  done: 1,
  unitId: 'positions',
  section: 'Codificación posicional',
  title: 'Dónde está cada palabra',
  markdown: 'La atención **no** ve el orden.',
  view: 'bert',
  prompt: '¿2 o 50?',
  choices: ['2', '50'],
  hints: ['una pista'],
  tryOwn: 'prueba',
  glossary: [{ id: 'positional-encoding', term: 'codificación posicional', definition: '…' }],
  answered: null,
  problem: null,
  bringForward: false,
  tabSize: 4,
};

describe('course messages', () => {
  it('the page may start, open a unit, reset and answer: nothing else, nothing more', () => {
    for (const ok of [{ do: 'start' }, { do: 'reset' }, { do: 'open', index: 3 }, { do: 'answer', unitId: 'next-sentence', choice: 1 }])
      assert.equal(isWebviewMessage('course', ok), true, JSON.stringify(ok));
    for (const bad of [
      { do: 'open', index: -1 },
      { do: 'open', index: 1.5 },
      { do: 'open', index: 2, extra: true },
      { do: 'answer', unitId: '../x', choice: 0 },
      { do: 'answer', unitId: 'tokens', choice: 99 },
      { do: 'reset', index: 0 },
      { do: 'run', command: 'workbench.action.quit' },
      null,
      'start',
    ])
      assert.equal(isCourseAction(bad), false, JSON.stringify(bad));
  });

  it('the page takes a unit, or null, and refuses an answer outside the choices or a unit past the end', () => {
    assert.equal(isHostMessage('course', UNIT), true);
    assert.equal(isHostMessage('course', null), true);
    assert.equal(isHostMessage('course', { ...UNIT, choices: null }), true, 'while the unit is analyzed');
    assert.equal(isCourseMessage({ ...UNIT, answered: { choice: 1, answer: 0, right: false, said: 'El modelo: 2.' } }), true);
    assert.equal(isCourseMessage({ ...UNIT, answered: { choice: 2, answer: 0, right: false, said: '' } }), false);
    assert.equal(isCourseMessage({ ...UNIT, choices: null, answered: { choice: 0, answer: 0, right: true, said: '' } }), false);
    assert.equal(isCourseMessage({ ...UNIT, index: 11 }), false);
    assert.equal(isCourseMessage({ ...UNIT, done: 12 }), false);
    assert.equal(isCourseMessage({ ...UNIT, markdown: 'x'.repeat(100_001) }), false);
    assert.equal(isCourseMessage({ ...UNIT, hints: [1] }), false);
    assert.equal(isCourseMessage({ ...UNIT, bringForward: 'yes' }), false);
    assert.equal(isCourseMessage({ ...UNIT, tabSize: 0 }), false);
    assert.equal(isCourseMessage({ ...UNIT, tabSize: 2.5 }), false);
    assert.equal(isCourseMessage({ ...UNIT, tabSize: 101 }), false);
  });
});
