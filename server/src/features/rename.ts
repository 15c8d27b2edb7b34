import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { OffsetRange } from '../core/problem';
import type { FileSummary } from '../core/workspace/fileSummary';
import { idAt, occurrencesOf, toRange, type IdTarget } from './navigation';

const VALID_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export type RenameCheck = { range: Range; placeholder: string } | { error: string };
export type RenameResult = { edit: WorkspaceEdit } | { error: string };

/** Whether the cursor is on an id that can be renamed, and its range (the F2 box shows the id). */
export function prepareRename(file: FileSummary, offset: number): RenameCheck {
  const target = idAt(file, offset);
  if (!target) return { error: 'Only a competency id, a question id or a guide id can be renamed.' };
  return { range: toRange(file, target.range), placeholder: target.id };
}

/**
 * Renames an id everywhere it is declared or referenced, replacing only the id scalars. `textOf` gives the text of
 * a file when it is at hand, so a quoted id keeps its quotes; without it the whole scalar is replaced.
 */
export function renameId(
  file: FileSummary,
  offset: number,
  newName: string,
  files: Iterable<FileSummary>,
  textOf: (uri: string) => string | undefined = () => undefined,
): RenameResult {
  const target = idAt(file, offset);
  if (!target) return { error: 'Only a competency id, a question id or a guide id can be renamed.' };
  const name = newName.trim();
  if (!VALID_ID.test(name)) {
    return { error: `\`${newName}\` is not a valid id: use lowercase letters and digits, words joined by single hyphens (kebab-case), for example \`frustrated-user\`.` };
  }
  const all = [...files];
  if (name === target.id) return { edit: { changes: {} } };
  const taken = takenBy(target, name, all);
  if (taken) return { error: taken };
  const changes: Record<string, TextEdit[]> = {};
  for (const occurrence of occurrencesOf(target, file, all)) {
    const range = innerRange(textOf(occurrence.file.uri), occurrence.range);
    (changes[occurrence.file.uri] ??= []).push({ range: toRange(occurrence.file, range), newText: name });
  }
  return { edit: { changes } };
}

function takenBy(target: IdTarget, name: string, files: FileSummary[]): string | undefined {
  if (target.type === 'question') {
    const owners = files.filter((f) => f.kind === 'competency' && f.id === target.competency);
    if (owners.some((owner) => owner.questions.some((q) => q.id === name))) {
      return `The competency \`${target.competency}\` already has a question \`${name}\`; choose another id.`;
    }
    return undefined;
  }
  const other = files.find((f) => f.kind === target.type && f.id === name);
  if (!other) return undefined;
  return `The id \`${name}\` is already used by the ${target.type} ${other.name ? `"${other.name}" ` : ''}in ${fileName(other.uri)}; ids must be unique across the workspace.`;
}

/** The id inside its quotes, when the scalar is quoted. */
function innerRange(text: string | undefined, range: OffsetRange): OffsetRange {
  if (text === undefined || range.end - range.start < 2) return range;
  const first = text[range.start];
  if ((first === '"' || first === "'") && text[range.end - 1] === first) return { start: range.start + 1, end: range.end - 1 };
  return range;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.replace(/^.*\//, ''));
}
