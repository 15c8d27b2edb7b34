import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { defaultConfig } from '../../server/src/core/config';
import { fileKindOf, type FileKind } from '../../server/src/core/fileKind';
import { renderHtml, renderMarkdown } from '../../server/src/core/render';
import { plainMarkdown } from '../../server/src/core/render/escape';
import { markdownToMarkdown } from '../../server/src/core/render/markdown';
import { EXPORT_CSP, exportHtml } from '../../server/src/core/render/exportHtml';
import { WorkspaceChecker } from '../../server/src/core/workspace/workspaceChecker';
import { parseYaml } from '../../server/src/core/yamlDocument';
import { exportGuide, renderGuide } from '../../server/src/features/renderGuide';
import { REPO_ROOT, fileUri } from '../helpers/lspClient';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'render');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Input {
  file: string;
  kind: FileKind;
  text: string;
  uri: string;
  /** Where the expected .html and .md live, without the extension. */
  golden: string;
}

function inputs(): Input[] {
  const list: Input[] = [];
  const add = (dir: string, goldenDir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const kind = fileKindOf(name);
      if (!kind) continue;
      const file = path.join(dir, name);
      list.push({ file, kind, text: readFileSync(file, 'utf8'), uri: fileUri(file), golden: path.join(goldenDir, name.replace(/\.ya?ml$/, '')) });
    }
  };
  add(EXAMPLES, path.join(FIXTURES, 'examples'));
  add(FIXTURES, FIXTURES);
  return list;
}

/** The examples and the fixtures as one workspace, checked the way the editor and the CLI check it. */
function workspace() {
  const files = inputs();
  const checker = new WorkspaceChecker();
  for (const input of files) checker.update(input.uri, input.text, { lint: true, config: defaultConfig });
  const render = (input: Input) => {
    const options = { text: input.text, kind: input.kind, uri: input.uri, index: checker.index, problems: checker.problems(input.uri), questionMinutes: 12 };
    return { html: renderHtml(options).html, markdown: renderMarkdown(options).markdown };
  };
  return { files, checker, render };
}

function golden(file: string, actual: string): void {
  if (UPDATE || !existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${path.relative(REPO_ROOT, file)} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

const BLOCK_TAGS = 'article|header|footer|section|div|p|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td|pre|blockquote|hr';

/** Every opening tag of the HTML, with its attributes. */
function tags(html: string): { name: string; attributes: [string, string][]; raw: string }[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)].map((match) => ({
    name: match[1].toLowerCase(),
    raw: match[0],
    attributes: [...match[2].matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? ''] as [string, string]),
  }));
}

function dataLines(html: string, className: string): number[] {
  return [...html.matchAll(new RegExp(`<section class="cg-section ${className}" data-line="(\\d+)"`, 'g'))].map((m) => Number(m[1]));
}

function linesMatching(text: string, pattern: RegExp): number[] {
  return text.split('\n').flatMap((line, i) => (pattern.test(line) ? [i] : []));
}

describe('renderer golden files', () => {
  const { files, render } = workspace();
  for (const input of files) {
    test(path.relative(REPO_ROOT, input.file), () => {
      const { html, markdown } = render(input);
      golden(`${input.golden}.html`, html);
      golden(`${input.golden}.md`, markdown);
    });
  }

  test('the examples render without problem notes', () => {
    for (const input of files.filter((f) => f.file.startsWith(EXAMPLES))) {
      assert.doesNotMatch(render(input).html, /cg-problem/, path.basename(input.file));
    }
  });
});

describe('hostile content stays text', () => {
  const { files, render } = workspace();
  const hostile = files.find((f) => f.file.endsWith('hostile.competency.yaml'))!;
  const { html, markdown } = render(hostile);

  test('no script, no event handler, no dangerous URL in the HTML', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<(iframe|svg|style|object|embed|form|input|link|meta|base)\b/i);
    for (const tag of tags(html)) {
      for (const [name, value] of tag.attributes) {
        assert.ok(!name.startsWith('on'), `event handler in ${tag.raw}`);
        assert.notEqual(name, 'style', `inline style in ${tag.raw}`);
        if (name === 'href') assert.match(value, /^(https?:|mailto:)/i, `href in ${tag.raw}`);
        if (name === 'src') assert.match(value, /^https:/i, `src in ${tag.raw}`);
      }
    }
    assert.doesNotMatch(html, /href="\s*(javascript|data|vbscript):/i);
  });

  test('what was written still shows, escaped', () => {
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;iframe src=&quot;https:\/\/evil\.example&quot;&gt;&lt;\/iframe&gt;/);
    assert.match(html, /\[javascript link\]\(javascript:alert\(1\)\)/);
    assert.match(html, /\[data link\]\(data:text\/html,&lt;script&gt;/);
    assert.match(html, /&quot; onmouseover=&quot;alert\(1\)/);
    assert.match(html, /<a href="https:\/\/example\.com\/guide" rel="noopener noreferrer">allowed link<\/a>/);
    // The title tries to break out of its attribute; it stays inside it.
    assert.match(html, /title="&quot; onmouseover=&quot;alert\(1\)"/);
  });

  test('the Markdown holds no tag and no dangerous link, even for a renderer that allows HTML', () => {
    // Code is never markup in Markdown, so only the text outside code spans and fences must be free of tags.
    const outsideCode = markdown.replace(/^```[^\n]*\n[\s\S]*?\n```$/gm, '').replace(/(`+)[^`][\s\S]*?\1/g, '');
    assert.doesNotMatch(outsideCode, /<(script|img|iframe|svg|style|a)\b/i);
    // A link needs an unescaped `](`; the refused ones are written with `\]` and stay text.
    assert.doesNotMatch(markdown, /(?<!\\)\]\(\s*<?(javascript|data|vbscript):/i);
    assert.doesNotMatch(markdown, /<javascript:/i);
    assert.match(markdown, /&lt;script>alert\(1\)&lt;\/script>/);
    const lax = new MarkdownIt({ html: true, linkify: true });
    lax.validateLink = () => true;
    const rendered = lax.render(markdown);
    assert.doesNotMatch(rendered, /<script/i);
    for (const tag of tags(rendered)) {
      for (const [name, value] of tag.attributes) {
        assert.ok(!name.startsWith('on'), `event handler in ${tag.raw}`);
        if (name === 'href' || name === 'src') assert.match(value, /^(https?:|mailto:)/i, `${name} in ${tag.raw}`);
      }
    }
  });
});

describe('line map', () => {
  const { files, render } = workspace();

  test('every block element carries data-line', () => {
    for (const input of files) {
      const { html } = render(input);
      for (const tag of tags(html)) {
        if (!new RegExp(`^(${BLOCK_TAGS})$`).test(tag.name)) continue;
        assert.ok(
          tag.attributes.some(([name, value]) => name === 'data-line' && /^\d+$/.test(value)),
          `${path.basename(input.file)}: ${tag.raw}`,
        );
      }
    }
  });

  test("each question's block carries the line of its `- id:` item", () => {
    for (const input of files.filter((f) => f.kind === 'competency' && !f.file.endsWith('syntax.competency.yaml'))) {
      const expected = linesMatching(input.text, /^\s+- id:/);
      assert.ok(expected.length > 0);
      assert.deepEqual(dataLines(render(input).html, 'cg-question'), expected, path.basename(input.file));
    }
  });

  test("each guide section's block carries the line of its `- competency:` item", () => {
    for (const input of files.filter((f) => f.kind === 'guide')) {
      const expected = linesMatching(input.text, /^\s+- competency:/);
      assert.ok(expected.length > 0);
      assert.deepEqual(dataLines(render(input).html, 'cg-guide-section'), expected, path.basename(input.file));
    }
  });

  test('a chosen question in a guide carries the line of its reference; a literal block keeps its own lines', () => {
    const guide = files.find((f) => f.file.endsWith('it-support-onsite.guide.yaml'))!;
    const lines = linesMatching(guide.text, /^\s+questions:/);
    assert.deepEqual(dataLines(render(guide).html, 'cg-question'), [lines[0], lines[0], lines[1], lines[2]]);

    const competency = files.find((f) => f.file.endsWith('problems.competency.yaml'))!;
    const html = render(competency).html;
    const line = (pattern: RegExp) => linesMatching(competency.text, pattern)[0];
    assert.match(html, new RegExp(`<ol data-line="${line(/^\s+1\. an ordered item/)}">`));
    assert.match(html, new RegExp(`<table data-line="${line(/^\s+\| Column/)}">`));
    assert.match(html, new RegExp(`<blockquote data-line="${line(/^\s+> A quote/)}">`));
  });
});

describe('problems in the page', () => {
  const { files, render } = workspace();
  const blockOf = (html: string, line: number) => {
    const start = html.indexOf(`<section class="cg-section cg-question" data-line="${line}">`);
    assert.ok(start >= 0, `no question block at line ${line}`);
    const next = html.indexOf('<section class="cg-section cg-question"', start + 1);
    return html.slice(start, next === -1 ? undefined : next);
  };

  test('a question carries its own badges; an item carries the problem found in it', () => {
    const input = files.find((f) => f.file.endsWith('problems.competency.yaml'))!;
    const { html } = render(input);
    const [noFollowUps, hypothetical, duplicate] = linesMatching(input.text, /^\s+- id:/);
    assert.match(blockOf(html, noFollowUps), /data-rule="missing-follow-ups" data-problem-line="\d+" data-line="\d+"><span class="cg-badge"[^>]*>no follow-ups<\/span>/);
    const second = blockOf(html, hypothetical);
    assert.match(second, /data-rule="not-behavioral"/);
    assert.match(second, /data-rule="missing-areas-to-cover"/);
    const protectedLine = linesMatching(input.text, /How old were you/)[0];
    assert.match(second, new RegExp(`<li data-line="${protectedLine}">How old were you when you started in IT\\? <span class="cg-problem cg-problem-warning" data-rule="protected-topic" data-problem-line="${protectedLine}">`));
    assert.match(blockOf(html, duplicate), /data-rule="duplicate-id"/);
    // The misspelled top-level key has no place of its own: it is listed at the top, under the counts.
    assert.match(html, /<section class="cg-section cg-review" data-line="1">\n<p class="cg-review-summary" data-line="1">\d+ problems in this file: /);
    assert.match(html.slice(html.indexOf('cg-review'), html.indexOf('cg-summary')), /Unknown key <code>sumary<\/code>/);
  });

  test('a guide shows unresolved references in their section and the planned time against the slot', () => {
    const input = files.find((f) => f.file.endsWith('problems.guide.yaml'))!;
    const { html, markdown } = render(input);
    assert.match(html, /<p class="cg-text cg-missing" data-line="\d+"><code>service-orientation<\/code> has no question <code>not-a-question<\/code>\.<\/p>/);
    assert.match(html, /No competency with the id <code>no-such-competency<\/code> was found\./);
    assert.match(html, /data-rule="unknown-reference" data-problem-line="\d+" data-line="\d+"><span class="cg-badge"[^>]*>unresolved reference<\/span>/);
    assert.match(html, /<div class="cg-fact cg-flagged" data-line="\d+"><dt data-line="\d+">Planned<\/dt><dd data-line="\d+">\d+ minutes \(\d+ minutes over\) <span class="cg-problem cg-problem-warning" data-rule="over-time" data-problem-line="\d+">/);
    assert.match(markdown, /- \*\*Planned:\*\* \d+ minutes \(\d+ minutes over\) — \*\*Warning \(over time\):\*\*/);
  });
});

describe('the renderGuide and exportGuide features', () => {
  const { checker } = workspace();
  const source = (name: string, text: string | undefined, version?: number) => ({
    uri: fileUri(path.join(FIXTURES, name)),
    text,
    version,
    index: checker.index,
    questionMinutes: 12,
  });

  test('a file that does not parse: the first syntax error, with its line, and the best render', () => {
    const text = readFileSync(path.join(FIXTURES, 'syntax.competency.yaml'), 'utf8');
    const result = renderGuide(source('syntax.competency.yaml', text, 7), []);
    assert.equal(result.version, 7);
    assert.equal(result.title, 'Broken Syntax');
    assert.ok(result.error);
    assert.ok(result.error.line >= 6 && result.error.line <= 8, `line ${result.error.line}`);
    assert.match(result.html, /Tell me about a time you read a broken file\./);
  });

  test('a valid file has no error; an unreadable or foreign file has only an error', () => {
    const text = readFileSync(path.join(EXAMPLES, 'resourcefulness.competency.yaml'), 'utf8');
    const ok = renderGuide({ ...source('x.competency.yaml', text), uri: fileUri(path.join(EXAMPLES, 'resourcefulness.competency.yaml')) }, []);
    assert.equal(ok.error, undefined);
    assert.equal(ok.title, 'Resourcefulness');
    assert.deepEqual(renderGuide(source('gone.competency.yaml', undefined), []), { html: '', title: '', version: undefined, error: { message: 'The file could not be read.', line: 0 } });
    assert.match(renderGuide(source('notes.yaml', 'a: 1'), []).error!.message, /Only competency and guide files/);
  });

  test('export: a whole page with the stylesheet and the policy, or Markdown, and never problem notes', () => {
    const text = readFileSync(path.join(FIXTURES, 'problems.competency.yaml'), 'utf8');
    const page = exportGuide(source('problems.competency.yaml', text), 'html', '.cg-document { color: red; }');
    assert.match(page.content, /^<!DOCTYPE html>/);
    assert.ok(page.content.includes(`<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">`));
    assert.ok(page.content.includes('.cg-document { color: red; }'));
    assert.doesNotMatch(page.content, /<script|cg-problem/);
    const md = exportGuide(source('problems.competency.yaml', text), 'md', '');
    assert.match(md.content, /^# Render Problems\n/);
    assert.doesNotMatch(md.content, /Warning/);
  });

  test('exportHtml escapes the title and cannot be closed early by the stylesheet', () => {
    const page = exportHtml({ title: '<script>x</script>', body: '<article></article>', css: 'a{} </style><script>alert(1)</script>' });
    assert.match(page, /<title>&lt;script&gt;x&lt;\/script&gt;<\/title>/);
    assert.equal(page.match(/<\/style/gi)?.length, 1);
    assert.match(page, /--vscode-editor-background: #ffffff/);
  });
});

describe('the Markdown writer', () => {
  // The renderer's own parser settings: what the preview shows is what the written Markdown must show again.
  const md = new MarkdownIt({ html: false, linkify: false });
  md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());
  const sources = [
    '# Title #\n\nPara with `code ``x`` here`` and ` `` ` and *em* _u_ **s** __t__ ~~del~~.\nSoft break\\\nhard break  \ntwo-space break.',
    '3. three\n4. four\n\n   continued para\n\n   - nested *a*\n   - nested b\n5. five',
    '> quote\n> - in list\n>\n> ```js\n> code `x`\n> ```',
    '- loose\n\n- list\n\n---\n\n***\n\nsetext\n===',
    '| a | b \\| c |\n|:-:|---|\n| `x|y` | [l](https://e.com/a_(b) "t \\"q\\"") |',
    '[a](https://x.com/a b) [b](<https://x.com/a b>) ![i](https://x/i.png) <https://auto.link/x_y> <me@x.com>',
    'text with &amp; &copy; \\&copy; &#35; 1 < 2 > 0 \\* star \\_ under \\\\ back',
    '    indented code\n    block\n\nafter',
    '1) paren list\n2) two',
    '* star bullet\n+ plus bullet',
    'line\n# heading-like after a soft break\n+ plus',
    'Text ![alt *em*](https://x/y.png) and [**bold link**](mailto:a@b.c)',
    '~~~\nfenced tilde\n```\n~~~',
    '[ref][r]\n\n[r]: https://ref.example "Ref"',
  ];

  test('re-written Markdown renders exactly as the original', () => {
    const fields: string[] = [...sources];
    for (const input of inputs().filter((f) => f.kind === 'competency')) {
      const data = parseYaml(input.text).data as Record<string, unknown> | undefined;
      for (const key of ['summary', 'why_it_matters', 'evaluation']) if (typeof data?.[key] === 'string') fields.push(data[key] as string);
      for (const q of (Array.isArray(data?.questions) ? data.questions : []) as { text?: unknown }[]) if (typeof q?.text === 'string') fields.push(q.text);
      for (const f of (Array.isArray(data?.faq) ? data.faq : []) as { answer?: unknown }[]) if (typeof f?.answer === 'string') fields.push(f.answer);
    }
    for (const source of fields) assert.equal(md.render(markdownToMarkdown(source, 0)), md.render(source), source);
  });

  test('a plain value shows as written, whatever it looks like', () => {
    const values = ['# not a heading', '1. not a list', '10) ten', '- dash', '+ plus', '> quote', '***', '---', '===', 'end #', '#hashtag', '&copy; &#x41;', '<!-- c -->', '[x]: https://y', 'a *b* _c_ `d` [e](https://f) ![g](https://h) <i> &amp; \\ ~~s~~'];
    for (const value of values) assert.equal(md.render(plainMarkdown(value)), `<p>${md.utils.escapeHtml(value)}</p>\n`, value);
  });
});
