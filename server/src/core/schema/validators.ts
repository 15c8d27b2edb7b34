import type { ValidateFunction } from 'ajv';
import competencySchema from '../../../../schemas/competency.schema.json';
import guideSchema from '../../../../schemas/guide.schema.json';
import type { FileKind } from '../fileKind';
// Compiled from the schemas by `npm run generate`; `npm test` fails when they differ from the schemas.
import * as precompiled from './precompiled';

export const schemasByKind: Record<FileKind, object> = {
  competency: competencySchema,
  guide: guideSchema,
};

export function validatorFor(kind: FileKind): ValidateFunction {
  return precompiled[kind];
}

/** One question of a competency file: what an edit inside a question re-validates. */
export function questionValidator(): ValidateFunction {
  return precompiled.question;
}
