import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind } from '../core/fileKind';
import { builtinChecks, metaCheckIds, rules } from '../core/rules';
import { isSectionKey, propertySchema, schemaAt, typeLabel } from '../core/schema/schemaInfo';
import type { FileSummary, QuestionSummary } from '../core/workspace/fileSummary';
import type { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { cursorPlace, unquote, type Span } from '../core/yamlCursor';

export interface HoverContext {
  kind: FileKind;
  index?: WorkspaceIndex;
  /** Base URI of the rule pages (`<base>/<id>.md`), linked from rule hovers. */
  ruleDocsBase?: string;
}

/**
 * Hover text at a position: a key's documentation from the schema, the competency or question a guide names, or
 * the rule a suppression comment names. Like completion, it reads the lines around the position only.
 */
export function doHover(document: TextDocument, position: Position, context: HoverContext): Hover | null {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const place = cursorPlace(text, offset);
  const on = (span: Span) => span.start <= offset && offset <= span.end && span.end > span.start;
  let value: string | undefined;
  let span: Span | undefined;
  switch (place.kind) {
    case 'key':
      if (!place.hasColon || !on(place.word)) return null;
      value = keyDocumentation(context.kind, place.path, unquote(place.word.text));
      span = place.word;
      break;
    case 'value':
      if (on(place.keySpan)) {
        value = keyDocumentation(context.kind, place.path, place.key);
        span = place.keySpan;
      } else if (on(place.word) && context.kind === 'guide' && isSectionKey([...place.path, place.key], 'competency')) {
        const competency = context.index?.competency(unquote(place.word.text));
        value = competency && competencyDocumentation(competency);
        span = place.word;
      }
      break;
    case 'item':
      if (on(place.word) && context.kind === 'guide' && isSectionKey(place.path, 'questions')) {
        const competencyId = place.parent.find((entry) => entry.key === 'competency')?.value;
        const competency = competencyId && context.index?.competency(unquote(competencyId.text));
        const id = unquote(place.word.text);
        const question = competency ? competency.questions.find((q) => q.id === id) : undefined;
        value = question && questionDocumentation(question, competency as FileSummary);
        span = place.word;
      }
      break;
    case 'directive':
      if (on(place.word)) {
        value = ruleDocumentation(place.word.text, context.ruleDocsBase);
        span = place.word;
      }
      break;
  }
  if (!value || !span) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
  };
}

export function keyDocumentation(kind: FileKind, mapPath: (string | number)[], key: string): string | undefined {
  const property = propertySchema(kind, mapPath, key);
  if (!property) return undefined;
  const required = schemaAt(kind, mapPath)?.required?.includes(key);
  const lines = [`**${key}** · ${required ? 'required' : 'optional'} · ${typeLabel(kind, property)}`];
  if (property.description) lines.push(property.description);
  const example = property.examples?.[0];
  if (example !== undefined && !property.enum) lines.push(`Example: \`${Array.isArray(example) ? `[${example.join(', ')}]` : String(example)}\``);
  return lines.join('\n\n');
}

export function competencyDocumentation(competency: FileSummary): string {
  const count = competency.questions.length;
  const lines = [`**${competency.name ?? competency.id}** (\`${competency.id}\`)`];
  if (competency.summary) lines.push(competency.summary);
  lines.push(`_${count} question${count === 1 ? '' : 's'}_`);
  return lines.join('\n\n');
}

export function questionDocumentation(question: QuestionSummary, competency: FileSummary): string {
  const lines = [`**${question.id}** · ${competency.name ?? competency.id}${question.minutes !== undefined ? ` · ${question.minutes} min` : ''}`];
  if (question.text) lines.push(question.text);
  if (question.areasToCover?.length) lines.push(`**Areas to cover**\n${bullets(question.areasToCover)}`);
  if (question.followUps?.length) lines.push(`**Follow-ups**\n${bullets(question.followUps)}`);
  return lines.join('\n\n');
}

function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item.replace(/\s*\n\s*/g, ' ')}`).join('\n');
}

export function ruleDocumentation(id: string, ruleDocsBase?: string): string {
  const rule = [...builtinChecks, ...rules].find((candidate) => candidate.id === id);
  if (!rule) {
    if ((metaCheckIds as readonly string[]).includes(id)) return `**${id}**\n\nReports mistakes in the config file or in suppression comments; it cannot be suppressed itself.`;
    return `Unknown rule id \`${id}\`: this comment suppresses nothing.`;
  }
  const lines = [`**${rule.id}** · ${rule.defaultSeverity} by default`, rule.description];
  if (ruleDocsBase) lines.push(`[Rule documentation](${ruleDocsBase}/${rule.id}.md)`);
  return lines.join('\n\n');
}
