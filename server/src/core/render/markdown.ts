import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { escapeHtml, escapeLineStarts, escapeMarkdown } from './escape';

/**
 * The (md) text fields: CommonMark plus tables and strikethrough, raw HTML shown as text, no bare-URL linking, and
 * links and images only to http(s) and mailto. A link the validator refuses stays the text it was written as.
 */
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

export interface MarkdownPlacement {
  /** Zero-based source line of the YAML value the text came from. */
  line: number;
  /**
   * For a literal block scalar (`|`) the text keeps its lines, so each block can carry the line it was written on;
   * other scalars fold lines and every block carries `line`.
   */
  literal?: boolean;
  /** Level of the heading the field sits under: a `#` heading in the field renders one level below it. */
  headingBase: number;
}

/** Renders a Markdown field to HTML whose block elements all carry `data-line`. */
export function markdownToHtml(source: string, placement: MarkdownPlacement): string {
  const tokens = md.parse(source, {});
  const lines: number[] = [];
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = shiftedHeading(token.tag, placement.headingBase);
    if (token.nesting === -1) {
      lines.pop();
      continue;
    }
    const mapped = placement.literal && token.map ? placement.line + 1 + token.map[0] : undefined;
    const line = mapped ?? lines[lines.length - 1] ?? placement.line;
    if (token.nesting === 1) lines.push(line);
    if (token.block && token.type !== 'inline') token.attrSet('data-line', String(line));
    // Alignment as a class: inline style attributes would need a looser style-src in the page's CSP.
    const align = /text-align:(left|center|right)/.exec(attr(token, 'style') ?? '');
    if (align) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      token.attrJoin('class', `cg-align-${align[1]}`);
    }
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') child.attrSet('rel', 'noopener noreferrer');
      if (child.type === 'image') {
        child.attrSet('referrerpolicy', 'no-referrer');
        child.attrSet('loading', 'lazy');
      }
    }
  }
  return md.renderer.render(tokens, md.options, {});
}

// Fenced and indented code render as <pre data-line><code>, so the block element itself carries the line.
md.renderer.rules.fence = (tokens, index) => codeBlock(tokens[index]);
md.renderer.rules.code_block = (tokens, index) => codeBlock(tokens[index]);

function codeBlock(token: Token): string {
  return `<pre data-line="${escapeHtml(attr(token, 'data-line') ?? '0')}"><code>${escapeHtml(token.content)}</code></pre>\n`;
}

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}

function shiftedHeading(tag: string, base: number): string {
  const level = Number(tag.slice(1)) || 1;
  return `h${Math.min(6, level + base)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown back out: the field re-written from its parse, so what reaches the .md file is exactly what the
// preview showed (refused links stay text, HTML stays text), whatever the reader's renderer allows.

interface BlockNode {
  token: Token;
  children: BlockNode[];
}

/** Re-writes a Markdown field as normalized, escaped Markdown; `#` headings move below `headingBase`. */
export function markdownToMarkdown(source: string, headingBase: number): string {
  const root: BlockNode = { token: undefined as unknown as Token, children: [] };
  const stack = [root];
  for (const token of md.parse(source, {})) {
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    const node: BlockNode = { token, children: [] };
    stack[stack.length - 1].children.push(node);
    if (token.nesting === 1) stack.push(node);
  }
  return blocks(root.children, headingBase).join('\n\n');
}

function blocks(nodes: BlockNode[], headingBase: number): string[] {
  return nodes.map((node) => block(node, headingBase)).filter((text) => text !== '');
}

function block(node: BlockNode, headingBase: number): string {
  const { token } = node;
  switch (token.type) {
    case 'paragraph_open':
      return inlineOf(node);
    case 'heading_open':
      return `${'#'.repeat(Math.min(6, Number(token.tag.slice(1)) + headingBase))} ${inlineOf(node).replace(/#$/, '\\#')}`;
    case 'blockquote_open':
      return blocks(node.children, headingBase)
        .join('\n\n')
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(node, headingBase);
    case 'fence':
    case 'code_block':
      return fenced(token.content, token.type === 'fence' ? token.info : '');
    case 'hr':
      return '---';
    case 'table_open':
      return table(node);
    case 'inline':
      return inline(token.children ?? []);
    default:
      // html_block cannot occur with html off; anything unforeseen is kept as escaped text.
      return token.content ? escapeLineStarts(escapeMarkdown(token.content)) : blocks(node.children, headingBase).join('\n\n');
  }
}

function inlineOf(node: BlockNode): string {
  const child = node.children.find((c) => c.token.type === 'inline');
  return child ? inline(child.token.children ?? []) : '';
}

function list(node: BlockNode, headingBase: number): string {
  const ordered = node.token.type === 'ordered_list_open';
  const start = Number(attr(node.token, 'start') ?? 1);
  // markdown-it hides the paragraphs of a tight list; a tight list stays tight.
  const tight = node.children.every((item) => item.children.every((child) => child.token.type !== 'paragraph_open' || child.token.hidden));
  const items = node.children.map((item, i) => {
    // The author's marker: two adjacent lists differ only by it, and would merge into one under another.
    const marker = ordered ? `${start + i}${node.token.markup || '.'}` : node.token.markup || '-';
    const body = blocks(item.children, headingBase).join(tight ? '\n' : '\n\n');
    const indent = ' '.repeat(marker.length + 1);
    return body
      .split('\n')
      .map((line, n) => (n === 0 ? `${marker} ${line}`.trimEnd() : line ? indent + line : ''))
      .join('\n');
  });
  return items.join(tight ? '\n' : '\n\n');
}

function fenced(content: string, info: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info.replace(/[`\s].*$/s, '')}\n${content.replace(/\n$/, '')}\n${fence}`;
}

function table(node: BlockNode): string {
  const rows: { cells: string[]; aligns: string[] }[] = [];
  const walk = (n: BlockNode) => {
    if (n.token.type === 'tr_open') {
      const cells = n.children.filter((c) => c.token.type === 'th_open' || c.token.type === 'td_open');
      rows.push({
        cells: cells.map((c) => inlineOf(c).replace(/\|/g, '\\|').replace(/\n/g, ' ')),
        aligns: cells.map((c) => /text-align:(\w+)/.exec(attr(c.token, 'style') ?? '')?.[1] ?? ''),
      });
    } else n.children.forEach(walk);
  };
  walk(node);
  if (!rows.length) return '';
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const separator = rows[0].aligns.map((align) => (align === 'left' ? ':---' : align === 'right' ? '---:' : align === 'center' ? ':---:' : '---'));
  return [line(rows[0].cells), line(separator), ...rows.slice(1).map((row) => line(row.cells))].join('\n');
}

function inline(tokens: Token[]): string {
  let out = '';
  const links: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'text_special':
      case 'html_inline':
        out += escapeMarkdown(token.content);
        break;
      case 'softbreak':
        out += '\n';
        break;
      case 'hardbreak':
        out += '\\\n';
        break;
      case 'code_inline':
        out += codeSpan(token.content);
        break;
      case 'em_open':
      case 'em_close':
      case 'strong_open':
      case 'strong_close':
      case 's_open':
      case 's_close':
        out += token.markup;
        break;
      case 'link_open':
        links.push(destination(attr(token, 'href') ?? '', attr(token, 'title')));
        out += '[';
        break;
      case 'link_close':
        out += `](${links.pop() ?? ''})`;
        break;
      case 'image':
        out += `![${inline(token.children ?? [])}](${destination(attr(token, 'src') ?? '', attr(token, 'title'))})`;
        break;
      default:
        out += escapeMarkdown(token.content ?? '');
    }
  }
  return escapeLineStarts(out);
}

function codeSpan(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || /^ .* $/.test(content) ? ' ' : '';
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/** A link destination the parser already validated and percent-encoded; the angle form when it has spaces or parens. */
function destination(href: string, title: string | null): string {
  const plain = /^[^\s()<>]*$/.test(href) ? href : `<${href.replace(/[<>\n]/g, encodeURIComponent)}>`;
  return title ? `${plain} "${title.replace(/["\\]/g, '\\$&').replace(/\n/g, ' ')}"` : plain;
}
