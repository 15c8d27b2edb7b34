import { withoutInlineMarkdown } from './plainText';

/**
 * Tells what form an interview question takes: behavioral (about something the candidate did), hypothetical,
 * yes/no, leading, or something else. Pure text in, a verdict out: no YAML, no ranges.
 *
 * A question often carries context before its ask ("Our users are busy. Tell me about a time…") or a second
 * question after it, so the text is cut into sentences and each sentence into its leading clauses. A behavioral
 * ask anywhere wins; otherwise the first sentence with a recognisable form decides.
 */

export type QuestionKind = 'behavioral' | 'hypothetical' | 'yes-no' | 'leading' | 'other';

export interface QuestionForm {
  kind: QuestionKind;
  /** The words that gave the form away, as written ("What would you do", "Have you ever", ", right?"). */
  cue?: string;
}

export function classifyQuestion(text: string): QuestionForm {
  let first: QuestionForm | undefined;
  for (const sentence of sentencesOf(text)) {
    const form = classifySentence(sentence);
    if (form.kind === 'behavioral') return form;
    if (!first && form.kind !== 'other') first = form;
  }
  return first ?? { kind: 'other' };
}

// --- Sentences --------------------------------------------------------------------------------------------------

const ABBREVIATIONS = new Set(['e.g.', 'i.e.', 'etc.', 'vs.', 'cf.', 'mr.', 'mrs.', 'ms.', 'dr.', 'no.', 'inc.', 'ltd.', 'approx.', 'incl.', 'st.']);

const SENTENCE_END_OR_CLOSER = new Set(['.', '?', '!', '"', "'", ')', ']']);

/** The text without Markdown, typographic quotes or layout, cut into sentences. */
export function sentencesOf(text: string): string[] {
  const plain = withoutInlineMarkdown(text, { ellipsis: true, html: true });
  const sentences: string[] = [];
  for (const paragraph of plain.split(/\r?\n\s*\r?\n/)) {
    const lines = paragraph.split(/\r?\n/).map((line) => line.replace(/^\s*(?:>\s*)*(?:#{1,6}\s+|[-+]\s+|\d{1,2}[.)]\s+)?/, ''));
    const words = lines.join(' ').split(/\s+/).filter(Boolean);
    let current: string[] = [];
    words.forEach((word, index) => {
      current.push(word);
      const next = words[index + 1];
      if (next && endsSentence(word) && /^["'(\[]*[A-Z0-9]/.test(next)) {
        sentences.push(current.join(' '));
        current = [];
      }
    });
    if (current.length) sentences.push(current.join(' '));
  }
  return sentences.map(cleanEdges).filter((sentence) => /[A-Za-z]/.test(sentence));
}

function endsSentence(word: string): boolean {
  // Most words end in a letter: they are ruled out without the expressions below.
  if (!SENTENCE_END_OR_CLOSER.has(word[word.length - 1])) return false;
  const bare = word.replace(/["')\]]+$/, '');
  if (!/[.?!]$/.test(bare)) return false;
  if (/[?!]$/.test(bare)) return true;
  const lower = bare.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  if (/^(?:[a-z]\.){1,3}$/i.test(bare)) return false; // initials and U.S.
  return true;
}

function cleanEdges(sentence: string): string {
  return sentence.replace(/^["'(\[\s]+/, '').replace(/["')\]\s]+$/, '').trim();
}

// --- One sentence ------------------------------------------------------------------------------------------------

const FILLER = /^(?:so|now|ok|okay|next|and|also|then|finally|lastly|first|firstly|second|secondly|please|well|right|alright|great|thanks|question|q\d*|follow[- ]up)\b[,:.]?\s+/i;

function stripFillers(text: string): string {
  let result = text.trim();
  for (let filler = FILLER.exec(result); filler; filler = FILLER.exec(result)) result = result.slice(filler[0].length).trim();
  return result;
}

/** The sentence, then what follows each of its first few clause breaks (a comma, semicolon, colon or dash). */
function candidatesOf(sentence: string): string[] {
  const candidates = [stripFillers(sentence)];
  const breaks = /\s*(?:[,;:]|\s[-\u2013\u2014]\s|\u2014)\s*/g;
  let match: RegExpExecArray | null;
  let count = 0;
  while ((match = breaks.exec(sentence)) && count < 3) {
    count++;
    const rest = stripFillers(sentence.slice(match.index + match[0].length));
    if (/[A-Za-z]/.test(rest)) candidates.push(rest);
  }
  return candidates;
}

function classifySentence(sentence: string): QuestionForm {
  const candidates = candidatesOf(sentence);
  for (const candidate of candidates) {
    const form = requestForm(candidate) ?? pastQuestion(candidate);
    if (form?.kind === 'behavioral') return form;
  }
  const tag = TAG_QUESTION.exec(sentence);
  if (tag) return { kind: 'leading', cue: tag[0].replace(/\s*\?*$/, '?').trim() };
  for (const candidate of candidates) {
    const form = leadingStart(candidate) ?? hypotheticalStart(candidate) ?? requestForm(candidate) ?? yesNoStart(candidate) ?? whQuestion(candidate);
    if (form) return form.kind === 'other' ? { kind: 'other' } : form;
  }
  const loose = LOOSE_HYPOTHETICAL.exec(sentence);
  if (loose && !WOULD_NOT_SCENARIO.test(sentence.slice(loose.index + loose[0].length).trim())) {
    return { kind: 'hypothetical', cue: loose[0] };
  }
  return { kind: 'other' };
}

// --- Behavioral --------------------------------------------------------------------------------------------------

/** "Can you…", "I'd like you to…": a polite wrapper around an imperative, which is what counts. */
const POLITE =
  /^(?:(?:can|could|would|will) you(?: please)?|would you mind|i'd like you to|i would like you to|i want you to|i'd love (?:for you )?to|i'd like to|i would like to|i want to|i'm keen to|let's|let us|have a)\s+/i;

/** Imperatives that open a behavioral question, with what must follow some of them. */
const IMPERATIVE =
  /^(?:tell(?:ing)? (?:me|us)(?: (?:about|of|more about))?|describ(?:e|ing)|shar(?:e|ing)|giv(?:e|ing)(?: (?:me|us))?|nam(?:e|ing)|provid(?:e|ing)|walk(?:ing)? (?:me|us) through|talk(?:ing)? (?:me |us )?(?:through|about)|tak(?:e|ing) (?:me|us) through|think(?:ing)? (?:of|about|back(?: to| on)?)|recall(?:ing)?|remember(?:ing)?|recount(?:ing)?|hear(?:ing)? (?:about|of)|know about|learn about|discuss(?:ing)?|outline|paint (?:me |us )?a picture of|explain(?:ing)? (?=(?:how|what|why|when) you\b))\b/i;

/** After the imperative: the ask is about what the candidate would do, not what they did. */
const WOULD_YOU = /\byou(?:'d|'ll| would| will| might| could| should| plan| intend| are going)\b(?! have\b)/i;
const PAST_EVENT = /\b(?:time|times|situation|situations|occasion|instance|example|examples|experience|moment|project|incident|case|story|stories|day|when you|last|recent|previous|past)\b/i;
/** Imperatives about the candidate in general, not about something they did. */
const NOT_AN_EVENT = /^(?:me |us )?(?:about )?(?:yourself|your (?:strengths?|weakness(?:es)?|goals?|ideal|dream|philosophy|style|values|hobbies)|how you (?:usually|typically|normally|generally|tend to))\b/i;

/**
 * A request ("Tell me about…", "Can you walk me through…"): behavioral when it asks for something that happened,
 * hypothetical when it asks what the candidate would do, other when it asks about the candidate in general.
 */
function requestForm(candidate: string): QuestionForm | undefined {
  const polite = POLITE.exec(candidate);
  const afterPolite = polite ? candidate.slice(polite[0].length) : candidate;
  const imperative = IMPERATIVE.exec(afterPolite);
  if (!imperative) return undefined;
  const end = (polite?.[0].length ?? 0) + imperative[0].length;
  const rest = afterPolite.slice(imperative[0].length).trim();
  // "Walk me through how you would…", "Describe the steps you'd take": a hypothetical dressed as a request.
  const head = rest.split(/\s+/).slice(0, 10).join(' ');
  const would = WOULD_YOU.exec(head);
  const event = PAST_EVENT.exec(head);
  if (would && (!event || would.index < event.index)) {
    return { kind: 'hypothetical', cue: cueOf(candidate, candidate.indexOf(would[0], end) + would[0].length) };
  }
  if (NOT_AN_EVENT.test(rest)) return { kind: 'other' };
  return { kind: 'behavioral', cue: cueOf(candidate, end) };
}

/** A wh-question about the past: "What did you do when…", "How have you…", "What was the hardest bug you fixed?". */
function pastQuestion(candidate: string): QuestionForm | undefined {
  const wh = WH_AUX.exec(candidate);
  if (wh) return /^(?:did|were|was|have|has|had)$/i.test(wh[3]) ? { kind: 'behavioral', cue: wh[0] } : undefined;
  if (!/^(?:what|which|who|whom|whose|how|when|where|why)\b/i.test(candidate)) return undefined;
  const past = PAST_IN_QUESTION.exec(candidate);
  if (past && !LOOSE_HYPOTHETICAL.test(candidate.slice(0, past.index))) return { kind: 'behavioral', cue: wordsOf(candidate, 3) };
  return undefined;
}

/** A wh-question and the first auxiliary that goes with "you": "What did you", "How would you", "What steps would you". */
const WH_AUX =
  /^(what|which|who|whom|whose|how|when|where|why)\b((?:\s+[\w'-]+){0,6}?)\s+(would|will|should|could|might|did|do|does|have|has|had|were|was|are|is|can)\s+(?:you|your)\b/i;

const PAST_VERB =
  "(?:\\w+ed|did|had|made|took|gave|saw|ran|led|built|wrote|found|went|felt|knew|told|got|came|chose|faced|dealt|learnt|won|lost|broke|kept|left|met|paid|put|said|sent|set|spent|taught|thought|understood|caught|brought|bought|began|drove|fought|forgot|grew|held|hit|meant|overcame|sold|spoke|stood|stuck|threw|been|done|given|taken|seen|written|known|gone|spoken|chosen|broken|forgotten|begun)";
const PAST_IN_QUESTION = new RegExp(
  `\\b(?:you(?:'ve| have| had)?\\s+(?:ever\\s+|once\\s+|personally\\s+)?${PAST_VERB}|(?:last|most recent|latest|first) time (?:that )?you)\\b`,
  'i',
);

// --- The other forms ---------------------------------------------------------------------------------------------

const LEADING_START =
  /^(?:(?:don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wouldn't|shouldn't|haven't|hasn't|can't|couldn't|won't)\s+(?:you|it|that|this|there|they|we|your)(?:\s+(?:agree|think|say|feel|believe|find|true|right|obvious|clear|better))?|is it not (?:true|obvious|clear)|(?:you'd|you would|you'll|you)\s+(?:agree|say|admit|concede)|you (?:must|probably|surely|obviously|certainly) (?:have|be|agree|know|think)|(?:would|do|will)\s+you\s+(?:not\s+)?agree|(?:surely|obviously|of course|clearly)\b|(?:i|we) (?:assume|suppose|take it|guess|bet|expect|presume)(?: that)? you|i'm sure(?: that)? you|i am sure(?: that)? you|i imagine you)\b/i;

const TAG_QUESTION =
  /,\s*(?:right|correct|yes|true|agreed|don't you|didn't you|doesn't it|don't they|isn't it|aren't you|wasn't it|wouldn't you|won't you|haven't you|can't you|isn't that (?:right|so|true)|wouldn't you agree|don't you think|do you not|is it not|am i right|no)\s*\?+$/i;

const HYPOTHETICAL_START =
  /^(?:imagine|picture this|picture (?:a|an|yourself)|envision|suppose|supposing|assume|assuming|pretend|hypothetically|in a hypothetical|consider (?:a|this) (?:scenario|situation|hypothetical)|let's say|let us say|say (?:that )?(?:you|a|an|the|your|someone)|what if|what happens if|what would happen if|if (?:you|a|an|the|your|someone|somebody|one|there|i|we|they|it|this|that|two|three|during)(?:\s+(?:were|had|could|found|got|saw|are|have|need|noticed|discovered|received|joined|started|became|was|is|'re|'d))?|in a scenario where|in the event (?:that|of))\b|^(?:hypothetical )?scenario\s*:/i;

const YES_NO_START =
  /^(?:have|has|had|do|does|did|are|is|was|were|can|could|would|will|should|shall|may|might|must)\s+(?:you|your|it|there|this|that|they|the|a|an|any|anyone|someone|somebody|we|he|she|people|users|one|everyone|everybody)(?:\s+ever)?\b/i;

/** "what would you do" anywhere, when nothing else fits: "Given a P1 at 2am what would you do first?". */
const LOOSE_HYPOTHETICAL = /\b(?:what|how|which)\b[^.?!]{0,40}?\b(?:would|will|should|might)\s+you\b(?!\s+have\b)/i;

/** "How would you describe…", "What would you do differently": self-description and reflection, not a scenario. */
const WOULD_NOT_SCENARIO = /^(?:describe|rate|characteri[sz]e|define|summari[sz]e|sum up|say (?:is|are|was|were)|do differently|change|have\b|like to (?:ask|add))/i;

function leadingStart(candidate: string): QuestionForm | undefined {
  const match = LEADING_START.exec(candidate);
  return match ? { kind: 'leading', cue: match[0] } : undefined;
}

function hypotheticalStart(candidate: string): QuestionForm | undefined {
  const match = HYPOTHETICAL_START.exec(candidate);
  if (!match) return undefined;
  // "If a…" says little on its own: show "If a user…".
  const short = /^if\b/i.test(match[0]) && match[0].split(/\s+/).length < 3;
  return { kind: 'hypothetical', cue: short ? cueOf(candidate, match[0].length, 1) : match[0].replace(/\s*:$/, '') };
}

function yesNoStart(candidate: string): QuestionForm | undefined {
  if (/^have a (?:think|go|look)\b/i.test(candidate)) return undefined;
  const match = YES_NO_START.exec(candidate);
  return match ? { kind: 'yes-no', cue: match[0] } : undefined;
}

function whQuestion(candidate: string): QuestionForm | undefined {
  const match = WH_AUX.exec(candidate);
  if (!match || !/^(?:would|will|should|could|might)$/i.test(match[3])) return undefined;
  const rest = candidate.slice(match[0].length).trim();
  if (WOULD_NOT_SCENARIO.test(rest)) return undefined;
  if (/^could$/i.test(match[3]) && !/\bif\b/i.test(rest)) return undefined; // "What could you have…", "How could you tell…"
  // "What would you do if…": the verb, and the "if" or "when" that sets up the scenario.
  const extra = /^\S+\s+(?:if|when)\b/i.test(rest) ? 2 : 1;
  return { kind: 'hypothetical', cue: cueOf(candidate, match[0].length, extra) };
}

/** The candidate's words up to `end`, plus `extra` more words. */
function cueOf(candidate: string, end: number, extra = 0): string {
  const rest = candidate.slice(end).split(/\s+/).filter(Boolean).slice(0, extra);
  return [candidate.slice(0, end).trim(), ...rest].join(' ').replace(/[,.;:?!]+$/, '');
}

function wordsOf(candidate: string, count: number): string {
  return candidate.split(/\s+/).slice(0, count).join(' ').replace(/[,.;:?!]+$/, '');
}
