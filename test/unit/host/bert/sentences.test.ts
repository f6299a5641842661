// Sentences for next-sentence prediction (host, no VS Code): the lecture's pair splits in two,
// closing quotes stay with their sentence, a blank line ends a sentence without a full stop, the
// sentence at an offset and the one after it, and a random B that is never A, A's next sentence or
// a copy of either.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomOther, sentenceAfter, sentenceAt, sentencesOf } from '../../../../src/host/bert/sentences';

const words = (text: string): string[] => sentencesOf(text).map((s) => text.slice(s.start, s.end));

describe('sentencesOf', () => {
  it('splits at . ! ? followed by white space, keeping closing quotes, without the spaces around', () => {
    assert.deepEqual(words('  I am going outside. I will be back after 6.  '), ['I am going outside.', 'I will be back after 6.']);
    assert.deepEqual(words('He said "stop!" Then he left? Yes…'), ['He said "stop!"', 'Then he left?', 'Yes…']);
    assert.deepEqual(words('3.14 is pi. e.g.x'), ['3.14 is pi.', 'e.g.x']);
  });

  it('keeps Spanish closing quotes « » with their sentence, as it keeps ” (a student’s own Spanish text)', () => {
    assert.deepEqual(words('Me preguntó: «¿Vienes?» Le dije que sí. ¡Hasta luego!'), ['Me preguntó: «¿Vienes?»', 'Le dije que sí.', '¡Hasta luego!']);
    assert.deepEqual(words('Dijo «vuelvo a las seis». Luego salió.'), ['Dijo «vuelvo a las seis».', 'Luego salió.']);
  });

  it('does not end a sentence at the full stop of a title or a common abbreviation (Sr., Dra., Mr., p. ej., e.g.)', () => {
    assert.deepEqual(words('El Sr. García llegó tarde. La Dra. Ruiz lo esperaba.'), ['El Sr. García llegó tarde.', 'La Dra. Ruiz lo esperaba.']);
    assert.deepEqual(words('Mr. Smith left. Frutas, p. ej. manzanas. Fruit, e.g. apples.'), [
      'Mr. Smith left.',
      'Frutas, p. ej. manzanas.',
      'Fruit, e.g. apples.',
    ]);
    // A word that only looks like one still ends its sentence: "etc." often does.
    assert.deepEqual(words('Compré pan, leche, etc. Luego volví.'), ['Compré pan, leche, etc.', 'Luego volví.']);
  });

  it('ends a sentence at a blank line, and keeps a last sentence without a full stop', () => {
    assert.deepEqual(words('A title\n\nThe text starts here\nand goes on'), ['A title', 'The text starts here\nand goes on']);
    assert.deepEqual(words(''), []);
    assert.deepEqual(words(' \n\n '), []);
  });

  it('ends a sentence at a blank line of a file with CRLF line ends (Windows) too', () => {
    assert.deepEqual(words('A title\r\n\r\nThe text starts here\r\nand goes on'), ['A title', 'The text starts here\r\nand goes on']);
    assert.deepEqual(words('A title\r\n \t\r\nThe text'), ['A title', 'The text'], 'a blank line holding spaces');
    assert.deepEqual(words('One\r\n\r\n\r\nTwo\r\n'), ['One', 'Two']);
  });
});

describe('sentenceAt and sentenceAfter', () => {
  const text = 'One. Two. Three.';
  const spans = sentencesOf(text);
  it('finds the sentence holding an offset, or the one before a gap', () => {
    assert.equal(sentenceAt(spans, 0), 0);
    assert.equal(sentenceAt(spans, 4), 0, 'the space after "One."');
    assert.equal(sentenceAt(spans, 6), 1);
    assert.equal(sentenceAt(spans, text.length), 2);
    assert.equal(sentenceAt([], 3), -1);
  });
  it('gives the sentence after an end, or null at the last', () => {
    assert.deepEqual(sentenceAfter(spans, spans[0].end), spans[1]);
    assert.equal(sentenceAfter(spans, spans[2].end), null);
  });
});

describe('randomOther', () => {
  it('never gives A, the sentence after A, or a copy of either', () => {
    const text = 'A one. B two. A one. C three. B two.';
    const spans = sentencesOf(text);
    for (let k = 0; k < 20; k++) {
      const s = randomOther(text, spans, 'A one.', 'B two.', k / 20);
      assert.ok(s);
      assert.equal(text.slice(s.start, s.end), 'C three.');
    }
    assert.equal(randomOther('A one. B two.', sentencesOf('A one. B two.'), 'A one.', 'B two.', 0.5), null);
  });
});
