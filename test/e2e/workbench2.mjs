// More of the workbench, driven as a person drives it: the quick fix menu and the lightbulb, the suggest widget,
// hovers, the Outline view, rename, notifications, the language status item and the cursor position in the
// status bar. Also the per-file session of the browser checks (one code-server, one page) and their screenshots.
// Every wait is on a condition, with a deadline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCodeServer, waitUntil } from './codeServer.mjs';
import { ensureE2EEnvironment } from './setup.mjs';
import { editor, launchBrowser, openWorkbench, problemRows, screenshot, wordBox } from './workbench.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vsix = path.resolve(process.env.COMPETENCY_GUIDES_VSIX ?? path.join(repo, 'competency-guides.vsix'));
export const screenshots = path.resolve(
  process.env.COMPETENCY_GUIDES_SCREENSHOTS ?? path.join(repo, 'test-results', 'e2e-screenshots'),
);

/** A file of the packaged extension, e.g. `extension/schemas/guide.schema.json`. */
export function packagedFile(file) {
  return execFileSync('unzip', ['-p', vsix, file], { encoding: 'utf8' });
}

/** Writes `files` (relative paths, folders created) into a new temporary folder. */
export async function makeWorkspace(files, prefix = 'competency-guides-e2e-') {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), text);
  }
  return folder;
}

/**
 * One code-server with the packaged extension installed and a browser page on a workspace of `files`, for the
 * tests of the calling `describe` (or file). `firstFile` is waited for in the Explorer.
 */
export function workbenchSession({ settings = {}, files, firstFile = Object.keys(files)[0] }) {
  const session = {};
  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package\` first`);
    const environment = await ensureE2EEnvironment({ log: () => {} });
    session.folder = await makeWorkspace(files);
    session.server = await startCodeServer({ environment, vsix, settings, log: () => {} });
    session.browser = await launchBrowser(environment.chromium);
    session.page = await openWorkbench(session.browser, session.server.folderUrl(session.folder), { firstFile });
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
    if (session.folder) await rm(session.folder, { recursive: true, force: true });
  });
  return session;
}

/** Removes an earlier run's screenshots named `<prefix>-…`, so a run's folder holds only its own. */
export function clearScreenshots(prefix) {
  before(async () => {
    const old = await readdir(screenshots).catch(() => []);
    await Promise.all(old.filter((name) => name.startsWith(`${prefix}-`) && name.endsWith('.png')).map((name) => rm(path.join(screenshots, name))));
  });
}

/** Runs a check and saves a screenshot after it, named `name` (or `name-failed` when it threw). */
export async function check(session, name, body) {
  try {
    await body(session.page);
  } catch (error) {
    if (session.page) {
      const file = await screenshot(session.page, screenshots, `${name}-failed`).catch(() => undefined);
      if (file) error.message += `\nscreenshot: ${file}`;
      // Close what the failed check left open (a menu, a hover, an input box), so the next check starts clean.
      for (let i = 0; i < 3; i++) await session.page.keyboard.press('Escape').catch(() => {});
    }
    throw error;
  }
  const file = await screenshot(session.page, screenshots, name);
  console.log(`screenshot: ${file}`);
}

export const shot = (page, name) => screenshot(page, screenshots, name);

export function diskText(folder, name) {
  return readFile(path.join(folder, name), 'utf8');
}

/** Waits until the file on disk reads `expected`; the error shows what it held last. */
export async function waitForDisk(folder, name, expected, { timeoutMs = 15_000 } = {}) {
  let last;
  try {
    await waitUntil(async () => (last = await diskText(folder, name)) === expected, { timeoutMs, message: `${name} on disk` });
  } catch (error) {
    error.message += `\nexpected:\n${expected}\non disk:\n${last}`;
    throw error;
  }
}

/** Waits until `read()` returns `expected` (strings compared exactly); the error shows the last value. */
export async function waitForText(read, expected, { timeoutMs = 15_000, message = 'the text' } = {}) {
  let last;
  try {
    await waitUntil(async () => (last = await read()) === expected, { timeoutMs, message });
  } catch (error) {
    error.message += `\nexpected:\n${expected}\nlast seen:\n${last}`;
    throw error;
  }
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text, needle) {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;
  assert.ok(line > 0, `"${needle}" is in the text`);
  return line;
}

/** Shows the Problems panel unless it is already showing (Ctrl+Shift+M toggles it). */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor();
}

/** The Problems panel's file groups as `{ file, text }`, `text` being all their rows' text. */
export function problemGroups(page) {
  return page.locator('.markers-panel').evaluate((panel) => {
    const rows = [...panel.querySelectorAll('.monaco-list-row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    const groups = [];
    for (const row of rows) {
      if (row.getAttribute('aria-level') === '1') groups.push({ file: row.innerText.split('\n')[0].trim(), text: '' });
      else if (groups.length) groups.at(-1).text += `${row.innerText}\n`;
    }
    return groups;
  });
}

/** The Problems panel's filter box (it matches messages and file names). */
export function problemsFilter(page) {
  return page.getByRole('textbox', { name: 'Filter Problems' });
}

/**
 * Waits until the Problems panel's rows of `file` satisfy `predicate`, with the panel filtered to that file so all
 * its rows are in view (the list renders only the rows on screen). The filter is typed again whenever the panel
 * shows another, as the workbench may restore its own. The error shows what the panel held last.
 */
export async function waitForFileProblems(page, file, predicate, { message, timeoutMs = 30_000 } = {}) {
  await showProblems(page);
  let last = [];
  try {
    return await waitUntil(
      async () => {
        const filter = problemsFilter(page);
        if ((await filter.inputValue()) !== file) {
          await filter.fill(file);
          return undefined;
        }
        // Until the filter applies, the panel still shows the groups of the last one: wait for every group shown to
        // be `file` or to mention it (a related location).
        if (!(await problemGroups(page)).every((group) => group.file === file || group.text.includes(file))) return undefined;
        last = (await problemRows(page)).filter((row) => row.file === file);
        return predicate(last) ? last : undefined;
      },
      { timeoutMs, message },
    );
  } catch (error) {
    error.message += `\nProblems panel rows for ${file}:\n${last.map((row) => `  ${row.text}`).join('\n') || '  (none)'}`;
    error.message += `\nfilter: ${JSON.stringify(await problemsFilter(page).inputValue().catch(() => '?'))}`;
    throw error;
  }
}

/** The tab of an open editor, active or not. */
export function tab(page, name) {
  return page.locator(`.part.editor .tab[data-resource-name="${name}"]`);
}

/**
 * The screen box of `word` once it is on screen and has not moved between two looks (code lenses and hovers
 * arriving shift the lines).
 */
export async function steadyWordBox(page, word) {
  let previous;
  return waitUntil(
    async () => {
      const box = await wordBox(page, word);
      const steady = box && previous && box.x === previous.x && box.y === previous.y;
      previous = box;
      return steady ? box : undefined;
    },
    { message: `\`${word}\` on screen, not moving`, timeoutMs: 10_000, intervalMs: 150 },
  );
}

/** Moves the cursor into the editor at the middle of the first character of `word` (clicks it). */
export async function clickWord(page, word, { offset = 0 } = {}) {
  const box = await steadyWordBox(page, word);
  const charWidth = box.width / word.length;
  await page.mouse.click(box.x + charWidth * (offset + 0.5), box.y + box.height / 2);
}

/** Double-clicks `word` in the editor, which selects it. */
export async function doubleClickWord(page, word) {
  const box = await steadyWordBox(page, word);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
}

// --- code actions ------------------------------------------------------------------------------------------

/** The open code action menu (the lightbulb's or Ctrl+.'s). */
export function actionMenu(page) {
  return page.locator('.action-widget').filter({ has: page.locator('.monaco-list-row.action') });
}

/** The titles listed in the open code action menu. */
export function actionTitles(page) {
  return actionMenu(page).locator('.monaco-list-row.action .title').allInnerTexts();
}

/** Chooses the action titled exactly `title` in the open code action menu and waits for the menu to close. */
export async function chooseAction(page, title) {
  const row = actionMenu(page).locator('.monaco-list-row.action').filter({ has: page.locator('.title', { hasText: exactly(title) }) });
  try {
    await row.waitFor({ timeout: 10_000 });
  } catch (error) {
    const titles = await actionTitles(page).catch(() => []);
    error.message += `\nthe menu lists: ${titles.map((t) => JSON.stringify(t)).join(', ') || '(no menu)'}`;
    throw error;
  }
  await row.click();
  await actionMenu(page).waitFor({ state: 'hidden' });
}

/** The lightbulb in the editor, shown when the cursor's line has code actions. */
export function lightBulb(page) {
  return editor(page).locator('.lightBulbWidget');
}

/**
 * Puts the cursor on `word` and clicks the lightbulb once it shows on that line (the one of an earlier line may
 * linger for a moment after the cursor moves). Right after an edit, the editor can drop the code actions it asked
 * for at the new position (the document changed under the request) and keep the old lightbulb: as a person would,
 * this clicks elsewhere in the word when the lightbulb has not moved for a few seconds.
 */
export async function clickLightBulbAt(page, word) {
  await clickWord(page, word);
  let clickedAt = Date.now();
  let retries = 0;
  const line = await steadyWordBox(page, word);
  const bulb = await waitUntil(
    async () => {
      const box = (await lightBulb(page).isVisible()) ? await lightBulb(page).boundingBox() : null;
      const middle = box && box.y + box.height / 2;
      if (box && middle > line.y && middle < line.y + line.height) return box;
      if (Date.now() - clickedAt > LIGHTBULB_RETRY_MS) {
        // A character further along, then back: the cursor must move for the editor to ask again.
        retries++;
        await clickWord(page, word, { offset: retries % 2 ? 2 : 0 });
        clickedAt = Date.now();
      }
      return undefined;
    },
    { timeoutMs: 15_000, message: `the lightbulb on the line of \`${word}\`` },
  );
  await page.mouse.click(bulb.x + bulb.width / 2, bulb.y + bulb.height / 2);
}

const LIGHTBULB_RETRY_MS = 4_000;

// --- suggest widget ----------------------------------------------------------------------------------------

export function suggestWidget(page) {
  return page.locator('.part.editor .suggest-widget.visible');
}

/** The screen reader labels of the suggestions ("label, Kind" or "prefix, name, Snippet"), in order. */
export function suggestLabels(page) {
  return suggestWidget(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index)).map((row) => row.getAttribute('aria-label')),
    );
}

/** The suggestion whose label is `label` (its screen reader label starts with "label,"). */
export function suggestion(page, label) {
  return suggestWidget(page).locator(`.monaco-list-row[aria-label^="${label}, "]`);
}

// --- hovers, notifications, status bar ----------------------------------------------------------------------

/** The editor hover shown now, if any. */
export function editorHover(page) {
  return page.locator('.part.editor .monaco-hover:not(.hidden)');
}

/** Points at the middle of `word` and waits for the editor hover to show text matching `pattern`. */
export async function hoverWord(page, word, pattern) {
  // Move away first so an earlier hover closes and this one is fresh.
  await page.mouse.move(5, 5);
  await editorHover(page).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  const box = await waitUntil(() => wordBox(page, word), { message: `\`${word}\` on screen`, timeoutMs: 10_000 });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = (await editorHover(page).count()) ? await editorHover(page).innerText() : '';
        return pattern.test(last) ? last : undefined;
      },
      { timeoutMs: 10_000, message: `a hover over \`${word}\` matching ${pattern}` },
    );
  } catch (error) {
    error.message += `\nthe hover showed: ${JSON.stringify(last) || '(nothing)'}`;
    throw error;
  }
}

/** A notification toast whose text matches `pattern`. */
export function notification(page, pattern) {
  return page.locator('.notification-toast').filter({ hasText: pattern });
}

/** The message the editor shows over the text (e.g. a refused rename). */
export function editorMessage(page) {
  return page.locator('.part.editor .monaco-editor-overlaymessage');
}

/** The cursor position from the status bar ("Ln 12, Col 5"). */
export async function cursorPosition(page) {
  const text = await page.locator('[id="status.editor.selection"]').innerText();
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** Opens the language status popup (the `{}` next to the language mode) and returns it. */
export async function openLanguageStatus(page) {
  await page.locator('[id="status.languageStatus"]').click();
  const hover = page.locator('.monaco-hover.workbench-hover').filter({ hasText: 'Competency Guides' });
  await hover.waitFor();
  return hover;
}

// --- rename --------------------------------------------------------------------------------------------------

export function renameInput(page) {
  return page.locator('.part.editor .rename-box input.rename-input');
}

/**
 * F2 with the cursor on `word`, then types `newName` and presses Enter; returns what the rename box offered. (If
 * VS Code shows the refactor preview instead of applying the edit, refactorPreviewApply() is its Apply button.)
 */
export async function renameAt(page, word, newName) {
  await clickWord(page, word);
  await page.keyboard.press('F2');
  const input = renameInput(page);
  await input.waitFor();
  const shown = await input.inputValue();
  await input.fill(newName);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
  return shown;
}

/** The Apply button of the refactor preview, which VS Code shows instead of applying some workspace edits. */
export function refactorPreviewApply(page) {
  return page.locator('.bulk-edit-panel').getByRole('button', { name: 'Apply' });
}

// --- Outline view --------------------------------------------------------------------------------------------

/**
 * Expands the Outline view in the Explorer, collapsing the folder tree above it to give it room. Returns a function
 * that puts both back.
 */
export async function showOutline(page) {
  // The Explorer's first section is the folder tree (its body leaves the page while collapsed).
  const folders = page.locator('.part.sidebar .pane-header').first();
  const outline = page.locator('.part.sidebar .pane-header', { hasText: /^Outline/ });
  const expanded = async (header) => (await header.getAttribute('aria-expanded')) === 'true';
  const foldersWereExpanded = await expanded(folders);
  const outlineWasExpanded = await expanded(outline);
  const restore = async () => {
    if (!outlineWasExpanded && (await expanded(outline))) await outline.click();
    if (foldersWereExpanded && !(await expanded(folders))) await folders.click();
    await waitUntil(async () => (await expanded(folders)) === foldersWereExpanded, { message: 'the Explorer folders restored' });
  };
  if (foldersWereExpanded) await folders.click();
  if (!outlineWasExpanded) await outline.click();
  try {
    await page.locator('.outline-tree .monaco-list-row').first().waitFor({ timeout: 10_000 });
  } catch (error) {
    await restore();
    throw error;
  }
  return restore;
}

/** Rows of the Outline tree as `{ level, name, kind, expanded }`, in order. */
export function outlineRows(page) {
  return page.locator('.outline-tree').evaluate((tree) =>
    [...tree.querySelectorAll('.monaco-list-row')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((row) => {
        const label = row.getAttribute('aria-label') ?? '';
        const match = /^(.*) \((\w+)\)$/.exec(label);
        return {
          level: Number(row.getAttribute('aria-level')),
          name: match ? match[1] : label,
          kind: match?.[2],
          expanded: row.getAttribute('aria-expanded'),
        };
      }),
  );
}

/** A regular expression matching `text` exactly. */
export function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
