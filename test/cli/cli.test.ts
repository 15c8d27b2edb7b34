import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const GOLDEN = path.join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function run(args: string[], cwd = EXAMPLES) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Machine-specific paths become placeholders so golden files match on any clone. */
function portable(text: string): string {
  return text.split(REPO_ROOT).join('<repo>').split(encodeURI(REPO_ROOT)).join('<repo>');
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('competency-guides lint', () => {
  test('stylish: grouped by file, line:col, severity, message, rule id, a summary; exit 1', () => {
    const result = run(['lint', 'broken']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    golden('broken.stylish.txt', portable(result.stdout));
  });

  test('json', () => {
    const result = run(['lint', 'broken', '--format', 'json']);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.ok(report.every((file: { filePath: string }) => file.filePath.startsWith('broken/')));
    golden('broken.json', portable(result.stdout));
  });

  test('sarif: valid SARIF 2.1.0 with one rule entry per rule', () => {
    const result = run(['lint', 'broken', '--format', 'sarif']);
    assert.equal(result.code, 1);
    const log: {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
    } = JSON.parse(result.stdout);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema's own patterns predate Unicode-mode regular expressions.
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile<unknown>(schema);
    const valid: boolean = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const ruleIds = log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.equal(new Set(ruleIds).size, ruleIds.length);
    for (const result of log.runs[0].results) {
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
      assert.ok(result.locations[0].physicalLocation.region.startColumn >= 1);
    }
    golden('broken.sarif.json', portable(result.stdout));
  });

  test('a clean bank exits 0', () => {
    const result = run(['lint', '*.yaml']);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /No problems found in 4 files\./);
  });

  test('--max-warnings: warnings alone pass up to the limit', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
    try {
      cpSync(path.join(EXAMPLES, 'broken', 'missing-follow-ups.competency.yaml'), path.join(dir, 'a.competency.yaml'));
      assert.equal(run(['lint'], dir).code, 0);
      assert.equal(run(['lint', '--max-warnings', '2'], dir).code, 0);
      assert.equal(run(['lint', '--max-warnings', '1'], dir).code, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--fix applies the safe fixes, keeps everything else byte for byte, and reports what is left', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
    try {
      const original = [
        '# A bank with two misspelled keys',
        'competency: Fixable   # name',
        'id: fixable',
        'summary: S',
        'questions:',
        '  - id: q',
        "    text: 'Tell me about a time you fixed it.'  # quoted",
        '    areasToCover: [A]',
        '    follow_up:',
        '      - Why?   # keep me',
        '',
      ].join('\n');
      const file = path.join(dir, 'fix.competency.yaml');
      writeFileSync(file, original);
      const result = run(['lint', '--fix'], dir);
      assert.equal(result.code, 0, result.stdout);
      assert.equal(readFileSync(file, 'utf8'), original.replace('areasToCover', 'areas_to_cover').replace('follow_up:', 'follow_ups:'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the nearest config applies', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
    try {
      cpSync(path.join(EXAMPLES, 'broken', 'missing-follow-ups.competency.yaml'), path.join(dir, 'a.competency.yaml'));
      writeFileSync(path.join(dir, '.competency-lint.yaml'), 'rules:\n  missing-follow-ups: error\n');
      const result = run(['lint', '--format', 'json'], dir);
      assert.equal(result.code, 1);
      assert.deepEqual(JSON.parse(result.stdout)[0].problems.map((p: { severity: string }) => p.severity), ['error', 'error']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a config whose keys are lists or mappings fails like any other config problem: exit 2, each key located', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
    try {
      cpSync(path.join(EXAMPLES, 'broken', 'missing-follow-ups.competency.yaml'), path.join(dir, 'a.competency.yaml'));
      // Nested 40 deep, each key once took seconds to turn into text and then failed with "Invalid string length".
      let nested = 'x';
      for (let i = 0; i < 40; i++) nested = `{[${nested}]: 1}`;
      writeFileSync(path.join(dir, '.competency-lint.yaml'), `? [a, b] : 1\nrules:\n  ? {x: 1} : error\n  ${nested}: off\n`);
      const result = run(['lint'], dir);
      assert.equal(result.code, 2, `${result.stdout}${result.stderr}`);
      const located = [...result.stderr.matchAll(/\.competency-lint\.yaml:(\d+:\d+)  A key must be plain text/g)].map((match) => match[1]);
      assert.deepEqual(located, ['1:3', '3:5', '4:3'], result.stderr);
      assert.doesNotMatch(result.stderr, /unexpected failure|\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('exit 2 with a message, not a stack trace, when the command itself fails', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-cli-'));
    try {
      writeFileSync(path.join(dir, 'a.competency.yaml'), 'competency: X\n');
      writeFileSync(path.join(dir, '.competency-lint.yaml'), 'rules:\n  missing-folow-ups: off\n');
      const cases: [string[], RegExp][] = [
        [['lint', '--format', 'xml'], /Unknown format `xml`/],
        [['lint', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
        [['lint', '--bogus'], /Unknown option '--bogus'/],
        [['lint', 'missing-folder'], /No such file or folder: missing-folder/],
        [['lint', 'nothing/*.competency.yaml'], /No competency or guide files match/],
        [['frobnicate'], /Unknown command `frobnicate`/],
        [['lint'], /\.competency-lint\.yaml:2:3  Unknown rule `missing-folow-ups`\. Did you mean `missing-follow-ups`\?/],
      ];
      for (const [args, message] of cases) {
        const result = run(args, dir);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled YAML parser', () => {
  test('reads its debug variables once when it loads, not for every token it parses', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'cg-env-'));
    try {
      // Counts reads of the two variables the yaml package checks; `process.env` itself asks the operating system.
      const preload = path.join(folder, 'count-env-reads.cjs');
      writeFileSync(
        preload,
        [
          'let reads = 0;',
          'const real = process.env;',
          "process.env = new Proxy(real, { get(target, key) { if (key === 'LOG_TOKENS' || key === 'LOG_STREAM') reads++; return Reflect.get(target, key); } });",
          "process.on('exit', () => process.stderr.write(`debug-variable reads: ${reads}\\n`));",
        ].join('\n'),
      );
      const file = path.join(EXAMPLES, 'service-orientation.competency.yaml');
      const result = spawnSync(process.execPath, ['--require', preload, CLI, 'export', file, '--format', 'md'], { cwd: EXAMPLES, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(result.stdout.length > 1000, 'the file was parsed and rendered');
      // Each variable once by each of the two parsers (yaml 2, and yaml 3's, see core/yamlParse.ts); per token, thousands.
      assert.equal(/debug-variable reads: (\d+)/.exec(result.stderr)?.[1], '4');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
