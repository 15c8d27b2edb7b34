import { escapeHtml, escapeHtmlWithCode } from './escape';
import { markdownToHtml } from './markdown';
import type { QuestionMemo } from './questionMemo';
import type { DocumentView, ProblemNote, SectionNode, ViewNode } from './view';

/**
 * The page body: every block element carries `data-line` (the zero-based source line) for scroll sync, and
 * problems sit where they were found. Every value is escaped; Markdown goes through the restricted parser.
 * With a memo, the questions the view marks as reusable are copied from it, and the others kept in it.
 */
export function viewToHtml(view: DocumentView, memo?: QuestionMemo): string {
  const out: string[] = [`<article class="cg-document cg-${view.kind}" data-line="0">\n`];
  view.children.forEach((child, i) => {
    node(child, out, memo);
    if (i === 0) review(view, child.line, out);
  });
  if (!view.children.length) review(view, 0, out);
  out.push('</article>\n');
  return out.join('');
}

function node(child: ViewNode, out: string[], memo: QuestionMemo | undefined): void {
  switch (child.type) {
    case 'section':
      return section(child, out, memo);
    case 'markdown':
      out.push(`<div class="cg-md" data-line="${child.line}">\n`, markdownToHtml(child.source, child), '</div>\n');
      return;
    case 'text': {
      const text = child.code ? escapeHtmlWithCode(child.text) : escapeHtml(child.text);
      out.push(`<p class="cg-text${child.role ? ` cg-${child.role}` : ''}" data-line="${child.line}">${text}</p>\n`);
      return;
    }
    case 'list':
      out.push(`<ul class="cg-list${child.role ? ` cg-list-${child.role}` : ''}" data-line="${child.line}">\n`);
      for (const item of child.items) out.push(`<li data-line="${item.line}">${escapeHtml(item.text)}${inlineProblems(item.problems)}</li>\n`);
      out.push('</ul>\n');
      return;
    case 'table': {
      const line = child.line;
      out.push(`<div class="cg-table-wrap" data-line="${line}">\n<table class="cg-table${child.role ? ` cg-table-${child.role}` : ''}" data-line="${line}">\n`);
      out.push(`<thead data-line="${line}"><tr data-line="${line}">${child.columns.map((c) => `<th scope="col" data-line="${line}">${escapeHtml(c)}</th>`).join('')}</tr></thead>\n`);
      out.push(`<tbody data-line="${line}">\n`);
      for (const row of child.rows) {
        const cells = row.cells.map((cell, i) => {
          const notes = i === row.cells.length - 1 ? inlineProblems(row.problems) : '';
          return `<td data-line="${row.line}">${escapeHtml(cell)}${notes}</td>`;
        });
        out.push(`<tr data-line="${row.line}">${cells.join('')}</tr>\n`);
      }
      out.push('</tbody>\n</table>\n</div>\n');
      return;
    }
    case 'facts':
      out.push(`<dl class="cg-facts" data-line="${child.line}">\n`);
      for (const fact of child.items) {
        const flagged = fact.flagged ? ' cg-flagged' : '';
        out.push(
          `<div class="cg-fact${flagged}" data-line="${fact.line}"><dt data-line="${fact.line}">${escapeHtml(fact.label)}</dt>` +
            `<dd data-line="${fact.line}">${escapeHtml(fact.value)}${inlineProblems(fact.problems)}</dd></div>\n`,
        );
      }
      out.push('</dl>\n');
      return;
  }
}

function section(part: SectionNode, out: string[], memo: QuestionMemo | undefined): void {
  if (memo && part.reuse) {
    if (part.reuse.html !== undefined) {
      out.push(part.reuse.html);
      return;
    }
    const own: string[] = [];
    writeSection(part, own, memo);
    const html = own.join('');
    memo.keep(part.reuse.text, part.reuse.place, html);
    out.push(html);
    return;
  }
  writeSection(part, out, memo);
}

function writeSection(part: SectionNode, out: string[], memo: QuestionMemo | undefined): void {
  const tag = part.role === 'header' ? 'header' : 'section';
  out.push(`<${tag} class="cg-section cg-${part.role}" data-line="${part.line}">\n`);
  if (part.heading) {
    const level = Math.min(6, part.level);
    const meta = part.heading.meta ? ` <span class="cg-meta">${escapeHtml(part.heading.meta)}</span>` : '';
    out.push(`<h${level} data-line="${part.line}">${escapeHtml(part.heading.text)}${meta}</h${level}>\n`);
  }
  blockProblems(part.problems, part.line, out);
  for (const child of part.children) node(child, out, memo);
  out.push(`</${tag}>\n`);
}

/** Counts at the top, then the problems no part of the page contains; on the title's line, to keep lines in order. */
function review(view: DocumentView, line: number, out: string[]): void {
  if (!view.allProblems.length) return;
  out.push(`<section class="cg-section cg-review" data-line="${line}">\n<p class="cg-review-summary" data-line="${line}">${escapeHtml(counts(view.allProblems))}</p>\n`);
  blockProblems(view.problems, line, out);
  out.push('</section>\n');
}

/**
 * A note's `data-line` is its container's, so lines only grow down the page (scroll sync relies on it);
 * `data-problem-line` is where the problem itself is, for revealing it in the editor.
 */
function blockProblems(problems: ProblemNote[], line: number, out: string[]): void {
  if (!problems.length) return;
  out.push(`<ul class="cg-problems" data-line="${line}">\n`);
  for (const problem of problems) out.push(`<li ${problemAttributes(problem)} data-line="${line}">${problemContent(problem)}</li>\n`);
  out.push('</ul>\n');
}

function inlineProblems(problems: ProblemNote[]): string {
  return problems.map((problem) => ` <span ${problemAttributes(problem)}>${problemContent(problem)}</span>`).join('');
}

function problemAttributes(problem: ProblemNote): string {
  return `class="${problemClass(problem)}" data-rule="${escapeHtml(problem.ruleId)}" data-problem-line="${problem.line}"`;
}

function problemClass(problem: ProblemNote): string {
  return `cg-problem cg-problem-${problem.severity}`;
}

function problemContent(problem: ProblemNote): string {
  return (
    `<span class="cg-badge" title="${escapeHtml(problem.ruleId)}">${escapeHtml(problem.label)}</span> ` +
    `<span class="cg-severity">${SEVERITY_WORDS[problem.severity]}:</span> ` +
    `<span class="cg-problem-message">${escapeHtmlWithCode(problem.message)}</span>`
  );
}

const SEVERITY_WORDS = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export function counts(problems: readonly ProblemNote[]): string {
  const parts = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, problems.filter((p) => p.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity === 'info' ? 'info' : count === 1 ? severity : `${severity}s`}`);
  return `${problems.length === 1 ? 'One problem' : `${problems.length} problems`} in this file: ${parts.join(', ')}.`;
}
