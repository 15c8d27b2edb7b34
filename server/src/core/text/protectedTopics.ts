import { withoutInlineMarkdown } from './plainText';
import { requiredLiterals } from './requiredLiterals';
import { GENERATED_PREFILTERS } from './topicPrefilters.generated';
import { fnv1a } from './fnv1a';

/**
 * What interviewers must not ask about, as data: each topic is a set of patterns, exclusions that take ordinary
 * workplace and tech-support wording out of play ("the health of the service", "a child process"), and where one
 * exists a lawful question to ask instead. Topics are grouped by locale so another jurisdiction can add its own
 * list; the `protected-topic` rule picks one with its `locale` option.
 *
 * Patterns are matched against the text lower-cased, with Markdown emphasis and typographic quotes removed and
 * spacing collapsed, so they are written in lower case with plain apostrophes. Most patterns need the question
 * to point at the candidate ("you", "your", "are you") because the same words are everyday support vocabulary.
 */

/** A lawful question to offer instead; with `match`, only when the text matches it (the first that fits wins). */
export interface TopicAlternative {
  match?: RegExp;
  replacement: string;
}

export interface ProtectedTopic {
  /** Stable id, used in tests and docs. */
  id: string;
  /** What the question asks about, as it reads in a sentence: "marital status". */
  label: string;
  /** Why it must not be asked, after the label: defaults to "a protected characteristic". */
  category?: string;
  /** Any match means the text asks about the topic. */
  patterns: RegExp[];
  /** Wording that only looks like the topic: matches are blanked out before the patterns run. */
  exclusions?: RegExp[];
  alternative?: string | TopicAlternative[];
  /** Said after the alternative, when it needs a caveat. */
  note?: string;
}

export interface ProtectedTopicMatch {
  topic: ProtectedTopic;
  /** The words that matched, from the normalised text. */
  matched: string;
  /** Where they start in the normalised text: the earliest match wins. */
  index: number;
  /** The lawful question to offer, when the topic has one that fits this text. */
  alternative?: string;
}

export const DEFAULT_LOCALE = 'en-US';

const SCHEDULE = 'Are you able to work the schedule this role requires?';
const ESSENTIAL_FUNCTIONS = 'Can you perform the essential functions of this role, with or without reasonable accommodation?';

/** Schedule questions: the lawful way to learn what a question about children or religion is usually after. */
const SCHEDULE_ALTERNATIVES: TopicAlternative[] = [
  { match: /on[- ]?call/, replacement: 'Can you meet the schedule this role requires, including on-call hours?' },
  { match: /\b(?:shifts?|nights?|overnight|weekends?|evenings?|rota)\b/, replacement: 'Can you meet the schedule this role requires, including shift hours?' },
  { match: /\btravel/, replacement: 'Can you meet the travel this role requires?' },
  { replacement: SCHEDULE },
];

/** People a support worker helps or works with: "a user with a disability" is about them, not the candidate. */
const OTHERS = String.raw`(?:users?|customers?|clients?|callers?|people|persons?|patients?|students?|members?|visitors?|colleagues?|co-?workers?|teammates?|employees?|staff|someone|anyone|individuals?|residents?|guests?|requesters?|their|his|her)`;

const US_EN: readonly ProtectedTopic[] = [
  {
    id: 'age',
    label: 'age',
    patterns: [
      /\bhow old (?:are|were) you\b|\bhow old (?:they|he|she|the candidate) (?:are|is)\b/,
      /\b(?:what(?: is|'s)|tell me|share) your age\b/,
      /\byour (?:age|date of birth|birth ?date|birthday|year of birth|birth year)\b/,
      /\b(?:date|year) of birth\b/,
      /\b(?:when|what year|which year) (?:were you|was the candidate) born\b/,
      /\bare you (?:over|under|older than|younger than|above|below) (?!18\b|eighteen\b|21\b|twenty-one\b)(?:\d+|forty|fifty|sixty|thirty)\b/,
      /\bare you (?:too )?(?:old|young) (?:enough )?(?:for|to)\b/,
      /\b(?:when|how soon|what age) (?:do|will|would) you (?:plan to |hope to |want to )?retire\b/,
      /\b(?:how (?:many|long) (?:years )?(?:until|before) you retire|close to retirement|your retirement plans)\b/,
      /\b(?:candidate's|applicant's) age\b|^(?:their|his|her) age\b/,
      /^age\b(?! of\b)/,
    ],
    alternative: 'Are you at least 18 years old?',
  },
  {
    id: 'graduation-year',
    label: 'graduation year',
    category: 'which reveals age, a protected characteristic',
    patterns: [
      /\b(?:what|which) year did you (?:graduate|finish (?:high )?school|finish college|leave school|get your degree)\b/,
      /\bwhen did you (?:graduate|finish (?:high )?school|finish college|leave school|get your degree)\b/,
      /\bhow long ago did you (?:graduate|finish school)\b/,
      /\b(?:graduation|grad) (?:year|date)\b/,
      /\byear (?:of|you) graduat/,
      /\bwhat class (?:were|are) you\b/,
    ],
    alternative: 'What degrees or certifications do you hold?',
  },
  {
    id: 'marital-status',
    label: 'marital status',
    patterns: [
      /\bmarital status\b/,
      /\b(?:are|is|were) (?:you|they|he|she|the candidate) (?:currently )?(?:married|single|divorced|engaged|widowed|separated|in a relationship|seeing (?:someone|anyone))\b/,
      /\b(?:plan(?:ning)?|going|want|hope) to get married\b/,
      /\b(?:you|they|he|she|candidate) (?:are|is|were|was|'re|got|get|have been|has been) (?:currently |recently )?(?:married|divorced|engaged|widowed)\b/,
      /\byour (?:husband|wife|spouse|fianc[eé]e?|boyfriend|girlfriend|significant other|partner's job|partner's work|partner do)\b/,
      /\b(?:husband|wife|spouse)\b/,
      /\bmaiden name\b/,
      /\bdo you have a (?:boyfriend|girlfriend|husband|wife|spouse|partner|significant other)\b/,
      /\b(?:mrs|miss|ms)\.? or (?:mrs|miss|ms)\b/,
      /\bdo you live (?:alone|with (?:anyone|someone|your partner))\b/,
    ],
    exclusions: [new RegExp(String.raw`\b${OTHERS}(?:'s?)? (?:\w+ ){0,2}(?:husband|wife|spouse)\b`, 'g')],
  },
  {
    id: 'pregnancy',
    label: 'pregnancy',
    patterns: [
      /\bpregnan(?:t|cy|cies)\b/,
      /\b(?:plan(?:ning)?|intend(?:ing)?|want|hope|thinking about|expecting) (?:to have|on having|to start|starting|having) (?:a family|a baby|kids|children|more (?:kids|children))\b/,
      /\bare you expecting\b/,
      /\b(?:maternity|paternity|parental) leave\b(?=[^.?!]*\b(?:you|your)\b)/,
    ],
    exclusions: [new RegExp(String.raw`\b${OTHERS}(?:'s?)? (?:\w+ ){0,3}(?:pregnan\w*|(?:maternity|paternity|parental) leave)`, 'g')],
    alternative: SCHEDULE_ALTERNATIVES,
  },
  {
    id: 'family-status',
    label: 'family status or childcare',
    patterns: [
      /\b(?:do|does) you have (?:any |young |small )?(?:kids|children|a child|a baby|babies|dependents|dependants|a family)\b/,
      /\bhow many (?:kids|children|dependents|dependants)\b/,
      /\b(?:you|they|he|she|candidate) (?:have|has) (?:any |young |small )?(?:kids|children|a baby|dependents|dependants)\b/,
      /\byour (?:kids|children|child|son|sons|daughter|daughters|family situation|family status|family commitments|family obligations|family responsibilities|childcare)\b/,
      /\bwho (?:looks?|will look|would look|is going to look) after (?:your|the) (?:kids|children|child|baby)\b/,
      /\bwho (?:takes?|will take|would take) care of (?:your|the) (?:kids|children|child|baby)\b/,
      /\bchild ?care\b/,
      /\b(?:babysitter|babysitting|nanny|daycare|day care|school run)\b/,
      /\b(?:familial|family) status\b/,
      /\bare you a (?:single )?(?:parent|mother|father|mom|mum|dad)\b/,
      /\bsingle (?:parent|mother|father|mom|mum|dad)\b/,
      /\bhow does your family feel\b/,
      /\b(?:kids|children|babies|toddlers) at home\b/,
      /\bnumber of (?:kids|children)\b(?! (?:of|in|under|per)\b)/,
    ],
    exclusions: [/\byour (?:family|son|daughter|children|child|kids) (?:of|process|processes|node|nodes|element|elements|ticket|tickets|task|tasks|issue|issues|record|records|page|pages|theme|themes|class|classes|component|components|window|windows|team|teams|board|boards|card|cards|item|items|object|objects|table|tables|row|rows)\b/g],
    alternative: SCHEDULE_ALTERNATIVES,
  },
  {
    id: 'religion',
    label: 'religion',
    patterns: [
      /\breligio(?:n|ns|us)\b/,
      /\b(?:what|which) (?:church|mosque|synagogue|temple|parish|congregation|faith)\b/,
      /\b(?:attend|go to|belong to) (?:a |any |your |the )?(?:church|mosque|synagogue|temple|parish)\b|\battend (?:religious )?(?:services|mass|worship)\b/,
      /\byour (?:church|mosque|synagogue|temple|parish|faith(?! in\b)|beliefs?(?= about (?:god|religion)))\b/,
      /\bare you (?:a |an )?(?:christian|muslim|jewish|jew|hindu|buddhist|catholic|protestant|mormon|sikh|atheist|agnostic|believer|practicing|practising)\b/,
      /\bdo you (?:pray|believe in god|go to church|keep kosher|keep halal|fast (?:for|during)|observe (?:the )?(?:sabbath|shabbat|ramadan|lent))\b/,
      /\bdo you (?:celebrate|observe) (?:christmas|easter|ramadan|eid|diwali|hanukkah|chanukah|passover|yom kippur|rosh hashanah|lent|the sabbath|sabbath|shabbat)\b/,
      /\bplace of worship\b/,
    ],
    exclusions: [/\breligious (?:wars?|debates?|arguments?|fervou?r|zeal|adherence|devotion)\b/g],
    alternative: [{ match: /holiday|sabbath|shabbat|sunday|saturday|friday|time off|days? off|weekend|observe|celebrate|fast\b/, replacement: SCHEDULE }],
  },
  {
    id: 'national-origin',
    label: 'national origin',
    patterns: [
      /\bwhere (?:are you|is the candidate) (?:originally |really |actually )?from\b(?! (?:a|an|the) (?:team|company|department|role|job|support|tech|it|engineering|sales|product)\b)/,
      /\bwhere (?:were you born|did you grow up|is your family from|are your (?:parents|family) from|do your (?:parents|family) come from)\b/,
      /\b(?:were|was) (?:you|the candidate) born (?:in|outside|abroad|here)\b/,
      /\b(?:what|which) (?:country|nationality|ethnicity) (?:are you|do you come from|is your|were you)\b/,
      /\byour (?:nationality|heritage|ancestry|ethnic (?:background|origin)|country of (?:origin|birth)|place of birth|birthplace|native country|home country)\b/,
      /\b(?:national origin|nationality|nationalities|ancestry|country of birth|place of birth|birthplace)\b/,
      /\b(?:what kind of|what sort of|where is|where's) (?:a |that )?(?:name|surname|last name) (?:is that|from)\b/,
      /\bwhere does your (?:name|surname|last name) come from\b/,
    ],
    exclusions: [
      /\b(?:commit|git|branch|node|tree|class|process|data|file|package|dependency|module) ancestry\b/g,
      /\bancestry[- ]path\b/g,
      /\b(?:nationality|ancestry|country of birth|place of birth|birthplace) (?:field|fields|column|columns|attribute|attributes|data|dropdown|picker|lookup)\b/g,
    ],
  },
  {
    id: 'citizenship',
    label: 'citizenship',
    patterns: [
      /\bare you (?:an? )?(?:[\w.]+ )?citizen\b|\b(?:you|they|he|she|candidate) (?:are|is|'re) (?:an? )?(?:[\w.]+ )?citizen\b/,
      /\b(?:your )?citizenship\b/,
      /\b(?:what|which) (?:country|countries) (?:are you|is) (?:a )?citizen\b/,
      /\b(?:your|what|which) passport\b/,
      /\bgreen card\b/,
      /\b(?:your )?immigration status\b/,
      /\bnaturali[sz]ed\b/,
      /\bare you (?:a )?(?:permanent resident|immigrant|foreigner|foreign national)\b/,
    ],
    exclusions: [
      /\b(?:corporate|digital|good|model|global|responsible|first-class|second-class) citizen(?:ship)?\b/g,
      /\bcitizen (?:developers?|science|data scientists?|journalism)\b/g,
      /\bpassport(?:\.js|js| strategy| strategies| middleware| library| module| package)\b/g,
    ],
    alternative: 'Are you legally authorized to work in the US?',
  },
  {
    id: 'native-language',
    label: 'native language or accent',
    category: 'which reveals national origin, a protected characteristic',
    patterns: [
      /\b(?:first|native|mother|home) (?:language|tongue)\b/,
      /\bnative (?:\w+ )?speaker\b/,
      /\bwhat language (?:do you|did you|does your family) speak at home\b/,
      /\b(?:where|how) did you learn (?:to speak )?english\b/,
      /\byour (?:accent|english is (?:very |so |really )?good)\b/,
      /\b(?:where is|where's|what is|what's|what kind of) (?:your |that |this )?accent\b/,
      /\baccent (?:is )?from\b/,
    ],
    exclusions: [
      new RegExp(String.raw`\b${OTHERS}(?:'s?)?(?: whose| who has| who had| with)? (?:a |an )?(?:\w+ ){0,2}(?:(?:first|native|mother|home) (?:language|tongue)|accent)\b`, 'g'),
      /\b(?:first|native|home) language (?:binding|bindings|support|code|runtime|extension|extensions|api|apis|module|modules|interop|setting|settings|pack|packs|file|files)\b/g,
      /\bfirst language (?:you|that you|i|we) (?:learned|learnt|used|wrote|picked up|coded|programmed)\b[^.?!]*/g,
      /\bnative (?:\w+ )?speaker (?:voice|engine|api|module|device|driver)s?\b/g,
    ],
    alternative: 'What languages do you speak, read or write fluently?',
    note: 'Ask it only if the role needs those languages.',
  },
  {
    id: 'race',
    label: 'race or ethnicity',
    patterns: [
      /\b(?:your|what|which|candidate's) (?:race|ethnicity|ethnic group|skin colou?r)\b(?![- ](?:conditions?|detect\w*|to|against|between|free)\b)/,
      /\brace or ethnicity\b|\bethnicity\b|\bethnic (?:background|origin|group)\b/,
      /\bracial (?:background|identity|origin|group)\b/,
    ],
  },
  {
    id: 'sex',
    label: 'sex, gender identity or sexual orientation',
    patterns: [
      /\bsexual orientation\b|\bgender identity\b/,
      /\b(?:your|what|which) (?:gender|sex)\b(?![- ](?:neutral|inclusive))/,
      /\bare you (?:gay|lesbian|straight|bisexual|bi|transgender|trans|queer|heterosexual|homosexual)\b/,
      /\bmale or female\b|\bfemale or male\b/,
    ],
  },
  {
    id: 'disability',
    label: 'disability',
    patterns: [
      /\bdisabilit(?:y|ies)\b/,
      /\b(?:are|were) you (?:\w+ )?(?:disabled|handicapped|deaf|blind|hard of hearing|in a wheelchair)\b/,
      /\b(?:do|does) you have (?:a |an |any )?(?:\w+ )?(?:handicaps?|impairments?|chronic (?:illness|condition|pain))\b/,
      /\byour (?:\w+ )?(?:handicaps?|impairments?)\b/,
      /\b(?:do|will|would) you need (?:a )?wheelchair\b/,
    ],
    exclusions: [
      new RegExp(String.raw`\b${OTHERS}\b[^.?!]{0,30}?\bwith (?:a |an )?(?:[a-z-]+ ){0,2}(?:disabilit(?:y|ies)|impairments?)\b`, 'g'),
      /\b(?:assistive|accessibility|accessible|a11y|screen reader)\b[^.?!]{0,60}\bdisabilit(?:y|ies)\b/g,
      /\bdisabilit(?:y|ies)\b[^.?!]{0,60}\b(?:assistive|accessibility|accessible|a11y|screen readers?)\b/g,
      /\bdisability (?:insurance|benefits? (?:system|portal|claims? system)|services (?:team|office))\b/g,
    ],
    alternative: ESSENTIAL_FUNCTIONS,
  },
  {
    id: 'health',
    label: 'health',
    patterns: [
      /\b(?:how is|how's|describe|tell me about|what is|what's) your (?:overall |general |physical |mental )?health\b/,
      /\byour (?:own )?(?:overall |general |physical |mental )?health\b(?![- ]?(?:check|checks|endpoint|probe|monitor|dashboard|score|status|metric|metrics|page|report)\b)/,
      /\b(?:are|were) you (?:healthy|in (?:good|poor|bad) health|often sick|sick often|ill often)\b/,
      /\b(?:any|ongoing|chronic|pre-?existing|serious) (?:health|medical|mental health) (?:problems?|issues?|conditions?|history|concerns?)\b/,
      /\b(?:your )?medical (?:history|conditions?)\b/,
      /\bhave you (?:ever )?(?:been (?:hospitali[sz]ed|treated for|diagnosed|seriously ill|in (?:the )?hospital)|had (?:surgery|an operation|a serious illness|a mental illness))\b/,
      /\bhow many (?:sick )?days (?:did|have) you (?:take|taken|miss|missed|call in sick)\b/,
      /\b(?:did|have) you (?:take|taken|use|used) (?:any |many |much |a lot of )?sick (?:days|leave|time)\b/,
      /\bdo you (?:smoke|drink alcohol|drink heavily)\b|\bhow much (?:alcohol )?do you drink\b/,
      /\b(?:mental illness|psychiatric (?:history|treatment|condition))\b/,
    ],
    exclusions: [
      new RegExp(String.raw`\b${OTHERS}(?:'s?)? (?:\w+ ){0,2}(?:medical (?:history|conditions?)|health (?:problems?|issues?|conditions?|history|concerns?))`, 'g'),
      /\bmedical (?:history|conditions?) (?:module|system|records?|field|fields|form|forms|data|database|app|application|screen|tab)\b/g,
    ],
    alternative: ESSENTIAL_FUNCTIONS,
  },
  {
    id: 'medication',
    label: 'medication',
    patterns: [
      /\b(?:are|were) you (?:currently )?(?:taking|on) (?:any )?(?:prescription |prescribed )?(?:medications?|meds|medicines?|drugs|pills)\b/,
      /\b(?:do|did) you (?:take|use) (?:any )?(?:prescription |prescribed )?(?:medications?|meds|medicines?|drugs)\b/,
      /\byour (?:medications?|meds|prescriptions?)\b/,
      /\b(?:what|which) (?:medications?|meds|prescriptions?)\b(?=[^.?!]*\b(?:you|your)\b)/,
      /\b(?:current|any|prescription|prescribed) (?:medications?|meds)\b/,
    ],
    exclusions: [new RegExp(String.raw`\b${OTHERS}(?:'s?)? (?:\w+ ){0,2}(?:medications?|meds|prescriptions?)`, 'g'), /\b(?:medications?|prescriptions?) (?:system|database|records?|orders?|module|label|labels|printer|dispensing)\b/g],
    alternative: ESSENTIAL_FUNCTIONS,
  },
  {
    id: 'workers-comp',
    label: "workers' compensation claims",
    patterns: [
      /\bwork(?:er|ers|man|men)?'?s?'? ?comp(?:ensation)?\b/,
      /\bhave you (?:ever )?(?:been injured|had an injury|got hurt|gotten hurt)\b/,
      /\b(?:on-the-job|on the job|workplace|work-related|work) injur(?:y|ies)\b(?=[^.?!]*\b(?:you|your)\b)/,
    ],
    alternative: ESSENTIAL_FUNCTIONS,
  },
  {
    id: 'height-weight',
    label: 'height or weight',
    patterns: [
      /\bhow (?:tall|short|heavy) are you\b/,
      /\bhow much do you weigh\b|\bwhat do you weigh\b/,
      /\byour (?:height|weight|body weight)\b(?! (?:of|limit|class)\b)/,
      /\bheight (?:and|or|&) weight\b|\bweight (?:and|or|&) height\b/,
      /\bare you (?:overweight|underweight|too (?:heavy|short|tall))\b/,
    ],
    exclusions: [/\b(?:pull|pulls|pulled|pulling|carry|carries|carried|carrying|throw|throws|threw|throwing|punch|punching|punched) (?:above )?(?:your|their|his|her|my|our) (?:own )?weight\b/g],
    alternative: ESSENTIAL_FUNCTIONS,
  },
  {
    id: 'arrest-record',
    label: 'arrest record',
    category: 'which federal guidance and many US states bar from hiring decisions',
    patterns: [
      /\b(?:you|ever|they|he|she|candidate) (?:\w+ )?(?:been|got|gotten|get|getting) arrested\b|\b(?:were|was|are) (?:you|they|the candidate) (?:ever )?arrested\b/,
      /\barrest (?:record|records|history)\b/,
      /\b(?:any|prior|previous|past|your) arrests?\b/,
      /\bhave you (?:ever )?been (?:to |in )?(?:jail|prison)\b|\bhave you (?:ever )?been (?:incarcerated|detained by (?:the )?police)\b/,
    ],
    alternative: 'Have you ever been convicted of a crime related to the duties of this role?',
    note: 'Conviction questions are limited by state and local law too (ban-the-box rules); check before using it.',
  },
  {
    id: 'salary-history',
    label: 'salary history',
    category: 'which many US states and cities ban employers from asking',
    patterns: [
      /\b(?:salary|pay|compensation|wage|earnings) history\b/,
      /\bwhat (?:was|is|were|are) your (?:current |previous |last |past |prior |most recent |old |starting |final |base )?(?:salary|pay|compensation|wages?|earnings|income|rate of pay|hourly rate)\b(?! (?:expectations?|requirements?|range for this|needs)\b)/,
      /\bhow much (?:do|did) you (?:make|earn|get paid|take home)\b|\bhow much (?:are|were) you (?:making|earning|paid|being paid)\b/,
      /\byour (?:current|previous|last|past|prior|most recent) (?:salary|pay|compensation|wages?|earnings)\b(?! (?:expectations?|requirements?)\b)/,
      /\b(?:current|previous|last|past|prior|most recent) (?:salary|compensation|earnings)\b(?! (?:expectations?|requirements?|bands?|ranges?|data|surveys?|benchmarks?)\b)/,
      /\b(?:salary|pay|compensation) (?:at|in|from) your (?:last|previous|current|prior|old) (?:job|role|employer|company|position)\b/,
      /\b(?:w-2|pay ?stubs?|payslips?)\b(?=[^.?!]*\b(?:you|your)\b)/,
    ],
    alternative: 'What are your salary expectations for this role?',
  },
  {
    id: 'genetic-information',
    label: 'genetic information',
    patterns: [
      /\bfamily (?:medical|health) history\b/,
      /\bgenetic (?:tests?|testing|information|conditions?|disorders?|history|screening)\b/,
      /\bruns? in your family\b/,
      /\bhereditary (?:conditions?|diseases?|illness)\b/,
    ],
  },
];

/** Topic lists by locale (BCP 47 tag). */
export const protectedTopicsByLocale: Readonly<Record<string, readonly ProtectedTopic[]>> = {
  'en-US': US_EN,
};

/** The topics for a locale; an unknown or missing locale falls back to en-US rather than checking nothing. */
export function topicsForLocale(locale: unknown): { locale: string; topics: readonly ProtectedTopic[] } {
  if (typeof locale === 'string') {
    const exact = Object.keys(protectedTopicsByLocale).find((key) => key.toLowerCase() === locale.trim().toLowerCase().replace(/_/g, '-'));
    if (exact) return { locale: exact, topics: protectedTopicsByLocale[exact] };
  }
  return { locale: DEFAULT_LOCALE, topics: protectedTopicsByLocale[DEFAULT_LOCALE] };
}

/** The text as the patterns expect it: lower case, plain apostrophes, no Markdown emphasis, single spaces. */
export function normalizeForTopics(text: string): string {
  return withoutInlineMarkdown(text).replace(/\s+/g, ' ').trim().toLowerCase();
}

// Banks repeat their follow-ups and areas to cover ("What would you do differently?") across questions and files:
// remember the answers for recent texts. Bounded, and emptied when full, so memory stays flat.
const MAX_REMEMBERED = 20_000;
const remembered = new WeakMap<readonly ProtectedTopic[], Map<string, ProtectedTopicMatch | undefined>>();

/** The first protected topic the text asks about (the one that appears earliest), or undefined. */
export function findProtectedTopic(text: string, topics: readonly ProtectedTopic[] = US_EN): ProtectedTopicMatch | undefined {
  let answers = remembered.get(topics);
  if (!answers) remembered.set(topics, (answers = new Map()));
  if (answers.has(text)) {
    const answer = answers.get(text);
    return answer && { ...answer };
  }
  if (answers.size >= MAX_REMEMBERED) answers.clear();
  const answer = searchProtectedTopic(text, topics);
  answers.set(text, answer);
  return answer && { ...answer };
}

function searchProtectedTopic(text: string, topics: readonly ProtectedTopic[]): ProtectedTopicMatch | undefined {
  const normalized = normalizeForTopics(text);
  const compiled = compile(topics);
  // Nearly every text mentions no topic at all: strings every match needs rule most texts out, one combined pattern
  // most of the rest, before the per-topic work.
  // Working the prefilter out costs tens of milliseconds: a file or two is checked sooner without it.
  if (compiled.prefilter === undefined && ++compiled.searches > PREFILTER_AFTER) compiled.prefilter = prefilter(topics) ?? null;
  const found = compiled.prefilter;
  if (found && !found.literals.some((literals) => literals.test(normalized)) && !found.rest?.test(normalized)) return undefined;
  if (compiled.any && !compiled.any.test(normalized)) return undefined;
  let best: ProtectedTopicMatch | undefined;
  for (const [i, topic] of topics.entries()) {
    if (compiled.byTopic[i] && !compiled.byTopic[i]!.test(normalized)) continue;
    let masked = normalized;
    for (const exclusion of compiled.exclusions[i]) {
      masked = masked.replace(exclusion, (found) => ' '.repeat(found.length));
    }
    for (const pattern of topic.patterns) {
      const match = pattern.exec(masked);
      if (match && (!best || match.index < best.index)) {
        best = { topic, matched: match[0], index: match.index };
      }
    }
  }
  if (best) best.alternative = alternativeFor(best.topic, normalized);
  return best;
}

function alternativeFor(topic: ProtectedTopic, normalized: string): string | undefined {
  const alternative = topic.alternative;
  if (alternative === undefined || typeof alternative === 'string') return alternative;
  return alternative.find((option) => !option.match || option.match.test(normalized))?.replacement;
}

function globalCopy(pattern: RegExp): RegExp {
  return pattern.global ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern.source, `${pattern.flags}g`);
}

interface CompiledTopics {
  /** Any pattern of any topic, or undefined when some pattern has flags and cannot be combined. */
  any?: RegExp;
  /**
   * Far quicker to run than `any`, and nearly as selective (see prefilter): undefined until enough texts were searched
   * to be worth working out, null when it cannot be.
   */
  prefilter?: { literals: RegExp[]; rest?: RegExp } | null;
  /** Texts searched before there was a prefilter. */
  searches: number;
  byTopic: (RegExp | undefined)[];
  exclusions: RegExp[][];
}

const compiledCache = new WeakMap<readonly ProtectedTopic[], CompiledTopics>();

/**
 * Combined patterns for quick rejection, with their lookarounds removed so they match a superset: masking blanks
 * whole excluded words out, which can satisfy a lookaround but never creates the words a pattern needs.
 */
function compile(topics: readonly ProtectedTopic[]): CompiledTopics {
  let compiled = compiledCache.get(topics);
  if (!compiled) {
    compiled = {
      searches: 0,
      any: combinePatterns(topics.flatMap((topic) => topic.patterns)),
      byTopic: topics.map((topic) => combinePatterns(topic.patterns)),
      exclusions: topics.map((topic) => (topic.exclusions ?? []).map(globalCopy)),
    };
    compiledCache.set(topics, compiled);
  }
  return compiled;
}

/** The patterns as one, lookarounds removed (see compile); undefined for none, or when some pattern has flags. */
function combinePatterns(patterns: readonly RegExp[]): RegExp | undefined {
  return patterns.length && patterns.every((p) => p.flags === '') ? new RegExp(patterns.map((p) => `(?:${withoutLookarounds(p.source)})`).join('|')) : undefined;
}

// Shorter strings turn up inside too many ordinary words ("age" in "manage") to rule texts out.
const MIN_PREFILTER_LENGTH = 4;

// About the texts of a dozen questions with their areas and follow-ups.
const PREFILTER_AFTER = 200;

// Words nearly every question holds: a pattern is better prefiltered by any other word it needs.
const EVERYDAY_WORDS = new Set(
  'a an the you your are were was is be been do did does have has had ever any what which where when who how why that this from work time tell me about to of in on for with and or at by as it its they their he she his her can could would will not many more most take come home last name know after'.split(' '),
);

/** The prefilter as plain strings: what `npm run generate` stores for the built-in lists (see prefilterStrings). */
export interface PrefilterStrings {
  /** Strings one of which every match of a pattern (not in `rest`) or of an exclusion holds. */
  literals: string[];
  /** Sources of the patterns with no string rare enough to be worth looking for. */
  rest: string[];
}

/**
 * What rules a text out before any pattern runs, undefined when some pattern has flags or some exclusion cannot be
 * worked out. `literals` are strings one of which every match of a pattern or an exclusion holds (see
 * requiredLiterals); `rest` the patterns for which no such string is rare enough. A text holding none of the strings
 * and matching none of those patterns holds no exclusion, so its patterns see it unchanged, and matches no pattern.
 */
export function prefilterStrings(topics: readonly ProtectedTopic[]): PrefilterStrings | undefined {
  // A word or two of everyday English ("are you", "or"); three words together ("ms or mrs") are rare enough.
  const common = (literal: string) => {
    const words = literal.split(/[ ']+/).filter(Boolean);
    return words.length < 3 && words.every((word) => word.length < 3 || EVERYDAY_WORDS.has(word));
  };
  const literals = new Set<string>();
  const rest: string[] = [];
  for (const topic of topics) {
    for (const pattern of topic.patterns) {
      if (pattern.flags !== '') return undefined;
      const required = requiredLiterals(pattern.source, { common });
      if (!required || required.some((literal) => common(literal) || literal.length < MIN_PREFILTER_LENGTH)) rest.push(pattern.source);
      else for (const literal of required) literals.add(literal);
    }
    for (const exclusion of topic.exclusions ?? []) {
      const required = exclusion.flags.replace('g', '') === '' ? requiredLiterals(exclusion.source, { common }) : undefined;
      if (!required) return undefined;
      for (const literal of required) literals.add(literal);
    }
  }
  return { literals: [...literals], rest };
}

/**
 * A fingerprint of every pattern and exclusion of the topics: stored with the generated prefilter strings, so a list
 * edited without running `npm run generate` works its strings out again rather than use stale ones.
 */
export function topicsFingerprint(topics: readonly ProtectedTopic[]): string {
  const sources = topics.flatMap((topic) => [...topic.patterns, ...(topic.exclusions ?? [])].map((pattern) => `${pattern.source}/${pattern.flags}`)).join('\n');
  // With the length: enough to tell an edited list from the one the strings came from.
  return `${sources.length}:${fnv1a(sources).toString(16)}`;
}

function prefilter(topics: readonly ProtectedTopic[]): { literals: RegExp[]; rest?: RegExp } | undefined {
  const locale = Object.keys(protectedTopicsByLocale).find((name) => protectedTopicsByLocale[name] === topics);
  const generated = locale === undefined ? undefined : GENERATED_PREFILTERS[locale];
  const strings = generated && generated.fingerprint === topicsFingerprint(topics) ? generated.strings : prefilterStrings(topics);
  if (!strings) return undefined;
  // V8 stops optimizing a regular expression past about 20,000 characters of source (a literal search then gets ten
  // times slower): the strings are split over several.
  const chunks: string[][] = [[]];
  let size = 0;
  for (const literal of strings.literals) {
    const escaped = literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (size + escaped.length > MAX_PATTERN_SOURCE && chunks[chunks.length - 1].length) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(escaped);
    size += escaped.length + 1;
  }
  return {
    literals: chunks.filter((chunk) => chunk.length).map((chunk) => new RegExp(chunk.join('|'))),
    rest: combinePatterns(strings.rest.map((source) => new RegExp(source))),
  };
}

const MAX_PATTERN_SOURCE = 12_000;

/** A pattern source without its `(?=…)`, `(?!…)`, `(?<=…)` and `(?<!…)` groups, which only ever narrow a match. */
export function withoutLookarounds(source: string): string {
  // Most patterns have none; the check below runs on the first check of every session, before the code is warm.
  if (!source.includes('(?=') && !source.includes('(?!') && !source.includes('(?<')) return source;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    if (!isLookaround(source, i)) {
      if (source[i] === '\\') {
        out += source.slice(i, i + 2);
        i++;
      } else if (source[i] === '[') {
        const end = classEnd(source, i);
        out += source.slice(i, end + 1);
        i = end;
      } else {
        out += source[i];
      }
      continue;
    }
    let depth = 0;
    for (; i < source.length; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === '[') i = classEnd(source, i);
      else if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) break;
    }
  }
  return out;
}

/** Whether `(?=`, `(?!`, `(?<=` or `(?<!` starts at `i` (a named group `(?<name>` does not). */
function isLookaround(source: string, i: number): boolean {
  if (source[i] !== '(' || source[i + 1] !== '?') return false;
  const next = source[i + 2] === '<' ? source[i + 3] : source[i + 2];
  return next === '=' || next === '!';
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length - 1;
}
