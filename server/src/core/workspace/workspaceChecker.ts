import { checkText, type CheckOptions, type CheckResult } from '../check';
import type { LintConfig } from '../config';
import { fileKindOf, type FileKind } from '../fileKind';
import { isRuleFailure, runQuestionRules, runWorkspaceRules } from '../lint';
import { LineIndex, knownLineIndex } from '../lineIndex';
import { buildQuestion } from '../model';
import { isMap } from 'yaml';
import type { Problem } from '../problem';
import { allRuleIds } from '../rules';
import { applySuppressions, findDirectives, type Directive } from '../suppressions';
import { changeBetween, type TextChange } from '../incremental/textDiff';
import { layoutOf, revalidateQuestion, type QuestionLayout } from '../incremental/questionLayout';
import { summarize, summarizeModel, summarizeQuestion, withQuestion, type FileSummary } from './fileSummary';
import { WorkspaceIndex } from './workspaceIndex';
import { lineEndIn, sameText, type SourceText } from '../text/sourceText';
import { byCodeUnits } from '../text/codeUnitOrder';

interface FileRecord {
  kind: FileKind;
  /** The text last checked, kept so the next one can be compared with it. */
  text: SourceText;
  lines: LineIndex;
  /** Question regions of a competency file, for edits inside one question. */
  layout?: QuestionLayout;
  /** Workspace-rule problems, valid while the index is at `version`. */
  workspace?: { version: number; problems: Problem[] };
  directives: Directive[];
  config: LintConfig;
  /** Syntax and schema problems of the latest text. */
  validation: Problem[];
  /** File-rule problems of the latest lint run. */
  fileLint: Problem[];
  /** Whether that run was on this very text (onType, or just saved), so one question's can be replaced. */
  linted: boolean;
  hasSyntaxErrors: boolean;
}

/**
 * A whole-file check as plain data: what `WorkspaceChecker.adopt` takes. Pure, and made only of what survives a
 * structured clone, so it can run in a worker thread while the index lives in the main one.
 */
export interface CheckedFile {
  kind: FileKind;
  text: string;
  /** Whether the file rules ran. */
  linted: boolean;
  validation: Problem[];
  /** File-rule problems; empty unless `linted`. */
  lint: Problem[];
  hasSyntaxErrors: boolean;
  layout?: QuestionLayout;
  /** The index's view of the file, but its line index, which is rebuilt from `lineStarts` where it lands. */
  summary: Omit<FileSummary, 'lines'>;
  lineStarts: Int32Array;
}

export interface CheckFileOptions extends CheckOptions {
  config: LintConfig;
  /** Given the parse of a whole-file check made in this thread, for the caller to keep (it is not part of the result). */
  keepParse?: (result: CheckResult) => void;
}

export function checkFile(uri: string, kind: FileKind, text: string, options: CheckFileOptions): CheckedFile {
  const result = checkText(text, kind, options);
  options.keepParse?.(result);
  const lines = new LineIndex(text);
  return {
    kind,
    text,
    linted: options.lint,
    validation: result.validation,
    lint: result.lint,
    hasSyntaxErrors: result.hasSyntaxErrors,
    layout: kind === 'competency' ? layoutOf(result.parsed, result.validation) : undefined,
    summary: { ...summarizeModel(uri, text, result.model), directives: findDirectives(text) },
    // Line indexes never change their arrays (an edit makes a new one), so the array can be shared; a worker sends it
    // as a block of bytes.
    lineStarts: lines.lineStarts,
  };
}

/**
 * Every bank file's problems, the way the editor and the CLI both report them: validation of the latest text, file
 * rules of the latest lint run, and workspace rules from the index, then inline suppressions.
 */
export class WorkspaceChecker {
  readonly index = new WorkspaceIndex();
  private readonly records = new Map<string, FileRecord>();
  /** How many updates were checked one question at a time (for tests and the benchmark). */
  questionChecks = 0;

  /**
   * Checks a file's text. With `lint`, the file rules run and the index takes this text as the file's content
   * (other files' cross-file problems follow); without, only syntax and schema are refreshed. An open document's text
   * comes as a ChunkedText: an edit inside one question then reads that question, not the file.
   */
  update(uri: string, text: SourceText, options: CheckFileOptions & { maxSize?: number }): void {
    const kind = fileKindOf(uri);
    if (!kind) return;
    if (options.maxSize !== undefined && text.length > options.maxSize) {
      this.recordTooLarge(uri, kind, text, options.config, options.maxSize);
      return;
    }
    const previous = this.records.get(uri);
    if (previous && sameConfig(previous.config, options.config) && this.updateQuestion(uri, previous, text, options.lint)) return;
    this.adopt(uri, checkFile(uri, kind, text.toString(), options), options.config, text);
  }

  /**
   * Takes a whole-file check made elsewhere (another thread, see checkFile): the same as `update` with that text
   * when it is not over the size limit. `source` is the checked text as the caller holds it, kept for the next update
   * to compare with.
   */
  adopt(uri: string, checked: CheckedFile, config: LintConfig, source: SourceText = checked.text): void {
    const { kind, text, linted: lint } = checked;
    const previous = this.records.get(uri);
    const lines = new LineIndex(text, checked.lineStarts);
    const change = previous ? changeBetween(previous.text, source) : undefined;
    const directives = checked.summary.directives;
    this.records.set(uri, {
      kind,
      text: source,
      lines,
      layout: checked.layout,
      directives,
      config,
      validation: checked.validation,
      fileLint: lint ? checked.lint : shiftAll(previous?.fileLint ?? [], change, text, uri),
      linted: lint && !checked.hasSyntaxErrors,
      hasSyntaxErrors: checked.hasSyntaxErrors,
      workspace: !lint && previous?.workspace ? { ...previous.workspace, problems: shiftAll(previous.workspace.problems, change, text, uri) } : undefined,
    });
    if (lint || !this.index.get(uri)) this.index.set({ ...checked.summary, lines });
  }

  /**
   * An edit inside one question, checked by re-parsing that question alone; the rest of the file's problems are
   * kept, shifted past the edit. With `lint`, the file rules run on that question and the index takes its new
   * summary. False when the edit does not allow it and the whole file must be checked.
   */
  private updateQuestion(uri: string, previous: FileRecord, text: SourceText, lint: boolean): boolean {
    if (!previous.layout) return false;
    if (lint && (!previous.linted || previous.fileLint.some(isRuleFailure))) return false;
    const change = changeBetween(previous.text, text);
    if (!change) return true;
    const revalidated = revalidateQuestion(previous.layout, text, change);
    if (!revalidated) return false;
    const touched = `${previous.text.slice(Math.max(change.start - 200, 0), change.oldEnd + 200)}${text.slice(Math.max(change.start - 200, 0), change.newEnd + 200)}`;
    // Suppression comments are rare: lex again only when there are some, or the edit may have written one.
    const directives = previous.directives.length || touched.includes('competency-lint-') ? findDirectives(text.toString()) : [];
    const lines = knownLineIndex(text) ?? previous.lines.withEdit(text, change.start, change.oldEnd, change.newEnd);
    let fileLint = shiftAll(previous.fileLint, change, text, uri);
    if (lint) {
      const question = isMap(revalidated.item) ? buildQuestion(revalidated.item, revalidated.index) : undefined;
      const questionLint = question ? runQuestionRules({ text, question, config: previous.config }) : [];
      const summary = this.index.get(uri);
      const updated =
        summary &&
        withQuestion(summary, {
          index: revalidated.index,
          question: question && summarizeQuestion(text, question),
          itemCount: previous.layout.starts.length,
          editEnd: change.oldEnd,
          delta: change.newEnd - change.oldEnd,
          lines,
          directives,
        });
      if (!questionLint || !updated) return false;
      const { start, end } = revalidated.oldRegion;
      const outside = previous.fileLint.filter((problem) => problem.range.start < start || problem.range.start >= end);
      fileLint = [...shiftAll(outside, change, text, uri), ...questionLint];
      this.index.set(updated, revalidated.index);
    }
    this.questionChecks++;
    this.records.set(uri, {
      ...previous,
      text,
      lines,
      layout: revalidated.layout,
      directives,
      validation: revalidated.validation,
      fileLint,
      linted: lint,
      workspace: previous.workspace && { ...previous.workspace, problems: shiftAll(previous.workspace.problems, change, text, uri) },
    });
    return true;
  }

  /** A file over the size limit gets one problem and is neither parsed nor indexed: the editor stays responsive. */
  private recordTooLarge(uri: string, kind: FileKind, text: SourceText, config: LintConfig, maxSize: number): void {
    this.index.delete(uri);
    const megabytes = (size: number) => (size >= 100_000 ? `${(size / 1_000_000).toFixed(1)} MB` : `${Math.ceil(size / 1000)} KB`);
    this.records.set(uri, {
      kind,
      text,
      lines: knownLineIndex(text) ?? new LineIndex(text),
      directives: [],
      config,
      validation: [
        {
          ruleId: 'too-large',
          severity: 'warning',
          message: `This file is ${megabytes(text.length)}, over the ${megabytes(maxSize)} limit (setting competencyGuides.validate.maxFileSize), so it is not checked. Split it, or raise the limit.`,
          range: { start: 0, end: lineEndIn(text, 0) },
        },
      ],
      fileLint: [],
      linted: false,
      hasSyntaxErrors: true,
    });
  }

  remove(uri: string): boolean {
    this.index.delete(uri);
    return this.records.delete(uri);
  }

  has(uri: string): boolean {
    return this.records.has(uri);
  }

  uris(): string[] {
    return [...this.records.keys()];
  }

  lines(uri: string): LineIndex | undefined {
    return this.records.get(uri)?.lines;
  }

  /** Syntax and schema problems of the latest text, in document order. */
  validation(uri: string): Problem[] {
    return sortProblems([...(this.records.get(uri)?.validation ?? [])]);
  }

  /** All problems of a file, suppressions applied, in document order. */
  problems(uri: string): Problem[] {
    const record = this.records.get(uri);
    const summary = this.index.get(uri);
    if (!record) return [];
    if (record.workspace?.version !== this.index.version) {
      const problems = summary && !record.hasSyntaxErrors ? runWorkspaceRules(summary, this.index, record.config) : [];
      record.workspace = { version: this.index.version, problems };
    }
    return finish(record.lines, record.directives, [...record.validation, ...record.fileLint, ...record.workspace.problems], record.text, uri);
  }

  /** The problems last published for the file, when they were computed for exactly this text. */
  problemsIfCurrent(uri: string, text: SourceText): Problem[] | undefined {
    const record = this.records.get(uri);
    return record && sameText(record.text, text) ? this.problems(uri) : undefined;
  }

  /**
   * Every problem a text would have now, linted, without changing what is indexed or published: what quick fixes
   * are computed from, so their offsets match the text in the editor even between saves.
   */
  problemsOfText(uri: string, text: string, config: LintConfig): Problem[] {
    const kind = fileKindOf(uri);
    if (!kind) return [];
    const result = checkText(text, kind, { lint: true, config });
    const lines = new LineIndex(text);
    const workspace = result.hasSyntaxErrors ? [] : runWorkspaceRules(summarize(uri, text, result.model), this.index, config);
    return finish(lines, findDirectives(text), [...result.validation, ...result.lint, ...workspace], text, uri);
  }
}

function finish(lines: LineIndex, directives: Directive[], problems: Problem[], text: SourceText, uri: string): Problem[] {
  const { kept, directiveProblems } = applySuppressions(lines, problems, directives, allRuleIds);
  // Cross-file problems come from the file as last linted (the saved text in onSave mode); keep them inside this one.
  const within = (range: { start: number; end: number }) => {
    const start = clampOffset(text, range.start);
    return { start, end: Math.max(start, clampOffset(text, range.end)) };
  };
  const inside = [...kept, ...directiveProblems].map((problem) => ({
    ...problem,
    range: within(problem.range),
    // Places in this same file are positioned against this text, not the one they were found in.
    related: problem.related?.map((related) =>
      related.uri !== undefined && related.uri !== uri ? related : { ...related, range: within(related.range), position: undefined },
    ),
  }));
  return sortProblems(inside);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end || byCodeUnits(a.ruleId, b.ruleId) || byCodeUnits(a.message, b.message),
  );
}

function sameConfig(a: LintConfig, b: LintConfig): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Problems found on an older text, moved to where their words are in the new one (those inside the replaced part
 * stay at its start), until the rules run again.
 */
function shiftAll(problems: readonly Problem[], change: TextChange | undefined, text: SourceText, uri: string): Problem[] {
  if (!change || !problems.length) return [...problems];
  const delta = change.newEnd - change.oldEnd;
  const move = (offset: number, isEnd: boolean) =>
    clampOffset(text, offset <= change.start ? offset : offset >= change.oldEnd ? offset + delta : isEnd ? change.newEnd : change.start);
  const moveRange = (range: { start: number; end: number }) => {
    const start = move(range.start, false);
    return { start, end: Math.max(start, move(range.end, true)) };
  };
  return problems.map((problem) => ({
    ...problem,
    range: moveRange(problem.range),
    // Places in this same file move with it; their precomputed positions would not.
    related: problem.related?.map((related) =>
      related.uri !== undefined && related.uri !== uri ? related : { ...related, range: moveRange(related.range), position: undefined },
    ),
  }));
}

/** An offset inside the text: never past its end, never between the CR and LF of one line break. */
function clampOffset(text: SourceText, offset: number): number {
  const inside = Math.min(Math.max(offset, 0), text.length);
  return text.charCodeAt(inside) === 10 /* \n */ && text.charCodeAt(inside - 1) === 13 /* \r */ ? inside - 1 : inside;
}
