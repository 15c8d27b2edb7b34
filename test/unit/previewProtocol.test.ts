import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isOpenableLink, parseFromWebview, parseToWebview } from '../../common/previewMessages';
import { previewHtml } from '../../client/src/preview/previewHtml';

const URI = 'file:///bank/a.competency.yaml';

describe('preview messages', () => {
  test('well-formed messages about the previewed document pass', () => {
    assert.deepEqual(parseFromWebview({ type: 'doubleClick', uri: URI, line: 12 }, URI), { type: 'doubleClick', uri: URI, line: 12 });
    assert.deepEqual(parseFromWebview({ type: 'revealLine', uri: URI, line: 0, extra: 'ignored' }, URI), { type: 'revealLine', uri: URI, line: 0 });
    assert.deepEqual(parseFromWebview({ type: 'openLink', uri: URI, href: 'https://example.com' }, URI), { type: 'openLink', uri: URI, href: 'https://example.com' });
    assert.deepEqual(parseToWebview({ type: 'update', uri: URI, html: '<p>x</p>', title: 'T' }, URI), { type: 'update', uri: URI, html: '<p>x</p>', title: 'T' });
  });

  test('anything else is dropped: other documents, unknown types, bad lines', () => {
    for (const raw of [
      null,
      'doubleClick',
      { type: 'doubleClick', uri: 'file:///other.competency.yaml', line: 1 },
      { type: 'doubleClick', uri: URI, line: -1 },
      { type: 'doubleClick', uri: URI, line: 1.5 },
      { type: 'doubleClick', uri: URI, line: '3' },
      { type: 'runCommand', uri: URI, command: 'workbench.action.terminal.new' },
      { type: 'openLink', uri: URI, href: 42 },
    ]) {
      assert.equal(parseFromWebview(raw, URI), undefined, JSON.stringify(raw));
    }
    assert.equal(parseToWebview({ type: 'update', uri: URI, html: 3, title: 'T' }, URI), undefined);
  });

  test('only web and mail links may be opened', () => {
    assert.ok(isOpenableLink('https://example.com/a?b=c'));
    assert.ok(isOpenableLink('http://example.com'));
    assert.ok(isOpenableLink('mailto:talent@example.com'));
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', '/relative', '']) {
      assert.equal(isOpenableLink(href), false, href);
    }
  });
});

describe('the preview page', () => {
  const page = previewHtml({
    cspSource: 'https://webview.example',
    nonce: 'abc123==',
    styleUri: 'https://webview.example/media/preview.css',
    scriptUri: 'https://webview.example/media/preview.js',
    data: { uri: 'file:///bank/"><script>alert(1)</script>.competency.yaml', locked: false },
    bodyHtml: '<article data-line="0"><h1>Title</h1></article>',
    title: '</title><script>alert(1)</script>',
  });

  test('has a strict CSP: nothing by default, our script by nonce only', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)![1].replace(/&#39;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123=='(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  test('escapes the page data and title; the only script is ours', () => {
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /<script nonce="abc123==" src="https:\/\/webview.example\/media\/preview.js"><\/script>/);
    assert.match(page, /data-settings="\{&quot;uri&quot;:&quot;file:\/\/\/bank\/\\&quot;&gt;&lt;script&gt;/);
    assert.match(page, /<title>&lt;\/title&gt;&lt;script&gt;/);
    assert.doesNotMatch(page, /\son\w+=/);
  });
});
