/**
 * The course's commands (extension host): Start Course (the built-in pack in the UI's language, from
 * where the student left off; a walkthrough step passes the unit to open), Open Course Pack… (a
 * teacher's folder, checked with clear errors) and Reset Course Progress; and the panel's Course tab
 * (coursePanel.ts), which works on the same course.
 */
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { COMMANDS } from '../commands';
import { t } from '../l10n';
import type { Notifier } from '../notify';
import type { PanelSurface } from '../webviews/panelContent';
import { CoursePanel } from './coursePanel';
import { courseProblem } from './courseText';
import type { CourseRunner } from './courseRunner';

export function registerCourse(course: CourseRunner, panel: Pick<PanelSurface, 'post' | 'on'>, notifier: Notifier): vscode.Disposable[] {
  /**
   * `work`'s failure to load or run a pack as one notification (the pack's text is the teacher's,
   * neutralised on its way out), shown without waiting for it to close; false when `work` failed.
   */
  const reported = async (work: Promise<unknown>): Promise<boolean> => {
    try {
      await work;
      return true;
    } catch (error) {
      inBackground(notifier.error(t('course: {0}', courseProblem(error))));
      return false;
    }
  };
  return [
    new CoursePanel(course, panel, reported, {
      tabSize: () => vscode.workspace.getConfiguration('editor').get('tabSize'),
      onDidChangeTabSize: (listener) => vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('editor.tabSize') && listener()),
    }),
    vscode.commands.registerCommand(COMMANDS.startCourse, async (unitId?: unknown) => {
      if (typeof unitId !== 'string') return reported(course.start());
      return reported(
        (async () => {
          const loaded = await course.load();
          const index = loaded.pack.units.findIndex((u) => u.id === unitId);
          await course.step(loaded, Math.max(0, index));
        })(),
      );
    }),
    vscode.commands.registerCommand(COMMANDS.openCoursePack, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        title: t('Open Course Pack'),
        openLabel: t('Open Course Pack'),
      });
      if (picked?.[0]) await reported(course.start(picked[0].fsPath));
    }),
    vscode.commands.registerCommand(COMMANDS.resetCourse, async () => {
      // A reset that failed said so above: it did not reset anything.
      if (await reported(course.reset())) inBackground(notifier.info(t('Course progress reset: the course starts again from its first unit.')));
    }),
  ];
}
