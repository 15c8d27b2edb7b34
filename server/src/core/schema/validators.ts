import Ajv, { type ValidateFunction } from 'ajv';
import competencySchema from '../../../../schemas/competency.schema.json';
import guideSchema from '../../../../schemas/guide.schema.json';
import type { FileKind } from '../fileKind';

export const schemasByKind: Record<FileKind, object> = {
  competency: competencySchema,
  guide: guideSchema,
};

let compiled: { competency: ValidateFunction; guide: ValidateFunction; question: ValidateFunction } | undefined;

function compileAll() {
  if (!compiled) {
    // verbose: errors carry their schema and data, which the plain-English messages need.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    const competency = ajv.compile(competencySchema);
    const question = ajv.getSchema(`${(competencySchema as { $id: string }).$id}#/definitions/question`);
    if (!question) throw new Error('The competency schema has no definitions/question');
    compiled = { competency, guide: ajv.compile(guideSchema), question };
  }
  return compiled;
}

/** Compiles the schemas once per process: compiling costs far more than validating. */
export function validatorFor(kind: FileKind): ValidateFunction {
  return compileAll()[kind];
}

/** One question of a competency file: what an edit inside a question re-validates. */
export function questionValidator(): ValidateFunction {
  return compileAll().question;
}
