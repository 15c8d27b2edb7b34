// Helpers for the preview checks: reaching the webview's page (its DOM through frame locators, its JavaScript
// through page.frames()), the editor's status bar and the colours a person actually sees on screen.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { after, before } from 'node:test';
import { startCodeServer, waitUntil } from './codeServer.mjs';
import { ensureE2EEnvironment } from './setup.mjs';
import { launchBrowser, openWorkbench, screenshot } from './workbench.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vsix = path.resolve(process.env.COMPETENCY_GUIDES_VSIX ?? path.join(repo, 'competency-guides.vsix'));
export const screenshots = path.resolve(
  process.env.COMPETENCY_GUIDES_SCREENSHOTS ?? path.join(repo, 'test-results', 'e2e-screenshots'),
);

/** Settings for the preview sessions: no secondary side bar taking room from the preview, no port pop-ups. */
export const PREVIEW_SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'remote.autoForwardPorts': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

/**
 * One code-server with the packaged extension, a browser page on a workspace holding `files`. `session.popups`
 * collects every page the browser opens besides the workbench; `session.console` every console message of the
 * workbench and its frames (the webview's among them), with the frame's URL.
 */
export function previewSession(files, { settings = {}, firstFile = Object.keys(files)[0] } = {}) {
  const session = { popups: [], console: [] };
  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package\` first`);
    const environment = await ensureE2EEnvironment({ log: () => {} });
    session.folder = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-preview-'));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(session.folder, name), text);
    session.server = await startCodeServer({ environment, vsix, settings: { ...PREVIEW_SETTINGS, ...settings } });
    session.browser = await launchBrowser(environment.chromium);
    session.page = await openWorkbench(session.browser, session.server.folderUrl(session.folder), { firstFile });
    session.page.context().on('page', (popup) => session.popups.push(popup.url()));
    session.page.on('console', (message) =>
      session.console.push({ type: message.type(), text: message.text(), url: message.location()?.url ?? '' }),
    );
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
    if (session.folder) await rm(session.folder, { recursive: true, force: true });
  });
  return session;
}

/** Removes an earlier run's screenshots whose names match `pattern`, so runs are not mixed. */
export async function clearScreenshots(pattern) {
  const old = await readdir(screenshots).catch(() => []);
  await Promise.all(
    old.filter((name) => pattern.test(name) && name.endsWith('.png')).map((name) => rm(path.join(screenshots, name))),
  );
}

/** Runs a check and saves a screenshot after it, named `name` (or `name-failed` when it threw). */
export async function check(session, name, body) {
  try {
    await body(session.page);
  } catch (error) {
    if (session.page) await screenshot(session.page, screenshots, `${name}-failed`).catch(() => {});
    throw error;
  }
  const file = await screenshot(session.page, screenshots, name);
  console.log(`screenshot: ${file}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The webview

/** The preview's DOM: the webview's outer iframe, then its active content frame. */
export function preview(page) {
  return page.frameLocator('iframe.webview').frameLocator('#active-frame');
}

/**
 * The preview page's JavaScript context: the frame that is the webview's active content frame and shows our page.
 * (VS Code swaps in a new frame when the page is reloaded, so look it up again after anything that might reload.)
 */
export async function previewFrame(page, { timeoutMs = 20_000 } = {}) {
  return waitUntil(
    async () => {
      for (const frame of page.frames()) {
        const ours = await frame
          .evaluate(() => window.frameElement?.id === 'active-frame' && !!document.getElementById('cg-content'))
          .catch(() => false);
        if (ours) return frame;
      }
      return undefined;
    },
    { timeoutMs, message: "the preview's active webview frame" },
  );
}

/** `{ scrollY, innerHeight, scrollHeight }` of the preview page. */
export function previewScroll(frame) {
  return frame.evaluate(() => ({
    scrollY: window.scrollY,
    innerHeight: window.innerHeight,
    scrollHeight: document.documentElement.scrollHeight,
  }));
}

/**
 * The questions the preview shows, in order: `{ heading, text, areas, followUps, line, top, bottom }`, where
 * `top`/`bottom` are relative to the preview's viewport.
 */
export function renderedQuestions(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('#cg-content .cg-question')].map((section) => {
      const list = (heading) => {
        const part = [...section.querySelectorAll('section')].find((s) => s.querySelector('h4')?.textContent.trim() === heading);
        return part ? [...part.querySelectorAll('li')].map((li) => li.textContent.trim()) : [];
      };
      const box = section.getBoundingClientRect();
      return {
        heading: section.querySelector('h3')?.textContent.trim(),
        text: section.querySelector('.cg-md')?.textContent.trim(),
        areas: list('Areas to Cover'),
        followUps: list('Follow-Up Questions'),
        headings: [...section.querySelectorAll('h4')].map((h) => h.textContent.trim()),
        line: Number(section.dataset.line),
        top: box.top,
        bottom: box.bottom,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The editor

/** The cursor position the status bar shows: `{ line, column }` (one-based). */
export async function statusBarPosition(page) {
  const text = await page.locator('[id="status.editor.selection"]').innerText();
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]), text } : { text };
}

/**
 * Moves the cursor of the focused editor with Go to Line (Ctrl+G), as a person would, and waits for the status bar
 * to show it. (VS Code scrolls the line to the middle of the editor.)
 */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await waitUntil(async () => (await statusBarPosition(page)).line === line, { message: `the status bar to show Ln ${line}` });
}

/** Runs a command from the Command Palette (F1) by its title, then leaves the palette to what follows. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

/** The first editor line number whose text includes `needle` (one-based). */
export const lineOf = (text, needle) => {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in the text`);
  return index + 1;
};

// ---------------------------------------------------------------------------------------------------------------
// Colours on screen: a small PNG decoder for Playwright's screenshots (8-bit RGB or RGBA, not interlaced).

export function decodePng(buffer) {
  assert.equal(buffer.readUInt32BE(0), 0x89504e47, 'a PNG file');
  let offset = 8;
  let width;
  let height;
  let channels;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = body.subarray(8, 13);
      assert.equal(depth, 8, 'an 8-bit PNG');
      assert.equal(interlace, 0, 'a non-interlaced PNG');
      channels = { 2: 3, 6: 4 }[colour];
      assert.ok(channels, `an RGB or RGBA PNG (colour type ${colour})`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let value = line[x];
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = value & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** The share of an image's pixels that are dark (relative luminance below 0.2), from 0 to 1. */
export function darkShare(png) {
  const { width, height, channels, pixels } = decodePng(png);
  const linear = (v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  let dark = 0;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [0, 1, 2].map((k) => linear(pixels[i * channels + k]));
    if (0.2126 * r + 0.7152 * g + 0.0722 * b < 0.2) dark++;
  }
  return dark / (width * height);
}
