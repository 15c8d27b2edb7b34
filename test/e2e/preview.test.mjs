// The live preview in a real VS Code (code-server in chromium), checked the way a person uses it: open it to the
// side, read the guide, type and watch it change in place, double-click to jump to the source, scroll the editor
// and watch the preview follow, break the YAML, open a guide, switch to a dark theme.
// Run: node --test test/e2e/preview.test.mjs (after `npm run package`; `npm run test:e2e` does both).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from './codeServer.mjs';
import {
  check,
  clearScreenshots,
  darkShare,
  goToLine,
  lineOf,
  preview,
  previewFrame,
  previewScroll,
  previewSession,
  renderedQuestions,
  runCommand,
  screenshots,
  statusBarPosition,
} from './previewHelpers.mjs';
import { codeLens, editor, editorText, openFromExplorer, pasteText, screenshot, wordBox } from './workbench.mjs';

const TEST_TIMEOUT = 60_000;
const COMPETENCY_FILE = 'incident-communication.competency.yaml';
const GUIDE_FILE = 'service-desk-screen.guide.yaml';

/** Six complete questions: long enough that the preview scrolls, every part known in advance. */
const QUESTIONS = [
  {
    id: 'status-updates',
    text: 'Tell me about a time you kept people informed during an outage that lasted for hours.',
    areas: ['Who they told first and why', 'How often they sent updates', 'What each update said'],
    followUps: ['How did you know the updates were reaching people?', 'What would you change next time?'],
    minutes: 10,
  },
  {
    id: 'bad-news',
    text: 'Describe a time you had to tell a manager that a fix would take much longer than promised.',
    areas: ['How they prepared for the conversation', 'What they offered instead'],
    followUps: ['How did the manager react?', 'What did you do right after the conversation?'],
    minutes: 8,
  },
  {
    id: 'wrong-update',
    text: 'Tell me about a time you sent an update that turned out to be wrong.',
    areas: ['How they found out it was wrong', 'How they corrected it', 'What they changed afterwards'],
    followUps: ['Who noticed first?', 'How quickly did you send the correction?'],
  },
  {
    id: 'technical-audience',
    text: 'Give me an example of explaining the cause of an incident to people without a technical background.',
    areas: ['How they chose what to leave out', 'How they checked they were understood'],
    followUps: ['What question did they ask you?', 'What would you explain differently now?'],
  },
  {
    id: 'after-action',
    text: 'Tell me about an incident review you wrote or led after a serious outage.',
    areas: ['What the review covered', 'Who took part', 'What changed because of it'],
    followUps: ['What was hardest to write down?', 'Which action was actually carried out?'],
  },
  {
    id: 'escalation',
    text: 'Describe a time you escalated an incident to another team while users were waiting.',
    areas: ['When they decided to escalate', 'How they handed over what they knew'],
    followUps: ['What did you tell the users while you waited?', 'How did the other team respond?'],
  },
];

function questionYaml(question) {
  return [
    `  - id: ${question.id}`,
    `    text: ${question.text}`,
    '    areas_to_cover:',
    ...question.areas.map((area) => `      - ${area}`),
    '    follow_ups:',
    ...question.followUps.map((followUp) => `      - ${followUp}`),
    ...(question.minutes ? [`    minutes: ${question.minutes}`] : []),
    '',
  ].join('\n');
}

const COMPETENCY = `competency: Incident Communication
id: incident-communication
summary: >-
  Keeping users, managers and other teams informed while something is broken,
  in plain words and on a schedule they can rely on.
why_it_matters: >-
  During an outage people judge the support team by what they hear from it as
  much as by how quickly the fix arrives.
questions:
${QUESTIONS.map(questionYaml).join('')}`;

const OWNERSHIP = `competency: Ownership
id: ownership
summary: Seeing problems through to the end.
questions:
  - id: unowned-problem
    text: Tell me about a problem nobody owned that you decided to solve.
    areas_to_cover:
      - Why they picked it up
    follow_ups:
      - Who did you tell?
`;

// 10 + 8 minutes of chosen questions, then a section of 15 minutes: 33 planned minutes in a 45-minute slot.
const GUIDE = `guide: Service Desk Analyst, phone screen
id: service-desk-screen
role: Service Desk Analyst
duration_minutes: 45
intro: Introduce yourself and explain the format.
sections:
  - competency: incident-communication
    questions: [status-updates, bad-news]
  - competency: ownership
    questions: [unowned-problem]
    minutes: 15
closing: Leave time for the candidate's questions.
`;

// Pasted above question 5 while the preview is scrolled: a new question that must appear in place.
const NEW_QUESTION = {
  id: 'rollback-call',
  text: 'Tell me about a time you decided to roll back a change in the middle of an incident.',
  areas: ['What told them to roll back'],
  followUps: ['Who did you tell before rolling back?'],
};

// Pasted at the end: an unclosed flow sequence, so the file stops parsing.
const BROKEN_TAIL = `  - id: unfinished
    text: [Tell me about a time
`;

const session = previewSession(
  { [COMPETENCY_FILE]: COMPETENCY, [GUIDE_FILE]: GUIDE, 'ownership.competency.yaml': OWNERSHIP },
  { firstFile: COMPETENCY_FILE },
);

/** Line (one-based) of the editor's first visible line, read from the line numbers in the gutter. */
function editorTopLine(page) {
  return editor(page).evaluate((root) => {
    const view = root.querySelector('.lines-content')?.parentElement ?? root;
    const top = view.getBoundingClientRect().top;
    const numbers = [...root.querySelectorAll('.margin-view-overlays .line-numbers')]
      .map((element) => ({ line: Number(element.textContent), box: element.getBoundingClientRect() }))
      .filter(({ line, box }) => Number.isInteger(line) && box.bottom > top + 1)
      .sort((a, b) => a.box.top - b.box.top);
    return numbers[0]?.line;
  });
}

/** The question section of the preview that holds the zero-based source `line`. */
function questionHolding(questions, line) {
  return questions.filter((question) => question.line <= line).at(-1);
}

// This file's screenshots: preview-*, except previewSecurity.test.mjs's preview-hostile*.
before(() => clearScreenshots(/^preview-(?!hostile)/));
after(() => console.log(`screenshots: ${screenshots}`));

describe('the competency guide preview in VS Code', () => {
  it('opens to the side and shows the numbered questions with their areas and follow-ups', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-render', async (page) => {
      await openFromExplorer(page, COMPETENCY_FILE);
      // The extension has started (and its language server answers) once the file's question-count lens shows.
      await codeLens(page, /\b6 questions\b/).waitFor({ timeout: 45_000 });
      await editor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('v');
      await page.locator(`.part.editor .tab[aria-label^="Preview ${COMPETENCY_FILE}"]`).waitFor();
      await preview(page).locator('.cg-question').first().waitFor();
      // To the side: the source stays visible in its own group next to the preview.
      assert.equal(await page.locator('.part.editor .editor-group-container').count(), 2, 'two editor groups');
      await page.locator(`.part.editor .tab.active[data-resource-name="${COMPETENCY_FILE}"]`).waitFor();

      const frame = await previewFrame(page);
      assert.equal(await preview(page).locator('h1').innerText(), 'Incident Communication');
      const questions = await renderedQuestions(frame);
      assert.deepEqual(
        questions.map(({ heading, text, areas, followUps, headings }) => ({ heading, text, areas, followUps, headings })),
        QUESTIONS.map((question, i) => ({
          heading: `Question ${i + 1}${question.minutes ? ` ${question.minutes} min` : ''}`,
          text: question.text,
          areas: question.areas,
          followUps: question.followUps,
          headings: ['Areas to Cover', 'Follow-Up Questions'],
        })),
      );
      assert.deepEqual(
        questions.map((question) => question.line + 1),
        QUESTIONS.map((question) => lineOf(COMPETENCY, `- id: ${question.id}`)),
        'each question carries its source line',
      );
      assert.equal((await previewScroll(frame)).scrollY, 0, 'the preview starts at the top, with the editor');
    }),
  );

  it('follows the editor when it scrolls down (Go to Line)', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-scroll-sync', async (page) => {
      const frame = await previewFrame(page);
      const before = await previewScroll(frame);
      assert.ok(before.scrollHeight > before.innerHeight * 1.5, 'the guide is taller than the preview');
      const startTop = await editorTopLine(page);
      assert.ok(await editor(page).evaluate((root) => root.classList.contains('focused')), 'the editor kept the focus');
      // A line below the editor's view: Go to Line scrolls it into the middle of the editor.
      await goToLine(page, lineOf(COMPETENCY, `- id: ${QUESTIONS[4].id}`));
      const topLine = await waitUntil(
        async () => {
          const line = await editorTopLine(page);
          return line > startTop + 5 ? line : undefined;
        },
        { message: 'the editor to scroll down' },
      );
      await waitUntil(async () => (await previewScroll(frame)).scrollY > before.scrollY + 100, {
        message: 'the preview to scroll down with the editor',
      });
      // The question holding the editor's first visible line is at the top of the preview.
      const holding = await waitUntil(
        async () => {
          const question = questionHolding(await renderedQuestions(frame), topLine - 1);
          return question && question.top <= 12 && question.bottom > 12 ? question : undefined;
        },
        { message: `the question holding editor line ${topLine} at the top of the preview` },
      );
      assert.ok(holding.line + 1 > lineOf(COMPETENCY, 'questions:'), 'a question, not the header');
    }),
  );

  it('patches in typed text without reloading and keeps its scroll position', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-live-update', async (page) => {
      let frame = await previewFrame(page);
      await frame.evaluate(() => {
        window.__cgTestMarker = 'set before typing';
      });
      // Paste above a question that is on screen in the editor, so the editor does not scroll.
      const topLine = await editorTopLine(page);
      const target = QUESTIONS.map((question) => lineOf(COMPETENCY, `- id: ${question.id}`)).find(
        (line) => line >= topLine + 2 && line <= topLine + 15,
      );
      assert.ok(target, `a question starts a little below the editor's top line ${topLine}`);
      // Click at the start of that line, as a person would (Go to Line would scroll it to the middle).
      const targetText = COMPETENCY.split('\n')[target - 1].trim();
      const box = await wordBox(page, targetText);
      const left = (await editor(page).locator('.view-lines').boundingBox()).x;
      assert.ok(box && box.x >= left, `"${targetText}" is on screen`);
      await page.mouse.click(left + 1, box.y + box.height / 2);
      await waitUntil(async () => {
        const position = await statusBarPosition(page);
        return position.line === target && position.column === 1;
      }, { message: `the cursor at Ln ${target}, Col 1` });
      assert.equal(await editorTopLine(page), topLine, 'the editor did not scroll');
      const scrolled = await previewScroll(frame);
      assert.ok(scrolled.scrollY > 0, 'the preview is scrolled');
      const before = await renderedQuestions(frame);

      await pasteText(page, questionYaml(NEW_QUESTION));
      await preview(page).locator('.cg-question', { hasText: NEW_QUESTION.text }).waitFor();

      frame = await previewFrame(page);
      assert.equal(
        await frame.evaluate(() => window.__cgTestMarker),
        'set before typing',
        'the page was patched in place, not reloaded (a value set on its window survived)',
      );
      const questions = await renderedQuestions(frame);
      assert.equal(questions.length, QUESTIONS.length + 1);
      const index = questions.findIndex((question) => question.text === NEW_QUESTION.text);
      assert.equal(index, QUESTIONS.findIndex((question) => lineOf(COMPETENCY, `- id: ${question.id}`) === target));
      assert.deepEqual(questions[index].areas, NEW_QUESTION.areas);
      assert.deepEqual(questions[index].followUps, NEW_QUESTION.followUps);
      const now = await previewScroll(frame);
      assert.ok(Math.abs(now.scrollY - scrolled.scrollY) <= 2, `scrollY stayed at ${scrolled.scrollY}, not ${now.scrollY}`);
      assert.deepEqual(
        questions.slice(0, index).map((question) => question.top),
        before.slice(0, index).map((question) => question.top),
        'the questions above the new one stay where they were on screen',
      );
    }),
  );

  it('moves the editor cursor to the line of a question double-clicked in the preview', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-double-click', async (page) => {
      const expected = lineOf(COMPETENCY, `- id: ${QUESTIONS[1].id}`);
      assert.notEqual((await statusBarPosition(page)).line, expected, 'the cursor starts elsewhere');
      const heading = preview(page).locator('.cg-question h3', { hasText: /^Question 2\b/ });
      // A person's double-click begins with a click that puts the focus in the preview, and VS Code notices a
      // webview's focus on its next check, up to 50 ms later. A scripted double-click is over sooner, and that late
      // focus would then take the editor group back after the extension has focused the editor: click first, as a
      // hand does, and wait until the preview is the active editor (the status bar drops the cursor position).
      await heading.click();
      await page.locator('[id="status.editor.selection"]').waitFor({ state: 'hidden' });
      await heading.dblclick();
      await waitUntil(async () => (await statusBarPosition(page)).line === expected, {
        message: `the status bar to show Ln ${expected}`,
      });
      const position = await statusBarPosition(page);
      assert.equal(position.column, '  - id'.indexOf('-') + 1, `the cursor is at the question's dash (${position.text})`);
      assert.ok(
        await editor(page).evaluate((root) => root.classList.contains('focused')),
        'the editor has the focus, ready for typing',
      );
    }),
  );

  it('keeps the last good render with a banner naming the error while the file does not parse', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-broken', async (page) => {
      let frame = await previewFrame(page);
      const good = await renderedQuestions(frame);
      await editor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await pasteText(page, BROKEN_TAIL);
      const text = await waitUntil(
        async () => {
          const current = await editorText(page);
          return current.includes('text: [Tell me about a time') ? current : undefined;
        },
        { message: 'the broken text in the editor' },
      );
      const banner = preview(page).locator('#cg-banner');
      await banner.waitFor({ state: 'visible' });
      const message = await banner.innerText();
      const match = /^Line (\d+) is not valid YAML: (.+)/.exec(message);
      assert.ok(match, `the banner names the line and the error: "${message}"`);
      const brokenFrom = lineOf(text, '- id: unfinished');
      assert.ok(Number(match[1]) >= brokenFrom, `the banner's line ${match[1]} is in the pasted text (from line ${brokenFrom})`);
      assert.match(match[2], /\S{3,}/, 'the banner carries the parser message');
      assert.match(message, /last version that could be read/);
      frame = await previewFrame(page);
      // Where the person is looking: the preview is scrolled to the end of the file, where the text was pasted.
      const view = await frame.evaluate(() => {
        const box = document.getElementById('cg-banner').getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, scrollY: window.scrollY, innerHeight: window.innerHeight };
      });
      assert.ok(view.scrollY > 0, 'the preview is scrolled down with the editor');
      assert.ok(
        view.top >= 0 && view.bottom <= view.innerHeight && view.bottom > view.top,
        `the banner is on screen (at ${view.top}..${view.bottom} of ${view.innerHeight} px, scrolled ${view.scrollY} px)`,
      );

      const shown = await renderedQuestions(frame);
      assert.deepEqual(
        shown.map((question) => question.text),
        good.map((question) => question.text),
        'the questions of the last good render are still shown',
      );
      await screenshot(page, screenshots, 'preview-broken-banner');

      // Undo the paste: the file parses again and the banner goes.
      await page.keyboard.press('Control+Z');
      await banner.waitFor({ state: 'hidden' });
      assert.equal((await renderedQuestions(frame)).length, good.length);
    }),
  );

  it('follows to a guide and shows its plan: sections with their minutes, planned versus duration', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-guide', async (page) => {
      await openFromExplorer(page, GUIDE_FILE);
      const content = preview(page).locator('#cg-content');
      await content.locator('.cg-guide').waitFor();
      assert.equal(await content.locator('h1').innerText(), 'Service Desk Analyst, phone screen');
      const facts = await content.locator('.cg-fact').evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('dt').textContent.trim(), row.querySelector('dd').textContent.trim()]),
      );
      assert.deepEqual(facts, [
        ['Role', 'Service Desk Analyst'],
        ['Duration', '45 minutes'],
        ['Planned', '33 minutes (12 minutes to spare)'],
      ]);
      const sections = await content.locator('.cg-guide-section > h2').allInnerTexts();
      assert.deepEqual(
        sections.map((heading) => heading.replace(/\s+/g, ' ').trim()),
        ['Incident Communication 18 min', 'Ownership 15 min'],
      );
      const frame = await previewFrame(page);
      const questions = await renderedQuestions(frame);
      assert.deepEqual(
        questions.map((question) => [question.heading, question.text]),
        [
          ['Question 1 10 min', QUESTIONS[0].text],
          ['Question 2 8 min', QUESTIONS[1].text],
          ['Question 3 12 min', 'Tell me about a problem nobody owned that you decided to solve.'],
        ],
      );
      assert.equal(await content.locator('.cg-flagged').count(), 0, 'the plan fits: nothing flagged');
    }),
  );

  it('takes the colours of a dark theme', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-dark-theme', async (page) => {
      const body = preview(page).locator('body');
      const webview = page.locator('iframe.webview');
      assert.match(await body.getAttribute('class'), /\bvscode-light\b/);
      const light = darkShare(await webview.screenshot());
      assert.ok(light < 0.2, `the light preview is mostly light (${(light * 100).toFixed(0)}% dark pixels)`);

      await runCommand(page, 'Preferences: Color Theme');
      const input = page.locator('.quick-input-widget input');
      await input.fill('Dark Modern');
      await page.locator('.quick-input-widget .monaco-list-row[aria-label^="Dark Modern"]').first().click();
      await waitUntil(async () => /\bvscode-dark\b/.test((await body.getAttribute('class')) ?? ''), {
        message: "the preview's body to get the vscode-dark class",
      });
      const colours = await preview(page)
        .locator('.cg-document')
        .evaluate((document) => ({
          background: getComputedStyle(document).backgroundColor,
          editor: getComputedStyle(document.ownerDocument.documentElement).getPropertyValue('--vscode-editor-background').trim(),
        }));
      const [r, g, b] = colours.background.match(/\d+/g).map(Number);
      assert.ok(r + g + b < 3 * 80, `the guide's background ${colours.background} is dark (editor background ${colours.editor})`);
      const dark = await waitUntil(
        async () => {
          const share = darkShare(await webview.screenshot());
          return share > 0.8 ? share : undefined;
        },
        { message: 'the preview to look dark on screen' },
      );
      assert.ok(dark > 0.8);
    }),
  );
});
