// Generates the benchmark's banks: competency files of any number of questions, written like the examples (about
// 1.2 KB a question, near the size the peer's figures were measured on), clean or with planted errors, and a workspace
// of competency files. Each bank says where its planted errors are, what our rules and the peer's schema check
// should report there, and where the benchmark types, breaks a key and asks for completion.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as words from './vocabulary';
// The same generator as the fuzzer and the tests, so every run benchmarks the same text.
import { mulberry32 } from '../../test/helpers/random';

/** A problem planted on purpose: the zero-based line it is reported on and who reports it. */
export interface Planted {
  what: string;
  line: number;
  /** Our rule ids expected on that line (lint rules only appear when lint runs). */
  ours: string[];
  /** Lint-only problems are found on open and save, and as you type only with `lint.run: onType`. */
  lintOnly: boolean;
  /** Whether the peer, which checks syntax and the JSON schema, reports the line. */
  peer: boolean;
}

export interface Bank {
  text: string;
  questions: number;
  planted: Planted[];
  /** Where typing happens: the start of the second line of the middle question's text. */
  typing: { line: number; character: number };
  /** The middle question's `areas_to_cover:` key, which the key edits break and fix. */
  areasKey: { line: number; character: number };
  /** An empty, indented line after the last key of a question about three quarters down: a key is expected. */
  completion: { line: number; character: number };
}


function pick<T>(list: readonly T[], next: () => number): T {
  return list[Math.floor(next() * list.length)];
}

/** Like people's writing, a few forms are used most of the time: the first option about half the time, then less. */
function pickUsual<T>(list: readonly T[], next: () => number): T {
  const r = next();
  const index = r < 0.45 ? 0 : r < 0.65 ? 1 : 2 + Math.floor(((r - 0.65) / 0.35) * (list.length - 2));
  return list[Math.min(index, list.length - 1)];
}

function pickSome<T>(list: readonly T[], count: number, next: () => number): T[] {
  const pool = [...list];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
  return chosen;
}

const Q = words.QUESTION_SLOT_OPTIONS;
const CODEWORDS = Q * Q * Q;
// Coprime with CODEWORDS, so consecutive questions land far apart in the code.
const STRIDE = 7919;

/**
 * The big slots of question number `n` (unique across one workspace, below Q³): three free digits and a check
 * digit. Two different numbers then differ in at least two big slots, so no two texts are near duplicates.
 */
function slotsOf(n: number): [number, number, number, number] {
  if (n >= CODEWORDS) throw new Error(`Only ${CODEWORDS} distinct questions can be generated per workspace.`);
  const code = (n * STRIDE) % CODEWORDS;
  const a = code % Q;
  const b = Math.floor(code / Q) % Q;
  const c = Math.floor(code / (Q * Q));
  return [a, b, c, (a + b + c) % Q];
}

/** A behavioral question; `opener` replaces the usual "Tell me about a time you" and its kin. */
function questionText(n: number, next: () => number, opener?: string): string {
  const [system, symptom, group, situation] = slotsOf(n);
  const start = pickUsual(words.OPENERS, next);
  return (
    `${opener ?? start} ${pick(words.VERBS, next)} the ${pick(words.ADJECTIVES, next)} ${words.SYSTEMS[system]} ${words.SYMPTOMS[symptom]} ` +
    `for the ${words.GROUPS[group]} ${pick(words.PLACES, next)} ${pick(words.TIMINGS, next)} ${words.SITUATIONS[situation]}, ` +
    `${pick(words.OUTCOMES, next)}. ${pickUsual(words.ASK_STARTS, next)} ${pick(words.ASK_TOPICS, next)}?`
  );
}

/** Folds text into `>-` lines of at most `width` characters at the given indent. */
function fold(text: string, indent: string, width = 88): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(indent + current);
  return lines;
}

function slug(text: string, count: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2 && !['the', 'and', 'for', 'that', 'with'].includes(w))
    .slice(0, count)
    .join('-');
}

type PlantKind = 'unknown-key' | 'wrong-type' | 'bad-id' | 'missing-follow-ups' | 'not-behavioral' | 'protected-topic' | 'duplicate-id';

export interface BankOptions {
  questions: number;
  /** Questions are numbered from here in the duplicate-free code, so banks that meet in one server do not clash. */
  firstNumber?: number;
  seed?: number;
  competency?: string;
  id?: string;
  plant?: boolean;
  /** The kinds to plant, in order down the file; by default all seven. None lands on the edited or completed question. */
  plantKinds?: PlantKind[];
}

const ALL_PLANTS: PlantKind[] = ['unknown-key', 'wrong-type', 'bad-id', 'missing-follow-ups', 'not-behavioral', 'protected-topic', 'duplicate-id'];

/** One competency file. With `plant`, a few questions carry errors of the kinds both servers or only ours find. */
export function generateBank(options: BankOptions): Bank {
  const count = options.questions;
  const next = mulberry32(options.seed ?? count);
  const first = options.firstNumber ?? 0;
  const name = options.competency ?? 'Incident Communication';
  const id = options.id ?? slug(name, 4);
  const lines: string[] = [];
  const planted: Planted[] = [];
  const middle = Math.floor(count / 2);
  const completionAt = Math.min(count - 1, Math.floor((count * 3) / 4));
  // Planted questions: spread over the file, never the edited or the completed one.
  const plants = new Map<number, PlantKind>();
  if (options.plant) {
    const kinds = options.plantKinds ?? ALL_PLANTS;
    const free = [...Array(count).keys()].filter((i) => i !== middle && i !== completionAt && i !== 0);
    kinds.forEach((kind, k) => {
      const index = free[Math.floor(((k + 0.5) * free.length) / kinds.length)];
      if (index === undefined || plants.has(index)) throw new Error(`A bank of ${count} questions is too small to plant ${kinds.length} errors.`);
      plants.set(index, kind);
    });
  }
  let typing = { line: 0, character: 0 };
  let areasKey = { line: 0, character: 0 };
  let completion = { line: 0, character: 0 };
  let firstQuestionId = '';

  lines.push(
    `# ${name}: behavioral questions for IT support roles.`,
    `competency: ${name}`,
    `id: ${id}`,
    `roles: [${pickSome(['IT Support Specialist', 'Service Desk Analyst', 'Field Technician', 'Systems Administrator', 'Desktop Engineer'], 2, next).join(', ')}]`,
    `tags: [${pickSome(words.TAGS, 3, next).join(', ')}]`,
    '',
    'summary: >-',
    ...fold(
      `${name} is how a support professional keeps people able to work when technology fails them: finding out what is really ` +
        'wrong, choosing what to fix first, keeping everyone affected informed and following through until the problem stays solved.',
      '  ',
    ),
    '',
    'why_it_matters: >-',
    ...fold(
      'For most colleagues the support team **is** IT. A correct fix delivered late or without a word to the people waiting still ' +
        'costs trust, and small problems that nobody owns grow quietly into outages.',
      '  ',
    ),
    '',
    'evaluation: >-',
    ...fold(
      'Ask for one specific past situation per question and keep the candidate in it: what they did, what they said, what happened ' +
        'next. Credit what the candidate did personally over what "we" did, and listen for how they talk about the people they helped.',
      '  ',
    ),
    '',
    'signals:',
    '  positive:',
    '    - Describes the impact on people before the technical detail',
    '    - Explains how they kept everyone informed while the issue was open',
    '    - Checks back after the fix to confirm it held',
    '  red_flags:',
    '    - Blames users for not understanding the technology',
    '    - Speaks only in generalities',
    '',
    'rating_scale:',
    '  - { score: 1, label: Strong no, anchor: No concrete example; dismissive of the people affected }',
    '  - { score: 2, label: No, anchor: A real example; the people affected are an afterthought }',
    '  - { score: 3, label: Yes, anchor: Clear example; kept people informed until it was solved }',
    '  - { score: 4, label: Strong yes, anchor: Anticipated needs and improved the service for others }',
    '',
    'review:',
    '  status: approved',
    '  owner: support-hiring@example.com',
    '  last_reviewed: 2026-04-14',
    '',
    'questions:',
  );

  for (let i = 0; i < count; i++) {
    const n = first + i;
    const plant = plants.get(i);
    let text = questionText(n, next, plant === 'protected-topic' ? 'How old were you when you' : undefined);
    if (plant === 'not-behavioral') text = `What would you do if the ${words.SYSTEMS[slotsOf(n)[0]]} broke ${pick(words.TIMINGS, next)} ${words.SITUATIONS[slotsOf(n)[3]]}?`;
    let questionId = `${slug(`${words.SYSTEMS[slotsOf(n)[0]]} ${words.SITUATIONS[slotsOf(n)[3]]}`, 4)}-${n + 1}`;
    if (i === 0) firstQuestionId = questionId;
    if (plant === 'duplicate-id') questionId = firstQuestionId;
    if (plant === 'bad-id') questionId = `Bad_Question_${n + 1}`;

    if (i > 0) lines.push('');
    const idLine = lines.length;
    lines.push(`  - id: ${questionId}`);
    if (plant === 'bad-id') planted.push({ what: 'question id not in kebab-case', line: idLine, ours: ['schema'], lintOnly: false, peer: true });
    if (plant === 'duplicate-id') planted.push({ what: 'question id used twice', line: idLine, ours: ['duplicate-id'], lintOnly: true, peer: false });
    const textKeyLine = lines.length;
    lines.push('    text: >-');
    const textLines = fold(text, '      ');
    if (i === middle) typing = { line: lines.length + 1, character: 6 };
    lines.push(...textLines);
    if (plant === 'not-behavioral') planted.push({ what: 'hypothetical question', line: textKeyLine + 1, ours: ['not-behavioral'], lintOnly: true, peer: false });
    if (plant === 'protected-topic') planted.push({ what: 'question about age', line: textKeyLine + 1, ours: ['protected-topic'], lintOnly: true, peer: false });
    if (i === middle) areasKey = { line: lines.length, character: 4 };
    lines.push('    areas_to_cover:', ...pickSome(words.AREAS, 6, next).map((a) => `      - ${a}`));
    if (plant === 'missing-follow-ups') {
      planted.push({ what: 'question without follow-ups', line: textKeyLine, ours: ['missing-follow-ups'], lintOnly: true, peer: false });
    } else {
      lines.push('    follow_ups:', ...pickSome(words.FOLLOW_UPS, 5, next).map((f) => `      - ${f}`));
    }
    if (i === completionAt) {
      // The cursor line: the author pressed Enter after the last key and is about to type another.
      completion = { line: lines.length, character: 4 };
      lines.push('    ');
      continue;
    }
    if (plant === 'wrong-type') {
      planted.push({ what: 'minutes not a number', line: lines.length, ours: ['schema'], lintOnly: false, peer: true });
      lines.push('    minutes: ten');
    } else {
      lines.push(`    minutes: ${pick([8, 10, 12, 15], next)}`);
    }
    lines.push(`    tags: [${pickSome(words.TAGS, 2, next).join(', ')}]`);
    if (plant === 'unknown-key') {
      planted.push({ what: 'unknown question key', line: lines.length, ours: ['schema'], lintOnly: false, peer: true });
      lines.push('    notes: Ask this one early in the interview.');
    }
  }

  lines.push(
    '',
    'faq:',
    '  - question: Can a candidate answer with an example from outside IT?',
    '    answer: >-',
    '      Yes. Retail, hospitality and volunteer work often show the same behavior. Probe for the same details.',
    '  - question: What if the example ended badly?',
    '    answer: That can still score well. Listen for ownership and what the candidate changed afterwards.',
  );
  return { text: `${lines.join('\n')}\n`, questions: count, planted: planted.sort((a, b) => a.line - b.line), typing, areasKey, completion };
}

export interface WorkspaceFile {
  path: string;
  planted: Planted[];
}

export interface Workspace {
  root: string;
  files: WorkspaceFile[];
  bytes: number;
}

/**
 * A workspace of `count` competency files (3 to 7 questions each) in folders of 50, ids and question texts unique
 * across it. Four files carry planted errors, one of them a competency id that another file uses too.
 */
export function generateWorkspace(root: string, count: number): Workspace {
  const next = mulberry32(count);
  const files: WorkspaceFile[] = [];
  let number = 0;
  let bytes = 0;
  const duplicateOf = Math.floor(count * 0.3);
  for (let f = 0; f < count; f++) {
    const skill = words.SKILLS[f % words.SKILLS.length];
    const team = words.TEAMS[Math.floor(f / words.SKILLS.length) % words.TEAMS.length];
    const name = `${skill} in ${team}`;
    let id = slug(`${skill} ${team}`, 6);
    if (f === duplicateOf + 1) id = slug(`${words.SKILLS[duplicateOf % words.SKILLS.length]} ${words.TEAMS[Math.floor(duplicateOf / words.SKILLS.length) % words.TEAMS.length]}`, 6);
    const plantKinds: PlantKind[] | undefined =
      f === Math.floor(count * 0.1) ? ['unknown-key'] : f === Math.floor(count * 0.2) ? ['wrong-type'] : f === Math.floor(count * 0.5) ? ['missing-follow-ups'] : undefined;
    // A planted question must not be the middle or the last-but-one, which a bank keeps for typing and completion.
    const questions = plantKinds ? 6 : 3 + Math.floor(next() * 5);
    const bank = generateBank({ questions, firstNumber: number, seed: 1000 + f, competency: name, id, plant: plantKinds !== undefined, plantKinds });
    number += questions;
    const planted = [...bank.planted];
    // Both files with the shared id are reported, each on its `id:` line.
    if (f === duplicateOf || f === duplicateOf + 1) planted.push({ what: 'competency id used by two files', line: 2, ours: ['duplicate-id'], lintOnly: true, peer: false });
    // Competency files without the completion cursor line: drop the blank indented line the generator leaves.
    const text = bank.text.replace(/\n {4}\n/, '\n');
    const shift = lineOf(bank.text, bank.text.indexOf('\n    \n') + 1);
    for (const p of planted) if (p.line > shift) p.line--;
    const folder = path.join(root, `team-${String(Math.floor(f / 50) + 1).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${id}-${f + 1}.competency.yaml`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files.push({ path: file, planted });
  }
  return { root, files, bytes };
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
