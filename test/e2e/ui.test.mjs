// The packaged extension in a real VS Code (code-server in chromium), checked the way a person would check it:
// the language mode, squiggles, the Problems panel, the snippet suggestion, lint on save versus as you type.
// Run: node --test test/e2e/ui.test.mjs (after `npm run package`; `npm run test:e2e` does both).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCodeServer, waitUntil } from './codeServer.mjs';
import { ensureE2EEnvironment } from './setup.mjs';
import { containsLines, snippetDefaultText } from './snippetBody.mjs';
import {
  codeLens,
  editorText,
  focusEditorAtEnd,
  isOurs,
  languageStatus,
  launchBrowser,
  openFromExplorer,
  openProblems,
  openWorkbench,
  pasteText,
  overlaps,
  problemRows,
  screenshot,
  squiggleBoxes,
  waitForProblems,
  wordBox,
} from './workbench.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = path.resolve(process.env.COMPETENCY_GUIDES_VSIX ?? path.join(repo, 'competency-guides.vsix'));
const screenshots = path.resolve(
  process.env.COMPETENCY_GUIDES_SCREENSHOTS ?? path.join(repo, 'test-results', 'e2e-screenshots'),
);
const TEST_TIMEOUT = 60_000;

// Small competency files written for these checks; every question is behavioral and complete, so a clean file
// has no problems at all.
const VALID = `competency: Service Orientation
id: service-orientation
summary: Treating every request as a person with a problem.
questions:
  - id: frustrated-user
    text: Tell me about a time you helped a frustrated user.
    areas_to_cover:
      - How they read the user
    follow_ups:
      - What told you the user was frustrated?
`;

const UNKNOWN_KEY = `competency: Documentation Habits
id: documentation-habits
summary: Writing down fixes so the team can reuse them.
questions:
  - id: knowledge-article
    text: Tell me about a time you wrote a procedure that others went on to use.
    areas_to_cover:
      - What prompted them to write it
    follow_up:
      - Who reviewed it before you published it?
`;

const SNIPPET_TARGET = `competency: Ownership
id: ownership
summary: Seeing problems through to the end.
questions:
`;

const DRAFT = `competency: Decision Making
id: decision-making
summary: Making and owning decisions with incomplete information.
questions:
  - id: tough-call
    text: Tell me about a time you made a call without all the facts.
    areas_to_cover:
      - How they gathered what they could
    follow_ups:
      - What would have changed your mind?
`;

// Typed at the end of DRAFT: a question without follow_ups. The misspelled `area_to_cover` is a schema error,
// which is checked as you type in every mode, so its row proves the typed text was checked.
const TYPED_QUESTION = `  - id: reversed-decision
    text: Tell me about a time you reversed a decision you had made.
    area_to_cover:
      - What made them change course
`;
const TYPED_FOLLOW_UPS = `    follow_ups:
      - Who did you tell first?
`;

const lineOf = (text, needle) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

async function makeWorkspace(files) {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-ui-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text);
  return folder;
}

/**
 * Waits for the question-count lens over the file's first lines. The count comes from the server's workspace
 * index, which a file enters when the server has linted it as opened: edits typed after that are edits, not the
 * file's opening state.
 */
async function waitUntilCheckedAsOpened(page) {
  await codeLens(page, /\b1 question\b/).waitFor();
}

/** The snippet with `prefix` from the packaged extension's snippets file. */
function packagedSnippet(prefix) {
  const json = execFileSync('unzip', ['-p', vsix, 'extension/snippets/competency.json'], { encoding: 'utf8' });
  const entry = Object.entries(JSON.parse(json)).find(([, snippet]) =>
    [snippet.prefix].flat().includes(prefix),
  );
  assert.ok(entry, `the packaged snippets/competency.json has a snippet with prefix "${prefix}"`);
  return { name: entry[0], ...entry[1] };
}

/** One code-server with the packaged extension installed, a browser page on `workspace`. */
function workbenchSession(settings, files) {
  const session = {};
  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package\` first`);
    const environment = await ensureE2EEnvironment({ log: () => {} });
    session.folder = await makeWorkspace(files);
    session.server = await startCodeServer({ environment, vsix, settings });
    session.browser = await launchBrowser(environment.chromium);
    session.page = await openWorkbench(session.browser, session.server.folderUrl(session.folder), {
      firstFile: Object.keys(files)[0],
    });
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
    if (session.folder) await rm(session.folder, { recursive: true, force: true });
  });
  return session;
}

/** Runs a check and saves a screenshot after it, named `name` (or `name-failed` when it threw). */
async function check(session, name, body) {
  try {
    await body(session.page);
  } catch (error) {
    if (session.page) await screenshot(session.page, screenshots, `${name}-failed`).catch(() => {});
    throw error;
  }
  const file = await screenshot(session.page, screenshots, name);
  console.log(`screenshot: ${file}`);
}

// Screenshots of this file are named after its checks, (a) to (f); an earlier run's are replaced, not mixed in.
before(async () => {
  const old = await readdir(screenshots).catch(() => []);
  await Promise.all(old.filter((name) => /^[a-f]-.*\.png$/.test(name)).map((name) => rm(path.join(screenshots, name))));
});
after(() => console.log(`screenshots: ${screenshots}`));

describe('the packaged extension in VS Code, lint on save (the default)', () => {
  const session = workbenchSession(
    { 'competencyGuides.lint.run': 'onSave' },
    {
      'service-orientation.competency.yaml': VALID,
      'unknown-key.competency.yaml': UNKNOWN_KEY,
      'snippet.competency.yaml': SNIPPET_TARGET,
      'draft.competency.yaml': DRAFT,
    },
  );

  it('(a) shows the language mode "Competency YAML" for a competency file', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'a-language-mode', async (page) => {
      await openFromExplorer(page, 'service-orientation.competency.yaml');
      await languageStatus(page).filter({ hasText: /^Competency YAML$/ }).waitFor();
    }),
  );

  it('(b) underlines an unknown key and lists it in Problems with our source and code', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'b-unknown-key', async (page) => {
      await openFromExplorer(page, 'unknown-key.competency.yaml');
      const key = await waitUntil(() => wordBox(page, 'follow_up:'), { message: 'the `follow_up:` key on screen' });
      key.width -= key.width / 'follow_up:'.length; // the word, not its colon
      const squiggle = await waitUntil(
        async () => (await squiggleBoxes(page, 'error')).find((box) => overlaps(box, key)),
        { message: 'an error squiggle under `follow_up`' },
      );
      assert.ok(squiggle.x < key.x + key.width / 2, 'the squiggle covers the start of the key');

      await openProblems(page);
      const line = lineOf(UNKNOWN_KEY, 'follow_up:');
      const rows = await waitForProblems(
        page,
        'unknown-key.competency.yaml',
        (rows) => rows.some((row) => isOurs(row, 'schema') && row.line === line),
        { message: `a schema row on line ${line}` },
      );
      const row = rows.find((row) => isOurs(row, 'schema') && row.line === line);
      assert.equal(row.severity, 'error');
      assert.match(row.message, /follow_up/);
    }),
  );

  it('(c) offers the `question` snippet as you type its prefix and inserts the block', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'c-snippet', async (page) => {
      const snippet = packagedSnippet('question');
      const expected = snippetDefaultText(snippet.body);
      await openFromExplorer(page, 'snippet.competency.yaml');
      await focusEditorAtEnd(page);
      await page.keyboard.type('  question', { delay: 60 }); // a quick typist's pace
      // The row reads "prefix, snippet name, Snippet" to a screen reader.
      const item = page.locator(
        `.suggest-widget.visible .monaco-list-row[aria-label^="question, ${snippet.name}"]`,
      );
      await item.waitFor();
      await screenshot(page, screenshots, 'c-snippet-offered');
      await item.click();
      await waitUntil(async () => containsLines(await editorText(page), expected), {
        message: `the editor to show the snippet:\n${expected}`,
      });
      await page.keyboard.press('Escape');
      const text = await editorText(page);
      assert.ok(!/^\s*question\s*$/m.test(text), 'the typed prefix was replaced');
      assert.ok(containsLines(text, SNIPPET_TARGET), 'the text before the cursor is untouched');
    }),
  );

  it('(d) reports a question without follow-ups after saving, not before', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'd-on-save', async (page) => {
      const file = 'draft.competency.yaml';
      const disk = path.join(session.folder, file);
      await openFromExplorer(page, file);
      await waitUntilCheckedAsOpened(page);
      await focusEditorAtEnd(page);
      await pasteText(page, TYPED_QUESTION);
      const typed = DRAFT + TYPED_QUESTION;
      const keyLine = lineOf(typed, 'area_to_cover:');
      const textLine = lineOf(typed, 'reversed a decision');
      const rows = await waitForProblems(page, file, (rows) => rows.some((row) => isOurs(row, 'schema') && row.line === keyLine), {
        message: `the schema row for the typed \`area_to_cover\` (line ${keyLine}), checked as you type`,
      });
      await screenshot(page, screenshots, 'd-on-save-before-saving');
      assert.deepEqual(
        rows.filter((row) => isOurs(row, 'missing-follow-ups')).map((row) => row.text),
        [],
        'no missing-follow-ups row before saving',
      );
      assert.equal(await readFile(disk, 'utf8'), DRAFT, 'the file is not saved yet');

      await page.keyboard.press('Control+S');
      await waitUntil(async () => (await readFile(disk, 'utf8')) === typed, { message: `${file} saved` });
      await waitForProblems(page, file, (rows) => rows.some((row) => isOurs(row, 'missing-follow-ups') && row.line === textLine), {
        message: `a missing-follow-ups row on line ${textLine} after saving`,
      });
    }),
  );

  it('(f) clears the problems once the key is fixed and follow-ups are added', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'f-fixed', async (page) => {
      const file = 'draft.competency.yaml';
      const disk = path.join(session.folder, file);
      // Correct the key as a person would: double-click the word, type the right one.
      const key = await wordBox(page, 'area_to_cover');
      assert.ok(key, 'the misspelled key is on screen');
      await page.mouse.dblclick(key.x + key.width / 2, key.y + key.height / 2);
      await page.keyboard.insertText('areas_to_cover');
      await page.keyboard.press('Control+End');
      await pasteText(page, TYPED_FOLLOW_UPS);
      await page.keyboard.press('Control+S');
      const fixed = DRAFT + TYPED_QUESTION.replace('area_to_cover', 'areas_to_cover') + TYPED_FOLLOW_UPS;
      await waitUntil(async () => (await readFile(disk, 'utf8')) === fixed, {
        message: `${file} saved with the fixes`,
      });
      await waitForProblems(page, file, (rows) => rows.length === 0, { message: `no problems left in ${file}` });
      await waitUntil(
        async () => (await squiggleBoxes(page, 'error')).length + (await squiggleBoxes(page, 'warning')).length === 0,
        { message: 'no squiggles left in the editor' },
      );
    }),
  );
});

describe('the packaged extension in VS Code, lint as you type', () => {
  const session = workbenchSession({ 'competencyGuides.lint.run': 'onType' }, { 'draft.competency.yaml': DRAFT });

  it('(e) reports a question without follow-ups without saving', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'e-on-type', async (page) => {
      const file = 'draft.competency.yaml';
      await openFromExplorer(page, file);
      await openProblems(page);
      await waitUntilCheckedAsOpened(page);
      await focusEditorAtEnd(page);
      const question = TYPED_QUESTION.replace('area_to_cover', 'areas_to_cover');
      await pasteText(page, question);
      const textLine = lineOf(DRAFT + question, 'reversed a decision');
      await waitForProblems(page, file, (rows) => rows.some((row) => isOurs(row, 'missing-follow-ups') && row.line === textLine), {
        message: `a missing-follow-ups row on line ${textLine} while the file is unsaved`,
      });
      assert.equal(await readFile(path.join(session.folder, file), 'utf8'), DRAFT, 'the file was not saved');
      assert.ok(
        (await problemRows(page)).some((row) => row.file === file && row.severity === 'warning'),
        'the row is a warning',
      );
    }),
  );
});
