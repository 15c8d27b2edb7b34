// The lint side of the packaged extension in a real VS Code (code-server in chromium), checked the way a person
// would: quick fixes from Ctrl+. and the lightbulb, the safe fixes on save, problems of files never opened, the
// config file taking effect as it is edited, and the language status item naming the config in effect.
// Run: node --test test/e2e/lint.test.mjs (after `npm run package`; `npm run test:e2e` does both).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { waitUntil } from './codeServer.mjs';
import {
  activeTab,
  codeLens,
  editorText,
  focusEditorAtEnd,
  isOurs,
  openFromExplorer,
  pasteText,
  squiggleBoxes,
} from './workbench.mjs';
import {
  actionMenu,
  actionTitles,
  check,
  chooseAction,
  clearScreenshots,
  clickLightBulbAt,
  clickWord,
  diskText,
  doubleClickWord,
  lineOf,
  openLanguageStatus,
  shot,
  showProblems,
  tab,
  waitForDisk,
  waitForFileProblems,
  waitForText,
  workbenchSession,
} from './workbench2.mjs';

const TEST_TIMEOUT = 60_000;

const CONFIG = `rules:
  missing-follow-ups: warning
`;

// A complete competency; the guide below names one of its questions with a typo.
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
`;

const GUIDE = `guide: IT Support Specialist, onsite
id: it-support-onsite
duration_minutes: 60
sections:
  - competency: service-orientation
    questions: [frustrated-user, vendor-escalaton]
`;

// Two files copied from one another: the same competency id in both.
const copy = (name, text) => `competency: ${name}
id: documentation-habits
summary: Writing down fixes so the team can reuse them.
questions:
  - id: knowledge-article
    text: ${text}
    areas_to_cover:
      - What prompted them to write it
    follow_ups:
      - Who reviewed it before you published it?
`;

// For the quick fixes: a misspelled key, and a question (not the last) without follow-ups.
const QUICK_FIX = `competency: Knowledge Sharing
id: knowledge-sharing
summary: Passing on what they learned so others can build on it.
questions:
  - id: lessons-learned
    text: Walk me through a time you wrote up lessons from an outage.
    areas_to_cover:
      - What prompted the write-up
    follow_up:
      - Who read it afterwards?
  - id: handover
    text: Tell me about a time you handed over work you had started.
    areas_to_cover:
      - What they wrote down for the next person
  - id: onboarding-buddy
    text: Give me an example of helping a new colleague find their feet.
    areas_to_cover:
      - How they found out what the newcomer needed
    follow_ups:
      - What did they do on their own after a month?
`;
const RENAMED = QUICK_FIX.replace('    follow_up:\n', '    follow_ups:\n');
const WITH_PLACEHOLDER = RENAMED.replace(
  '      - What they wrote down for the next person\n',
  '      - What they wrote down for the next person\n    follow_ups:\n      - TODO add a probing follow-up question\n',
);

const FIX_ON_SAVE = `competency: Technical Troubleshooting
id: technical-troubleshooting
summary: Finding the cause before fixing the symptom.
questions:
  - id: intermittent-issue
    text: Tell me about a time you tracked down a problem that came and went.
    areas_to_cover:
      - How they reproduced it
    follow_ups:
      - What did you rule out first?
`;
// Pasted at the end: the key in camel case, as someone used to another format would write it.
const PASTED = `  - id: stubborn-device
    text: Recall a time you repaired a device nobody else could.
    areasToCover:
      - What they tried first
    follow_ups:
      - What would you do differently?
`;

const DRAFT = `competency: Decision Making
id: decision-making
summary: Making and owning decisions with incomplete information.
questions:
  - id: tough-call
    text: Tell me about a time you made a call without all the facts.
    areas_to_cover:
      - How they gathered what they could
`;

// A team folder with its own config: its files follow that one, not the root's.
const TEAM_CONFIG = `rules:
  not-behavioral: off
`;
const TEAM = `competency: Escalation
id: escalation
summary: Knowing when and how to hand a problem on.
questions:
  - id: escalated-early
    text: Share an experience of handing a problem to another team before you had solved it.
    areas_to_cover:
      - What made them decide to escalate
    follow_ups:
      - What did you tell the user?
`;

const FILES = {
  '.competency-lint.yaml': CONFIG,
  'service-orientation.competency.yaml': SERVICE,
  'it-support-onsite.guide.yaml': GUIDE,
  'documentation-a.competency.yaml': copy('Documentation Habits', 'Tell me about a time you wrote a procedure that others went on to use.'),
  'documentation-b.competency.yaml': copy('Writing Things Down', 'Think of a time your notes saved a colleague an hour; what had you written?'),
  'quick-fix.competency.yaml': QUICK_FIX,
  'fix-on-save.competency.yaml': FIX_ON_SAVE,
  'draft.competency.yaml': DRAFT,
  'team/.competency-lint.yaml': TEAM_CONFIG,
  'team/escalation.competency.yaml': TEAM,
};
/** Non-empty lines of a text, trimmed. */
const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);

const BANK_FILES = Object.keys(FILES).filter((name) => /\.(competency|guide)\.yaml$/.test(name)).length;

clearScreenshots('lint');

describe('lint in VS Code: quick fixes, fix on save, closed files, the config file, the language status', () => {
  const session = workbenchSession({
    settings: { 'editor.codeActionsOnSave': { 'source.fixAll.competencyGuides': 'explicit' } },
    files: FILES,
    firstFile: 'service-orientation.competency.yaml',
  });

  const guideRow = (rows) =>
    rows.find(
      (row) =>
        isOurs(row, 'unknown-reference') &&
        row.line === lineOf(GUIDE, 'vendor-escalaton') &&
        row.message === 'The competency `service-orientation` has no question `vendor-escalaton`. Did you mean `vendor-escalation`?',
    );
  const duplicateRow = (rows) =>
    rows.find((row) => isOurs(row, 'duplicate-id') && row.line === 2 && row.message.includes('`documentation-habits`'));

  it('(c0) lists the problems of the workspace before any file is opened', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-c0-before-opening', async (page) => {
      await showProblems(page);
      await waitForFileProblems(page, 'it-support-onsite.guide.yaml', (rows) => guideRow(rows), {
        message: 'the unknown-reference row of the guide, with no file opened (is the extension activated by the workspace?)',
        timeoutMs: 30_000,
      });
    }),
  );

  it('(c) lists problems of files that were never opened, and updates them when a file changes on disk', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-c-closed-files', async (page) => {
      await openFromExplorer(page, 'service-orientation.competency.yaml');
      for (const file of ['documentation-a.competency.yaml', 'documentation-b.competency.yaml']) {
        await waitForFileProblems(page, file, (rows) => duplicateRow(rows), { message: `a duplicate-id row on the id of ${file}` });
      }
      await waitForFileProblems(page, 'it-support-onsite.guide.yaml', (rows) => guideRow(rows), {
        message: 'the unknown-reference row of the guide that was never opened',
      });
      for (const file of ['it-support-onsite.guide.yaml', 'documentation-a.competency.yaml', 'documentation-b.competency.yaml']) {
        assert.equal(await tab(page, file).count(), 0, `${file} was never opened`);
      }
      await shot(page, 'lint-c-closed-files-listed');

      // Someone fixes the guide outside the editor (another tool, a pull): its problem goes away.
      await writeFile(path.join(session.folder, 'it-support-onsite.guide.yaml'), GUIDE.replace('vendor-escalaton', 'vendor-escalation'));
      await waitForFileProblems(page, 'it-support-onsite.guide.yaml', (rows) => rows.length === 0, {
        message: 'no rows left for the guide fixed on disk',
      });
      await waitForFileProblems(page, 'documentation-a.competency.yaml', (rows) => duplicateRow(rows), {
        message: 'the other closed files keep their rows',
      });
    }),
  );

  it('(a) applies quick fixes chosen from Ctrl+. and from the lightbulb', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-a-quick-fixes', async (page) => {
      const file = 'quick-fix.competency.yaml';
      await openFromExplorer(page, file);
      await showProblems(page);
      await codeLens(page, /\b3 questions\b/).waitFor(); // lines stop moving once the lens is in
      // The fixes belong to diagnostics: wait until the editor has them.
      const keyLine = lineOf(QUICK_FIX, 'follow_up:');
      const handoverLine = lineOf(QUICK_FIX, 'handed over work');
      await waitForFileProblems(
        page,
        file,
        (rows) => rows.some((row) => isOurs(row, 'schema') && row.line === keyLine) && rows.some((row) => isOurs(row, 'missing-follow-ups') && row.line === handoverLine),
        { message: `the schema row (line ${keyLine}) and the missing-follow-ups row (line ${handoverLine})` },
      );

      // Ctrl+. on the misspelled key.
      await clickWord(page, 'follow_up:', { offset: 2 });
      await page.keyboard.press('Control+.');
      await actionMenu(page).waitFor();
      await shot(page, 'lint-a-quick-fixes-menu');
      await chooseAction(page, 'Rename `follow_up` to `follow_ups`');
      await waitForText(() => editorText(page), RENAMED, { message: 'the editor text after the rename fix' });

      // The lightbulb on the question without follow-ups.
      await clickLightBulbAt(page, 'text: Tell me about a time you handed over');
      await actionMenu(page).waitFor();
      const titles = await actionTitles(page);
      assert.ok(titles.includes('Disable missing-follow-ups for this line...'), `the menu offers the suppression too: ${titles.join(' / ')}`);
      await shot(page, 'lint-a-quick-fixes-lightbulb');
      await chooseAction(page, 'Add `follow_ups` with a placeholder');
      await waitForText(() => editorText(page), WITH_PLACEHOLDER, { message: 'the editor text after adding follow_ups' });
    }),
  );

  it('(b) renames a pasted camelCase key on save with source.fixAll.competencyGuides', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-b-fix-on-save', async (page) => {
      const file = 'fix-on-save.competency.yaml';
      await openFromExplorer(page, file);
      await showProblems(page);
      await codeLens(page, /\b1 question\b/).waitFor(); // the server has checked the file as opened
      await focusEditorAtEnd(page);
      await pasteText(page, PASTED);
      const pasted = FIX_ON_SAVE + PASTED;
      await waitForText(() => editorText(page), pasted, { message: 'the pasted question in the editor' });
      const keyLine = lineOf(pasted, 'areasToCover:');
      await waitForFileProblems(
        page,
        file,
        (rows) => rows.some((row) => isOurs(row, 'schema') && row.line === keyLine && row.message.includes('`areasToCover`')),
        { message: `the schema row for \`areasToCover\` (line ${keyLine}) before saving` },
      );
      await shot(page, 'lint-b-fix-on-save-before');
      assert.equal(await diskText(session.folder, file), FIX_ON_SAVE, 'not saved yet');

      await page.keyboard.press('Control+S');
      const fixed = pasted.replace('areasToCover:', 'areas_to_cover:');
      await waitForDisk(session.folder, file, fixed);
      await waitForText(() => editorText(page), fixed, { message: 'the editor text after saving' });
      await waitForFileProblems(page, file, (rows) => rows.length === 0, { message: `no problems left in ${file}` });
    }),
  );

  it('(d) re-lints an open file as .competency-lint.yaml is edited, unsaved and saved', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-d-config', async (page) => {
      const file = 'draft.competency.yaml';
      const line = lineOf(DRAFT, 'text:');
      const hasWarning = (rows) => rows.some((row) => isOurs(row, 'missing-follow-ups') && row.line === line && row.severity === 'warning');
      await openFromExplorer(page, file);
      await showProblems(page);
      await waitForFileProblems(page, file, hasWarning, { message: `the missing-follow-ups warning on line ${line}` });
      await waitUntil(async () => (await squiggleBoxes(page, 'warning')).length > 0, { message: 'a warning squiggle in the draft' });

      await openFromExplorer(page, '.competency-lint.yaml');
      const switchOff = async () => {
        await doubleClickWord(page, 'warning');
        await page.keyboard.insertText('off');
        await waitForText(() => editorText(page), 'rules:\n  missing-follow-ups: off\n', { message: 'the edited config' });
      };
      // Unsaved: the editor's text of the config applies at once.
      await switchOff();
      await waitForFileProblems(page, file, (rows) => !rows.some((row) => isOurs(row, 'missing-follow-ups')), {
        message: 'the missing-follow-ups row gone while the config is unsaved',
      });
      assert.equal(await diskText(session.folder, '.competency-lint.yaml'), CONFIG, 'the config is not saved');
      await shot(page, 'lint-d-config-unsaved-off');

      // Undone, still unsaved: the warning is back.
      await page.keyboard.press('Control+Z');
      await waitForText(() => editorText(page), CONFIG, { message: 'the config after undo' });
      await waitForFileProblems(page, file, hasWarning, { message: 'the warning back after undoing the unsaved edit' });

      // Saved.
      await switchOff();
      await page.keyboard.press('Control+S');
      await waitForDisk(session.folder, '.competency-lint.yaml', 'rules:\n  missing-follow-ups: off\n');
      await tab(page, file).click();
      await activeTab(page, file).waitFor();
      await waitForFileProblems(page, file, (rows) => rows.length === 0, { message: `no rows for ${file} with the saved config` });
      await waitUntil(async () => (await squiggleBoxes(page, 'warning')).length === 0, { message: 'no warning squiggle left in the draft' });
    }),
  );

  it('(e) shows the config in effect in the language status item, and opens it', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'lint-e-language-status', async (page) => {
      // A file at the root follows the root config.
      await openFromExplorer(page, 'service-orientation.competency.yaml');
      let status = await openLanguageStatus(page);
      await waitForText(
        async () => lines(await status.innerText()).join('\n'),
        `Competency Guides: no problems\n.competency-lint.yaml · ${BANK_FILES} files in the bank\nOpen config`,
        { message: 'the language status of service-orientation.competency.yaml' },
      );
      await shot(page, 'lint-e-language-status-root');
      await page.keyboard.press('Escape');
      await status.waitFor({ state: 'hidden' });

      // A file in team/ follows team/.competency-lint.yaml.
      await page.getByRole('treeitem', { name: 'team', exact: true }).click();
      await openFromExplorer(page, 'escalation.competency.yaml');
      status = await openLanguageStatus(page);
      await waitForText(
        async () => lines(await status.innerText()).join('\n'),
        `Competency Guides: no problems\nteam/.competency-lint.yaml · ${BANK_FILES} files in the bank\nOpen config`,
        { message: 'the language status of team/escalation.competency.yaml' },
      );
      await shot(page, 'lint-e-language-status-team');

      // The problem counts are the file's own: documentation-a.competency.yaml has one error (duplicate-id).
      await page.keyboard.press('Escape');
      await status.waitFor({ state: 'hidden' });
      await openFromExplorer(page, 'documentation-a.competency.yaml');
      status = await openLanguageStatus(page);
      await waitForText(
        async () => lines(await status.innerText())[0],
        'Competency Guides: 1 error, 0 warnings, 0 info',
        { message: 'the problem counts of documentation-a.competency.yaml' },
      );
      await page.keyboard.press('Escape');
      await status.waitFor({ state: 'hidden' });

      // "Open config" opens the config in effect.
      await openFromExplorer(page, 'escalation.competency.yaml');
      status = await openLanguageStatus(page);
      await status.getByRole('button', { name: 'Open config' }).or(status.getByText('Open config', { exact: true })).first().click();
      await activeTab(page, '.competency-lint.yaml').waitFor();
      await waitForText(() => editorText(page), TEAM_CONFIG, { message: 'the opened config is team/.competency-lint.yaml' });
    }),
  );
});
