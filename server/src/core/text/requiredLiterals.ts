/**
 * Strings one of which every match of a regular expression contains: a cheap test that rules texts out before the
 * expression itself runs (a text holding none of them cannot match). Worked out from the pattern source for the
 * plain subset protected-topic patterns are written in: literals, escapes, classes, groups, lookarounds,
 * alternation and quantifiers. Anything else gives no strings, which only means that pattern is not prefiltered.
 *
 * `searched` narrows each string to the part that will be looked for (any part of a required string is required
 * too); `common` says a searched string is in most texts, so others are preferred to it.
 */
export function requiredLiterals(source: string, options: Partial<Choice> = {}): string[] | undefined {
  const choice: Choice = { searched: options.searched ?? ((literal) => literal), common: options.common ?? (() => false) };
  try {
    const parser = new PatternReader(source, choice);
    const info = parser.alternation();
    if (!parser.done()) return undefined;
    const best = bestOf(info, choice);
    return best && Math.min(...best.map((s) => s.length)) > 0 ? best : undefined;
  } catch {
    return undefined;
  }
}

interface Choice {
  searched(literal: string): string;
  common(searched: string): boolean;
}

interface Info {
  /** Every string the part can match, when there are few. */
  exact?: string[];
  /** Strings one of which every match of the part contains. */
  required?: string[];
}

// Products of alternatives grow fast: past this many strings a part is described by what it requires instead.
const MAX_EXACT = 64;
const ANYTHING: Info = {};
const EMPTY: Info = { exact: [''] };

class PatternReader {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly choice: Choice,
  ) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  alternation(): Info {
    const branches = [this.concatenation()];
    while (this.source[this.at] === '|') {
      this.at++;
      branches.push(this.concatenation());
    }
    if (branches.length === 1) return branches[0];
    const exact =
      branches.every((b) => b.exact) && branches.reduce((n, b) => n + b.exact!.length, 0) <= MAX_EXACT ? unique(branches.flatMap((b) => b.exact!)) : undefined;
    const required = branches.map((branch) => bestOf(branch, this.choice));
    return {
      exact,
      required: required.every((r) => r && !r.includes('')) ? unique(required.flatMap((r) => r!)) : undefined,
    };
  }

  private concatenation(): Info {
    const candidates: string[][] = [];
    // What the parts read so far spell, as long as they are few strings: `product`, each followed by `literal`, the
    // current run of plain characters (kept apart so a long phrase is not copied into every string a character at a
    // time).
    let product: string[] | undefined = [''];
    let literal = '';
    let whole = true;
    const spelled = () => product && (literal ? product.map((before) => before + literal) : product);
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const part = this.repeat();
      if (part.required) candidates.push(part.required);
      if (part.exact?.length === 1) {
        literal += part.exact[0];
        continue;
      }
      if (literal) candidates.push([literal]);
      const before = spelled();
      literal = '';
      if (part.exact && before && before.length * part.exact.length <= MAX_EXACT) {
        product = unique(before.flatMap((start) => part.exact!.map((after) => start + after)));
        continue;
      }
      // The run of known strings ends here: what it spelled is one more thing a match must contain.
      if (before) candidates.push(before);
      product = part.exact && part.exact.length <= MAX_EXACT ? part.exact : undefined;
      whole = false;
    }
    if (literal) candidates.push([literal]);
    const last = spelled();
    if (last) candidates.push(last);
    return { exact: whole ? last : undefined, required: strongest(candidates, this.choice) };
  }

  private repeat(): Info {
    const atom = this.atom();
    const rest = this.source.slice(this.at);
    const quantifier = /^(?:[?*+]|\{(\d+)(?:,\d*)?\})\??/.exec(rest);
    if (!quantifier) return atom;
    this.at += quantifier[0].length;
    if (quantifier[0][0] === '?') return { exact: atom.exact && unique([...atom.exact, '']) };
    const min = quantifier[0][0] === '+' ? 1 : quantifier[0][0] === '*' ? 0 : Number(quantifier[1]);
    // At least once: whatever one occurrence must contain.
    return min > 0 ? { required: bestOf(atom, this.choice) } : ANYTHING;
  }

  private atom(): Info {
    const ch = this.source[this.at++];
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '^':
      case '$':
        return EMPTY;
      case '.':
        return ANYTHING;
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case ']':
      case '}':
      case '|':
        throw new Error(`unexpected ${ch}`);
      default:
        return { exact: [ch] };
    }
  }

  private group(): Info {
    const lookaround = /^\?<?[=!]/.exec(this.source.slice(this.at, this.at + 3));
    if (lookaround) this.at += lookaround[0].length;
    else if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (this.source[this.at] === '?') throw new Error('named or other group');
    const inner = this.alternation();
    if (this.source[this.at++] !== ')') throw new Error('unclosed group');
    // A lookaround only narrows where the pattern matches; it adds nothing the match contains.
    return lookaround ? EMPTY : inner;
  }

  private characterClass(): Info {
    const chars: string[] = [];
    let negated = false;
    if (this.source[this.at] === '^') {
      negated = true;
      this.at++;
    }
    for (let first = true; first || this.source[this.at] !== ']'; first = false) {
      if (this.at >= this.source.length) throw new Error('unclosed class');
      let ch = this.source[this.at++];
      if (ch === '\\') {
        const escaped = this.source[this.at++];
        if (/[a-zA-Z0-9]/.test(escaped)) return this.skipClass();
        ch = escaped;
      }
      if (this.source[this.at] === '-' && this.source[this.at + 1] !== ']') {
        const end = this.source[this.at + 1] === '\\' ? this.source[this.at + 2] : this.source[this.at + 1];
        this.at += this.source[this.at + 1] === '\\' ? 3 : 2;
        if (end.charCodeAt(0) - ch.charCodeAt(0) > 8) return this.skipClass();
        for (let code = ch.charCodeAt(0); code <= end.charCodeAt(0); code++) chars.push(String.fromCharCode(code));
      } else chars.push(ch);
    }
    this.at++;
    return negated ? ANYTHING : { exact: unique(chars) };
  }

  /** A class too wide to spell out: read past it. */
  private skipClass(): Info {
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      if (this.source[this.at] === '\\') this.at++;
      this.at++;
    }
    if (this.at >= this.source.length) throw new Error('unclosed class');
    this.at++;
    return ANYTHING;
  }

  private escape(): Info {
    const ch = this.source[this.at++];
    if (ch === undefined) throw new Error('trailing backslash');
    if (ch === 'b' || ch === 'B') return EMPTY;
    // Classes (\w, \d, \s ...), back references, code points: nothing known.
    if (/[a-zA-Z0-9]/.test(ch)) return ANYTHING;
    return { exact: [ch] };
  }
}

// Past this length, a longer string is not much rarer: fewer strings are then worth more.
const RARE_LENGTH = 6;

/**
 * The most useful of the things a part must contain, as they will be searched: sets with no string common first,
 * then those whose shortest string is longest (up to RARE_LENGTH), then the fewest strings. A set holding the empty
 * string says nothing.
 */
function strongest(sets: string[][], choice: Choice): string[] | undefined {
  let best: string[] | undefined;
  let bestKey: number[] = [];
  for (const literals of sets) {
    const set = unique(literals.map(choice.searched));
    const shortest = Math.min(...set.map((s) => s.length));
    if (shortest === 0) continue;
    const key = [set.some(choice.common) ? 0 : 1, Math.min(shortest, RARE_LENGTH), -set.length];
    if (!best || compareKeys(key, bestKey) > 0) {
      best = set;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function bestOf(info: Info, choice: Choice): string[] | undefined {
  const sets = [info.exact, info.required].filter((set): set is string[] => set !== undefined);
  return strongest(sets, choice);
}

function unique(strings: string[]): string[] {
  return [...new Set(strings)];
}
