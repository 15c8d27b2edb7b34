/**
 * What the `yaml` package gets for `require('process')` in our bundles (see scripts/build.mjs).
 *
 * Its parser and composer check `process.env.LOG_TOKENS` and `process.env.LOG_STREAM` (debug logging) for every token
 * they read. `process.env` is no plain object: each read asks the operating system's environment, and those reads
 * were about a sixth of the time spent parsing. The two values are read once, when the bundle loads; setting either
 * variable before starting still turns the logging on.
 */
export const env: Readonly<Record<'LOG_TOKENS' | 'LOG_STREAM', string | undefined>> = {
  LOG_TOKENS: process.env.LOG_TOKENS,
  LOG_STREAM: process.env.LOG_STREAM,
};

/** Its only other use of `process`: warnings, which our parse options keep quiet, go where Node's go. */
export function emitWarning(warning: string | Error): void {
  process.emitWarning(warning);
}
