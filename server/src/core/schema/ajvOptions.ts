import type { Options } from 'ajv';

/**
 * How the schemas are compiled, ahead of time (scripts/generate.ts) and wherever they are compiled at run time.
 * verbose: errors carry their schema and data, which the plain-English messages need.
 */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: false };
