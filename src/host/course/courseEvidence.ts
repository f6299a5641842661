/**
 * What a course question needs from the engine beyond the analysis itself (extension host): the
 * attention rows a question reads (the worker's `row` view), the encoder's P(IsNext) for each
 * candidate sentence B (`nsp`), the loaded model's learned position table (`positions`), and the
 * Representations tab's experiments on the unit's text (`wordOrder`, `senses`), and the same text
 * analyzed with heads switched off (`ablate`, the host's ablation), and a head fine-tuned on the
 * pack's labelled lines (`fineTune`). The answer is then computed from this evidence in
 * protocol/course/questions.ts; the word-order and senses runs also go to the Representations tab
 * (`show`), so that it shows what the question was checked against, and the fine-tuned head is
 * handed back (`tuned`) for the BERT tab once the student has answered. Each request goes through
 * the one model-change rule (freshness.ts): evidence of a model no longer selected, or of text
 * edited meanwhile, is dropped, as any command's result is.
 */
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner } from '../analyses/analysisRunner';
import { whileFresh, type Asked } from '../analyses/freshness';
import type { EngineService } from '../models/engineService';
import { parseExamples, type CourseUnit } from '../../protocol/course/pack';
import type { HeadRef, ModelKind } from '../../protocol/analysis';
import { positionsNeeded, QuestionError, rowsNeeded, type Candidate, type Evidence } from '../../protocol/course/questions';
import { baselineAccuracy, type FineTuneResult } from '../../protocol/finetune';
import type { Translate } from '../../protocol/locale';
import type { ViewChoice } from '../../protocol/viewChoice';
import type { CourseRun } from '../repr/wordLessons';

export interface EvidenceSources {
  /** Analyzes the unit's text again with `heads` switched off; its next-token candidates. */
  readonly ablate: (heads: readonly HeadRef[]) => Promise<readonly Candidate[]>;
  /** A file of the pack (fineTune's labelled examples). */
  readonly read: (file: string) => string;
  /** The word-order or senses run the question is answered from, for the Representations tab. */
  readonly show: (run: CourseRun) => void;
  /** The head the fine-tuning question is answered from (trained on the pack's file `labelled`), kept for the BERT tab. */
  readonly tuned: (result: FineTuneResult, labelled: string) => void;
}

/** Where the evidence comes from: the engine's views of the unit's analysis, and the runner's model requests. */
export interface EvidenceEngine {
  readonly engine: Pick<EngineService, 'view'>;
  readonly runner: Pick<AnalysisRunner, 'words'>;
  /** Each kind's check, taken before the unit's analysis (runner.asked, with the unit's document). */
  readonly fresh: Readonly<Record<ModelKind, Asked>>;
}

export async function gatherEvidence(
  { engine, runner, fresh }: EvidenceEngine,
  unit: CourseUnit,
  passage: string,
  entry: StoredAnalysis,
  choice: ViewChoice,
  sources: EvidenceSources,
): Promise<Evidence> {
  const { result } = entry.shown;
  const { question } = unit;
  const rows = new Map<number, number[]>();
  for (const query of rowsNeeded(question, passage, result.tokens)) {
    const reply = await whileFresh(fresh[unit.setup.model], () =>
      engine.view('row', { key: result.attention.key, layer: choice.layer, combine: choice.combine, cleaning: choice.cleaning, query }),
    );
    rows.set(query, [...reply.weights]);
  }
  const { next, masked } = result.predictions;
  const evidence: Evidence = { passage, tokens: result.tokens, rows, next, fillers: masked[0]?.top };
  if (question.kind === 'nextSentence') {
    const isNext: number[] = [];
    for (const b of question.followers!) isNext.push((await runner.words(fresh.encoder, 'nsp', 'encoder', { request: { a: question.sentence!, b } })).isNext);
    return { ...evidence, isNext };
  }
  if (question.kind === 'fineTune') {
    const examples = parseExamples(sources.read(question.labelled!));
    const tuned = await runner.words(fresh[unit.setup.model], 'fineTune', unit.setup.model, { request: { examples, predict: [passage] } });
    const [said] = tuned.predictions;
    if (!said) throw new QuestionError((t: Translate) => t('the fine-tuned head gave no label'));
    sources.tuned(tuned, question.labelled!);
    const baseline = baselineAccuracy(tuned.perClass);
    return { ...evidence, fineTuned: { labels: tuned.labels, label: said.label, probability: said.probability, accuracy: tuned.accuracy, baseline } };
  }
  if (question.kind === 'ablation') return { ...evidence, ablatedNext: await sources.ablate(question.heads!) };
  if (question.kind === 'wordOrder') {
    const order = await runner.words(fresh[unit.setup.model], 'wordOrder', unit.setup.model, { request: { text: passage, seed: question.seed ?? 1 } });
    sources.show({ wordOrder: order, text: passage });
    return { ...evidence, layers: order.representation };
  }
  if (question.kind === 'senses') {
    const found = await runner.words(fresh[unit.setup.model], 'senses', unit.setup.model, {
      request: { text: passage, word: question.word!, maxOccurrences: 2 },
    });
    if (found.occurrences.length < 2) throw new QuestionError((t: Translate) => t('“{0}” occurs fewer than two times in the analyzed text', question.word!));
    sources.show({ senses: found });
    return { ...evidence, layers: found.layers.map((l) => ({ layer: l.layer, cosine: l.cosine[1] })) };
  }
  const count = positionsNeeded(question);
  if (count > 0) {
    const table = await runner.words(fresh[unit.setup.model], 'positions', unit.setup.model, { count });
    if (table.kind !== 'learned')
      throw new QuestionError((t: Translate) => t('{0} has no learned position table ({1}): {2}', table.model, table.kind, table.message));
    return { ...evidence, positions: { count: table.count, similarity: table.similarity } };
  }
  return evidence;
}
