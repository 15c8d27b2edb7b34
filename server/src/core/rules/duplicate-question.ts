import { positionsOf } from './duplicate-id';
import type { WorkspaceRule } from './rule';

export const duplicateQuestion: WorkspaceRule = {
  id: 'duplicate-question',
  scope: 'workspace',
  description: 'The same question, or nearly the same, should be asked from one place in the bank.',
  defaultSeverity: 'warning',
  appliesTo: ['competency'],
  check({ file, index }, report) {
    for (const i of index.questionsWithDuplicates(file)) {
      const question = file.questions[i];
      if (!question.textRange) continue;
      const others = index.duplicatesOf(file, i);
      if (!others.length) continue;
      const where = others.map(({ file: other, question: q }) => {
        const label = q.id ? `\`${q.id}\`` : 'a question';
        return other.uri === file.uri ? `${label} in this file` : `${label} in ${other.id ? `\`${other.id}\`` : fileName(other.uri)}`;
      });
      report({
        range: question.textRange,
        message: `This question is the same as, or nearly the same as, ${where.join(', ')}. Keep one and reword or remove the other.`,
        related: others.map(({ file: other, question: q }) => ({
          uri: other.uri,
          range: q.textRange!,
          position: positionsOf(other, q.textRange!),
          message: 'Similar question',
        })),
      });
    }
  },
};

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
