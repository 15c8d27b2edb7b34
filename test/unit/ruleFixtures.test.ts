import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { defaultConfig, parseConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/fileKind';
import { rules } from '../../server/src/core/rules';
import { WorkspaceChecker } from '../../server/src/core/workspace/workspaceChecker';

/**
 * Rule fixtures in the markdownlint style: a YAML comment holding rule ids in braces, `# {missing-follow-ups}`,
 * marks a line those rules must report (on a block scalar's header: its first line of text). Every lint problem must be marked and every mark reported. A fixture is a
 * file, or a folder of files (cross-file rules) with an optional `.competency-lint.yaml`.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const MARKER = /#.*\{([a-z-]+(?:\s*,\s*[a-z-]+)*)\}/;

/** A marker on a block scalar's header (`text: >- # {rule}`) stands for the text's first line, where squiggles go. */
function markedLines(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return [];
    const onHeader = /[:-]\s+[|>][-+]?\s+#/.test(line);
    return match[1].split(/\s*,\s*/).map((id) => `${index + 1 + (onHeader ? 1 : 0)}:${id}`);
  });
}

function fixtureFiles(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry).filter((name) => fileKindOf(name)).sort().map((name) => path.join(entry, name));
}

describe('rule fixtures: each marked line is reported, nothing else', () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    const entry = path.join(FIXTURES, name);
    if (!statSync(entry).isDirectory() && !fileKindOf(name)) continue;
    test(name, () => {
      const configPath = path.join(entry, '.competency-lint.yaml');
      const config = existsSync(configPath) ? parseConfig(readFileSync(configPath, 'utf8')) : { config: defaultConfig, problems: [] };
      assert.deepEqual(config.problems, [], 'the fixture config is valid');
      const checker = new WorkspaceChecker();
      const files = fixtureFiles(entry);
      for (const file of files) checker.update(pathToFileURL(file).toString(), readFileSync(file, 'utf8'), { lint: true, config: config.config });
      for (const file of files) {
        const problems = checker.problems(pathToFileURL(file).toString());
        const lines = checker.lines(pathToFileURL(file).toString())!;
        const invalid = problems.filter((p) => p.ruleId === 'schema' || p.ruleId === 'yaml-syntax');
        assert.deepEqual(invalid, [], `${path.basename(file)} is otherwise a valid file`);
        const reported = problems.map((p) => `${lines.positionAt(p.range.start).line + 1}:${p.ruleId}`);
        assert.deepEqual([...new Set(reported)].sort(), markedLines(readFileSync(file, 'utf8')).sort(), `${path.basename(file)}: too few or too many problems`);
      }
    });
  }
});

test('every rule has a fixture that exercises it and a documentation page', () => {
  const fixtureTexts = readdirSync(FIXTURES)
    .flatMap((name) => fixtureFiles(path.join(FIXTURES, name)))
    .filter((file) => fileKindOf(file))
    .map((file) => readFileSync(file, 'utf8'));
  for (const rule of rules) {
    assert.ok(
      fixtureTexts.some((t) => new RegExp(`\\{[^}]*\\b${rule.id}\\b[^}]*\\}`).test(t)),
      `no fixture under test/fixtures/rules marks a line with {${rule.id}}`,
    );
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${rule.id}.md`), 'utf8');
    assert.match(doc, new RegExp(`^# ${rule.id}\\b`), `docs/rules/${rule.id}.md starts with its id`);
  }
});
