import type { LintConfig } from '../config';
import type { FileKind } from '../fileKind';
import type { BankModel } from '../model';
import type { Fix, OffsetRange, RelatedLocation, SeveritySetting } from '../problem';
import type { SourceText } from '../text/sourceText';
import type { FileSummary } from '../workspace/fileSummary';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** What a file rule sees of one file. Rules hold no state: everything they need comes through here. */
export interface RuleContext {
  kind: FileKind;
  /** The file's text, for the ranges and fixes rules compute: read in parts, an open document's is in pieces. */
  text: SourceText;
  model: BankModel;
  /** The rule's own options from the config file, not yet checked: rules coerce them. */
  options: Record<string, unknown>;
  config: LintConfig;
}

/** What a workspace rule sees: one file's summary and the index of every bank file. */
export interface WorkspaceRuleContext {
  file: FileSummary;
  index: WorkspaceIndex;
  options: Record<string, unknown>;
  config: LintConfig;
}

export interface RuleReport {
  range: OffsetRange;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

interface RuleInfo {
  /** Public, stable forever: used in config files, suppressions and docs/rules/<id>.md. */
  id: string;
  /** One sentence, shown in docs and hovers. */
  description: string;
  defaultSeverity: SeveritySetting;
  appliesTo: readonly FileKind[];
  /** Options the rule reads, for the generated config schema: name -> JSON schema. */
  options?: Record<string, RuleOption>;
}

export interface RuleOption {
  type: 'integer' | 'boolean' | 'string';
  minimum?: number;
  enum?: readonly string[];
  default: unknown;
  description: string;
}

/** Looks at one file at a time, with its YAML tree. */
export interface FileRule extends RuleInfo {
  scope?: 'file';
  /**
   * The rule judges each question of a competency file on its own, so an edit inside one question re-runs it on that
   * question alone (typing in onType mode). A rule that compares questions must leave this off, or be a workspace rule.
   */
  perQuestion?: boolean;
  check(context: RuleContext, report: (problem: RuleReport) => void): void;
}

/** Looks across files (ids, references, duplicates) through the workspace index; runs without re-parsing. */
export interface WorkspaceRule extends RuleInfo {
  scope: 'workspace';
  check(context: WorkspaceRuleContext, report: (problem: RuleReport) => void): void;
}

export type Rule = FileRule | WorkspaceRule;

/** Reads a whole-number option, falling back when the user wrote something else: a bad config never throws. */
export function integerOption(options: Record<string, unknown>, name: string, fallback: number, minimum = 0): number {
  const value = options[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum ? value : fallback;
}

export function booleanOption(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name];
  return typeof value === 'boolean' ? value : fallback;
}
