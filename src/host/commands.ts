/**
 * Every command id the extension contributes, in one place (extension host). A unit test checks
 * that package.json contributes exactly these, and an integration test that each is registered.
 */
export const COMMANDS = {
  analyzeSelection: 'attentionLens.analyzeSelection',
  /** Analyze from a line the user picks (a long text's window; also offered by the windowing notice). */
  analyzeFromLine: 'attentionLens.analyzeFromLine',
  showPanel: 'attentionLens.showPanel',
  selectModel: 'attentionLens.selectModel',
  maskWord: 'attentionLens.maskWord',
  nextWord: 'attentionLens.nextWord',
  manageModelCache: 'attentionLens.manageModelCache',
  /** Hover links: open the panel on one token (hidden from the palette; takes arguments). */
  openToken: 'attentionLens.openToken',
  toggleSpotlight: 'attentionLens.toggleSpotlight',
  surprisalHeatmap: 'attentionLens.surprisalHeatmap',
  clearSurprisal: 'attentionLens.clearSurprisal',
  continueText: 'attentionLens.continueText',
  /** The panel's "insert" button (takes the preview's id). */
  insertPreview: 'attentionLens.insertPreview',
  compareModels: 'attentionLens.compareModels',
  /** The guided course: from where the student left off (a walkthrough step passes a unit id). */
  startCourse: 'attentionLens.startCourse',
  openCoursePack: 'attentionLens.openCoursePack',
  resetCourse: 'attentionLens.resetCourse',
  /** The panel's Inside tab on the Q/K/V inspector, at the cursor's token. */
  inspectQkv: 'attentionLens.inspectQkv',
  /** Head ablation: run the shown analysis again with heads switched off; Restore shows it without. */
  ablateHeads: 'attentionLens.ablateHeads',
  restoreHeads: 'attentionLens.restoreHeads',
  /** Where the prediction settles: colour the analyzed text by the layer (on/off). */
  toggleSettling: 'attentionLens.toggleSettling',
  /** Word senses of the word at the cursor (the panel's Representations tab). */
  wordSenses: 'attentionLens.wordSenses',
  /** The word-order experiment on the selection. */
  shuffleWords: 'attentionLens.shuffleWords',
  /** BERT's lessons (bert/bertCommands.ts): next-sentence prediction, labelling lines, fine-tuning a head on them. */
  nextSentence: 'attentionLens.nextSentence',
  labelLine: 'attentionLens.labelLine',
  fineTune: 'attentionLens.fineTune',
  showPositions: 'attentionLens.showPositions',
  /** The side view's scale section (also its button). */
  showScale: 'attentionLens.showScale',
  /** Word senses of the word at the cursor in files the user picks (repr/senseFiles.ts). */
  wordSensesInFiles: 'attentionLens.wordSensesInFiles',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands that take arguments and make no sense in the palette. */
export const HIDDEN_COMMANDS: readonly CommandId[] = [COMMANDS.openToken, COMMANDS.insertPreview];

export const VIEW_CONTAINER = 'attentionLens';
export const SIDE_VIEW = 'attentionLens.sideView';
export const PANEL_VIEW_TYPE = 'attentionLens.panel';
