/**
 * Settings shared by the extension client and the language server. Declared in package.json under
 * `competencyGuides.*`; the server pulls them per resource and never keeps them in globals.
 */

export const SETTINGS_SECTION = 'competencyGuides';

export type LintRun = 'onSave' | 'onType';
export type SeverityOverride = 'off' | 'info' | 'warning' | 'error';

export interface Settings {
  /** `rules`: editor-only severity overrides per rule id (`default` entries are dropped). */
  lint: { run: LintRun; rules: Record<string, SeverityOverride> };
  /** `maxFileSize` in bytes: larger files are not parsed (one problem says so). */
  validate: { delay: number; maxFileSize: number };
}

export const defaultSettings: Settings = {
  lint: { run: 'onSave', rules: {} },
  validate: { delay: 100, maxFileSize: 8_000_000 },
};

const OVERRIDES: readonly string[] = ['off', 'info', 'warning', 'error'];

/** Turns whatever the client sent into settings; unknown or malformed values fall back to defaults. */
export function coerceSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? raw : {};
  const lint = isRecord(section.lint) ? section.lint : {};
  const validate = isRecord(section.validate) ? section.validate : {};
  const delay = typeof validate.delay === 'number' && Number.isFinite(validate.delay) ? validate.delay : undefined;
  const rules: Record<string, SeverityOverride> = {};
  if (isRecord(lint.rules)) {
    for (const [id, severity] of Object.entries(lint.rules)) {
      if (typeof severity === 'string' && OVERRIDES.includes(severity)) rules[id] = severity as SeverityOverride;
    }
  }
  return {
    lint: { run: lint.run === 'onType' ? 'onType' : 'onSave', rules },
    validate: {
      delay: delay === undefined ? defaultSettings.validate.delay : Math.min(Math.max(delay, 0), 2000),
      maxFileSize:
        typeof validate.maxFileSize === 'number' && validate.maxFileSize > 0
          ? Math.round(validate.maxFileSize * 1_000_000)
          : defaultSettings.validate.maxFileSize,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What the client sends with `initialize`: the `competencyGuides` settings of each workspace folder as they are at
 * start. Reading the workspace right after start needs them; asking for them costs a round trip to an extension
 * host that is busy starting other extensions.
 */
export interface InitializationOptions {
  folderSettings?: { uri: string; settings: unknown }[];
}
