// What a snippet inserts when every placeholder keeps its default: the text a person sees right after
// accepting it. Shared by the browser checks and the extension-host suite.

/**
 * @param {string | string[]} body a `body` from a snippets JSON file
 * @param {{variables?: Record<string, string>, transformed?: boolean}} [options] `variables` gives values for
 *   variables such as TM_FILENAME_BASE. VS Code shows a transformed mirror (`${1/regex/format/}`) with the plain
 *   placeholder value until the cursor leaves that placeholder; `transformed: true` gives the text after that.
 * @returns {string}
 */
export function snippetDefaultText(body, { variables = {}, transformed = false } = {}) {
  const text = Array.isArray(body) ? body.join('\n') : body;
  return parse(text, 0, { variables, transformed }, '').value;
}

/** Trimmed, non-empty lines: indentation and tabs depend on the editor's settings, the words do not. */
export function significantLines(text) {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\u00a0/g, ' ').trim())
    .filter((line) => line.length > 0);
}

/** True when `expected`'s significant lines appear, in order and adjacent, among `actual`'s. */
export function containsLines(actual, expected) {
  const haystack = significantLines(actual);
  const needle = significantLines(expected);
  if (needle.length === 0) return false;
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((line, i) => haystack[start + i] === line)) return true;
  }
  return false;
}

// A small reader for the TextMate snippet grammar: $1, ${1}, ${1:default}, ${1|one,two|}, $VAR, ${VAR:default},
// ${1/regex/format/flags} (transforms apply to the placeholder's value) and \-escapes. Stops at `stop`.
function parse(text, index, options, stop, values = new Map()) {
  let value = '';
  while (index < text.length) {
    const char = text[index];
    if (stop && char === stop) return { value, index };
    if (char === '\\' && index + 1 < text.length && '$}\\,|'.includes(text[index + 1])) {
      value += text[index + 1];
      index += 2;
      continue;
    }
    if (char === '$') {
      const parsed = parseDollar(text, index, options, values);
      if (parsed) {
        value += parsed.value;
        index = parsed.index;
        continue;
      }
    }
    value += char;
    index++;
  }
  return { value, index };
}

function parseDollar(text, index, options, values) {
  const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(index));
  if (simple) {
    return { value: lookup(simple[1], undefined, options, values), index: index + simple[0].length };
  }
  if (text[index + 1] !== '{') return undefined;
  const head = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(index));
  if (!head) return undefined;
  const name = head[1];
  let at = index + head[0].length;
  const next = text[at];
  if (next === '}') return { value: lookup(name, undefined, options, values), index: at + 1 };
  if (next === ':') {
    const inner = parse(text, at + 1, options, '}', values);
    const value = lookup(name, inner.value, options, values);
    if (/^\d+$/.test(name) && !values.has(name)) values.set(name, inner.value);
    return { value, index: inner.index + 1 };
  }
  if (next === '|') {
    const end = text.indexOf('|}', at + 1);
    const first = text.slice(at + 1, end).split(',')[0];
    values.set(name, first);
    return { value: first, index: end + 2 };
  }
  if (next === '/') {
    // ${1/regex/format/flags}: the transform of another placeholder's value. The format may hold ${1:/downcase}.
    const parts = [];
    let part = '';
    let depth = 0;
    at++;
    while (at < text.length && parts.length < 2) {
      const char = text[at];
      if (char === '\\' && at + 1 < text.length) {
        part += text[at + 1] === '/' ? '/' : char + text[at + 1];
        at += 2;
        continue;
      }
      if (char === '$' && text[at + 1] === '{') depth++;
      else if (char === '}' && depth > 0) depth--;
      if (char === '/' && depth === 0) {
        parts.push(part);
        part = '';
      } else {
        part += char;
      }
      at++;
    }
    const close = text.indexOf('}', at);
    const flags = text.slice(at, close);
    const source = values.get(name) ?? options.variables[name] ?? '';
    const value = options.transformed ? transform(source, parts[0], parts[1], flags) : source;
    return { value, index: close + 1 };
  }
  return undefined;
}

function lookup(name, fallback, options, values) {
  if (/^\d+$/.test(name)) return values.get(name) ?? fallback ?? '';
  if (name in options.variables) return options.variables[name];
  // VS Code inserts an unknown variable's name as a placeholder.
  return fallback ?? name;
}

// Format strings: $1, ${1}, ${1:/upcase|downcase|capitalize}, ${1:+if}, ${1:-else}, ${1:?if:else}.
function transform(source, pattern, format, flags) {
  const regex = new RegExp(pattern, flags);
  return source.replace(regex, (...args) => {
    // args: the match, its captures (strings or undefined), then the offset (the first number), ...
    const groups = args.slice(0, args.findIndex((arg, i) => i > 0 && typeof arg === 'number'));
    return format.replace(
      /\$(\d+)|\$\{(\d+)(?::(\/(upcase|downcase|capitalize)|\+([^}]*)|-([^}]*)|\?([^:}]*):([^}]*)))?\}/g,
      (_, plain, group, modifier, op, ifText, elseText, ternaryIf, ternaryElse) => {
        const captured = groups[Number(plain ?? group)];
        if (plain !== undefined || modifier === undefined) return captured ?? '';
        if (op === 'upcase') return (captured ?? '').toUpperCase();
        if (op === 'downcase') return (captured ?? '').toLowerCase();
        if (op === 'capitalize') return captured ? captured[0].toUpperCase() + captured.slice(1) : '';
        if (ifText !== undefined) return captured ? ifText : '';
        if (elseText !== undefined) return captured || elseText;
        return captured ? ternaryIf : ternaryElse;
      },
    );
  });
}
