import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FileKind } from './fileKind';
import type { OffsetRange } from './problem';
import { keyRange, keyText, nodeRange, type ParsedYaml } from './yamlDocument';

/**
 * A lenient view of a bank file for rules, the index and the preview: whatever can be read is read, with the
 * ranges of where it was written, even when the file breaks the schema.
 */

export interface TextItem {
  text: string;
  range: OffsetRange;
}

export interface ListField {
  /** The key of the list (`follow_ups:`). */
  keyRange: OffsetRange;
  items: TextItem[];
  /** The value is a list; false when it is something else (the schema reports that). */
  isList: boolean;
  /** Where the value sits (or the key when the value is empty). */
  valueRange: OffsetRange;
}

export interface QuestionModel {
  index: number;
  node: YAMLMap;
  /** The whole item, from its first key to the end of its last value. */
  range: OffsetRange;
  /** The first key of the item: where problems about the question as a whole are reported. */
  anchorRange: OffsetRange;
  id?: string;
  idRange?: OffsetRange;
  text?: string;
  textKeyRange?: OffsetRange;
  textRange?: OffsetRange;
  areasToCover?: ListField;
  followUps?: ListField;
  minutes?: number;
}

export interface CompetencyModel {
  kind: 'competency';
  name?: string;
  /** The `summary` text, for hovers and completion. */
  summary?: string;
  id?: string;
  idRange?: OffsetRange;
  questionsKeyRange?: OffsetRange;
  questions: QuestionModel[];
}

export interface SectionModel {
  index: number;
  range: OffsetRange;
  anchorRange: OffsetRange;
  competency?: string;
  competencyRange?: OffsetRange;
  questions?: TextItem[];
  minutes?: number;
  minutesRange?: OffsetRange;
}

export interface GuideModel {
  kind: 'guide';
  title?: string;
  id?: string;
  idRange?: OffsetRange;
  durationMinutes?: number;
  durationRange?: OffsetRange;
  sections: SectionModel[];
}

export type BankModel = CompetencyModel | GuideModel;

export function buildModel(parsed: ParsedYaml, kind: FileKind): BankModel {
  const root = parsed.document.contents as Node | null;
  return kind === 'competency' ? buildCompetency(root) : buildGuide(root);
}

function buildCompetency(root: Node | null): CompetencyModel {
  const model: CompetencyModel = { kind: 'competency', questions: [] };
  if (!isMap(root)) return model;
  model.name = stringValue(pair(root, 'competency'));
  model.summary = stringValue(pair(root, 'summary'));
  const idPair = pair(root, 'id');
  model.id = stringValue(idPair);
  model.idRange = valueRangeOf(idPair);
  const questionsPair = pair(root, 'questions');
  model.questionsKeyRange = questionsPair ? keyRange(questionsPair) : undefined;
  if (questionsPair && isSeq(questionsPair.value)) {
    questionsPair.value.items.forEach((item, index) => {
      if (isMap(item)) model.questions.push(buildQuestion(item, index));
    });
  }
  return model;
}

/** One question item; also what an edit inside one question re-reads (see incremental/questionLayout). */
export function buildQuestion(node: YAMLMap, index: number): QuestionModel {
  const range = nodeRange(node) ?? { start: 0, end: 0 };
  const first = node.items.find((item) => isPair(item)) as Pair | undefined;
  const idPair = pair(node, 'id');
  const textPair = pair(node, 'text');
  const minutes = numberValue(pair(node, 'minutes'));
  return {
    index,
    node,
    range,
    anchorRange: (first && keyRange(first)) ?? range,
    id: stringValue(idPair),
    idRange: valueRangeOf(idPair),
    text: stringValue(textPair),
    textKeyRange: textPair ? keyRange(textPair) : undefined,
    textRange: valueRangeOf(textPair),
    areasToCover: listField(pair(node, 'areas_to_cover')),
    followUps: listField(pair(node, 'follow_ups')),
    minutes,
  };
}

function buildGuide(root: Node | null): GuideModel {
  const model: GuideModel = { kind: 'guide', sections: [] };
  if (!isMap(root)) return model;
  model.title = stringValue(pair(root, 'guide'));
  const idPair = pair(root, 'id');
  model.id = stringValue(idPair);
  model.idRange = valueRangeOf(idPair);
  const durationPair = pair(root, 'duration_minutes');
  model.durationMinutes = numberValue(durationPair);
  model.durationRange = valueRangeOf(durationPair);
  const sectionsPair = pair(root, 'sections');
  if (sectionsPair && isSeq(sectionsPair.value)) {
    sectionsPair.value.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const range = nodeRange(item) ?? { start: 0, end: 0 };
      const first = item.items.find((entry) => isPair(entry)) as Pair | undefined;
      const competencyPair = pair(item, 'competency');
      const minutesPair = pair(item, 'minutes');
      const questions = listField(pair(item, 'questions'));
      model.sections.push({
        index,
        range,
        anchorRange: (first && keyRange(first)) ?? range,
        competency: stringValue(competencyPair),
        competencyRange: valueRangeOf(competencyPair),
        questions: questions?.isList ? questions.items : undefined,
        minutes: numberValue(minutesPair),
        minutesRange: valueRangeOf(minutesPair),
      });
    });
  }
  return model;
}

// ---------------------------------------------------------------------------------------------------------------

function pair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isPair(item) && keyText(item) === key) as Pair | undefined;
}

function stringValue(entry: Pair | undefined): string | undefined {
  const value = entry?.value;
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

function numberValue(entry: Pair | undefined): number | undefined {
  const value = entry?.value;
  return isScalar(value) && typeof value.value === 'number' ? value.value : undefined;
}

function valueRangeOf(entry: Pair | undefined): OffsetRange | undefined {
  if (!entry) return undefined;
  const range = nodeRange(entry.value);
  if (range && range.end > range.start) return range;
  return keyRange(entry);
}

function listField(entry: Pair | undefined): ListField | undefined {
  if (!entry) return undefined;
  const key = keyRange(entry) ?? { start: 0, end: 0 };
  const value = entry.value;
  const items: TextItem[] = [];
  if (isSeq(value)) {
    for (const item of value.items) {
      const range = nodeRange(item);
      if (isScalar(item) && range) items.push({ text: String(item.value ?? ''), range });
    }
  }
  return { keyRange: key, items, isList: isSeq(value), valueRange: valueRangeOf(entry) ?? key };
}
