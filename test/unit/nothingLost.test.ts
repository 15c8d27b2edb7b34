/**
 * Nothing lost: every quick fix, fix-all and rename is a minimal edit. Seeded, generated files full of comments,
 * odd quoting, blank lines, flow and block styles and sometimes CRLF get fixable problems planted in them; each fix
 * is taken the way the editor gets it (code actions over LSP ranges) and applied the way the editor applies it, and
 * then every byte outside the edit must be unchanged, the result must still be YAML and the fixed problem gone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits, isSafePlain, safeFixEdits } from '../../server/src/core/edits';
import { fileKindOf } from '../../server/src/core/fileKind';
import type { Fix, Problem } from '../../server/src/core/problem';
import { WorkspaceChecker } from '../../server/src/core/workspace/workspaceChecker';
import { fixAll, quickFixes } from '../../server/src/features/codeActions';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { renameId } from '../../server/src/features/rename';
import { parseDocument } from '../../server/src/core/parseCache';
import { Rng } from '../fuzz/mutate';
import { REPO_ROOT } from '../helpers/lspClient';

const DOCS = 'file:///docs/rules';
const SEED = 4242;
const FILES = 60;

// ---------------------------------------------------------------------------------------------------------------
// A generator of valid bank files in every style a person writes them in.

interface Question {
  id: string;
  text: string;
  areas?: string[];
  followUps?: string[];
  minutes?: number;
  /** Planted: a misspelled list key, an empty list, a suppression comment with an unknown rule id. */
  areasKey?: string;
  followUpsKey?: string;
  emptyFollowUps?: boolean;
  badSuppression?: boolean;
}

const WORDS = ['server', 'outage', 'user', 'ticket', 'laptop', 'printer', 'network', 'backup', 'release', 'vendor', 'queue', 'migration'];
const BEHAVIORAL = ['Tell me about a time you', 'Describe a situation where you', 'Walk me through the last time you', 'Give an example of when you'];
const ACTIONS = ['fixed a broken', 'explained a failed', 'calmed a user about a lost', 'planned around a late', 'documented a tricky', 'rolled back a bad'];
const AREAS = ['What they checked first', 'Who they told', 'How they knew it worked', 'What they changed afterwards', "The user's reaction", 'Trade-offs they weighed'];
const FOLLOW_UPS = ['What would you do differently?', 'Who else was involved?', 'How did you know?', 'What did it cost?', 'What did you learn: anything surprising?'];
const PROTECTED = [
  'How old are you?',
  'What year did you graduate?',
  'Are you a US citizen?',
  'What was your salary at your last job?',
  'Have you ever been arrested?',
  'What is your native language?',
  'Do you have any disabilities?',
];
const COMMENTS = ['# reviewed by the panel', '#note: keep this', '# TODO: tighten wording  ', '#', '# "quoted" and \'odd\' # hashes', '# -- dashes -- and: colons'];

function sentence(rng: Rng): string {
  return `${rng.pick(BEHAVIORAL)} ${rng.pick(ACTIONS)} ${rng.pick(WORDS)} ${rng.pick(WORDS)}.`;
}

/** A scalar in one of the styles YAML allows here; `inFlow` rules out block scalars and unsafe plain text. */
function scalar(rng: Rng, value: string, indent: string, inFlow = false): string {
  const styles = ['plain', 'single', 'double', ...(inFlow ? [] : ['literal', 'folded', 'folded-strip', 'literal-strip', 'literal-keep'])];
  const style = rng.pick(styles);
  const plainOk = isSafePlain(value) && !(inFlow && /[,[\]{}]/.test(value));
  if (style === 'plain' && plainOk) return value;
  if (style === 'single' || (style === 'plain' && rng.chance(0.5))) return `'${value.replace(/'/g, "''")}'`;
  if (style === 'double' || style === 'plain') return JSON.stringify(value);
  const header = { literal: '|', folded: '>', 'folded-strip': '>-', 'literal-strip': '|-', 'literal-keep': '|+' }[style]!;
  const comment = rng.chance(0.2) ? ` ${rng.pick(COMMENTS)}` : '';
  return `${header}${comment}\n${indent}  ${value}`;
}

function trailing(rng: Rng): string {
  return rng.chance(0.15) ? `   ${rng.pick(COMMENTS)}` : '';
}

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly rng: Rng) {}
  /** A line, perhaps after a comment or a blank line. */
  line(text: string, indent = ''): void {
    if (this.rng.chance(0.12)) this.lines.push('');
    if (this.rng.chance(0.12)) this.lines.push(`${indent}${this.rng.pick(COMMENTS)}`);
    this.lines.push(text);
  }
  raw(text: string): void {
    this.lines.push(text);
  }
}

/** A list: flow (`[a, 'b']`) or block (`- a`), each item in its own style. */
function list(rng: Rng, w: Writer, key: string, items: readonly string[], indent: string): void {
  if (!items.length) {
    w.line(`${indent}${key}: []${trailing(rng)}`, indent);
  } else if (rng.chance(0.4)) {
    w.line(`${indent}${key}: [${items.map((item) => scalar(rng, item, indent, true)).join(rng.pick([', ', ',', ' , ']))}]${trailing(rng)}`, indent);
  } else {
    w.line(`${indent}${key}:${trailing(rng)}`, indent);
    const itemIndent = rng.chance(0.3) ? indent : `${indent}  `;
    for (const item of items) w.line(`${itemIndent}- ${scalar(rng, item, `${itemIndent}  `)}${trailing(rng)}`, itemIndent);
  }
}

function questionLines(rng: Rng, w: Writer, question: Question, indent: string): void {
  const inner = `${indent}  `;
  const fields: (() => void)[] = [];
  const text = () => {
    if (question.badSuppression) w.raw(`${inner}# competency-lint-disable-next-line ${rng.pick(['missing-folow-ups', 'not-behavioural', 'protected-topics'])}`);
    w.raw(`${inner}text: ${scalar(rng, question.text, inner)}${trailing(rng)}`);
  };
  fields.push(text);
  if (question.areas) fields.push(() => list(rng, w, question.areasKey ?? 'areas_to_cover', question.areas!, inner));
  if (question.followUps || question.emptyFollowUps) fields.push(() => list(rng, w, question.followUpsKey ?? 'follow_ups', question.emptyFollowUps ? [] : question.followUps!, inner));
  if (question.minutes !== undefined) fields.push(() => w.line(`${inner}minutes: ${question.minutes}${trailing(rng)}`, inner));
  if (rng.chance(0.3)) fields.reverse();
  w.line(`${indent}- id: ${scalar(rng, question.id, inner, true)}${trailing(rng)}`, indent);
  for (const field of fields) field();
}

interface Generated {
  text: string;
  id: string;
  questions: Question[];
}

/** A competency file with planted, fixable problems. */
function competencyFile(rng: Rng, id: string): Generated {
  const w = new Writer(rng);
  if (rng.chance(0.5)) w.raw(`# ${id}: a generated competency with "quotes", 'apostrophes' and: colons`);
  w.line(`competency: ${scalar(rng, `${id.replace(/-/g, ' ')} skills`, '', true)}${trailing(rng)}`);
  w.line(`id: ${scalar(rng, id, '', true)}${trailing(rng)}`);
  if (rng.chance(0.5)) w.line(`roles: [${scalar(rng, 'IT Support Specialist', '', true)}, ${scalar(rng, 'Service Desk: Level 2', '', true)}]`);
  w.line(`${rng.chance(0.15) ? 'sumary' : 'summary'}: ${scalar(rng, `Handling ${rng.pick(WORDS)} problems well, with care: and # odd characters.`, '')}${trailing(rng)}`);
  if (rng.chance(0.3)) w.line(`${rng.chance(0.3) ? 'evalution' : 'evaluation'}: ${scalar(rng, 'Listen for specific, past examples.', '')}`);
  const questions: Question[] = [];
  const count = rng.between(1, 4);
  for (let i = 0; i < count; i++) {
    const question: Question = { id: `${rng.pick(WORDS)}-${i + 1}`, text: rng.chance(0.3) ? rng.pick(PROTECTED) : sentence(rng) };
    if (!rng.chance(0.2)) question.areas = Array.from({ length: rng.between(1, 3) }, () => rng.pick(AREAS));
    if (!rng.chance(0.2)) question.followUps = Array.from({ length: rng.between(1, 3) }, () => (rng.chance(0.15) ? rng.pick(PROTECTED) : rng.pick(FOLLOW_UPS)));
    else question.emptyFollowUps = rng.chance(0.3);
    if (question.areas && rng.chance(0.15)) question.areasKey = rng.pick(['areasToCover', 'area_to_cover', 'areas-to-cover']);
    if (question.followUps && rng.chance(0.15)) question.followUpsKey = rng.pick(['follow_up', 'followups', 'follow-ups']);
    if (rng.chance(0.15)) question.badSuppression = true;
    if (rng.chance(0.3)) question.minutes = rng.between(3, 15);
    questions.push(question);
  }
  w.line(`questions:${trailing(rng)}`);
  const indent = rng.chance(0.3) ? '' : '  ';
  for (const question of questions) questionLines(rng, w, question, indent);
  if (rng.chance(0.3)) w.raw('# the end');
  return { text: finish(rng, w), id, questions };
}

/** A guide naming the competency's questions, some with a typo (unknown-reference with a did-you-mean). */
function guideFile(rng: Rng, competency: Generated): string {
  const w = new Writer(rng);
  w.line(`guide: ${scalar(rng, `Onsite for ${competency.id}`, '', true)}`);
  w.line(`id: ${scalar(rng, `${competency.id}-onsite`, '', true)}`);
  w.line(`${rng.chance(0.15) ? 'duration_minuts' : 'duration_minutes'}: 60${trailing(rng)}`);
  w.line('sections:');
  const typo = (id: string) => (rng.chance(0.25) ? `${id.slice(0, -1)}x${id.slice(-1)}` : id);
  const chosen = competency.questions.filter(() => rng.chance(0.7)).map((q) => scalar(rng, typo(q.id), '    ', true));
  w.line(`  - competency: ${scalar(rng, typo(competency.id), '    ', true)}${trailing(rng)}`, '  ');
  if (chosen.length) w.line(`    questions: [${chosen.join(', ')}]${trailing(rng)}`, '    ');
  return finish(rng, w);
}

function finish(rng: Rng, w: Writer): string {
  // Now and then no newline at the end, or blank lines with spaces in them.
  const text = `${w.lines.map((line) => (line === '' && rng.chance(0.3) ? '   ' : line)).join('\n')}${rng.chance(0.85) ? '\n' : ''}`;
  return rng.chance(0.3) ? text.replace(/\n/g, '\r\n') : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks.

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((document) => document.errors.map((error) => error.message));
}

function key(problem: Problem): string {
  return `${problem.ruleId}: ${problem.message}`;
}

function count(problems: readonly Problem[], wanted: string): number {
  return problems.filter((problem) => key(problem) === wanted).length;
}

/** A workspace of files as the editor sees them after save. */
function workspace(files: Record<string, string>): WorkspaceChecker {
  const checker = new WorkspaceChecker();
  for (const [uri, text] of Object.entries(files)) checker.update(uri, text, { lint: true, config: defaultConfig });
  return checker;
}

/** Applies LSP edits the way the editor does. */
function applyLsp(document: TextDocument, edits: readonly LspTextEdit[]): string {
  return TextDocument.applyEdits(document, [...edits]);
}

/**
 * The text before the edits, rebuilt from the text after them by putting each edit's old bytes back: it equals the
 * original exactly when nothing outside the edits' ranges changed.
 */
function undo(before: string, after: string, document: TextDocument, edits: readonly LspTextEdit[]): string {
  const sorted = edits
    .map((edit) => ({ start: document.offsetAt(edit.range.start), end: document.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start);
  let restored = '';
  let from = 0;
  let shift = 0;
  for (const edit of sorted) {
    const at = edit.start + shift;
    assert.equal(after.slice(at, at + edit.newText.length), edit.newText, 'the edit is where it says');
    restored += after.slice(from, at) + before.slice(edit.start, edit.end);
    from = at + edit.newText.length;
    shift += edit.newText.length - (edit.end - edit.start);
  }
  return restored + after.slice(from);
}

/** The properties every fix must have: its edits, applied over LSP, change only their own ranges, and only as much as the fix says. */
function checkFixEdits(text: string, fix: Fix, where: string): void {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  for (const edit of fix.edits) {
    const old = text.slice(edit.range.start, edit.range.end);
    const rename = /^Rename `(.+)` to `(.+)`$/.exec(fix.title);
    const change = /^Change to `(.+)`$/.exec(fix.title);
    const replace = /^Replace with "(.+)"$/.exec(fix.title);
    if (rename) {
      assert.equal(old, rename[1], `${where}: a key rename replaces the key and nothing else`);
      assert.equal(edit.newText, rename[2], where);
    } else if (change) {
      assert.equal(edit.newText, change[1], where);
      assert.match(old, /^['"]?[\w-]+['"]?$/, `${where}: a reference fix replaces one id: ${JSON.stringify(old)}`);
    } else if (replace) {
      // The scalar only, in its own style: the same quotes, or the same block header.
      const value = parseAllDocuments(`x: ${edit.newText}`)[0].toJS() as { x: string };
      assert.equal(String(value.x).trim(), replace[1], `${where}: the replacement reads back as the alternative`);
      const style = (scalarText: string) => (/^['"|>]/.test(scalarText) ? scalarText[0] : 'plain');
      // Plain text that would not read back the same unquoted (a comma inside [..], a `: `) gets double quotes.
      const kept = style(edit.newText) === style(old) || (style(old) === 'plain' && style(edit.newText) === '"');
      assert.ok(kept, `${where}: the style is kept: ${JSON.stringify(old)} became ${JSON.stringify(edit.newText)}`);
      if (old[0] === '|' || old[0] === '>') assert.equal(edit.newText.split(/\r?\n/)[0], old.split(/\r?\n/)[0], `${where}: the block header and its comment are kept`);
      else assert.ok(!/[\r\n]/.test(old), `${where}: a one-line scalar: ${JSON.stringify(old)}`);
    } else if (/^Add `(follow_ups|areas_to_cover)` with a placeholder$/.test(fix.title)) {
      if (old === '[]') {
        assert.match(edit.newText, /^\[".+"\]$/, where);
      } else {
        assert.equal(old, '', `${where}: adding a list only inserts`);
        const atLineStart = edit.range.start === 0 || text[edit.range.start - 1] === '\n' || text[edit.range.start - 1] === '\r';
        assert.ok(atLineStart || edit.range.start === text.length, `${where}: inserted at a line start or at the end`);
        assert.ok(!edit.newText.replace(/\r\n/g, '').includes(newline === '\r\n' ? '\n' : '\r'), `${where}: the file's own line endings`);
      }
    } else {
      assert.fail(`${where}: a fix nobody checks yet: ${fix.title}`);
    }
  }
}

/** After a fix: still YAML, no new syntax or schema problem, and the problem it fixed is gone. */
function checkFixed(uri: string, files: Record<string, string>, after: string, fixed: readonly Problem[], where: string, before = workspace(files).problems(uri)): void {
  assert.deepEqual(yamlErrors(after), [], `${where}: the result is YAML:\n${after}`);
  const now = workspace({ ...files, [uri]: after }).problems(uri);
  // A schema message may change (a did-you-mean is dropped once the right key exists), but none is added.
  const of = (problems: readonly Problem[], ruleId: string) => problems.filter((p) => p.ruleId === ruleId);
  assert.deepEqual(of(now, 'yaml-syntax').map(key), [], `${where}: no syntax problem:\n${after}`);
  assert.ok(of(now, 'schema').length <= of(before, 'schema').length, `${where}: no new schema problem: ${of(now, 'schema').map(key).join('; ')}\n${after}`);
  for (const problem of fixed) assert.ok(count(now, key(problem)) < count(before, key(problem)), `${where}: "${key(problem)}" is gone:\n${after}`);
}

interface Case {
  competencyUri: string;
  guideUri: string;
  files: Record<string, string>;
  competency: Generated;
}

function generate(index: number): Case {
  const rng = new Rng(SEED * 1000 + index);
  const competency = competencyFile(rng, `${rng.pick(['service', 'calm', 'ops', 'desk'])}-${rng.pick(WORDS)}-${index}`);
  const competencyUri = `file:///bank/c${index}.competency.yaml`;
  const guideUri = `file:///bank/g${index}.guide.yaml`;
  return { competencyUri, guideUri, files: { [competencyUri]: competency.text, [guideUri]: guideFile(rng, competency) }, competency };
}

const CASES = Array.from({ length: FILES }, (_, i) => generate(i));

describe('nothing lost: generated files full of comments, odd quoting, blank lines, CRLF', () => {
  test('the generated files are valid YAML and have fixable problems of every kind', () => {
    const titles = new Set<string>();
    for (const c of CASES) {
      for (const [uri, text] of Object.entries(c.files)) {
        assert.deepEqual(yamlErrors(text), [], `${uri}:\n${text}`);
        for (const problem of workspace(c.files).problems(uri)) for (const fix of problem.fixes ?? []) titles.add(fix.title.replace(/`[^`]*`|"[^"]*"/g, '…'));
      }
    }
    assert.deepEqual([...titles].sort(), ['Add … with a placeholder', 'Change to …', 'Rename … to …', 'Replace with …'].sort());
    assert.ok(CASES.some((c) => Object.values(c.files).some((text) => text.includes('\r\n'))), 'some files use CRLF');
  });

  test('every quick fix, as a code action applied over LSP ranges, changes only its own bytes and fixes its problem', () => {
    let checked = 0;
    for (const c of CASES) {
      const checker = workspace(c.files);
      for (const [uri, text] of Object.entries(c.files)) {
        const document = TextDocument.create(uri, fileKindOf(uri) === 'guide' ? 'interview-guide-yaml' : 'competency-yaml', 1, text);
        const problems = checker.problems(uri);
        const diagnostics: Diagnostic[] = toDiagnostics(uri, document, problems, DOCS);
        const actions = quickFixes(document, problems, diagnostics);
        for (const problem of problems) {
          for (const fix of problem.fixes ?? []) {
            const where = `${uri} "${fix.title}" for ${key(problem)}`;
            checkFixEdits(text, fix, where);
            const line = document.positionAt(problem.range.start).line;
            const action = actions.find((a) => a.title === fix.title && a.diagnostics?.[0].message === problem.message && a.diagnostics[0].range.start.line === line && a.edit);
            assert.ok(action, `${where}: offered as a code action`);
            const after = applyLsp(document, action.edit!.changes![uri]);
            assert.equal(after, applyEdits(text, fix.edits), `${where}: the LSP edit is the fix`);
            assert.equal(undo(text, after, document, action.edit!.changes![uri]), text, `${where}: every byte outside the edit is unchanged`);
            checkFixed(uri, c.files, after, [problem], where, problems);
            checked++;
          }
        }
      }
    }
    assert.ok(checked >= 100, `${checked} fixes checked`);
  });

  test('fix-all applies every safe fix at once, each a key rename, and touches nothing else', () => {
    let withFixes = 0;
    for (const c of CASES) {
      const checker = workspace(c.files);
      for (const [uri, text] of Object.entries(c.files)) {
        const document = TextDocument.create(uri, 'competency-yaml', 1, text);
        const problems = checker.problems(uri);
        const action = fixAll(document, problems);
        const safe = problems.filter((problem) => problem.fixes?.some((fix) => fix.safe));
        if (!safe.length) {
          assert.equal(action, undefined, `${uri}: nothing to fix, no action`);
          continue;
        }
        withFixes++;
        const edits = action!.edit!.changes![uri];
        const after = applyLsp(document, edits);
        assert.equal(after, applyEdits(text, safeFixEdits(problems)), uri);
        for (const problem of safe) for (const fix of problem.fixes!.filter((f) => f.safe)) checkFixEdits(text, fix, `${uri} fix-all "${fix.title}"`);
        assert.equal(undo(text, after, document, edits), text, `${uri}: every byte outside the renamed keys is unchanged`);
        checkFixed(uri, c.files, after, safe, `${uri} fix-all`, problems);
      }
    }
    assert.ok(withFixes >= 10, `${withFixes} files with safe fixes`);
  });

  test('renaming a competency or question id changes every reference and nothing else, quotes kept', () => {
    let renamed = 0;
    for (const [index, c] of CASES.entries()) {
      const rng = new Rng(SEED + index);
      const summaries = Object.entries(c.files).map(([uri, text]) => parseDocument(uri, 1, fileKindOf(uri)!, text).summary());
      const competency = summaries.find((s) => s.kind === 'competency')!;
      const targets = [competency.idRange, ...competency.questions.map((q) => q.idRange)].filter((r): r is NonNullable<typeof r> => !!r);
      const target = rng.pick(targets);
      const oldId = c.files[c.competencyUri].slice(target.start, target.end).replace(/^['"]|['"]$/g, '');
      const newName = `renamed-${index}`;
      const offset = target.start + rng.int(target.end - target.start + 1);
      const result = renameId(competency, offset, newName, summaries, (uri) => c.files[uri]);
      assert.ok('edit' in result, `${c.competencyUri}: ${JSON.stringify(result)}`);
      const after: Record<string, string> = { ...c.files };
      for (const [uri, edits] of Object.entries(result.edit.changes ?? {})) {
        const document = TextDocument.create(uri, 'competency-yaml', 1, c.files[uri]);
        for (const edit of edits) {
          assert.equal(c.files[uri].slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), oldId, `${uri}: only the id itself, inside its quotes, is replaced`);
          assert.equal(edit.newText, newName);
        }
        after[uri] = applyLsp(document, edits);
        assert.deepEqual(yamlErrors(after[uri]), [], `${uri} after the rename:\n${after[uri]}`);
        assert.equal(undo(c.files[uri], after[uri], document, edits), c.files[uri], `${uri}: every byte outside the ids is unchanged`);
      }
      // Every place that named the id now names the new one: the old id is gone from declarations and references.
      const declared = (files: Record<string, string>) => Object.entries(files).map(([uri, text]) => parseDocument(uri, 2, fileKindOf(uri)!, text).summary());
      const namesOf = (files: Record<string, string>, id: string) =>
        declared(files).flatMap((s) => [s.id, ...s.questions.map((q) => q.id), ...s.sections.flatMap((sec) => [sec.competency, ...(sec.questions ?? []).map((q) => q.text)])]).filter((name) => name === id).length;
      assert.equal(namesOf(after, oldId) + namesOf(after, newName), namesOf(c.files, oldId) + namesOf(c.files, newName), `${oldId}: as many names as before`);
      const owner = targets.indexOf(target) === 0 ? 'competency' : 'question';
      if (owner === 'competency') assert.equal(namesOf(after, oldId), 0, `${oldId}: no reference left behind`);
      renamed += Object.values(result.edit.changes ?? {}).flat().length;
    }
    assert.ok(renamed >= FILES, `${renamed} ids renamed`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The command line.

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'latin1')]));
}

describe('nothing lost on the command line', () => {
  test('lint --fix changes only the bytes of the safe fixes, in files with comments, odd quoting and CRLF', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-nothing-lost-'));
    try {
      const chosen = CASES.slice(0, 20);
      const files: Record<string, string> = {};
      for (const c of chosen) {
        for (const [uri, text] of Object.entries(c.files)) {
          const name = uri.replace(/^.*\//, '');
          files[name] = text;
          writeFileSync(path.join(dir, name), text);
        }
      }
      // What the editor's fix-all would do to each file, from the same engine.
      const checker = new WorkspaceChecker();
      const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
      for (const [name, text] of Object.entries(files)) checker.update(uriOf(name), text, { lint: true, config: defaultConfig });
      const result = run(['lint', '--fix', '--format', 'json'], dir);
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      let changed = 0;
      for (const [name, text] of Object.entries(files)) {
        const now = readFileSync(path.join(dir, name), 'utf8');
        const edits = safeFixEdits(checker.problems(uriOf(name)));
        if (!edits.length) {
          assert.equal(now, text, `${name} had nothing to fix and is untouched`);
          continue;
        }
        changed++;
        // One round of safe fixes (key renames) leaves nothing for a second round in these files.
        assert.equal(now, applyEdits(text, edits), `${name}: only the safe fixes' bytes changed`);
        assert.deepEqual(yamlErrors(now), [], name);
      }
      assert.ok(changed > 0, 'some files were fixed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('export writes to stdout only, unless --output names the one file to write', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-nothing-lost-'));
    try {
      for (const name of readdirSync(path.join(REPO_ROOT, 'examples'))) if (/\.ya?ml$/.test(name)) cpSync(path.join(REPO_ROOT, 'examples', name), path.join(dir, name));
      // Files an export could be tempted to write over.
      writeFileSync(path.join(dir, 'it-support-onsite.guide.html'), 'mine');
      writeFileSync(path.join(dir, 'it-support-onsite.guide.md'), 'mine too');
      writeFileSync(path.join(dir, 'it-support-onsite.html'), 'and mine');
      const before = snapshot(dir);
      for (const args of [['export', 'it-support-onsite.guide.yaml'], ['export', 'it-support-onsite.guide.yaml', '--format', 'md'], ['export', 'service-orientation.competency.yaml', '--format', 'html']]) {
        const result = run(args, dir);
        assert.equal(result.code, 0, result.stderr);
        assert.ok(result.stdout.length > 100, 'the export is on stdout');
        assert.deepEqual(snapshot(dir), before, `${args.join(' ')}: no file written or changed`);
      }
      const result = run(['export', 'it-support-onsite.guide.yaml', '--output', 'plan.html'], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
      const after = snapshot(dir);
      assert.deepEqual(Object.keys(after).filter((name) => !(name in before)), ['plan.html'], 'exactly the named file is new');
      for (const [name, content] of Object.entries(before)) assert.equal(after[name], content, `${name} is untouched`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
