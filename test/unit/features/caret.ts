import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import { fileKindOf } from '../../../server/src/core/fileKind';
import { parseDocument, type ParsedDocument } from '../../../server/src/core/parseCache';
import { summarize, type FileSummary } from '../../../server/src/core/workspace/fileSummary';
import { WorkspaceIndex } from '../../../server/src/core/workspace/workspaceIndex';

/** A caret marks the cursor in test texts: `follow_|`. Written as `|`; a text may hold one only. */
export const CARET = '|';

/** Strips the caret from a text and gives the offset it marked. */
export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf(CARET);
  if (offset === -1 || marked.indexOf(CARET, offset + 1) !== -1) throw new Error(`Expected exactly one ${CARET} in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** A document (named by `uri`, which decides competency or guide) and the position of its caret. */
export function at(marked: string, uri = 'file:///bank/test.competency.yaml'): { document: TextDocument; position: Position; offset: number } {
  const { text, offset } = caret(marked);
  const languageId = fileKindOf(uri) === 'guide' ? 'interview-guide-yaml' : 'competency-yaml';
  const document = TextDocument.create(uri, languageId, 0, text);
  return { document, position: document.positionAt(offset), offset };
}

export function lines(...parts: string[]): string {
  return `${parts.join('\n')}\n`;
}

export function parsed(uri: string, text: string): ParsedDocument {
  return parseDocument(uri, 0, fileKindOf(uri)!, text);
}

export function summaryOf(uri: string, text: string): FileSummary {
  return summarize(uri, text, parsed(uri, text).model);
}

/** An index of the given files, `{ uri: text }`. */
export function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.set(summaryOf(uri, text));
  return index;
}
