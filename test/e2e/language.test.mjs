// The language features of the packaged extension in a real VS Code (code-server in chromium), used the way a
// person uses them: completion with Ctrl+Space, hovers, the Outline view, rename with F2 across files, and the
// code lenses above `questions:`.
// Run: node --test test/e2e/language.test.mjs (after `npm run package`; `npm run test:e2e` does both).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitUntil } from './codeServer.mjs';
import { codeLens, editorText, focusEditorAtEnd, openFromExplorer, pasteText } from './workbench.mjs';
import {
  check,
  clearScreenshots,
  cursorPosition,
  diskText,
  editorHover,
  editorMessage,
  exactly,
  hoverWord,
  notification,
  outlineRows,
  packagedFile,
  refactorPreviewApply,
  renameAt,
  renameInput,
  shot,
  showOutline,
  suggestLabels,
  suggestWidget,
  suggestion,
  tab,
  clickWord,
  waitForText,
  workbenchSession,
} from './workbench2.mjs';

const TEST_TIMEOUT = 60_000;

const SERVICE = `competency: Service Orientation
id: service-orientation
summary: Treating every request as a person with a problem.
questions:
  - id: frustrated-user
    text: Tell me about a time you helped a frustrated user.
    areas_to_cover:
      - How they read the user
    follow_ups:
      - What told you the user was frustrated?
  - id: vendor-escalation
    text: Describe a situation where you escalated a problem to an outside vendor.
    areas_to_cover:
      - How they kept the user informed while waiting
    follow_ups:
      - What did you do when the vendor missed its deadline?
  - id: plain-words
    text: Give me an example of explaining a fix to someone without jargon.
    areas_to_cover:
      - How they checked understanding
`;

const RESOURCEFULNESS = `competency: Resourcefulness
id: resourcefulness
summary: Finding a way forward when the usual answers run out.
questions:
  - id: unfamiliar-system
    text: Tell me about a time you had to support a system you had never used.
    areas_to_cover:
      - Where they looked first
    follow_ups:
      - Who did you ask?
  - id: no-documentation
    text: Recall a problem you solved that nobody had written down.
    areas_to_cover:
      - How they worked out the cause
    follow_ups:
      - What did you write down afterwards?
`;

// Key completion happens at the end of this file, in its only question.
const OWNERSHIP = `competency: Ownership
id: ownership
summary: Seeing problems through to the end.
questions:
  - id: saw-it-through
    text: Share an experience of following a problem through to the end.
    areas_to_cover:
      - What they did after the fix
`;

const ONSITE = `guide: IT Support Specialist, onsite
id: it-support-onsite
duration_minutes: 60
sections:
  - competency: service-orientation
    questions: [frustrated-user, vendor-escalation]
`;

// A guide being written: a section is added at its end.
const PHONE = `guide: IT Support Specialist, phone screen
id: it-support-phone
duration_minutes: 30
sections:
  - competency: service-orientation
    questions: [plain-words]
`;

const FILES = {
  'service-orientation.competency.yaml': SERVICE,
  'resourcefulness.competency.yaml': RESOURCEFULNESS,
  'ownership.competency.yaml': OWNERSHIP,
  'it-support-onsite.guide.yaml': ONSITE,
  'it-support-phone.guide.yaml': PHONE,
};

/** Non-empty lines of a text, trimmed. */
const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);

clearScreenshots('language');

describe('language features in VS Code: completion, hover, outline, rename, code lenses', () => {
  // Brackets are typed in full: VS Code's auto-closing of a typed `[` did not come in some fresh-clone runs, and
  // whether it comes is VS Code's doing, not the extension's.
  const session = workbenchSession({ files: FILES, settings: { 'editor.autoClosingBrackets': 'never' } });

  it('(a) completes keys in a question, and competency and question ids of other files in a guide', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'language-a-completion', async (page) => {
      // A key in a question: only the keys the question does not have yet, follow_ups first.
      await openFromExplorer(page, 'ownership.competency.yaml');
      await codeLens(page, /\b1 question\b/).waitFor();
      await focusEditorAtEnd(page);
      await page.keyboard.type('    ');
      await page.keyboard.press('Control+Space');
      await suggestion(page, 'follow_ups').waitFor();
      const keys = (await suggestLabels(page)).filter((label) => label.endsWith(', Property'));
      assert.deepEqual(keys, ['follow_ups, Property', 'minutes, Property', 'tags, Property'], 'the keys offered in the question');
      await shot(page, 'language-a-completion-key');
      await suggestion(page, 'follow_ups').click();
      await suggestWidget(page).waitFor({ state: 'hidden' });
      await page.keyboard.type('Who else did you involve?');
      await page.keyboard.press('Escape');
      await waitForText(() => editorText(page), `${OWNERSHIP}    follow_ups:\n      - Who else did you involve?`, {
        message: 'the question with the completed follow_ups block',
      });

      // A guide section: the competency ids of the workspace, then the questions of the chosen competency.
      await openFromExplorer(page, 'it-support-phone.guide.yaml');
      await codeLens(page, /30 min planned/).waitFor();
      await focusEditorAtEnd(page);
      await pasteText(page, '  - competency: ');
      await waitForText(() => editorText(page), `${PHONE}  - competency: `, { message: 'the pasted section start' });
      await page.keyboard.press('Control+Space');
      await suggestion(page, 'resourcefulness').waitFor();
      const competencies = (await suggestLabels(page)).filter((label) => label.endsWith(', Module'));
      assert.deepEqual(competencies, ['ownership, Module', 'resourcefulness, Module', 'service-orientation, Module'], 'the competency ids offered');
      await shot(page, 'language-a-completion-competency');
      await suggestion(page, 'resourcefulness').click();
      await suggestWidget(page).waitFor({ state: 'hidden' });
      await page.keyboard.press('Enter');
      await page.keyboard.type('questions: ');
      // A suggestion list still open from typing the key could take the next keystroke: close it, as a person would.
      await page.keyboard.press('Escape');
      await suggestWidget(page).waitFor({ state: 'hidden' });
      await page.keyboard.type('['); // `[` asks for completions by itself
      await suggestion(page, 'no-documentation').waitFor();
      assert.deepEqual(await suggestLabels(page), ['unfamiliar-system, Value', 'no-documentation, Value'], 'the questions of resourcefulness');
      await shot(page, 'language-a-completion-question');
      await suggestion(page, 'no-documentation').click();
      await suggestWidget(page).waitFor({ state: 'hidden' });
      await page.keyboard.type(']');
      await waitForText(() => editorText(page), `${PHONE}  - competency: resourcefulness\n    questions: [no-documentation]`, {
        message: 'the guide with the completed section',
      });
    }),
  );

  it('(b) shows the competency a guide names, and a key\'s documentation, on hover', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'language-b-hover', async (page) => {
      await openFromExplorer(page, 'it-support-onsite.guide.yaml');
      await codeLens(page, /of 60 min planned/).waitFor(); // the lenses are in: lines no longer move
      const competency = await hoverWord(page, 'service-orientation', /Treating every request/);
      assert.deepEqual(lines(competency), [
        'Service Orientation (service-orientation)',
        'Treating every request as a person with a problem.',
        '3 questions',
      ]);
      await shot(page, 'language-b-hover-competency');

      const schema = JSON.parse(packagedFile('extension/schemas/guide.schema.json'));
      const description = schema.properties.duration_minutes.description;
      const key = await hoverWord(page, 'duration_minutes', /·/);
      assert.match(lines(key)[0], /^duration_minutes · required · /);
      assert.ok(lines(key).includes(description), `the hover has the schema's description:\n${key}`);
      await page.mouse.move(5, 5);
      await editorHover(page).waitFor({ state: 'hidden' });
    }),
  );

  it('(c) shows the competency and its questions in the Outline view', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'language-c-outline', async (page) => {
      await openFromExplorer(page, 'service-orientation.competency.yaml');
      const restore = await showOutline(page);
      try {
        // Questions are named by their text, cut at a word boundary after 60 characters.
        const expected = [
          { level: 1, name: 'Service Orientation', kind: 'class' },
          { level: 2, name: 'id', kind: 'property' },
          { level: 2, name: 'summary', kind: 'property' },
          { level: 2, name: 'Tell me about a time you helped a frustrated user.', kind: 'method' },
          { level: 2, name: 'Describe a situation where you escalated a problem to an…', kind: 'method' },
          { level: 2, name: 'Give me an example of explaining a fix to someone without…', kind: 'method' },
        ];
        let last;
        await waitUntil(
          async () => {
            last = (await outlineRows(page)).filter((row) => row.level <= 2).map(({ level, name, kind }) => ({ level, name, kind }));
            return JSON.stringify(last) === JSON.stringify(expected);
          },
          { message: 'the outline of the competency' },
        ).catch((error) => {
          error.message += `\nthe outline shows: ${JSON.stringify(last, null, 1)}`;
          throw error;
        });
        const children = (await outlineRows(page)).filter((row) => row.level === 3).map((row) => `${row.name} (${row.kind})`);
        assert.deepEqual(children.slice(0, 2), ['areas_to_cover (array)', 'follow_ups (array)'], 'a question lists its areas and follow-ups');
        await shot(page, 'language-c-outline-tree');

        // Choosing a question in the outline moves the cursor to its text.
        await page.locator('.outline-tree .monaco-list-row', { hasText: 'Give me an example of explaining a fix' }).click();
        const line = SERVICE.split('\n').findIndex((l) => l.includes('Give me an example')) + 1;
        await waitUntil(async () => (await cursorPosition(page))?.line === line, { message: `the cursor on line ${line}` });
      } finally {
        await restore();
      }
    }),
  );

  it('(d) renames a question id in the competency and in the guide that uses it; refuses an invalid id', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'language-d-rename', async (page) => {
      const competencyFile = 'service-orientation.competency.yaml';
      const guideFile = 'it-support-onsite.guide.yaml';
      await openFromExplorer(page, competencyFile);
      await codeLens(page, /\b3 questions\b/).waitFor();
      if (await tab(page, guideFile).count()) {
        // Closed, the guide is changed on disk only: close it if an earlier check left it open.
        await tab(page, guideFile).click({ button: 'middle' });
        await tab(page, guideFile).waitFor({ state: 'detached' });
      }

      const shown = await renameAt(page, 'frustrated-user', 'upset-user');
      assert.equal(shown, 'frustrated-user', 'the rename box offers the whole id');
      const renamedCompetency = SERVICE.replace('id: frustrated-user', 'id: upset-user');
      const renamedGuide = ONSITE.replace('[frustrated-user,', '[upset-user,');
      await waitUntil(
        async () => {
          if (await refactorPreviewApply(page).isVisible().catch(() => false)) await refactorPreviewApply(page).click();
          return (await editorText(page)) === renamedCompetency;
        },
        { message: 'the renamed id in the editor' },
      );
      await page.keyboard.press('Control+K');
      await page.keyboard.press('S'); // Save All
      await waitForText(() => diskText(session.folder, competencyFile), renamedCompetency, { message: `${competencyFile} on disk` });
      await waitForText(() => diskText(session.folder, guideFile), renamedGuide, { message: `${guideFile} on disk` });
      await shot(page, 'language-d-rename-done');

      // An invalid id: refused with the reason, nothing changes.
      await renameAt(page, 'vendor-escalation', 'Vendor Escalation');
      await notification(page, /`Vendor Escalation` is not a valid id/).waitFor();
      await shot(page, 'language-d-rename-refused');
      assert.equal(await editorText(page), renamedCompetency, 'the editor text is unchanged');
      assert.equal(await diskText(session.folder, guideFile), renamedGuide, 'the guide is unchanged');

      // Not an id at all: the rename box does not open.
      await clickWord(page, 'summary');
      await page.keyboard.press('F2');
      await editorMessage(page).filter({ hasText: exactly('Only a competency id, a question id or a guide id can be renamed.') }).waitFor();
      assert.equal(await renameInput(page).isVisible(), false, 'no rename box');
    }),
  );

  it('(e) jumps to the question without follow-ups, and opens the preview, from the code lenses', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'language-e-code-lens', async (page) => {
      const file = 'service-orientation.competency.yaml';
      await openFromExplorer(page, file);
      const lens = codeLens(page, /\b3 questions\b/);
      await lens.waitFor();
      assert.deepEqual(await lens.locator('a').allInnerTexts(), ['3 questions', '1 without follow-ups', '~36 min planned']);
      await clickWord(page, 'competency');
      await page.keyboard.press('Control+Home');
      await waitUntil(async () => (await cursorPosition(page))?.line === 1, { message: 'the cursor on line 1' });

      await lens.locator('a', { hasText: exactly('1 without follow-ups') }).click();
      const line = SERVICE.split('\n').indexOf('  - id: plain-words') + 1;
      await waitUntil(async () => JSON.stringify(await cursorPosition(page)) === JSON.stringify({ line, column: 3 }), {
        message: `the cursor at Ln ${line}, Col 3 (the question without follow-ups)`,
      });
      await shot(page, 'language-e-code-lens-jump');

      await lens.locator('a', { hasText: exactly('3 questions') }).click();
      await page.locator(`.part.editor .tab[aria-label^="Preview ${file}"]`).waitFor();
      await page.frameLocator('iframe.webview').frameLocator('#active-frame').getByText('Give me an example of explaining a fix').first().waitFor();
      assert.equal(await tab(page, file).count(), 1, 'the source stays open beside the preview');
    }),
  );
});
