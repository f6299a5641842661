// What Compare Encoder and Decoder says about a word the tokenizers split (compareGuess.ts): the
// decoder's probability is the whole word's (its tokens' probabilities multiplied, their surprisal
// summed), never its first piece's alone; the encoder's fillers are whole words when the engine found some.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenInfo, TokenSurprise } from '../../../src/protocol/analysis';
import { decoderWordGuess, encoderWordGuess, wordPositions } from '../../../src/host/commands/compareGuess';
import { wordAround } from '../../../src/protocol/wordChars';

// "El gato duerme" analyzed from document offset 100: El | " g" | "ato" | " du" | "erme".
const pieces: [string, number, number][] = [
  ['El', 0, 2],
  [' g', 2, 4],
  ['ato', 4, 7],
  [' du', 7, 10],
  ['erme', 10, 14],
];
const tokens: TokenInfo[] = pieces.map(([text, start, end], i) => ({ text, id: 10 + i, special: false, masked: false, start, end, word: i }));
const surprise = (position: number, p: number, rank: number): TokenSurprise => ({
  position,
  p,
  rank,
  surprisal: -Math.log2(p),
  top: [{ token: ' perro', id: 99, p: 0.2 }],
});
const perToken = [surprise(1, 0.0003, 334), surprise(2, 0.0086, 15), surprise(3, 0.01, 40), surprise(4, 0.5, 1)];
const BASE = 100;

describe('the decoder’s view of the word at the cursor', () => {
  it('a word of two tokens: their probabilities multiplied, surprisal summed; rank and expectations of its first token', () => {
    // "gato" is document characters 103–107 (the space before it belongs to " g").
    assert.deepEqual(wordPositions(tokens, BASE, 103, 107), [1, 2]);
    const d = decoderWordGuess(tokens, perToken, BASE, 103, 107);
    assert.ok(d);
    assert.equal(d.pieces, 2);
    assert.ok(Math.abs(d.p - 0.0003 * 0.0086) < 1e-12, `the word's probability is the product, not the first piece's 0.0003: ${d.p}`);
    assert.ok(Math.abs(d.surprisal - (-Math.log2(0.0003) - Math.log2(0.0086))) < 1e-9);
    assert.equal(d.rank, 334);
    assert.equal(d.expected[0].token, ' perro');
  });

  it('a word of one token is that token’s figures', () => {
    const one: TokenInfo[] = [...tokens.slice(0, 3), { ...tokens[3], text: ' duerme', end: 14 }];
    const d = decoderWordGuess(one, perToken.slice(0, 3), BASE, 108, 114);
    assert.deepEqual(d && { p: d.p, rank: d.rank, pieces: d.pieces }, { p: 0.01, rank: 40, pieces: 1 });
  });

  it('no figure when a piece has none (the text’s first token has no text before it)', () => {
    assert.equal(decoderWordGuess(tokens, perToken, BASE, 100, 102), null);
    assert.equal(decoderWordGuess(tokens, perToken.slice(1), BASE, 103, 107), null, 'its first piece unpredicted: not the rest alone');
  });
});

describe('the encoder’s fillers for the masked word', () => {
  const firstPiece = [{ token: ' sur', id: 7, p: 0.045 }];
  it('whole words when the engine found them: the word’s text, its pieces’ joint probability', () => {
    const fill = { mask: 0, pieces: 2, fillers: [{ text: ' perro', ids: [5, 6], p: 0.02 }] };
    assert.deepEqual(encoderWordGuess(fill, firstPiece, 2), {
      encoderFillers: [{ token: 'perro', id: 5, p: 0.02 }],
      encoderWhole: true,
      encoderPieces: 2,
    });
  });
  it('else its first token’s fillers, said to be so', () => {
    assert.deepEqual(encoderWordGuess(undefined, firstPiece, 2), { encoderFillers: firstPiece, encoderWhole: false, encoderPieces: 2 });
  });
});

describe('the word at the cursor', () => {
  // Compare took the language's word pattern: a reStructuredText file's ASCII \w cut "río" to "r", a pattern
  // with "." in it made "río." one word. The word is letters, marks, digits and "_" of any script.
  const TEXT = 'Nadamos en el río. El agua_fría, 3,5 grados.';
  const at = (offset: number): string | null => {
    const w = wordAround(TEXT, offset);
    return w ? TEXT.slice(w.start, w.end) : null;
  };

  it('ends at the punctuation and keeps accented letters, wherever the cursor is in or just after the word', () => {
    const r = TEXT.indexOf('río');
    assert.deepEqual([at(r), at(r + 1), at(r + 2), at(r + 3)], ['río', 'río', 'río', 'río']);
    assert.equal(at(TEXT.indexOf('agua') + 5), 'agua_fría');
    assert.equal(at(TEXT.indexOf('3,5')), '3');
  });

  it('none on whitespace or punctuation between words', () => {
    assert.equal(at(TEXT.indexOf(' en')), 'Nadamos');
    assert.equal(at(TEXT.indexOf('. El') + 1), null);
  });
});
