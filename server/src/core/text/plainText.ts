/**
 * A question's text as read, without Markdown's inline marks: typographic quotes made plain, links and images
 * reduced to their words, emphasis and code marks dropped. With `ellipsis`, "…" becomes "..."; with `html`, raw tags
 * become spaces (before the emphasis marks go, as they are not rendered). Each step runs only when the text holds
 * what it replaces: this runs on every question, area and follow-up.
 */
export function withoutInlineMarkdown(text: string, options: { ellipsis?: boolean; html?: boolean } = {}): string {
  let out = text;
  if (/[^\x00-\x7f`]/.test(out)) {
    out = out.replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'").replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"');
    if (options.ellipsis) out = out.replace(/\u2026/g, '...');
  }
  if (out.includes('[')) out = out.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (options.html && out.includes('<')) out = out.replace(/<[^>]*>/g, ' ');
  if (/[*_~`]/.test(out)) out = out.replace(/\*\*|__|~~|\*|`/g, '').replace(/(^|[\s("])_+|_+(?=[\s).,;:!?"]|$)/g, '$1');
  return out;
}
