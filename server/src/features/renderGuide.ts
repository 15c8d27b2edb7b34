import type { ExportFormat, ExportGuideResult, RenderGuideResult } from '../../../common/protocol';
import { fileKindOf } from '../core/fileKind';
import { LineIndex } from '../core/lineIndex';
import type { BankModel } from '../core/model';
import type { Problem } from '../core/problem';
import { renderHtml, renderMarkdown } from '../core/render';
import { exportHtml } from '../core/render/exportHtml';
import { QuestionMemo } from '../core/render/questionMemo';
import type { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { parseYaml, type ParsedYaml } from '../core/yamlDocument';

export interface GuideSource {
  uri: string;
  /** The editor's text of an open document, else the file on disk; undefined when it could not be read. */
  text: string | undefined;
  version?: number;
  /** `text` already parsed (the server's parse of the open document's version), to save parsing it again. */
  parsed?: ParsedYaml;
  /** The model of `parsed`, when the server has it too. */
  model?: BankModel;
  index: WorkspaceIndex;
  questionMinutes: number;
}

/**
 * The preview's render: problems are shown where they are, a syntax error is reported beside the best render. With
 * `memos`, a competency's questions that have not changed since its last render are copied, not written again.
 */
export function renderGuide(source: GuideSource, problems: readonly Problem[], memos?: RenderMemos): RenderGuideResult {
  const prepared = prepare(source);
  if ('error' in prepared) return { html: '', title: '', version: source.version, error: prepared.error };
  const { text, kind, parsed, model } = prepared;
  const memo = memos?.of(source.uri);
  const rendered = renderHtml({ text, kind, parsed, model, uri: source.uri, index: source.index, problems, questionMinutes: source.questionMinutes, memo });
  return { html: rendered.html, title: rendered.title, version: source.version, ...syntaxError(parsed) };
}

/** The export's render: the whole page (with the preview's stylesheet) or Markdown, without problems. */
export function exportGuide(source: GuideSource, format: ExportFormat, css: string): ExportGuideResult {
  const prepared = prepare(source);
  if ('error' in prepared) return { content: '', title: '', version: source.version, error: prepared.error };
  const { text, kind, parsed, model } = prepared;
  const input = { text, kind, parsed, model, uri: source.uri, index: source.index, questionMinutes: source.questionMinutes };
  let content: string;
  let title: string;
  if (format === 'md') {
    ({ markdown: content, title } = renderMarkdown(input));
  } else {
    const rendered = renderHtml(input);
    title = rendered.title;
    content = exportHtml({ title, body: rendered.html, css });
  }
  return { content, title, version: source.version, ...syntaxError(parsed) };
}

/** The questions' HTML of the few files the preview rendered last (a preview per editor group, and locked ones). */
export class RenderMemos {
  private readonly memos = new Map<string, QuestionMemo>();

  constructor(private readonly limit = 8) {}

  of(uri: string): QuestionMemo {
    const memo = this.memos.get(uri) ?? new QuestionMemo();
    // Most recent last: the first is the one to let go.
    this.memos.delete(uri);
    this.memos.set(uri, memo);
    if (this.memos.size > this.limit) this.memos.delete(this.memos.keys().next().value!);
    return memo;
  }

  forget(uri: string): void {
    this.memos.delete(uri);
  }
}

type Prepared = { text: string; kind: 'competency' | 'guide'; parsed: ParsedYaml; model?: BankModel } | { error: { message: string; line: number } };

function prepare(source: GuideSource): Prepared {
  const kind = fileKindOf(source.uri);
  if (!kind) return { error: { message: 'Only competency and guide files (*.competency.yaml, *.guide.yaml) render as interview guides.', line: 0 } };
  if (source.text === undefined) return { error: { message: 'The file could not be read.', line: 0 } };
  const reuse = source.parsed?.text === source.text;
  const parsed = reuse && source.parsed ? source.parsed : parseYaml(source.text);
  return { text: source.text, kind, parsed, model: reuse ? source.model : undefined };
}

function syntaxError(parsed: ParsedYaml): { error?: { message: string; line: number } } {
  const first = parsed.syntaxProblems.find((problem) => problem.severity === 'error');
  if (!first) return {};
  return { error: { message: first.message, line: new LineIndex(parsed.text).positionAt(first.range.start).line } };
}
