// The preview of a hostile competency file in a real VS Code (code-server in chromium): every text field holds
// markup, script, styles and attribute-breaking quotes. The preview must show them as text, run none of them, and
// let no link but a web link leave the page (through the extension, which asks VS Code to open it).
// Run: node --test test/e2e/previewSecurity.test.mjs (after `npm run package`; `npm run test:e2e` does both).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitUntil } from './codeServer.mjs';
import { check, clearScreenshots, preview, previewFrame, previewSession, screenshots } from './previewHelpers.mjs';
import { codeLens, editor, openFromExplorer, pasteText, screenshot } from './workbench.mjs';

const TEST_TIMEOUT = 60_000;
const FILE = 'hostile.competency.yaml';
const WEB_LINK = 'https://example.com/interview-guide';

/** What a hostile author (or a pasted document) might put in any text field. */
const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<iframe src="javascript:window.__pwned=3">',
  '[click](javascript:window.__pwned=4)',
  '[data](data:text/html,<script>window.__pwned=5</script>)',
  '<style>body{background:red}</style>',
  '" onmouseover="window.__pwned=6',
  "'><svg onload=window.__pwned=7>",
];
const ALL = HOSTILE.join(' ');
/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
const q = (text) => JSON.stringify(text);
const each = (indent) => HOSTILE.map((text) => `${indent}- ${q(text)}`).join('\n');

const HOSTILE_FILE = `competency: ${q(ALL)}
id: hostile-content
roles: [${q(HOSTILE[6])}, ${q(HOSTILE[7])}]
tags: [${q(HOSTILE[1])}]
summary: ${q(ALL)}
why_it_matters: |-
${HOSTILE.map((text) => `  ${text}`).join('\n\n')}
evaluation: ${q(ALL)}
signals:
  positive:
${each('    ')}
  red_flags:
    - ${q(ALL)}
rating_scale:
  - { score: 1, label: ${q(HOSTILE[6])}, anchor: ${q(ALL)} }
  - { score: 2, label: ${q(HOSTILE[7])}, anchor: ${q(HOSTILE[1])} }
questions:
  - id: hostile-question
    text: ${q(ALL)}
    areas_to_cover:
${each('      ')}
    follow_ups:
${each('      ')}
  - id: web-link
    text: ${q(`Tell me how you used [the interview guide](${WEB_LINK}) before.`)}
    areas_to_cover:
      - ${q(HOSTILE[4])}
    follow_ups:
      - ${q(HOSTILE[0])}
  - id: javascript-link
    text: ${q(HOSTILE[3])}
    areas_to_cover:
      - ${q(HOSTILE[3])}
    follow_ups:
      - ${q(HOSTILE[4])}
faq:
  - question: ${q(ALL)}
    answer: ${q(ALL)}
`;

// Pasted at the end of the file once the page is up: the same content through the page's update path.
const PASTED = `  - question: ${q(`Pasted ${ALL}`)}
    answer: ${q(`Pasted answer ${HOSTILE.slice().reverse().join(' ')}`)}
`;

const session = previewSession({ [FILE]: HOSTILE_FILE });

/** Console messages in which the browser reports a Content Security Policy violation. */
const cspReports = () => session.console.filter((message) => /Content Security Policy/i.test(message.text));

/**
 * Everything in the preview page that could run or has run: `window.__pwned` in the page, the webview's host frame
 * and the workbench, `on*` attributes, scripts, embedded content, links and the page's background.
 */
async function inspect(page, frame) {
  const inner = await frame.evaluate(() => {
    const content = document.getElementById('cg-content');
    const all = [...document.querySelectorAll('*')];
    return {
      pwned: window.__pwned,
      text: document.body.innerText,
      handlers: all.flatMap((element) =>
        [...element.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${element.localName} ${a.name}="${a.value}">`),
      ),
      scripts: [...document.scripts].map((script) => ({ id: script.id, src: script.src, nonce: script.nonce, inline: script.text.length > 0 })),
      embedded: [...content.querySelectorAll('script, style, link, meta, iframe, frame, object, embed, img, svg, math, form, base, video, audio')].map(
        (element) => element.outerHTML.slice(0, 120),
      ),
      links: [...document.querySelectorAll('a')].map((link) => link.getAttribute('href')),
      background: [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor],
      frames: window.frames.length,
    };
  });
  // The webview's host frame and the workbench around it. (Frames the page itself might hold are counted above.)
  const outer = [];
  for (const other of [frame.parentFrame(), page.mainFrame()]) outer.push(await other.evaluate(() => window.__pwned));
  return { ...inner, pwnedAnywhere: outer.filter((value) => value !== undefined) };
}

function assertInert(state, when) {
  assert.equal(state.pwned, undefined, `${when}: window.__pwned stays undefined in the preview`);
  assert.deepEqual(state.pwnedAnywhere, [], `${when}: window.__pwned stays undefined around the webview`);
  assert.deepEqual(state.handlers, [], `${when}: no element has an on* attribute`);
  // VS Code's own API script (written before the page's CSP) and the preview's script with its nonce; nothing else.
  assert.deepEqual(
    state.scripts.map(({ id, src, nonce }) => ({ id, ours: /\/media\/preview\.js$/.test(src), nonce: nonce.length > 0 })),
    [
      { id: '_vscodeApiScript', ours: false, nonce: false },
      { id: '', ours: true, nonce: true },
    ],
    `${when}: the only scripts are VS Code's and the preview's own: ${JSON.stringify(state.scripts)}`,
  );
  assert.deepEqual(state.embedded, [], `${when}: the guide holds no scripts, styles, frames, images or SVG`);
  assert.deepEqual(state.links.filter((href) => href !== WEB_LINK), [], `${when}: the only link is the web link`);
  assert.equal(state.frames, 0, `${when}: the page has no frames of its own`);
  for (const colour of state.background) assert.notEqual(colour, 'rgb(255, 0, 0)', `${when}: no injected style applies`);
  for (const text of HOSTILE) assert.ok(state.text.includes(text), `${when}: the preview shows ${JSON.stringify(text)} as text`);
}

before(() => clearScreenshots(/^preview-hostile/));
after(() => console.log(`screenshots: ${screenshots}`));

describe('the preview of a hostile competency file', () => {
  it('shows every hostile field as text and runs nothing, on load and after an edit', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-hostile', async (page) => {
      await openFromExplorer(page, FILE);
      await codeLens(page, /\b3 questions\b/).waitFor({ timeout: 45_000 });
      await editor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+K');
      await page.keyboard.press('v');
      await preview(page).locator('#cg-content .cg-document').waitFor({ timeout: 30_000 });
      const frame = await previewFrame(page);
      const loaded = await inspect(page, frame);
      assertInert(loaded, 'on load');
      assert.deepEqual(cspReports(), [], 'no Content Security Policy violation was reported while the page loaded');

      // The same content patched into the live page, with a violation listener and a marker installed first.
      await frame.evaluate(() => {
        window.__cgTestMarker = 'before the edit';
        window.__cgViolations = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          window.__cgViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`),
        );
        window.__cgPatched = false;
        new MutationObserver(() => (window.__cgPatched = true)).observe(document.getElementById('cg-content'), {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      await page.keyboard.press('Control+End');
      await pasteText(page, PASTED);
      // One paste, one update: wait for the page to be patched, then look at what it became.
      await waitUntil(() => frame.evaluate(() => window.__cgPatched), { message: 'the preview to be patched' });
      const edited = await inspect(page, frame);
      assertInert(edited, 'after the edit');
      assert.ok(edited.text.includes(`Pasted ${ALL}`), 'the pasted question shows, as text');
      // Hovering over the attribute-breaking text would fire an injected onmouseover.
      await preview(page).locator('.cg-faq-item h3', { hasText: 'Pasted' }).hover();
      assert.deepEqual(
        await frame.evaluate(() => ({ marker: window.__cgTestMarker, violations: window.__cgViolations, pwned: window.__pwned })),
        { marker: 'before the edit', violations: [], pwned: undefined },
        'the page was patched, not reloaded, and no violation was recorded',
      );
      assert.deepEqual(cspReports(), [], 'no Content Security Policy violation was reported');
      await preview(page).locator('.cg-faq-item', { hasText: 'Pasted' }).scrollIntoViewIfNeeded();
    }),
  );

  it('opens nothing for a javascript: link and hands a web link to VS Code', { timeout: TEST_TIMEOUT }, () =>
    check(session, 'preview-hostile-links', async (page) => {
      const frame = await previewFrame(page);
      const url = frame.url();
      const frameCount = page.frames().length;
      await frame.evaluate(() => {
        window.__cgTestMarker = 'before the clicks';
        window.__cgViolations = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          window.__cgViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`),
        );
      });
      // The renderer leaves a javascript: link as text: clicking that text does nothing.
      const exactly = new RegExp(`^${HOSTILE[3].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      const javascriptText = preview(page).locator('.cg-question .cg-md p', { hasText: exactly });
      assert.equal(await javascriptText.innerText(), HOSTILE[3]);
      await javascriptText.click();
      // Were such a link ever rendered, the page must not follow it either: put one in and click it.
      await frame.evaluate(() => {
        const link = document.createElement('a');
        link.id = 'cg-test-javascript-link';
        link.href = 'javascript:window.__pwned=8';
        link.textContent = 'a javascript: link';
        document.querySelector('#cg-content .cg-question p').append(' ', link);
      });
      await preview(page).locator('#cg-test-javascript-link').click();

      // A web link goes to the extension, which asks VS Code to open it: VS Code asks the person first.
      await preview(page).locator(`a[href="${WEB_LINK}"]`).click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      const message = await dialog.innerText();
      assert.match(message, /open the external website/i);
      assert.ok(message.includes(WEB_LINK), `the dialog names ${WEB_LINK}: ${message}`);
      assert.ok(!/javascript:/i.test(message), 'no dialog for the javascript: link');
      assert.equal(await dialog.count(), 1, 'one dialog: the web link only');
      await screenshot(page, screenshots, 'preview-hostile-link-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      assert.deepEqual(session.popups, [], 'no page or popup was opened');
      assert.equal(page.frames().length, frameCount, 'no frame was added or removed');
      const after = await previewFrame(page);
      assert.equal(after.url(), url, 'the preview frame did not navigate');
      assert.deepEqual(
        await after.evaluate(() => ({ marker: window.__cgTestMarker, violations: window.__cgViolations, pwned: window.__pwned })),
        { marker: 'before the clicks', violations: [], pwned: undefined },
        'the page stayed as it was: nothing ran, nothing was blocked',
      );
      assert.deepEqual(cspReports(), [], 'no Content Security Policy violation was reported');
    }),
  );
});
