import Ajv, { type ValidateFunction } from 'ajv';
import competencySchema from '../../../../schemas/competency.schema.json';
import guideSchema from '../../../../schemas/guide.schema.json';
import type { FileKind } from '../fileKind';

export const schemasByKind: Record<FileKind, object> = {
  competency: competencySchema,
  guide: guideSchema,
};

let compiled: Record<FileKind, ValidateFunction> | undefined;

/** Compiles both schemas once per process: compiling costs far more than validating. */
export function validatorFor(kind: FileKind): ValidateFunction {
  if (!compiled) {
    // verbose: errors carry their schema and data, which the plain-English messages need.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    compiled = { competency: ajv.compile(competencySchema), guide: ajv.compile(guideSchema) };
  }
  return compiled[kind];
}
