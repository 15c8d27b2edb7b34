import { checkText } from '../check';
import type { LintConfig } from '../config';
import { fileKindOf, type FileKind } from '../fileKind';
import { runWorkspaceRules } from '../lint';
import { LineIndex } from '../lineIndex';
import type { Problem } from '../problem';
import { allRuleIds } from '../rules';
import { applySuppressions, findDirectives, type Directive } from '../suppressions';
import { summarize } from './fileSummary';
import { WorkspaceIndex } from './workspaceIndex';

interface FileRecord {
  kind: FileKind;
  lines: LineIndex;
  directives: Directive[];
  config: LintConfig;
  /** Syntax and schema problems of the latest text. */
  validation: Problem[];
  /** File-rule problems of the latest lint run. */
  fileLint: Problem[];
  hasSyntaxErrors: boolean;
}

/**
 * Every bank file's problems, the way the editor and the CLI both report them: validation of the latest text, file
 * rules of the latest lint run, and workspace rules from the index, then inline suppressions.
 */
export class WorkspaceChecker {
  readonly index = new WorkspaceIndex();
  private readonly records = new Map<string, FileRecord>();

  /**
   * Checks a file's text. With `lint`, the file rules run and the index takes this text as the file's content
   * (other files' cross-file problems follow); without, only syntax and schema are refreshed.
   */
  update(uri: string, text: string, options: { lint: boolean; config: LintConfig; maxSize?: number }): void {
    const kind = fileKindOf(uri);
    if (!kind) return;
    if (options.maxSize !== undefined && text.length > options.maxSize) {
      this.recordTooLarge(uri, kind, text, options.config, options.maxSize);
      return;
    }
    const previous = this.records.get(uri);
    const result = checkText(text, kind, { lint: options.lint, config: options.config });
    const lines = new LineIndex(text);
    this.records.set(uri, {
      kind,
      lines,
      directives: findDirectives(text),
      config: options.config,
      validation: result.validation,
      fileLint: options.lint ? result.lint : (previous?.fileLint ?? []),
      hasSyntaxErrors: result.hasSyntaxErrors,
    });
    if (options.lint || !this.index.get(uri)) this.index.set(summarize(uri, text, result.model));
  }

  /** A file over the size limit gets one problem and is neither parsed nor indexed: the editor stays responsive. */
  private recordTooLarge(uri: string, kind: FileKind, text: string, config: LintConfig, maxSize: number): void {
    this.index.delete(uri);
    const megabytes = (size: number) => (size >= 100_000 ? `${(size / 1_000_000).toFixed(1)} MB` : `${Math.ceil(size / 1000)} KB`);
    const firstLineEnd = text.search(/\r\n|\r|\n/);
    this.records.set(uri, {
      kind,
      lines: new LineIndex(text),
      directives: [],
      config,
      validation: [
        {
          ruleId: 'too-large',
          severity: 'warning',
          message: `This file is ${megabytes(text.length)}, over the ${megabytes(maxSize)} limit (setting competencyGuides.validate.maxFileSize), so it is not checked. Split it, or raise the limit.`,
          range: { start: 0, end: firstLineEnd === -1 ? text.length : firstLineEnd },
        },
      ],
      fileLint: [],
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

  /** All problems of a file, suppressions applied, in document order. */
  problems(uri: string): Problem[] {
    const record = this.records.get(uri);
    const summary = this.index.get(uri);
    if (!record) return [];
    const workspace = summary && !record.hasSyntaxErrors ? runWorkspaceRules(summary, this.index, record.config) : [];
    return finish(record.lines, record.directives, [...record.validation, ...record.fileLint, ...workspace]);
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
    return finish(lines, findDirectives(text), [...result.validation, ...result.lint, ...workspace]);
  }
}

function finish(lines: LineIndex, directives: Directive[], problems: Problem[]): Problem[] {
  const { kept, directiveProblems } = applySuppressions(lines, problems, directives, allRuleIds);
  return [...kept, ...directiveProblems].sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}
