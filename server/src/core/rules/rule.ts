import type { FileKind } from '../fileKind';
import type { BankModel } from '../model';
import type { Fix, OffsetRange, RelatedLocation, SeveritySetting } from '../problem';
import type { ParsedYaml } from '../yamlDocument';
import type { LintConfig } from '../config';

/** What a rule sees of one file. Rules hold no state: everything they need comes through here. */
export interface RuleContext {
  kind: FileKind;
  parsed: ParsedYaml;
  model: BankModel;
  /** The rule's own options from the config file, not yet checked: rules coerce them. */
  options: Record<string, unknown>;
  config: LintConfig;
}

export interface RuleReport {
  range: OffsetRange;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface Rule {
  /** Public, stable forever: used in config files, suppressions and docs/rules/<id>.md. */
  id: string;
  /** One sentence, shown in docs and hovers. */
  description: string;
  defaultSeverity: SeveritySetting;
  appliesTo: readonly FileKind[];
  check(context: RuleContext, report: (problem: RuleReport) => void): void;
}

/** Reads a whole-number option, falling back when the user wrote something else: a bad config never throws. */
export function integerOption(options: Record<string, unknown>, name: string, fallback: number, minimum = 0): number {
  const value = options[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum ? value : fallback;
}
