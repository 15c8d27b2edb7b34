// Drives the VS Code workbench in Debian's chromium the way a person would: the Explorer, the keyboard,
// the Problems panel, the suggest widget. Every wait is on a condition, with a deadline.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { waitUntil } from './codeServer.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(executablePath = '/usr/bin/chromium') {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Opens the workbench on `url` and waits until the Explorer shows the workspace's files. */
export async function openWorkbench(browser, url, { firstFile, timeoutMs = 60_000 } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  if (firstFile) await explorerItem(page, firstFile).waitFor({ timeout: timeoutMs });
  return page;
}

export function explorerItem(page, name) {
  return page.getByRole('treeitem', { name, exact: true });
}

/** Opens a file from the Explorer (double-click: a pinned editor, not a preview) and waits for its tab. */
export async function openFromExplorer(page, name) {
  await explorerItem(page, name).dblclick();
  await activeTab(page, name).waitFor();
  await editor(page).locator('.view-lines').waitFor();
}

export function activeTab(page, name) {
  return page.locator(`.part.editor .tab.active[data-resource-name="${name}"]`);
}

export function editor(page) {
  return page.locator('.part.editor .editor-instance .monaco-editor').first();
}

/** Clicks into the editor's text and moves the cursor to the end of the document. */
export async function focusEditorAtEnd(page) {
  await editor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
}

/**
 * Pastes `text` at the cursor with Ctrl+V, as a person pastes a block they copied. (Typed line by line, the editor's
 * auto-indent would shift every line after the first; a paste keeps the text as it is.)
 */
export async function pasteText(page, text) {
  await page.evaluate((text) => navigator.clipboard.writeText(text), text);
  await page.keyboard.press('Control+V');
}

/** A code lens above a line of the editor, once its text matches. */
export function codeLens(page, text) {
  return editor(page).locator('.codelens-decoration', { hasText: text });
}

/** The language mode shown in the status bar. */
export function languageStatus(page) {
  return page.locator('[id="status.editor.mode"]');
}

/** The text of the visible editor lines, in order (small files fit on screen). */
export function editorText(page) {
  return editor(page)
    .locator('.view-lines')
    .evaluate((lines) =>
      [...lines.querySelectorAll('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => line.textContent.replace(/\u00a0/g, ' '))
        .join('\n'),
    );
}

/**
 * The screen box of the first occurrence of `word` in the editor's rendered lines
 * (tokens may split it across spans, so the range is built over the line's text nodes).
 */
export function wordBox(page, word) {
  return editor(page)
    .locator('.view-lines')
    .evaluate((lines, word) => {
      const ordered = [...lines.querySelectorAll('.view-line')].sort(
        (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
      );
      for (const line of ordered) {
        const nodes = [];
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) nodes.push(walker.currentNode);
        const text = nodes.map((node) => node.data.replace(/\u00a0/g, ' ')).join('');
        const start = text.indexOf(word);
        if (start < 0) continue;
        const locate = (offset) => {
          for (const node of nodes) {
            if (offset <= node.data.length) return [node, offset];
            offset -= node.data.length;
          }
          return [nodes.at(-1), nodes.at(-1).data.length];
        };
        const range = document.createRange();
        range.setStart(...locate(start));
        range.setEnd(...locate(start + word.length));
        const { x, y, width, height } = range.getBoundingClientRect();
        return { x, y, width, height };
      }
      return null;
    }, word);
}

/** Screen boxes of the squiggles of one kind (`error`, `warning`, `info`) in the editor. */
export function squiggleBoxes(page, kind) {
  return editor(page)
    .locator(`.squiggly-${kind}`)
    .evaluateAll((elements) =>
      elements.map((element) => {
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height };
      }),
    );
}

export function overlaps(a, b) {
  const horizontal = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const vertical = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return horizontal > 0 && vertical > 0;
}

/** Opens the Problems panel (Ctrl+Shift+M) and waits for it. */
export async function openProblems(page) {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor();
}

/**
 * The Problems panel's rows, grouped by file:
 * `{ file, severity, message, source, code, line, text }` for each marker row.
 */
export function problemRows(page) {
  return page.locator('.markers-panel').evaluate((panel) => {
    const rows = [...panel.querySelectorAll('.monaco-list-row')].sort(
      (a, b) => Number(a.dataset.index) - Number(b.dataset.index),
    );
    const result = [];
    let file;
    for (const row of rows) {
      const level = Number(row.getAttribute('aria-level'));
      const lines = row.innerText.split('\n').map((line) => line.trim()).filter(Boolean);
      if (level === 1) {
        file = lines[0];
        continue;
      }
      if (level !== 2) continue; // related information
      const position = /\[Ln (\d+), Col (\d+)\]/.exec(row.innerText);
      const label = row.getAttribute('aria-label') ?? '';
      result.push({
        file,
        severity: /^(\w+):/.exec(label)?.[1]?.toLowerCase(),
        message: lines[0],
        line: position ? Number(position[1]) : undefined,
        text: lines.join(' | '),
        parts: lines,
      });
    }
    return result;
  });
}

/** Waits until the rows of `file` satisfy `predicate`; the error shows what the panel held last. */
export async function waitForProblems(page, file, predicate, { message, timeoutMs = 30_000 } = {}) {
  let last = [];
  try {
    return await waitUntil(
      async () => {
        last = (await problemRows(page)).filter((row) => row.file === file);
        return predicate(last) ? last : undefined;
      },
      { timeoutMs, message },
    );
  } catch (error) {
    error.message += `\nProblems panel rows for ${file}:\n${last.map((row) => `  ${row.text}`).join('\n') || '  (none)'}`;
    throw error;
  }
}

/** A row is ours when the panel shows our source and the rule id as its code. */
export function isOurs(row, code) {
  return row.parts.includes('competency-guides') && row.parts.includes(code);
}

export async function screenshot(page, folder, name) {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
