/**
 * Settings shared by the extension client and the language server. Declared in package.json under
 * `competencyGuides.*`; the server pulls them per resource and never keeps them in globals.
 */

export const SETTINGS_SECTION = 'competencyGuides';

export type LintRun = 'onSave' | 'onType';

export interface Settings {
  lint: { run: LintRun };
  validate: { delay: number };
}

export const defaultSettings: Settings = {
  lint: { run: 'onSave' },
  validate: { delay: 100 },
};

/** Turns whatever the client sent into settings; unknown or malformed values fall back to defaults. */
export function coerceSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? raw : {};
  const lint = isRecord(section.lint) ? section.lint : {};
  const validate = isRecord(section.validate) ? section.validate : {};
  const delay = typeof validate.delay === 'number' && Number.isFinite(validate.delay) ? validate.delay : undefined;
  return {
    lint: { run: lint.run === 'onType' ? 'onType' : 'onSave' },
    validate: { delay: delay === undefined ? defaultSettings.validate.delay : Math.min(Math.max(delay, 0), 2000) },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
