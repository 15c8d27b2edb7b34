/**
 * Hostile YAML and recovery: alias and merge bombs, nesting 10,000 deep, duplicate keys, custom tags, a rule that
 * throws, a broken config. Complements test/unit/yamlSyntax.test.ts (the classic alias bomb, duplicate top-level keys,
 * tabs), test/unit/lintEngine.test.ts (a file rule that throws) and test/server/workspace.test.ts (the size limit).
 * Every hostile file must be answered with problems a person can act on, quickly, by the checks and by every feature.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../server/src/core/check';
import { parseConfig } from '../../server/src/core/config';
import { runWorkspaceRules } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/lineIndex';
import { parseDocument } from '../../server/src/core/parseCache';
import { renderHtml, renderMarkdown } from '../../server/src/core/render';
import { unknownReference } from '../../server/src/core/rules/unknown-reference';
import type { WorkspaceRule } from '../../server/src/core/rules/rule';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { summarize } from '../../server/src/core/workspace/fileSummary';
import { buildModel } from '../../server/src/core/model';
import { MAX_INDICATOR_RUN, parseYaml } from '../../server/src/core/yamlDocument';
import { quickFixes } from '../../server/src/features/codeActions';
import { findCodeLenses } from '../../server/src/features/codeLens';
import { doComplete } from '../../server/src/features/completion';
import { findFoldingRanges } from '../../server/src/features/folding';
import { doHover } from '../../server/src/features/hover';
import { findSelectionRanges } from '../../server/src/features/selectionRanges';
import { findDocumentSymbols } from '../../server/src/features/symbols';
import { FuzzServer, fileUri, publishProblems } from '../fuzz/harness';
import { problemsIn, yaml, type ShownProblem } from '../helpers/problems';
import { REPO_ROOT } from '../helpers/lspClient';

const QUESTION = ['questions:', '  - id: q', '    text: Tell me about a time you fixed it.', '    areas_to_cover: [A]', '    follow_ups: [B]'];
const HEAD = ['competency: Hostile', 'id: hostile', 'summary: S'];

/** How long a call takes, the faster of two runs when the first is slow (the machine may be busy). */
function timed<T>(run: () => T): { result: T; ms: number } {
  let started = performance.now();
  let result = run();
  let ms = performance.now() - started;
  if (ms > 1000) {
    started = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { result, ms };
}

/** The problems of a text, checked in under a second. */
function quickProblems(text: string, kind: 'competency' | 'guide' = 'competency'): ShownProblem[] {
  const { result, ms } = timed(() => problemsIn(text, kind));
  assert.ok(ms < 1000, `checked in ${Math.round(ms)} ms`);
  return result;
}

/** Every editor feature on the text, each within a second and without throwing. */
function everyFeature(text: string, kind: 'competency' | 'guide' = 'competency'): void {
  const uri = `file:///hostile/x.${kind}.yaml`;
  const document = TextDocument.create(uri, kind === 'guide' ? 'interview-guide-yaml' : 'competency-yaml', 1, text);
  const parsed = parseDocument(uri, 1, kind, text);
  const index = new WorkspaceIndex();
  const lines = new LineIndex(text);
  const middle = document.positionAt(text.length >> 1);
  const end = document.positionAt(text.length);
  const features: [string, () => unknown][] = [
    ['document symbols', () => findDocumentSymbols(parsed, lines, { index })],
    ['folding', () => findFoldingRanges(parsed.parsed, lines)],
    ['selection ranges', () => findSelectionRanges(parsed.parsed, document, [middle, end])],
    ['completion', () => [doComplete(document, middle, { kind, index }), doComplete(document, end, { kind, index, triggerCharacter: ' ' })]],
    ['hover', () => [doHover(document, middle, { kind, index }), doHover(document, end, { kind, index })]],
    ['code lenses', () => findCodeLenses(parsed, lines, { index, questionMinutes: 12, followUpsMin: 1 })],
    ['preview', () => renderHtml({ text, kind, uri, parsed: parsed.parsed, index })],
    ['export', () => renderMarkdown({ text, kind, uri, parsed: parsed.parsed, index })],
  ];
  for (const [name, run] of features) {
    const { ms } = timed(run);
    assert.ok(ms < 1000, `${name} took ${Math.round(ms)} ms`);
  }
}

describe('hostile YAML', () => {
  describe('alias and merge bombs are stopped with one clear problem', () => {
    const cases: [string, string[]][] = [
      ['a bomb of maps', ['l0: &l0 {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}', ...Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`)]],
      ['a bomb of merge keys', ['m0: &m0 {a: 1}', ...Array.from({ length: 40 }, (_, i) => `m${i + 1}: &m${i + 1} {<<: [*m${i}, *m${i}], k${i}: ${i}}`)]],
      ['a bomb inside a question', [...QUESTION.slice(0, 3), `    areas_to_cover: &a0 [x, x, x, x, x, x, x, x, x, x]`, ...Array.from({ length: 8 }, (_, i) => `    follow_ups${i ? `_${i}` : ''}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)]],
    ];
    for (const [name, body] of cases) {
      test(name, () => {
        const text = name.includes('question') ? yaml(...HEAD, ...body) : yaml(...HEAD, ...QUESTION, ...body);
        const problems = quickProblems(text);
        assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && /expands aliases \(\*name\) more than \d+ times/.test(p.message)), JSON.stringify(problems));
        everyFeature(text);
      });
    }
  });

  describe('nesting 10,000 deep does not overflow the stack', () => {
    const cases: [string, string][] = [
      ['flow lists', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
      ['flow maps', `${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}`],
      ['flow lists left open', '['.repeat(10_000)],
      ['block lists on one line', `\n  ${'- '.repeat(10_000)}x`],
      ['block lists by indentation (1,000 deep: 10,000 would be a 50 MB file, over the size limit)', `\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x`],
      ['block maps by indentation (1,000 deep)', `\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} x`],
      ['block lists 400 a line, each line under the one above (260 KB)', `\n${Array.from({ length: 25 }, (_, i) => `${' '.repeat(i * 800 + 2)}${'- '.repeat(400)}`).join('\n')}x`],
    ];
    for (const [name, nested] of cases) {
      test(name, () => {
        const text = yaml(...HEAD, `questions: ${nested}`);
        const problems = quickProblems(text);
        assert.ok(problems.length >= 1, 'something is reported');
        for (const problem of problems) assert.ok(problem.message.length < 500, `a message a person can read: ${problem.message.slice(0, 200)}…`);
        everyFeature(text);
      });
    }

    test('block maps 10,000 deep on one line (`: : : …`)', () => {
      const text = yaml(...HEAD, `summary: ${': '.repeat(10_000)}x`);
      assert.doesNotThrow(() => parseYaml(text), 'parseYaml must catch the parser running out of stack');
      const problems = quickProblems(text);
      assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && /nested too deeply/.test(p.message)), JSON.stringify(problems));
      everyFeature(text);
    });
  });

  describe('a line of 200,000 quotes or brackets is refused with one problem on it', () => {
    // Each pair was one syntax problem, built and clamped to the line by scanning to its end: 30 s a check. No time
    // is asserted here; a return of that would make this test take minutes.
    const cases: [string, string][] = [
      ['double quotes', '"'],
      ['single quotes', "'"],
      ['closing brackets', ']'],
      ['empty flow maps', '{}'],
      ['quotes between spaces', '" '],
      ['tags', '! '],
    ];
    for (const [name, unit] of cases) {
      test(name, () => {
        const run = unit.repeat(200_000 / unit.length);
        const text = yaml(...HEAD.slice(0, 2), `summary: ${run}`, ...QUESTION);
        const problems = problemsIn(text);
        assert.deepEqual(
          problems.map((p) => [p.ruleId, p.line, p.severity, p.on]),
          [['yaml-syntax', 3, 'error', run.trimEnd()]],
        );
        assert.equal(problems[0].message, 'Quotes, brackets or other YAML indicators are repeated 5,000 times or more in a row here; the file is not read further.');
        everyFeature(text);
      });
    }

    test('a shorter run is read: its first 100 problems, each on its line', () => {
      const text = yaml(...HEAD.slice(0, 2), `summary: ${'"'.repeat(MAX_INDICATOR_RUN - 1)}`, ...QUESTION);
      const parsed = parseYaml(text);
      assert.equal(parsed.syntaxProblems.length, 100);
      const lineStart = text.indexOf('summary: ');
      const lineEnd = text.indexOf('\n', lineStart);
      for (const problem of parsed.syntaxProblems) {
        assert.ok(problem.range.start >= lineStart && problem.range.start < problem.range.end && problem.range.end <= lineEnd, JSON.stringify(problem));
      }
    });
  });

  test('forty thousand list items of the wrong type: each reported, in time that grows with the count', () => {
    // Each `- |` is an empty text where a question mapping belongs. The schema validator once joined its errors by
    // copying all earlier ones for every item: about 5 s here, 20 s at twice the size.
    const count = 40_000;
    const text = `competency: Pasted\nid: pasted\nsummary: S\nquestions:\n${'  - |\n'.repeat(count)}`;
    const { validation } = checkText(text, 'competency', { lint: true });
    const wrongType = validation.filter((problem) => problem.ruleId === 'schema' && /should be/.test(problem.message));
    assert.equal(wrongType.length, count);
    const lines = new LineIndex(text);
    assert.deepEqual(
      [wrongType[0], wrongType[count - 1]].map((problem) => lines.positionAt(problem.range.start).line),
      [4, 4 + count - 1],
    );
  });

  test('a mapping of twenty thousand keys, some repeated: every unknown and repeated key reported, in linear time', () => {
    // Comparing each key with every earlier one (the parser's own duplicate check, and looking each reported key up
    // by scanning its mapping) took minutes at fifty thousand keys.
    const count = 20_000;
    const keys = Array.from({ length: count }, (_, i) => `    k${i % (count - 10)}: v\n`).join('');
    const text = `competency: Pasted\nid: pasted\nsummary: S\nquestions:\n  - id: q\n    text: Tell me about a time you helped.\n${keys}`;
    const { validation } = checkText(text, 'competency', { lint: true });
    const repeated = validation.filter((problem) => /appears twice/.test(problem.message));
    const unknown = validation.filter((problem) => /^Unknown key/.test(problem.message));
    assert.equal(repeated.length, 10, 'the ten repeated keys');
    assert.ok(repeated.every((problem) => text.slice(problem.range.start, problem.range.end).startsWith('k')));
    assert.equal(unknown.length, count - 10, 'every distinct unknown key');
  });

  test('thirty thousand questions without text: every question reported, in linear time', () => {
    // Finding each question's column searched backwards for a carriage return the file does not have, to its start.
    const count = 30_000;
    const text = `competency: Pasted\nid: pasted\nsummary: S\nquestions:\n${'  - id: q\n'.repeat(count)}`;
    const { validation, lint } = checkText(text, 'competency', { lint: true });
    assert.equal(validation.filter((problem) => /missing `text`/.test(problem.message)).length, count);
    assert.equal(lint.filter((problem) => problem.ruleId === 'missing-follow-ups').length, count);
  });

  test('keys that are lists or maps, nested: reported, and checked in under a second', () => {
    // A valid file of under 1 KB: each key is a map whose key is a list whose item is a map whose key ...
    let nested = 'x';
    for (let i = 0; i < 120; i++) nested = `{[${nested}]: 1}`;
    const text = yaml(...HEAD, ...QUESTION, `faq: ${nested}`);
    const problems = quickProblems(text);
    assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' || p.ruleId === 'schema'), JSON.stringify(problems));
  });

  describe('duplicate keys are reported, not silently merged', () => {
    test('in a question and in a flow map, each on its own line', () => {
      const text = yaml(
        ...HEAD,
        'questions:',
        '  - id: q',
        '    text: Tell me about a time you fixed it.',
        '    text: Tell me about a time you broke it.',
        '    areas_to_cover: [A]',
        '    follow_ups: [B]',
        'rating_scale:',
        '  - { score: 1, label: No, label: Yes, anchor: A }',
      );
      const duplicates = quickProblems(text).filter((p) => p.ruleId === 'yaml-syntax' && /appears twice/.test(p.message));
      assert.deepEqual(duplicates.map((p) => [p.line, p.severity]), [[7, 'error'], [11, 'error']]);
      // The second one is what the model reads: the first is not silently merged into it, it is reported.
      const parsed = parseYaml(text);
      assert.equal((parsed.data as { questions: { text: string }[] }).questions[0].text, 'Tell me about a time you broke it.');
    });

    test('the problem names the whole key and sits on it', () => {
      const problems = quickProblems(yaml(...HEAD, ...QUESTION, '    follow_ups: [C]'));
      assert.deepEqual(
        problems.filter((p) => /appears twice/.test(p.message)).map((p) => [p.on, p.message]),
        [['follow_ups', 'The key `follow_ups` appears twice in the same mapping; keep one.']],
      );
    });
  });

  describe('custom tags are reported as unsupported', () => {
    const cases: [string, string, string][] = [
      ['on a scalar', 'summary: !foo S', '!foo'],
      ['on a map', 'summary: !foo {a: 1}', '!foo'],
      ['on a list', 'roles: !foo [a]', '!foo'],
      ['on a key', '!foo summary: S', '!foo'],
      ['on the document', '--- !foo\nsummary: S', '!foo'],
      ['a verbatim tag', 'summary: !<tag:example.com,2000:x> S', '!<tag:example.com,2000:x>'],
      ['a declared handle', '%TAG !e! tag:example.com,2000:\n---\nsummary: !e!x S', '!e!x'],
      ['an undeclared handle', 'summary: !x!y S', '!x!y'],
    ];
    for (const [name, line, tag] of cases) {
      test(name, () => {
        const body = line.startsWith('%') || line.startsWith('---') ? [line, 'competency: Hostile', 'id: hostile'] : [...HEAD.filter((l) => !line.includes(l.split(':')[0] + ':')), line];
        const problems = quickProblems(yaml(...body, ...QUESTION));
        assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && p.on === tag && p.message === `The tag ${tag} is not supported; remove it and write the plain value.`), JSON.stringify(problems));
      });
    }

    test('YAML 1.1 tags the parser knows (!!binary, !!set, !!omap, !!pairs, !!timestamp)', () => {
      for (const value of ['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!pairs [a: 1]', '!!timestamp 2001-12-14']) {
        const problems = quickProblems(yaml(...HEAD.slice(0, 2), `summary: ${value}`, ...QUESTION));
        const tag = value.split(' ')[0];
        assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && p.on === tag && /not supported/.test(p.message)), `${value}: ${JSON.stringify(problems)}`);
      }
    });
  });
});

describe('recovery', () => {
  test('a workspace rule that throws becomes one problem about that rule; the others still report', () => {
    const throwing: WorkspaceRule = {
      id: 'broken-workspace-rule',
      scope: 'workspace',
      description: 'Always throws.',
      defaultSeverity: 'warning',
      appliesTo: ['guide'],
      check() {
        throw new Error('index exploded');
      },
    };
    const text = yaml('guide: G', 'id: g', 'duration_minutes: 30', 'sections:', '  - competency: nowhere');
    const parsed = parseYaml(text);
    const file = summarize('file:///g.guide.yaml', text, buildModel(parsed, 'guide'));
    const problems = runWorkspaceRules(file, new WorkspaceIndex(), { questionMinutes: 12, rules: {} }, [throwing, unknownReference]);
    assert.deepEqual(problems.map((p) => p.ruleId), ['broken-workspace-rule', 'unknown-reference']);
    assert.match(problems[0].message, /The rule `broken-workspace-rule` failed on this file and reported nothing: index exploded/);
    assert.deepEqual(problems[0].range, file.idRange, 'on the file id, where a person looks first');
  });

  test('a broken config file reports its problems and keeps the parts that are right', () => {
    const { config, problems } = parseConfig('question_minutes: 5\nrules:\n  missing-follow-ups: [off\n');
    assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax'), JSON.stringify(problems));
    assert.equal(config.questionMinutes, 5);
  });

  test('a config file whose keys are lists or maps nested in each other is reported within a second', () => {
    let nested = 'x';
    for (let i = 0; i < 60; i++) nested = `{[${nested}]: 1}`;
    const text = `${nested}: off\nrules:\n  ${nested}: off\n  missing-follow-ups: [warning, {${nested}: 1}]\n`;
    const { result, ms } = timed(() => parseConfig(text));
    assert.ok(ms < 1000, `read in ${Math.round(ms)} ms`);
    const lines = new LineIndex(text);
    assert.deepEqual(
      result.problems.map((p) => [p.ruleId, lines.positionAt(p.range.start), p.range.end - p.range.start]),
      [
        ['config', { line: 0, character: 0 }, nested.length],
        ['config', { line: 2, character: 2 }, nested.length],
        ['config', { line: 3, character: '  missing-follow-ups: [warning, {'.length }, nested.length],
      ],
    );
    for (const problem of result.problems) assert.match(problem.message, /key must be plain text/);
  });

  test('code actions for a diagnostic past the end of the document (a client a keystroke behind) still answer', () => {
    const text = yaml(...HEAD, ...QUESTION);
    const lastLine = text.split('\n').length - 1;
    const document = TextDocument.create('file:///x.competency.yaml', 'competency-yaml', 1, text);
    for (const line of [lastLine + 1, 40, 1_000_000]) {
      const past: Diagnostic = { range: { start: { line, character: 0 }, end: { line, character: 4 } }, message: 'old', source: 'competency-guides', code: 'missing-follow-ups' };
      const actions = quickFixes(document, [], [past]);
      assert.deepEqual(actions.map((action) => action.title), ['Disable missing-follow-ups for this line...'], `line ${line}`);
      const [argument] = actions[0].command?.arguments as { line: number; indent: string }[];
      assert.ok(argument.line >= 0 && argument.line <= lastLine, `the comment goes on a line of the document, not ${argument.line}`);
      assert.equal(argument.indent, '');
    }
  });

  describe('a broken .competency-lint.yaml in the editor', () => {
    let folder: string;
    let server: FuzzServer;
    const published: { uri: string; diagnostics: Diagnostic[] }[] = [];
    const bankText = yaml('competency: Configured', 'id: configured', 'summary: S', 'questions:', '  - id: q', '    text: Tell me about a time you fixed it.', '    areas_to_cover: [A]');

    before(async () => {
      folder = mkdtempSync(path.join(tmpdir(), 'cg-hostile-config-'));
      writeFileSync(path.join(folder, '.competency-lint.yaml'), 'rules:\n  missing-follow-ups: off\n');
      writeFileSync(path.join(folder, 'configured.competency.yaml'), bankText);
      server = new FuzzServer({ lint: { run: 'onSave' }, validate: { delay: 0 } }, (params) => published.push(params));
      await server.initialize(folder);
    });

    after(async () => {
      await server.dispose();
      rmSync(folder, { recursive: true, force: true });
    });

    test('the config gets a diagnostic where it breaks, and the last good config still applies', async () => {
      const bankUri = fileUri(path.join(folder, 'configured.competency.yaml'));
      const configUri = fileUri(path.join(folder, '.competency-lint.yaml'));
      await server.open(bankUri, bankText, 'competency');
      const first = await server.waitForPublish(bankUri, 1, 5000);
      assert.deepEqual(first.result, [], 'missing-follow-ups is off');

      await server.open(configUri, 'rules:\n  missing-follow-ups: off\n', 'competency');
      await server.waitForPublish(configUri, 1, 5000);
      const broken = await server.change(configUri, 'rules:\n  missing-follow-ups: [off\n');
      const configDiagnostics = await server.waitForPublish(configUri, broken, 5000);
      assert.ok(configDiagnostics.result?.some((d) => d.code === 'yaml-syntax' && d.range.start.line >= 1), JSON.stringify(configDiagnostics.result));

      // Saving the bank file lints it again under the config in effect: still the last good one.
      published.length = 0;
      const saved = await server.change(bankUri, bankText);
      await server.save(bankUri);
      const after = await server.waitForPublish(bankUri, saved, 5000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const latest = [...published].reverse().find((p) => p.uri === bankUri)?.diagnostics ?? after.result ?? [];
      assert.deepEqual(latest.map((d) => d.code), [], 'still no missing-follow-ups');
      assert.deepEqual(server.loggedErrors, []);
      await server.close(configUri);
      await server.close(bankUri);
    });

    test('a config broken on disk, not open, is reported too', async () => {
      const configPath = path.join(folder, '.competency-lint.yaml');
      writeFileSync(configPath, 'rules:\n  missing-follow-ups: [off\n');
      published.length = 0;
      await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(configPath), type: 2 }] });
      const deadline = Date.now() + 3000;
      // Closing the config in the test before may still publish its (empty) diagnostics: wait for the broken ones.
      const reported = () => published.find((p) => p.uri === fileUri(configPath) && p.diagnostics.some((d) => d.code === 'yaml-syntax'));
      while (Date.now() < deadline && !reported()) await new Promise((resolve) => setTimeout(resolve, 50));
      const diagnostics = reported()?.diagnostics ?? [];
      assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'), 'a yaml-syntax diagnostic in the config file');
      assert.deepEqual(publishProblems('rules:\n  missing-follow-ups: [off\n', diagnostics, () => undefined), []);
    });
  });

  test('a publish carries the problems of the version it names, even when another file changes before an edit is checked', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'cg-hostile-version-'));
    const question = 'Tell me about a time you rebuilt a failing mail server overnight.';
    const bank = (id: string) => yaml(`competency: ${id}`, `id: ${id}`, 'summary: S', 'questions:', `  - id: ${id}-q`, `    text: ${question}`, '    areas_to_cover: [A]', '    follow_ups: [B]');
    const first = bank('edited');
    const second = `# two comment lines\n# push everything down\n${first}`;
    const texts = new Map([[1, first], [2, second]]);
    const uri = fileUri(path.join(folder, 'edited.competency.yaml'));
    const wrong: string[] = [];
    // The check of an edit waits 300 ms (the typing delay); a file changing on disk meanwhile republishes.
    const server = new FuzzServer({ lint: { run: 'onType' }, validate: { delay: 300 } }, (params) => {
      const text = params.uri === uri ? texts.get(params.version ?? 0) : undefined;
      if (text !== undefined) wrong.push(...publishProblems(text, params.diagnostics, () => undefined).map((p) => `v${params.version}: ${p}`));
    });
    try {
      await server.initialize(folder);
      await server.open(uri, first, 'competency');
      await server.waitForPublish(uri, 1, 5000);
      await server.change(uri, second);
      writeFileSync(path.join(folder, 'other.competency.yaml'), bank('other'));
      await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(folder, 'other.competency.yaml')), type: 1 }] });
      const checked = await server.waitForPublish(uri, 2, 5000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(checked.result?.some((d) => d.code === 'duplicate-question' && d.range.start.line === 7), JSON.stringify(checked.result));
      assert.deepEqual(wrong, [], 'every publish fits the text of the version it names');
    } finally {
      await server.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('the command line: exit 2 with a message, never a stack trace', () => {
    const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
    const run = (args: string[], cwd: string) => {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
      const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    test('a config that is not YAML, a config that cannot be read, a file that is a folder', () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'cg-hostile-cli-'));
      try {
        writeFileSync(path.join(folder, 'a.competency.yaml'), yaml(...HEAD, ...QUESTION));
        const cases: [string, () => void, string[], RegExp][] = [
          ['broken config', () => writeFileSync(path.join(folder, '.competency-lint.yaml'), 'rules:\n  missing-follow-ups: [off\n'), ['lint'], /\.competency-lint\.yaml:\d+:\d+ /],
          ['unreadable config', () => (rmSync(path.join(folder, '.competency-lint.yaml')), mkdirSync(path.join(folder, '.competency-lint.yaml'))), ['lint'], /Cannot read the config file .*EISDIR/],
          ['a folder named like a bank file', () => (rmSync(path.join(folder, '.competency-lint.yaml'), { recursive: true }), mkdirSync(path.join(folder, 'dir.competency.yaml'))), ['lint', 'dir.competency.yaml'], /No competency or guide files match dir\.competency\.yaml/],
        ];
        for (const [name, setUp, args, message] of cases) {
          setUp();
          const result = run(args, folder);
          assert.equal(result.code, 2, `${name}: ${result.stdout}${result.stderr}`);
          assert.match(result.stderr, message, name);
          assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
          assert.doesNotMatch(result.stderr, /unexpected failure/, name);
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    test('a hostile file is linted and exported, or refused with a message', () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'cg-hostile-cli-'));
      try {
        const files: Record<string, string> = {
          'bomb.competency.yaml': yaml(...HEAD, ...QUESTION, 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`)),
          'deep.competency.yaml': yaml(...HEAD, `questions: ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
          'tags.competency.yaml': yaml(...HEAD.slice(0, 2), 'summary: !foo S', ...QUESTION),
          'bytes.competency.yaml': `${yaml(...HEAD, ...QUESTION)}\u0000\u0007\ufeff`,
        };
        for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
        const lint = run(['lint', '--format', 'json'], folder);
        assert.equal(lint.code, 1, lint.stderr);
        const report = JSON.parse(lint.stdout) as { filePath: string; problems: unknown[] }[];
        assert.deepEqual(report.map((file) => [file.filePath, file.problems.length > 0]).sort(), Object.keys(files).sort().map((name) => [name, true]));
        for (const name of Object.keys(files)) {
          const result = run(['export', name], folder);
          assert.ok(result.code === 0 || result.code === 2, `${name}: exit ${result.code}`);
          if (result.code === 2) assert.match(result.stderr, /^competency-guides: \S/);
          assert.doesNotMatch(result.stderr, /\n\s+at |unexpected failure/, name);
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
