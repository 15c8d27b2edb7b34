import { DEFAULT_QUESTION_MINUTES } from '../config';
import type { FileKind } from '../fileKind';
import { LineIndex } from '../lineIndex';
import { buildModel, type BankModel } from '../model';
import type { Problem } from '../problem';
import { planGuide } from '../rules/over-time';
import { summarize } from '../workspace/fileSummary';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { parseYaml, type ParsedYaml } from '../yamlDocument';
import { competencyView } from './competencyView';
import { guideView } from './guideView';
import { viewToHtml } from './html';
import { viewToMarkdown } from './markdownOutput';
import { FieldReader } from './read';
import type { QuestionMemo } from './questionMemo';
import { placeProblems, type DocumentView } from './view';

/**
 * The one renderer behind the preview, the editor's export and the CLI's: a bank file in, an interview guide out,
 * as an HTML fragment or as Markdown. Pure: no files, no editor, no network.
 */

export interface RenderInput {
  text: string;
  kind: FileKind;
  /** The file's URI, for the guide's own summary; any string will do. */
  uri?: string;
  /** The text already parsed, to save parsing it again. */
  parsed?: ParsedYaml;
  /** The model of `parsed`, to save building it again. */
  model?: BankModel;
  /** Where a guide finds its competencies and their questions. */
  index?: WorkspaceIndex;
  /** The file's problems (offsets into `text`), shown where they are; none in an export. */
  problems?: readonly Problem[];
  /** The config's `question_minutes`: the planned minutes of a question without its own. */
  questionMinutes?: number;
  /** The questions' HTML from the last render of this file (the preview's); HTML only. */
  memo?: QuestionMemo;
}

export interface RenderedHtml {
  title: string;
  /** A fragment for the page body: one `<article>`. */
  html: string;
}

export interface RenderedMarkdown {
  title: string;
  markdown: string;
}

export function renderHtml(input: RenderInput): RenderedHtml {
  const view = buildView(input);
  const html = viewToHtml(view, input.memo);
  input.memo?.finish();
  return { title: view.title, html };
}

export function renderMarkdown(input: RenderInput): RenderedMarkdown {
  const view = buildView({ ...input, memo: undefined });
  return { title: view.title, markdown: viewToMarkdown(view) };
}

/** The format-neutral view both outputs are written from. */
export function buildView(input: RenderInput): DocumentView {
  const parsed = input.parsed ?? parseYaml(input.text);
  const lines = new LineIndex(input.text);
  const read = new FieldReader(parsed.document, lines);
  const model = input.parsed && input.model?.kind === input.kind ? input.model : buildModel(parsed, input.kind);
  const questionMinutes = input.questionMinutes ?? DEFAULT_QUESTION_MINUTES;
  let view: DocumentView;
  if (model.kind === 'competency') {
    const problems = input.problems ?? [];
    // Sorted by start, to find each question's problems (placeProblems leaves the input's order alone).
    const reuse = input.memo && { memo: input.memo, text: input.text, problems: [...problems].sort((a, b) => a.range.start - b.range.start) };
    view = competencyView(model, read, reuse);
  } else {
    const index = input.index ?? new WorkspaceIndex();
    const plan = planGuide(summarize(input.uri ?? '', input.text, model), index, questionMinutes);
    view = guideView(model, read, index, plan, questionMinutes);
  }
  placeProblems(view, input.problems ?? [], lines);
  return view;
}
