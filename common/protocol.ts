/** Names both sides of the language server agree on: commands, code action kinds, custom messages. */

/** Client command the "Disable <rule> for this line..." quick fix runs: asks for a reason, inserts the comment. */
export const ADD_SUPPRESSION_COMMAND = 'competencyGuides.addSuppression';

export interface AddSuppressionArguments {
  uri: string;
  /** Zero-based line to insert the comment above. */
  line: number;
  indent: string;
  ruleId: string;
  reasonRequired: boolean;
}

export const FIX_ALL_KIND = 'source.fixAll.competencyGuides';

/** Client commands the server's code lenses run: arguments `[uri: string, line: number]` (zero-based line). */
export const SHOW_PREVIEW_TO_SIDE_COMMAND = 'competencyGuides.showPreviewToSide';
export const REVEAL_LINE_COMMAND = 'competencyGuides.revealLine';

/** Request `competencyGuides/status`: what the language status item shows for a file. */
export const STATUS_REQUEST = 'competencyGuides/status';

export interface StatusParams {
  uri: string;
}

export interface StatusResult {
  /** The `.competency-lint.yaml` in effect for the file, if any. */
  configUri?: string;
  /** Bank files the server has indexed in the workspace. */
  indexedFiles: number;
}

/**
 * Request `competencyGuides/renderGuide`: the interview guide of a bank file as an HTML fragment for the preview,
 * from the editor's current text when the file is open, else from disk. Every block element carries `data-line`.
 */
export const RENDER_GUIDE_REQUEST = 'competencyGuides/renderGuide';

export interface RenderGuideParams {
  uri: string;
}

export interface RenderGuideResult {
  /** One `<article>`; escaped, no scripts, for the preview's body. Empty only when the file could not be read. */
  html: string;
  title: string;
  /** The document version rendered; absent when the text came from disk. */
  version?: number;
  /**
   * Set when the file is not valid YAML (the first syntax error; `line` zero-based) or could not be read. `html`
   * is still the best render of what could be read, so the preview may keep its last good render with a banner.
   */
  error?: { message: string; line: number };
}

/**
 * Request `competencyGuides/exportGuide`: the same render as a whole document, for the export commands: `html` is
 * one self-contained page (stylesheet inlined, light theme, no scripts), `md` is Markdown. Problems are not shown.
 */
export const EXPORT_GUIDE_REQUEST = 'competencyGuides/exportGuide';

export type ExportFormat = 'html' | 'md';

export interface ExportGuideParams {
  uri: string;
  format: ExportFormat;
}

export interface ExportGuideResult {
  content: string;
  title: string;
  version?: number;
  /** As in RenderGuideResult; an export with `error` set should not be saved without asking. */
  error?: { message: string; line: number };
}
