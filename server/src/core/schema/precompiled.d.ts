// The validators scripts/generate.ts compiles from the schemas into precompiled.js.
import type { ValidateFunction } from 'ajv';

export declare const competency: ValidateFunction;
export declare const guide: ValidateFunction;
export declare const question: ValidateFunction;
