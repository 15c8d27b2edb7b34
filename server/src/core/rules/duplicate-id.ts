import type { RelatedLocation } from '../problem';
import type { FileSummary } from '../workspace/fileSummary';
import type { WorkspaceRule } from './rule';

export const duplicateId: WorkspaceRule = {
  id: 'duplicate-id',
  scope: 'workspace',
  description: 'Ids must be unique: question ids within a file, competency and guide ids across the workspace.',
  defaultSeverity: 'error',
  appliesTo: ['competency', 'guide'],
  check({ file, index }, report) {
    const seen = new Map<string, FileSummary['questions'][number]>();
    for (const i of index.questionsWithRepeatedIds(file)) {
      const question = file.questions[i];
      if (question.id === undefined || !question.idRange) continue;
      const first = seen.get(question.id);
      if (!first) {
        seen.set(question.id, question);
        continue;
      }
      report({
        range: question.idRange,
        message: `The question id \`${question.id}\` is already used in this file; guides could not tell the two apart.`,
        related: first.idRange ? [{ uri: file.uri, range: first.idRange, position: positionsOf(file, first.idRange), message: 'First used here' }] : undefined,
      });
    }
    if (file.id === undefined || !file.idRange) return;
    const others = index.filesWithId(file.kind, file.id).filter((other) => other.uri !== file.uri);
    if (!others.length) return;
    const what = file.kind === 'competency' ? 'competency' : 'guide';
    report({
      range: file.idRange,
      message: `The ${what} id \`${file.id}\` is also used by ${others.length === 1 ? 'another file' : `${others.length} other files`}; ${what} ids must be unique across the workspace.`,
      related: others.map((other) => ({ uri: other.uri, range: other.idRange!, position: positionsOf(other, other.idRange!), message: `Also \`${file.id}\`` })),
    });
  },
};

export function positionsOf(file: FileSummary, range: { start: number; end: number }): RelatedLocation['position'] {
  return { start: file.lines.positionAt(range.start), end: file.lines.positionAt(range.end) };
}
