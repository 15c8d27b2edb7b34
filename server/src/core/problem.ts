/** What the checks report, in offsets into the text: the server turns these into LSP diagnostics, the CLI into lines. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface RelatedLocation {
  /** File path or URI of the related place; undefined means the same file. */
  uri?: string;
  range: OffsetRange;
  /** Line and character of `range` in that other file, which the reader of this problem cannot compute. */
  position?: { start: LinePosition; end: LinePosition };
  message: string;
}

export interface LinePosition {
  line: number;
  character: number;
}

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are the ones fix-all and `--fix` apply without asking. */
  safe: boolean;
}

export interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
  range: OffsetRange;
  related?: RelatedLocation[];
  fixes?: Fix[];
}
