import type { Location, LocationLink, Range } from 'vscode-languageserver';
import type { OffsetRange } from '../core/problem';
import type { FileSummary } from '../core/workspace/fileSummary';

/** An id the cursor is on, and what it names. */
export type IdTarget =
  | { type: 'competency'; id: string; range: OffsetRange }
  | { type: 'question'; id: string; /** The competency the question belongs to; undefined when that has no id. */ competency?: string; range: OffsetRange }
  | { type: 'guide'; id: string; range: OffsetRange };

export interface IdOccurrence {
  file: FileSummary;
  range: OffsetRange;
  /** Where the id is declared (a competency's or question's own `id:`), not referenced. */
  definition: boolean;
}

/**
 * The id at an offset of a file: a competency's or guide's own id, a question's id, or in a guide a section's
 * `competency` and its chosen question ids.
 */
export function idAt(file: FileSummary, offset: number): IdTarget | undefined {
  const on = (range: OffsetRange | undefined) => range !== undefined && range.start <= offset && offset <= range.end;
  if (file.id !== undefined && on(file.idRange)) return { type: file.kind, id: file.id, range: file.idRange! };
  for (const question of file.questions) {
    if (question.id !== undefined && on(question.idRange)) return { type: 'question', id: question.id, competency: file.id, range: question.idRange! };
  }
  for (const section of file.sections) {
    if (section.competency !== undefined && on(section.competencyRange)) return { type: 'competency', id: section.competency, range: section.competencyRange! };
    for (const chosen of section.questions ?? []) {
      if (on(chosen.range)) return { type: 'question', id: chosen.text, competency: section.competency, range: chosen.range };
    }
  }
  return undefined;
}

/**
 * Every place in the workspace that names the target: declarations and references. A question id counts only
 * where it belongs to the same competency (a guide section choosing from that competency).
 */
export function occurrencesOf(target: IdTarget, origin: FileSummary, files: Iterable<FileSummary>): IdOccurrence[] {
  const found: IdOccurrence[] = [];
  if (target.type === 'question' && target.competency === undefined) {
    // A question of a competency without an id cannot be chosen by a guide: only its own file mentions it.
    if (origin.kind === 'competency') {
      for (const question of origin.questions) if (question.id === target.id && question.idRange) found.push({ file: origin, range: question.idRange, definition: true });
    }
    return found;
  }
  for (const file of files) {
    if (target.type === 'guide') {
      if (file.kind === 'guide' && file.id === target.id && file.idRange) found.push({ file, range: file.idRange, definition: true });
    } else if (target.type === 'competency') {
      if (file.kind === 'competency' && file.id === target.id && file.idRange) found.push({ file, range: file.idRange, definition: true });
      for (const section of file.sections) {
        if (section.competency === target.id && section.competencyRange) found.push({ file, range: section.competencyRange, definition: false });
      }
    } else {
      if (file.kind === 'competency' && file.id === target.competency) {
        for (const question of file.questions) if (question.id === target.id && question.idRange) found.push({ file, range: question.idRange, definition: true });
      }
      for (const section of file.sections) {
        if (section.competency !== target.competency) continue;
        for (const chosen of section.questions ?? []) if (chosen.text === target.id) found.push({ file, range: chosen.range, definition: false });
      }
    }
  }
  return found;
}

/** Go to definition: from a reference to the declarations; on a declaration, the declaration itself. */
export function findDefinition(file: FileSummary, offset: number, files: Iterable<FileSummary>): LocationLink[] {
  const target = idAt(file, offset);
  if (!target) return [];
  const origin = toRange(file, target.range);
  return occurrencesOf(target, file, files)
    .filter((occurrence) => occurrence.definition)
    .map((occurrence) => {
      const range = toRange(occurrence.file, occurrence.range);
      return { originSelectionRange: origin, targetUri: occurrence.file.uri, targetRange: range, targetSelectionRange: range };
    });
}

export function findReferences(file: FileSummary, offset: number, files: Iterable<FileSummary>, includeDeclaration: boolean): Location[] {
  const target = idAt(file, offset);
  if (!target) return [];
  return occurrencesOf(target, file, files)
    .filter((occurrence) => includeDeclaration || !occurrence.definition)
    .map((occurrence) => ({ uri: occurrence.file.uri, range: toRange(occurrence.file, occurrence.range) }));
}

/**
 * The files features see: the summaries of open documents' current text first, then every other indexed file.
 */
export function* workspaceFiles(indexed: Iterable<FileSummary>, open: readonly FileSummary[]): Iterable<FileSummary> {
  const seen = new Set<string>();
  for (const file of open) {
    seen.add(file.uri);
    yield file;
  }
  for (const file of indexed) if (!seen.has(file.uri)) yield file;
}

export function toRange(file: FileSummary, range: OffsetRange): Range {
  return { start: file.lines.positionAt(range.start), end: file.lines.positionAt(range.end) };
}
