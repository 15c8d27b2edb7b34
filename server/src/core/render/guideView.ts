import type { GuideModel } from '../model';
import type { SectionPlan } from '../rules/over-time';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { header, markdown, missing, section, textFact } from './competencyView';
import type { FieldReader } from './read';
import type { DocumentView, Fact, ListItem, SectionNode, ViewNode } from './view';

/**
 * A guide as the interview plan: title, role and timing, the intro, each section with its competency's chosen
 * questions in order, and the closing. Questions come from the workspace index; what cannot be resolved is shown
 * as such, in its place.
 */
export function guideView(model: GuideModel, read: FieldReader, index: WorkspaceIndex, plan: SectionPlan[], questionMinutes: number): DocumentView {
  const root = read.root();
  const name = read.text(root, 'guide');
  const title = name?.text.trim() || 'Untitled interview guide';
  const children: ViewNode[] = [];

  const facts: Fact[] = [];
  const role = read.text(root, 'role');
  if (role) facts.push(textFact('Role', role, read));
  const planned = plan.reduce((sum, part) => sum + part.minutes, 0);
  const durationPair = read.pair(root, 'duration_minutes');
  const duration = model.durationMinutes;
  if (duration !== undefined && durationPair) {
    const range = read.pairRange(durationPair);
    const line = read.line(range.start);
    facts.push({ label: 'Duration', value: minutes(duration), line, problems: [] });
    const difference = duration - planned;
    const balance = difference >= 0 ? `${minutes(difference)} to spare` : `${minutes(-difference)} over`;
    // The planned total owns the duration's range: over-time is reported there and belongs next to the total.
    facts.push({ label: 'Planned', value: `${minutes(planned)} (${balance})`, line, range, flagged: difference < 0, problems: [] });
  } else if (model.sections.length) {
    facts.push({ label: 'Planned', value: minutes(planned), line: read.line(model.sections[0].range.start), problems: [] });
  }
  children.push(header(title, name, facts, read));

  const intro = read.text(root, 'intro');
  if (intro) children.push(section('intro', 2, read, intro.range, undefined, [markdown(intro, 1)]));

  let number = 0;
  model.sections.forEach((part, i) => {
    const line = read.line(part.range.start);
    const competency = part.competency !== undefined ? index.competency(part.competency) : undefined;
    const parts: ViewNode[] = [];
    if (part.competency === undefined) parts.push(missing('This section names no competency.', line));
    else if (!competency) parts.push(missing(`No competency with the id \`${part.competency}\` was found.`, line));

    if (competency) {
      // Chosen ids in their order, or every question of the competency (each once, even under a duplicate id).
      const chosen = part.questions
        ? part.questions.map((item) => ({ id: item.text, range: item.range, question: competency.questions.find((q) => q.id === item.text) }))
        : competency.questions.map((question) => ({ id: question.id ?? '', range: undefined, question }));
      for (const { id, range, question } of chosen) {
        const itemLine = range ? read.line(range.start) : line;
        const body: ViewNode[] = [];
        if (!question) body.push(missing(`\`${competency.id ?? part.competency}\` has no question \`${id}\`.`, itemLine));
        else {
          if (question.text) body.push(markdown({ text: question.text, line: itemLine, literal: false }, 3));
          else body.push(missing('This question has no text.', itemLine));
          body.push(...listPart('areas', 'Areas to Cover', question.areasToCover, itemLine));
          body.push(...listPart('follow-ups', 'Follow-Up Questions', question.followUps, itemLine));
        }
        number++;
        // An unknown question still counts the default minutes in the plan, so its heading says so too.
        const meta = minutesShort(question?.minutes ?? questionMinutes);
        parts.push({ type: 'section', role: 'question', level: 3, heading: { text: `Question ${number}`, meta }, line: itemLine, range, problems: [], children: body });
      }
    } else if (part.questions?.length) {
      parts.push({ type: 'text', role: 'chosen', text: `Chosen questions: ${part.questions.map((q) => `\`${q.text}\``).join(', ')}.`, code: true, line, problems: [] });
    }

    const heading = { text: competency?.name?.trim() || part.competency || `Section ${i + 1}`, meta: minutesShort(plan[i]?.minutes ?? 0) };
    children.push({ type: 'section', role: 'guide-section', level: 2, heading, line, range: part.range, problems: [], children: parts });
  });

  const closing = read.text(root, 'closing');
  if (closing) children.push(section('closing', 2, read, closing.range, 'Closing', [markdown(closing, 2)]));

  return { kind: 'guide', title, problems: [], allProblems: [], children };
}

/** A question's list inside a guide: its items live in the competency file, so they carry the guide line they are shown for. */
function listPart(role: string, heading: string, texts: string[] | undefined, line: number): SectionNode[] {
  const items: ListItem[] = (texts ?? []).filter((text) => text.trim() !== '').map((text) => ({ text, line, problems: [] }));
  if (!items.length) return [];
  return [{ type: 'section', role, level: 4, heading: { text: heading }, line, problems: [], children: [{ type: 'list', role, items, line, problems: [] }] }];
}

function minutes(count: number): string {
  return `${count} ${count === 1 ? 'minute' : 'minutes'}`;
}

function minutesShort(count: number): string {
  return `${count} min`;
}
