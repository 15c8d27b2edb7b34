import type { CompetencyModel } from '../model';
import type { Problem } from '../problem';
import { questionPlace, type QuestionMemo } from './questionMemo';
import type { FieldReader, ListValue, TextValue } from './read';
import type { DocumentView, Fact, MarkdownNode, SectionNode, ViewNode } from './view';

/** For the preview: the file's text and problems (sorted by start), and its questions' HTML from the last render. */
export interface QuestionReuse {
  memo: QuestionMemo;
  text: string;
  problems: readonly Problem[];
}

/**
 * A competency as an interview guide: title and roles, summary, why it matters, how to evaluate with its signals,
 * the rating scale, the numbered questions with their areas and follow-ups, then the FAQ.
 */
export function competencyView(model: CompetencyModel, read: FieldReader, reuse?: QuestionReuse): DocumentView {
  const root = read.root();
  const name = read.text(root, 'competency');
  const title = name?.text.trim() || 'Untitled competency';
  const children: ViewNode[] = [];

  const facts: Fact[] = [];
  const roles = read.list(root, 'roles');
  if (roles?.items.length) facts.push(listFact(roles.items.length === 1 ? 'Role' : 'Roles', roles));
  const tags = read.list(root, 'tags');
  if (tags?.items.length) facts.push(listFact('Tags', tags));
  children.push(header(title, name, facts, read));

  const summary = read.text(root, 'summary');
  if (summary) children.push(section('summary', 2, read, summary.range, undefined, [markdown(summary, 1)]));
  const why = read.text(root, 'why_it_matters');
  if (why) children.push(section('why-it-matters', 2, read, why.range, 'Why It Matters', [markdown(why, 2)]));

  const evaluation = read.text(root, 'evaluation');
  const signals = read.map(root, 'signals');
  const signalParts: SectionNode[] = [];
  for (const [key, heading, role] of [['positive', 'Positive Signals', 'positive-signals'], ['red_flags', 'Red Flags', 'red-flags']] as const) {
    const list = read.list(signals, key);
    if (list?.items.length) signalParts.push(listSection(role, 3, heading, list, read));
  }
  if (evaluation || signalParts.length) {
    const signalsPair = read.pair(root, 'signals');
    const range = evaluation?.range ?? (signalsPair ? read.pairRange(signalsPair) : signalParts[0].range!);
    children.push(section('evaluation', 2, read, range, 'How to Evaluate', [...(evaluation ? [markdown(evaluation, 2)] : []), ...signalParts]));
  }

  const scale = read.maps(root, 'rating_scale');
  if (scale.length) {
    const pair = read.pair(root, 'rating_scale')!;
    const rows = scale.map(({ node, line, range }) => ({
      cells: ['score', 'label', 'anchor'].map((key) => read.text(node, key)?.text ?? ''),
      line,
      range,
      problems: [],
    }));
    const range = read.pairRange(pair);
    children.push(section('rating-scale', 2, read, range, 'Rating Scale', [{ type: 'table', role: 'rating-scale', columns: ['Score', 'Label', 'Anchor'], rows, line: read.line(range.start), problems: [] }]));
  }

  const questionsPair = read.pair(root, 'questions');
  if (questionsPair) {
    const questions = model.questions.map((question, i): SectionNode => {
      const heading = { text: `Question ${i + 1}`, meta: question.minutes !== undefined ? `${question.minutes} min` : undefined };
      const line = read.line(question.range.start);
      const place = reuse && questionPlace(reuse.text, i, question, (offset) => read.line(offset), reuse.problems);
      const memoized = reuse && place && { text: reuse.text, place, html: reuse.memo.reusable(reuse.text, place) };
      if (memoized?.html !== undefined) return { type: 'section', role: 'question', level: 3, heading, line, range: question.range, problems: [], children: [], reuse: memoized };
      const text = read.text(question.node, 'text');
      const parts: ViewNode[] = [text ? markdown(text, 3) : missing('This question has no text.', line)];
      const areas = read.list(question.node, 'areas_to_cover');
      if (areas?.items.length) parts.push(listSection('areas', 4, 'Areas to Cover', areas, read));
      const followUps = read.list(question.node, 'follow_ups');
      if (followUps?.items.length) parts.push(listSection('follow-ups', 4, 'Follow-Up Questions', followUps, read));
      return { type: 'section', role: 'question', level: 3, heading, line, range: question.range, problems: [], children: parts, reuse: memoized || undefined };
    });
    children.push(section('questions', 2, read, read.pairRange(questionsPair), 'Interview Questions', questions));
  }

  const faq = read.maps(root, 'faq');
  if (faq.length) {
    const items = faq.map(({ node, line, range }): SectionNode => {
      const answer = read.text(node, 'answer');
      const question = read.text(node, 'question')?.text.trim() || 'Question';
      return { type: 'section', role: 'faq-item', level: 3, heading: { text: question }, line, range, problems: [], children: answer ? [markdown(answer, 3)] : [] };
    });
    children.push(section('faq', 2, read, read.pairRange(read.pair(root, 'faq')!), 'FAQ', items));
  }

  return { kind: 'competency', title, problems: [], allProblems: [], children };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared by the guide view.

export function header(title: string, name: TextValue | undefined, facts: Fact[], read: FieldReader): SectionNode {
  const line = name ? read.line(name.range.start) : 0;
  const children: ViewNode[] = facts.length ? [{ type: 'facts', items: facts, line: facts[0].line, problems: [] }] : [];
  return { type: 'section', role: 'header', level: 1, heading: { text: title }, line, range: name?.range, problems: [], children };
}

export function section(
  role: string,
  level: number,
  read: FieldReader,
  range: { start: number; end: number },
  heading: string | undefined,
  children: ViewNode[],
): SectionNode {
  return { type: 'section', role, level, heading: heading ? { text: heading } : undefined, line: read.line(range.start), range, problems: [], children };
}

export function listSection(role: string, level: number, heading: string, list: ListValue, read: FieldReader): SectionNode {
  const items = list.items.map((item) => ({ text: item.text, line: item.line, range: item.range, problems: [] }));
  return section(role, level, read, list.range, heading, [{ type: 'list', role, items, line: list.line, problems: [] }]);
}

export function markdown(value: Pick<TextValue, 'text' | 'line' | 'literal'>, headingBase: number): MarkdownNode {
  return { type: 'markdown', source: value.text, literal: value.literal, headingBase, line: value.line, problems: [] };
}

export function missing(text: string, line: number): ViewNode {
  return { type: 'text', role: 'missing', text, code: true, line, problems: [] };
}

export function textFact(label: string, value: TextValue, read: FieldReader): Fact {
  return { label, value: value.text, line: read.line(value.range.start), range: value.range, problems: [] };
}

function listFact(label: string, list: ListValue): Fact {
  return { label, value: list.items.map((item) => item.text).join(', '), line: list.line, range: list.range, problems: [] };
}

