// Runs inside the preview webview: patches the rendered guide in place, keeps scroll in step with the editor, and
// turns double-clicks and link clicks into messages the extension validates.
import morphdom from 'morphdom';
import { parseToWebview, type FromWebview, type PreviewPageData } from '../../common/previewMessages';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const data = JSON.parse(document.getElementById('competency-guides-preview-data')?.getAttribute('data-settings') ?? '{}') as PreviewPageData;
const content = document.getElementById('cg-content') as HTMLElement;
const banner = document.getElementById('cg-banner') as HTMLElement;

// The serializer restores the preview after a window reload from this state.
vscode.setState({ uri: data.uri, locked: data.locked });

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

/** Blocks in document order with their source lines. */
function lineBlocks(): { element: HTMLElement; line: number }[] {
  const blocks: { element: HTMLElement; line: number }[] = [];
  for (const element of Array.from(content.querySelectorAll<HTMLElement>('[data-line]'))) {
    const line = Number(element.dataset.line);
    if (Number.isInteger(line)) blocks.push({ element, line });
  }
  return blocks;
}

function top(element: HTMLElement): number {
  return element.getBoundingClientRect().top + window.scrollY;
}

// Programmatic scrolls raise scroll events too; each one we cause is not echoed back to the editor.
let scrollsToIgnore = 0;

function scrollToLine(line: number): void {
  const blocks = lineBlocks();
  if (!blocks.length) return;
  let before = blocks[0];
  let after: (typeof blocks)[number] | undefined;
  for (const block of blocks) {
    if (block.line <= line) before = block;
    else {
      after = block;
      break;
    }
  }
  let y = top(before.element);
  if (after && after.line > before.line) {
    const fraction = Math.min(Math.max((line - before.line) / (after.line - before.line), 0), 1);
    y += fraction * (top(after.element) - y);
  }
  // The editor at its first line shows the page from its very top, padding included.
  const target = line <= 0 ? 0 : Math.max(0, Math.round(y) - 8);
  if (Math.abs(window.scrollY - target) < 1) return;
  scrollsToIgnore++;
  window.scrollTo(0, target);
}

/** The source line at the top of the view, interpolated between blocks. */
function lineAtTop(): number | undefined {
  const blocks = lineBlocks();
  if (!blocks.length) return undefined;
  const y = window.scrollY + 8;
  let before = blocks[0];
  let after: (typeof blocks)[number] | undefined;
  for (const block of blocks) {
    if (top(block.element) <= y) before = block;
    else {
      after = block;
      break;
    }
  }
  if (!after) return before.line;
  const start = top(before.element);
  const span = top(after.element) - start;
  const fraction = span > 0 ? Math.min(Math.max((y - start) / span, 0), 1) : 0;
  return Math.floor(before.line + fraction * (after.line - before.line));
}

let scrollFrame = 0;
window.addEventListener(
  'scroll',
  () => {
    if (scrollsToIgnore > 0) {
      scrollsToIgnore--;
      return;
    }
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      const line = lineAtTop();
      if (line !== undefined) post({ type: 'revealLine', uri: data.uri, line });
    });
  },
  { passive: true },
);

document.addEventListener('dblclick', (event) => {
  const block = (event.target as Element | null)?.closest<HTMLElement>('[data-line]');
  const line = Number(block?.dataset.line);
  if (block && Number.isInteger(line)) post({ type: 'doubleClick', uri: data.uri, line });
});

// Links never navigate the webview: the extension opens web and mail links after checking them. The click stops
// here: VS Code's webview host also listens for link clicks (on the window) and would open the link itself, at once
// and without the extension's check.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest('a');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const href = link.getAttribute('href');
  if (href) post({ type: 'openLink', uri: data.uri, href });
});

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data, data.uri);
  if (!message) return;
  if (message.type === 'scrollToLine') {
    scrollToLine(message.line);
    return;
  }
  const replacement = document.createElement('main');
  replacement.id = 'cg-content';
  replacement.innerHTML = message.html;
  morphdom(content, replacement);
  document.title = message.title;
  if (message.error) {
    banner.hidden = false;
    banner.textContent = `Line ${message.error.line + 1} is not valid YAML: ${message.error.message} The preview shows the last version that could be read.`;
  } else {
    banner.hidden = true;
    banner.textContent = '';
  }
});

if (typeof data.line === 'number') scrollToLine(data.line);
post({ type: 'ready', uri: data.uri });
