/** Escaping for every value the renderer interpolates: author text never becomes markup. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * Our own messages quote ids and keys in backticks; those become `<code>` after the whole text is escaped, so a
 * backtick can only ever wrap escaped text.
 */
export function escapeHtmlWithCode(value: string): string {
  return escapeHtml(value).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

/**
 * Escapes text so Markdown shows it as written: no emphasis, links, code or HTML can start inside it. `<` becomes
 * an entity rather than `\<` so the file holds no tag-like text for a lax renderer to pick up.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;');
}

/** Escapes what would start a block (heading, quote, list, setext underline) at the beginning of each line. */
export function escapeLineStarts(value: string): string {
  return value
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*)(#{1,6})(?=\s|$)/, '$1\\$2')
        .replace(/^(\s*)([+-])(?=\s|$)/, '$1\\$2')
        .replace(/^(\s*)>/, '$1\\>')
        .replace(/^(\s*)(=+|-+)(\s*)$/, '$1\\$2$3')
        .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2'),
    )
    .join('\n');
}

/** A plain (non-Markdown) value on one line of Markdown: whitespace collapsed, everything escaped. */
export function plainMarkdown(value: string): string {
  return escapeLineStarts(escapeMarkdown(value.replace(/\s+/g, ' ').trim()));
}
