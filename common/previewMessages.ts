/**
 * Messages between the preview webview and the extension, each carrying the URI of the previewed document.
 * Both sides drop anything that is not exactly one of these shapes, or that names another document.
 */

export type ToWebview =
  | { type: 'update'; uri: string; html: string; title: string; error?: { message: string; line: number } }
  | { type: 'scrollToLine'; uri: string; line: number };

export type FromWebview =
  | { type: 'ready'; uri: string }
  | { type: 'revealLine'; uri: string; line: number }
  | { type: 'doubleClick'; uri: string; line: number }
  | { type: 'openLink'; uri: string; href: string };

/** Settings the page reads from its `<meta id="competency-guides-preview-data">` on load. */
export interface PreviewPageData {
  uri: string;
  /** Editor line to show first (scroll sync). */
  line?: number;
  locked: boolean;
}

const isLine = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 10_000_000;

/** The message, when it is a well-formed message from the webview about `uri`; otherwise undefined. */
export function parseFromWebview(raw: unknown, uri: string): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message.uri !== uri) return undefined;
  switch (message.type) {
    case 'ready':
      return { type: 'ready', uri };
    case 'revealLine':
    case 'doubleClick':
      return isLine(message.line) ? { type: message.type, uri, line: message.line } : undefined;
    case 'openLink':
      return typeof message.href === 'string' && message.href.length < 4096 ? { type: 'openLink', uri, href: message.href } : undefined;
    default:
      return undefined;
  }
}

/** Only web and mail links leave the preview; anything else (javascript:, data:, file:, command:) is refused. */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

export function parseToWebview(raw: unknown, uri: string): ToWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message.uri !== uri) return undefined;
  if (message.type === 'update' && typeof message.html === 'string' && typeof message.title === 'string') {
    const error = message.error as { message?: unknown; line?: unknown } | undefined;
    const validError = error && typeof error.message === 'string' && isLine(error.line) ? { message: error.message, line: error.line } : undefined;
    return { type: 'update', uri, html: message.html, title: message.title, ...(validError ? { error: validError } : {}) };
  }
  if (message.type === 'scrollToLine' && isLine(message.line)) return { type: 'scrollToLine', uri, line: message.line };
  return undefined;
}
