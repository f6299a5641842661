// The built-in course packs follow the lecture (shared/course/, its sections in its order), every section
// has a unit, and the unit files are numbered in the same order, so a teacher reading the folder sees it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parsePack, type CoursePack } from '../../../src/protocol/course/pack';
import { ROOT } from '../../support/paths';

const builtIn = (lang: string): CoursePack =>
  parsePack(JSON.parse(readFileSync(path.join(ROOT, 'media/course', lang, 'pack.json'), 'utf8')), `media/course/${lang}/pack.json`);

/**
 * The lecture's sections (shared/course/), in its order, as each pack names them. Sections the lecture
 * runs together share a place: the encoder with its attention mechanism and layer-by-layer
 * representations; BERT's encoder with its masked words; GPT with large language models.
 */
const LECTURE: readonly { readonly es: readonly string[]; readonly en: readonly string[] }[] = [
  { es: ['Representaciones de texto'], en: ['Text representations'] },
  { es: ['Embeddings de palabras'], en: ['Word embeddings'] },
  { es: ['Redes neuronales recurrentes'], en: ['Recurrent neural networks'] },
  { es: ['Arquitectura de los Transformers'], en: ['Transformer architecture'] },
  { es: ['Embeddings de entrada'], en: ['Input embeddings'] },
  { es: ['Codificación posicional'], en: ['Positional encoding'] },
  { es: ['Representaciones por capas'], en: ['Representations layer by layer'] },
  { es: ['Autoatención'], en: ['Self-attention'] },
  { es: ['Atención multicabezal'], en: ['Multi-head attention'] },
  { es: ['Bloque Transformer'], en: ['Transformer block'] },
  { es: ['Decodificador'], en: ['Decoder'] },
  { es: ['Enmascaramiento'], en: ['Masking'] },
  { es: ['Transformers como modelos de lenguaje'], en: ['Transformers as language models'] },
  { es: ['Codificador-decodificador'], en: ['Encoder-decoder'] },
  { es: ['BERT: Encoder', 'BERT: palabras enmascaradas'], en: ['BERT: the encoder', 'BERT: masked words'] },
  { es: ['BETO'], en: ['BETO'] },
  { es: ['Predicción de la siguiente oración'], en: ['Next-sentence prediction'] },
  { es: ['Afinamiento'], en: ['Fine-tuning'] },
  { es: ['GPT y grandes modelos de lenguaje'], en: ['GPT and large language models'] },
];

/** A section's place in the lecture (−1: not one of its sections). */
const lecturePlace = (lang: 'es' | 'en', section: string): number => LECTURE.findIndex((names) => names[lang].includes(section));

describe('the built-in course packs', () => {
  for (const lang of ['es', 'en'] as const) {
    it(`${lang}: the units follow the lecture's sections in the lecture's order, and every section has a unit`, () => {
      const units = builtIn(lang).units;
      const places = units.map((u) => [u.id, u.section, lecturePlace(lang, u.section)] as const);
      assert.deepEqual(
        places.filter(([, , place]) => place < 0),
        [],
        'each unit names a section of the lecture',
      );
      // A teacher reading the folder sees the same order: each explanation is numbered by its unit's place.
      assert.deepEqual(
        units.map((u) => u.file),
        units.map((u, i) => `units/${String(i).padStart(2, '0')}-${u.id}.md`),
      );
      const backwards = places.flatMap(([id, section, place], i) =>
        i > 0 && place < places[i - 1][2] ? [`${id} (${section}) after ${places[i - 1][0]}`] : [],
      );
      assert.deepEqual(backwards, [], 'no unit comes before one of an earlier section');
      const covered = new Set(places.map(([, , place]) => place));
      assert.deepEqual(
        LECTURE.flatMap((names, i) => (covered.has(i) ? [] : [names[lang][0]])),
        [],
        'every section has a unit',
      );
    });
  }
});
