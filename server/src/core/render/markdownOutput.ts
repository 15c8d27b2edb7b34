import { escapeMarkdown, plainMarkdown } from './escape';
import { counts } from './html';
import { markdownToMarkdown } from './markdown';
import type { DocumentView, ProblemNote, SectionNode, ViewNode } from './view';

/** The same view as Markdown: headings for parts and questions, bold labels for their lists, every value escaped. */
export function viewToMarkdown(view: DocumentView): string {
  const blocks: string[] = [];
  view.children.forEach((child, i) => {
    node(child, blocks);
    if (i === 0) review(view, blocks);
  });
  if (!view.children.length) review(view, blocks);
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

function node(child: ViewNode, blocks: string[]): void {
  switch (child.type) {
    case 'section':
      return section(child, blocks);
    case 'markdown':
      blocks.push(markdownToMarkdown(child.source, child.headingBase));
      return;
    case 'text':
      blocks.push(child.code ? withCode(child.text) : plainMarkdown(child.text));
      return;
    case 'list':
      blocks.push(child.items.map((item) => `- ${plainMarkdown(item.text)}${inlineProblems(item.problems)}`).join('\n'));
      return;
    case 'table': {
      const cell = (text: string) => plainMarkdown(text).replace(/\|/g, '\\|');
      const rows = [
        `| ${child.columns.map(cell).join(' | ')} |`,
        `| ${child.columns.map(() => '---').join(' | ')} |`,
        ...child.rows.map((row) => `| ${row.cells.map((text, i) => cell(text) + (i === row.cells.length - 1 ? inlineProblems(row.problems).replace(/\|/g, '\\|') : '')).join(' | ')} |`),
      ];
      blocks.push(rows.join('\n'));
      return;
    }
    case 'facts':
      blocks.push(child.items.map((fact) => `- **${plainMarkdown(fact.label)}:** ${plainMarkdown(fact.value)}${inlineProblems(fact.problems)}`).join('\n'));
      return;
  }
}

function section(part: SectionNode, blocks: string[]): void {
  if (part.heading) {
    const text = plainMarkdown(part.heading.text) + (part.heading.meta ? ` (${plainMarkdown(part.heading.meta)})` : '');
    // The lists of a question are labels, not headings, so a printed guide does not drown in small headings.
    blocks.push(part.level >= 4 ? `**${text}**` : `${'#'.repeat(part.level)} ${text.replace(/#$/, '\\#')}`);
  }
  blockProblems(part.problems, blocks);
  for (const child of part.children) node(child, blocks);
}

function review(view: DocumentView, blocks: string[]): void {
  if (!view.allProblems.length) return;
  const summary = `> ${plainMarkdown(counts(view.allProblems))}`;
  blocks.push(view.problems.length ? `${summary}\n>\n${notes(view.problems)}` : summary);
}

function blockProblems(problems: ProblemNote[], blocks: string[]): void {
  if (problems.length) blocks.push(notes(problems));
}

function notes(problems: ProblemNote[]): string {
  return problems.map((problem) => `> - ${note(problem)}`).join('\n');
}

function inlineProblems(problems: ProblemNote[]): string {
  return problems.map((problem) => ` — ${note(problem)}`).join('');
}

function note(problem: ProblemNote): string {
  const severity = { error: 'Error', warning: 'Warning', info: 'Info' }[problem.severity];
  return `**${severity} (${plainMarkdown(problem.label)}):** ${withCode(problem.message.replace(/\s+/g, ' '))}`;
}

/**
 * Our messages mark ids in backticks: those become code spans, the rest is escaped text. A quoted value holding `<`
 * or `&` is escaped as text instead, so no tag-like text reaches the file even inside code.
 */
function withCode(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`<&\n]+`$/.test(part) ? part : escapeMarkdown(part)))
    .join('');
}
