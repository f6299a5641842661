// What a course failure says to a student: a question the model's evidence cannot answer in the
// UI's language (the message stays English for the log), an engine failure by its code, and a
// pack's or model's text neutralised, with a "$(" kept as text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { choiceLabel, courseProblem, modelSaid, unitPickTitle } from '../../../../src/host/course/courseText';
import { useLocale } from '../../../../src/host/l10n';
import { CourseError, parsePack } from '../../../../src/protocol/course/pack';
import { askQuestion, QuestionError, rowsNeeded, wordTokens } from '../../../../src/protocol/course/questions';
import { ENGLISH } from '../../../../src/protocol/locale';
import { ROOT } from '../../../support/paths';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
const spanish = (): void => useLocale({ language: 'es', pseudo: false, bundle: SPANISH });

/** What `work` throws (a test fails if it throws nothing). */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return assert.fail('nothing was thrown');
}

describe('courseProblem', () => {
  afterEach(() => useLocale(ENGLISH));

  it('says why a question cannot be asked in the UI’s language, with the word neutralised; the message stays English', () => {
    const error = thrown(() => wordTokens('orilla\u202E', 'el río', []));
    assert.ok(error instanceof QuestionError);
    assert.equal(error.message, '“orilla\u202E” is not in the analyzed text');
    assert.equal(courseProblem(error), '“orilla\\u202E” is not in the analyzed text');
    spanish();
    assert.equal(courseProblem(error), '«orilla\\u202E» no está en el texto analizado');
  });

  it('words every question the evidence cannot answer through the bundle', () => {
    spanish();
    const asked = (kind: string): string =>
      courseProblem(
        thrown(() =>
          askQuestion({ kind, prompt: 'p', followers: ['a', 'b'], position: 0, compare: [1, 2], labels: ['x', 'y'], layer: 0 } as never, {
            passage: '',
            tokens: [],
          }),
        ),
      );
    assert.equal(asked('nextToken'), 'el modelo no dio candidatos para el siguiente token');
    assert.equal(asked('maskedWord'), 'el modelo no dio candidatos para la palabra enmascarada');
    assert.equal(asked('nextSentence'), 'el modelo no dio probabilidades de la siguiente oración');
    assert.equal(asked('positions'), 'la tabla de posiciones no llega a la posición 2');
    assert.equal(asked('senses'), 'el experimento no midió ninguna capa');
  });

  it('words a pack that does not check in the UI’s language, its file and fields as they are', () => {
    const error = thrown(() => parsePack({ format: 1, id: 'Curso Uno', language: 'es', title: 't', units: [] }, 'profe/pack.json'));
    assert.ok(error instanceof CourseError);
    assert.equal(error.message, 'profe/pack.json: pack.id: "Curso Uno" must be kebab-case');
    spanish();
    assert.equal(courseProblem(error), 'profe/pack.json: pack.id: «Curso Uno» debe ir en kebab-case');
  });

  it('gives an engine failure its headline by code, and other errors neutralised as they are', () => {
    spanish();
    assert.equal(courseProblem(new EngineError('network', 'fetch failed')), 'No se pudo descargar el modelo: fetch failed');
    assert.equal(courseProblem(new Error('pack.json: x\u001b[2J')), 'pack.json: x\\x1B[2J');
  });
});

describe('unitPickTitle', () => {
  afterEach(() => useLocale(ENGLISH));

  it('names the lecture’s section the unit follows, as the Course tab does, in the UI’s language', () => {
    const pack = JSON.parse(readFileSync(path.join(ROOT, 'media/course/es/pack.json'), 'utf8')) as { units: { title: string; section: string }[] };
    spanish();
    assert.equal(unitPickTitle(2, 22, pack.units[2]), 'Unidad 3 de 22: Todos los tokens a la vez (en la clase: Redes neuronales recurrentes)');
    useLocale(ENGLISH);
    assert.equal(unitPickTitle(0, 1, { title: 'T', section: 'S\u202E' }), 'Unit 1 of 1: T (in the lecture: S\\u202E)');
  });
});

describe('choiceLabel', () => {
  it('keeps a model’s "$(" as text and shows a token’s whitespace', () => {
    assert.equal(choiceLabel('nextToken', '$(zap)'), '$\u200b(zap)');
    assert.equal(choiceLabel('fineTune', 'good\u202E'), 'good\\u202E');
  });
});

describe('modelSaid', () => {
  afterEach(() => useLocale(ENGLISH));

  it('says whose probability an ablation’s figures are: the first candidate with the heads and without, not the answer’s chance', () => {
    const asked = askQuestion(
      { kind: 'ablation', prompt: 'p', heads: [{ layer: 0, head: 1 }], labels: ['Sigue igual', 'Cambia'] },
      { passage: 'x', tokens: [], next: [{ token: ' el', p: 0.4 }], ablatedNext: [{ token: ' el', p: 0.4831 }] },
    );
    spanish();
    assert.equal(modelSaid('ablation', asked, true), '¡Correcto! El modelo: Sigue igual (con las cabezas: ␣el, 40,0\u00a0%; sin ellas: ␣el, 48,3\u00a0%).');
    useLocale(ENGLISH);
    assert.equal(modelSaid('ablation', asked, null), 'The model: Sigue igual (with the heads: ␣el, 40.0%; heads off: ␣el, 48.3%).');
  });

  it('says what a percentage is: the candidate’s probability, P(IsNext) of the sentence, the label’s probability (never a bare «12,5 %»)', () => {
    const next = askQuestion({ kind: 'nextToken', prompt: 'p' }, { passage: 'x', tokens: [], next: [{ token: ' en', p: 0.125 }] });
    const masked = askQuestion({ kind: 'maskedWord', prompt: 'p' }, { passage: 'x', tokens: [], fillers: [{ token: 'mar', p: 0.5 }] });
    const pair = askQuestion({ kind: 'nextSentence', prompt: 'p', followers: ['B1', 'B2'] }, { passage: 'x', tokens: [], isNext: [0.973, 0.2] });
    const tuned = askQuestion(
      { kind: 'fineTune', prompt: 'p' },
      { passage: 'x', tokens: [], fineTuned: { labels: ['buena', 'mala'], label: 'mala', probability: 0.8, accuracy: 0.5, baseline: 0.5 } },
    );
    spanish();
    assert.equal(modelSaid('nextToken', next, true), '¡Correcto! El modelo: ␣en (probabilidad 12,5\u00a0%).');
    assert.equal(modelSaid('maskedWord', masked, null), 'El modelo: mar (probabilidad 50,0\u00a0%).');
    assert.equal(modelSaid('nextSentence', pair, null), 'El modelo: B1 (P(IsNext) 97,3\u00a0%).');
    assert.match(modelSaid('fineTune', tuned, null), /^El modelo: mala \(probabilidad 80,0\u00a0%\)\./);
    useLocale(ENGLISH);
    assert.equal(modelSaid('nextToken', next, null), 'The model: ␣en (probability 12.5%).');
  });

  it('sets the head’s cross-validated accuracy beside always answering the most common label, as the BERT tab does, not beside one over the labels', () => {
    // A teacher's pack of six good reviews and two bad: "good" every time is right 75 % of the time, not 50 %.
    const tuned = askQuestion(
      { kind: 'fineTune', prompt: 'p' },
      { passage: 'x', tokens: [], fineTuned: { labels: ['buena', 'mala'], label: 'buena', probability: 0.9, accuracy: 0.625, baseline: 0.75 } },
    );
    assert.equal(
      modelSaid('fineTune', tuned, null),
      'The model: buena (probability 90.0%). Cross-validated, the head labels 62.5% of the lines it did not see right; always answering the most common label, 75.0%.',
    );
  });

  it('gives a fine-tuned label with the head’s cross-validated accuracy beside a guess’s: the label’s probability alone overstates it', () => {
    const tuned = askQuestion(
      { kind: 'fineTune', prompt: 'p' },
      { passage: 'x', tokens: [], fineTuned: { labels: ['buena', 'mala'], label: 'mala', probability: 0.7, accuracy: 0.25, baseline: 0.5 } },
    );
    spanish();
    assert.equal(
      modelSaid('fineTune', tuned, false),
      'Esta vez no. El modelo: mala (probabilidad 70,0\u00a0%). Con validación cruzada, el clasificador acierta el 25,0\u00a0% de las líneas que no vio; responder siempre la etiqueta más frecuente, el 50,0\u00a0%.',
    );
    useLocale(ENGLISH);
    assert.equal(
      modelSaid('fineTune', tuned, null),
      'The model: mala (probability 70.0%). Cross-validated, the head labels 25.0% of the lines it did not see right; always answering the most common label, 50.0%.',
    );
  });

  it('says where the hidden word is among the encoder’s fillers: a student otherwise takes «no» for a guess at «río»', () => {
    const fillers = [
      { token: ' no', p: 0.072 },
      { token: ' que', p: 0.055 },
      { token: ' Río', p: 0.02 },
    ];
    const found = askQuestion({ kind: 'maskedWord', prompt: 'p', word: 'río' }, { passage: 'x', tokens: [], fillers });
    const missing = askQuestion({ kind: 'maskedWord', prompt: 'p', word: 'río' }, { passage: 'x', tokens: [], fillers: fillers.slice(0, 2) });
    spanish();
    assert.equal(
      modelSaid('maskedWord', found, true),
      '¡Correcto! El modelo: ␣no (probabilidad 7,2\u00a0%). La palabra oculta, «río», es su propuesta n.º 3 (probabilidad 2,0\u00a0%).',
    );
    assert.equal(
      modelSaid('maskedWord', missing, null),
      'El modelo: ␣no (probabilidad 7,2\u00a0%). La palabra oculta, «río», no está entre sus 2 primeras propuestas.',
    );
    useLocale(ENGLISH);
    assert.equal(modelSaid('maskedWord', found, null), 'The model: ␣no (probability 7.2%). The hidden word, “río”, is its proposal no. 3 (probability 2.0%).');
    assert.equal(modelSaid('maskedWord', missing, null), 'The model: ␣no (probability 7.2%). The hidden word, “río”, is not among its first 2 proposals.');
  });

  it('says when the likeliest B is still under 50 %: the model would call every B NotNext', () => {
    const low = askQuestion({ kind: 'nextSentence', prompt: 'p', followers: ['B1', 'B2'] }, { passage: 'x', tokens: [], isNext: [0.0166, 0.0066] });
    const high = askQuestion({ kind: 'nextSentence', prompt: 'p', followers: ['B1', 'B2'] }, { passage: 'x', tokens: [], isNext: [0.2, 0.973] });
    spanish();
    assert.equal(
      modelSaid('nextSentence', low, true),
      '¡Correcto! El modelo: B1 (P(IsNext) 1,7\u00a0%). Está por debajo del 50,0\u00a0%: vista sola, el modelo diría que esta B no sigue a A (NotNext), y lo mismo de las demás.',
    );
    assert.equal(modelSaid('nextSentence', high, null), 'El modelo: B2 (P(IsNext) 97,3\u00a0%).');
    useLocale(ENGLISH);
    assert.equal(
      modelSaid('nextSentence', low, null),
      'The model: B1 (P(IsNext) 1.7%). That is under 50.0%: on its own, the model would say this B does not follow A (NotNext), nor do the others.',
    );
  });

  it('writes an attention weight as the matrix writes it (0 to 1, three decimals), not as a percentage', () => {
    const tokens = [' En', ' la', ' orilla', ' del', ' río'].map((text, i) => ({ text, start: i * 3, end: i * 3 + 3, special: false }));
    const passage = 'En la orilla del río';
    const evidence = {
      passage,
      tokens: tokens.map((tk) => ({ ...tk, start: passage.indexOf(tk.text.trim()), end: passage.indexOf(tk.text.trim()) + tk.text.trim().length })),
      rows: new Map([[2, [0.1, 0.05, 0.2, 0.3125, 0.3375]]]),
    };
    const asked = askQuestion({ kind: 'mostAttended', prompt: 'p', word: 'orilla' }, evidence);
    spanish();
    assert.equal(modelSaid('mostAttended', asked, true), '¡Correcto! El modelo: ␣río (peso 0,338).');
    const future = askQuestion(
      { kind: 'futureAttention', prompt: 'p', word: 'la', later: 'río', labels: ['Exactamente cero', 'Más que cero'] },
      {
        ...evidence,
        rows: new Map([[1, [0.5, 0.5, 0, 0, 0]]]),
      },
    );
    assert.equal(modelSaid('futureAttention', future, null), 'El modelo: Exactamente cero (peso 0,000).');
  });
});

describe('modelSaid, a row whose brightest cell is a special token', () => {
  afterEach(() => useLocale(ENGLISH));

  it('says that [CLS] outweighs the answer, with its weight, as the matrix shows the row', () => {
    // The embedded encoder on "En la orilla del río había piedras", last layer: the row of « or» gives
    // [CLS] 0.168, « del» 0.133: the choices are words, the matrix's brightest cell is [CLS].
    const pieces = ['[CLS]', ' En', ' la', ' or', 'illa', ' del', ' río', '[SEP]'];
    const passage = 'En la orilla del río';
    let at = 0;
    const tokens = pieces.map((text) => {
      if (text.startsWith('[')) return { text, start: null, end: null, special: true };
      const start = passage.indexOf(text.trim(), at);
      at = start + text.trim().length;
      return { text, start, end: at, special: false };
    });
    const rows = new Map([[3, [0.168, 0.1, 0.12, 0.1, 0.127, 0.133, 0.1, 0.152]]]);
    const asked = askQuestion({ kind: 'mostAttended', prompt: 'p', word: 'orilla' }, { passage, tokens, rows });
    assert.equal(asked.choices[asked.answer], ' del', 'the choices stay the words');
    assert.equal(
      modelSaid('mostAttended', asked, true),
      'Right. The model, in the row of ␣or: ␣del (weight 0.133). Of all the row’s keys, [CLS] weighs more (weight 0.168): a special token or whitespace, not a word of the text, so not among the choices; it is the brightest cell of the row in the matrix.',
    );
    spanish();
    assert.match(modelSaid('mostAttended', asked, null), /De todas las Keys de la fila, \[CLS\] pesa más \(peso 0,168\)/);
    // A word that outweighs every special token: nothing more is said.
    const plain = askQuestion(
      { kind: 'mostAttended', prompt: 'p', word: 'orilla' },
      { passage, tokens, rows: new Map([[3, [0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.1, 0.1]]]) },
    );
    assert.equal(plain.brighter, undefined);
    assert.doesNotMatch(modelSaid('mostAttended', plain, null), /Keys de la fila/);
  });
});

describe('modelSaid, a cosine answer', () => {
  afterEach(() => useLocale(ENGLISH));

  it('gives the measured cosine once: the label’s own bracket (its rule for the choices) gives way to the figure', () => {
    const asked = askQuestion(
      { kind: 'senses', prompt: 'p', word: 'banco', labels: ['Idénticos (coseno 1)', 'Distintos (coseno menor que 1)'], layer: 0 },
      { passage: 'x', tokens: [], layers: [{ layer: 0, cosine: 1 }] },
    );
    spanish();
    assert.equal(modelSaid('senses', asked, true), '¡Correcto! El modelo: Idénticos (similitud coseno 1,0000).');
    const order = askQuestion(
      { kind: 'wordOrder', prompt: 'p', labels: ['Identical (cosine 1)', 'Different (cosine below 1)'], layer: -1 },
      {
        passage: 'x',
        tokens: [],
        layers: [
          { layer: 0, cosine: 1 },
          { layer: 1, cosine: 0.98765 },
        ],
      },
    );
    useLocale(ENGLISH);
    assert.equal(modelSaid('wordOrder', order, null), 'The model: Different (cosine similarity 0.9877).');
  });

  it('keeps a token’s brackets: a token choice is the model’s text, not a label', () => {
    assert.equal(choiceLabel('nextToken', 'f()'), 'f()');
  });
});

describe('modelSaid, a far token’s weight', () => {
  afterEach(() => useLocale(ENGLISH));

  it('never says "More than zero" beside 0.000: a weight under 0.0005 gets two significant digits', () => {
    const passage = 'La carta llegó';
    const tokens = [' La', ' carta', ' llegó'].map((text) => {
      const start = passage.indexOf(text.trim());
      return { text, start, end: start + text.trim().length, special: false };
    });
    const ask = (weight: number) =>
      askQuestion(
        { kind: 'futureAttention', prompt: 'p', word: 'carta', later: 'llegó', labels: ['Exactamente cero', 'Más que cero'] },
        { passage, tokens, rows: new Map([[1, [0.5, 0.5 - weight, weight]]]) },
      );
    spanish();
    assert.equal(modelSaid('futureAttention', ask(0.00041), null), 'El modelo: Más que cero (peso 0,00041).');
    assert.equal(modelSaid('futureAttention', ask(0.0123), null), 'El modelo: Más que cero (peso 0,012).');
    assert.equal(modelSaid('futureAttention', ask(0), null), 'El modelo: Exactamente cero (peso 0,000).');
  });

  it('never calls a weight above zero that the question counts as zero "0.000": it says under 0.000001', () => {
    // 4e-7 answered «Exactamente cero (peso 0,000)», as if the model had given exactly nothing.
    const passage = 'La carta llegó';
    const tokens = [' La', ' carta', ' llegó'].map((text) => {
      const start = passage.indexOf(text.trim());
      return { text, start, end: start + text.trim().length, special: false };
    });
    const ask = (labels: [string, string]) =>
      askQuestion(
        { kind: 'futureAttention', prompt: 'p', word: 'carta', later: 'llegó', labels },
        { passage, tokens, rows: new Map([[1, [0.5, 0.5 - 4e-7, 4e-7]]]) },
      );
    assert.equal(
      modelSaid('futureAttention', ask(['Exactly zero', 'More than zero']), null),
      'The model: Exactly zero (weight under 0.000001, counted as zero).',
    );
    spanish();
    assert.equal(
      modelSaid('futureAttention', ask(['Exactamente cero', 'Más que cero']), null),
      'El modelo: Exactamente cero (peso menor que 0,000001, contado como cero).',
    );
  });
});

describe('modelSaid, a word of several tokens', () => {
  afterEach(() => useLocale(ENGLISH));

  it('says whose row it read: the word’s first token, not the whole word', () => {
    const passage = 'en la orilla';
    const tokens = [
      { text: ' en', start: 0, end: 2, special: false },
      { text: ' la', start: 2, end: 5, special: false },
      { text: ' or', start: 5, end: 8, special: false },
      { text: 'illa', start: 8, end: 12, special: false },
    ];
    const asked = askQuestion({ kind: 'mostAttended', prompt: 'p', word: 'orilla' }, { passage, tokens, rows: new Map([[2, [0.2, 0.5, 0.3, 0]]]) });
    spanish();
    assert.equal(modelSaid('mostAttended', asked, true), '¡Correcto! El modelo, en la fila de ␣or: ␣la (peso 0,500).');
    const one = askQuestion({ kind: 'mostAttended', prompt: 'p', word: 'la' }, { passage, tokens, rows: new Map([[1, [0.2, 0.5, 0.3, 0]]]) });
    assert.equal(modelSaid('mostAttended', one, null), 'El modelo: ␣la (peso 0,500).', 'a one-token word needs no row named');
  });

  it('reads a future word’s weight as the panel’s word merge does: the mean over the word’s rows of the sum over the later word’s tokens', () => {
    // It read the first token's row at the later word's first token, and said nothing of it.
    const passage = 'or illa y pie dras';
    const tokens = ['or', 'illa', 'y', 'pie', 'dras'].map((text) => {
      const start = passage.indexOf(text);
      return { text, start, end: start + text.length, special: false };
    });
    const question = { kind: 'futureAttention' as const, prompt: 'p', word: 'or illa', later: 'pie dras', labels: ['Exactly zero', 'More than zero'] as const };
    assert.deepEqual(rowsNeeded(question, passage, tokens), [0, 1], 'every row of the word');
    const rows = new Map([
      [0, [0.5, 0.2, 0.1, 0.2, 0]],
      [1, [0.2, 0.2, 0.2, 0.1, 0.3]],
    ]);
    const asked = askQuestion(question, { passage, tokens, rows });
    assert.ok(Math.abs(asked.value - (0.2 + 0 + 0.1 + 0.3) / 2) < 1e-12, String(asked.value));
    assert.equal(asked.answer, 1);
  });
});
