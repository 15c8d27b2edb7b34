import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkText } from '../../server/src/core/check';
import { parseConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/fileKind';
import { LineIndex } from '../../server/src/core/lineIndex';
import { rules } from '../../server/src/core/rules';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const MARKER = /#.*\{([a-z-]+(?:\s*,\s*[a-z-]+)*)\}/;

/** Each rule id marked on each line, as "line:rule-id" strings. */
function markedLines(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line, index) => {
    const match = MARKER.exec(line);
    return match ? match[1].split(/\s*,\s*/).map((id) => `${index + 1}:${id}`) : [];
  });
}

describe('rule fixtures: each marked line is reported, nothing else', () => {
  for (const name of readdirSync(FIXTURES).filter((n) => fileKindOf(n)).sort()) {
    test(name, () => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      // A fixture may carry its own config in a sibling file of the same stem.
      const configPath = path.join(FIXTURES, name.replace(/\.(competency|guide)\.ya?ml$/, '.config.yaml'));
      const config = (() => {
        try {
          return parseConfig(readFileSync(configPath, 'utf8')).config;
        } catch {
          return undefined;
        }
      })();
      const result = checkText(text, fileKindOf(name)!, { lint: true, config });
      assert.deepEqual(result.validation, [], 'fixtures are otherwise valid files');
      const index = new LineIndex(text);
      const reported = result.lint.map((p) => `${index.positionAt(p.range.start).line + 1}:${p.ruleId}`);
      assert.deepEqual([...new Set(reported)].sort(), markedLines(text).sort(), 'too few or too many problems');
    });
  }
});

test('every rule has a fixture that exercises it and a documentation page', () => {
  const fixtureTexts = readdirSync(FIXTURES).map((n) => readFileSync(path.join(FIXTURES, n), 'utf8'));
  for (const rule of rules) {
    assert.ok(
      fixtureTexts.some((t) => t.includes(`{${rule.id}}`)),
      `no fixture under test/fixtures/rules marks a line with {${rule.id}}`,
    );
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${rule.id}.md`), 'utf8');
    assert.match(doc, new RegExp(`^# ${rule.id}\\b`), `docs/rules/${rule.id}.md starts with its id`);
  }
});
