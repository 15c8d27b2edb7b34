import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findProtectedTopic, normalizeForTopics, prefilterStrings, protectedTopicsByLocale, topicsFingerprint, type ProtectedTopic } from '../../server/src/core/text/protectedTopics';
import { GENERATED_PREFILTERS } from '../../server/src/core/text/topicPrefilters.generated';
import { requiredLiterals } from '../../server/src/core/text/requiredLiterals';
import { seededRandom } from '../helpers/random';

type Random = ReturnType<typeof seededRandom>;

/**
 * Random strings a pattern may match, made by walking its source: a branch of each alternation, a count for each
 * quantifier, a member of each class. Anchors and lookarounds are skipped, so callers keep the strings the pattern
 * really matches.
 */
function sample(source: string, rng: Random): string {
  let at = 0;
  /** Where the class opened at `i` closes. */
  const classEnd = (i: number) => {
    for (i++; source[i] !== ']'; i++) if (source[i] === '\\') i++;
    return i;
  };
  /** Where the alternation starting at `from` ends (its closing parenthesis or the end), and where its branches start. */
  const extent = (from: number) => {
    const starts = [from];
    let depth = 0;
    let i = from;
    for (; i < source.length; i++) {
      const ch = source[i];
      if (ch === '\\') i++;
      else if (ch === '[') i = classEnd(i);
      else if (ch === '(') depth++;
      else if (ch === ')' && depth-- === 0) break;
      else if (ch === '|' && depth === 0) starts.push(i + 1);
    }
    return { starts, end: i };
  };
  const alternation = (): string => {
    const { starts, end } = extent(at);
    at = rng.pick(starts);
    const spelled = sequence();
    at = end;
    return spelled;
  };
  const sequence = (): string => {
    let out = '';
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      const atomStart = at;
      atom();
      const quantifier = /^(?:([?*+])|\{(\d+)(?:,(\d*))?\})\??/.exec(source.slice(at));
      let count = 1;
      if (quantifier) {
        at += quantifier[0].length;
        const kind = quantifier[1];
        const min = kind === '+' ? 1 : kind ? 0 : Number(quantifier[2]);
        const max = kind === '?' ? 1 : kind ? min + 2 : quantifier[3] === undefined ? min : quantifier[3] === '' ? min + 2 : Number(quantifier[3]);
        count = min + rng.int(max - min + 1);
      }
      const next = at;
      for (let k = 0; k < count; k++) {
        at = atomStart;
        out += atom();
      }
      at = next;
    }
    return out;
  };
  const atom = (): string => {
    const ch = source[at++];
    if (ch === '(') {
      const lookaround = /^\?<?[=!]/.exec(source.slice(at));
      if (lookaround) at += lookaround[0].length;
      else if (source.startsWith('?:', at)) at += 2;
      const inner = alternation();
      at++; // past ')'
      return lookaround ? '' : inner;
    }
    if (ch === '[') {
      const end = classEnd(at - 1);
      const body = source.slice(at, end);
      at = end + 1;
      if (body.startsWith('^')) return rng.pick(['x', ' ', '.']);
      const members: string[] = [];
      for (let i = 0; i < body.length; i++) {
        let member = body[i];
        if (member === '\\') member = body[++i] === 's' ? ' ' : body[i];
        if (body[i + 1] === '-' && i + 2 < body.length) {
          for (let code = member.charCodeAt(0); code <= body.charCodeAt(i + 2); code++) members.push(String.fromCharCode(code));
          i += 2;
        } else members.push(member);
      }
      return rng.pick(members);
    }
    if (ch === '\\') {
      const escaped = source[at++];
      if (escaped === 'b' || escaped === 'B') return '';
      if (escaped === 'w') return rng.pick(['a', 'e', 'k', 's', 't']);
      if (escaped === 'd') return String(rng.int(10));
      if (escaped === 's') return ' ';
      return escaped;
    }
    if (ch === '^' || ch === '$') return '';
    if (ch === '.') return rng.pick(['a', ' ', '-']);
    return ch;
  };
  return alternation();
}

describe('requiredLiterals', () => {
  test('a plain phrase requires itself; around an optional part, the fewest strings win', () => {
    assert.deepEqual(requiredLiterals(String.raw`\bhow old are you\b`), ['how old are you']);
    assert.deepEqual(requiredLiterals(String.raw`\byour (?:own )?health\b`), ['health']);
    // Short plain runs lose to the strings the whole phrase can spell.
    assert.deepEqual(requiredLiterals(String.raw`\bab(?:cd|ef)gh\b`), ['abcdgh', 'abefgh']);
  });

  test('alternatives require one of their own strings each', () => {
    assert.deepEqual(requiredLiterals(String.raw`\bsexual orientation\b|\bgender identity\b`), ['sexual orientation', 'gender identity']);
    assert.deepEqual(requiredLiterals('(?:a|b)c+d'), ['c']);
  });

  test('everyday words lose to rarer ones', () => {
    const everyday = (literal: string) => /\b(?:do|did|you)\b/.test(literal);
    assert.deepEqual(requiredLiterals(String.raw`\b(?:do|did) you (?:take|use) (?:\w+ )?(?:medications?|meds)\b`, { common: everyday }), ['medication', 'meds']);
  });

  test('a pattern that can match without any fixed text requires nothing', () => {
    assert.equal(requiredLiterals(String.raw`\w+`), undefined);
    assert.equal(requiredLiterals('(?:abc)?'), undefined);
    assert.equal(requiredLiterals('a*'), undefined);
    assert.equal(requiredLiterals('(?<name>x)'), undefined);
    assert.equal(requiredLiterals('(unclosed'), undefined);
  });

  test('with the prefilter built, the rule finds the same topic as trying every pattern on every generated match', () => {
    const rng = seededRandom(12);
    // The rule's search without any prefilter: each topic's exclusions blanked, then its patterns; the earliest wins.
    const reference = (text: string, topics: readonly ProtectedTopic[]) => {
      const normalized = normalizeForTopics(text);
      let best: { id: string; index: number } | undefined;
      for (const topic of topics) {
        let masked = normalized;
        for (const exclusion of topic.exclusions ?? []) masked = masked.replace(new RegExp(exclusion.source, 'g'), (found) => ' '.repeat(found.length));
        for (const pattern of topic.patterns) {
          const match = pattern.exec(masked);
          if (match && (!best || match.index < best.index)) best = { id: topic.id, index: match.index };
        }
      }
      return best?.id;
    };
    let found = 0;
    for (const list of Object.values(protectedTopicsByLocale)) {
      // A copy has a cache of its own: warmed up past the point where the prefilter is built.
      const topics = [...list];
      for (let i = 0; i < 500; i++) findProtectedTopic(`Tell me about outage ${i} at the branch office.`, topics);
      for (const topic of topics) {
        for (const pattern of topic.patterns) {
          for (let i = 0; i < 40; i++) {
            const text = sample(pattern.source, rng);
            const expected = reference(text, topics);
            if (expected) found++;
            assert.equal(findProtectedTopic(text, topics)?.topic.id, expected, `"${text}" (from ${pattern.source})`);
          }
        }
      }
    }
    assert.ok(found > 2_000, `${found} generated texts with a topic`);
  });

  test('every string a protected-topic pattern matches holds one of its required literals', () => {
    const rng = seededRandom(11);
    let matched = 0;
    let reported = 0;
    for (const topics of Object.values(protectedTopicsByLocale)) {
      for (const topic of topics) {
        for (const pattern of topic.patterns) {
          const literals = requiredLiterals(pattern.source);
          assert.ok(literals, `no required literal for ${pattern.source}`);
          for (let i = 0; i < 200; i++) {
            const text = sample(pattern.source, rng);
            if (!pattern.test(text)) continue;
            matched++;
            assert.ok(
              literals.some((literal) => text.includes(literal)),
              `"${text}" matches ${pattern.source} but holds none of ${JSON.stringify(literals)}`,
            );
            // And the rule, its prefilters included, reports it (when nothing in it is reworded or excluded first).
            if (normalizeForTopics(text) === text && !topic.exclusions?.length) {
              assert.ok(findProtectedTopic(text, topics), `"${text}" matches ${pattern.source} but was not reported`);
              reported++;
            }
          }
        }
      }
    }
    assert.ok(matched > 10_000 && reported > 2_000, `${matched} generated matches, ${reported} checked through the rule`);
  });
});

describe('the prefilter strings generated for the built-in lists', () => {
  test('belong to the lists as they are, so they are used; an edited list would work its own out', () => {
    for (const [locale, topics] of Object.entries(protectedTopicsByLocale)) {
      assert.equal(GENERATED_PREFILTERS[locale]?.fingerprint, topicsFingerprint(topics), `${locale}: run npm run generate`);
      assert.deepEqual(GENERATED_PREFILTERS[locale].strings, prefilterStrings(topics));
      const edited = topics.map((topic, i) => (i === 0 ? { ...topic, patterns: [...topic.patterns, /\bhow many birthdays\b/] } : topic));
      assert.notEqual(topicsFingerprint(edited), topicsFingerprint(topics));
    }
  });
});
