// Writes the files derived from the rule registry, the schemas and the protected-topic lists: the config file's JSON
// schema, the `competencyGuides.lint.rules` setting in package.json, the schema validators compiled ahead of time,
// and the protected-topic prefilter strings. With
// --check, writes nothing and fails when a committed file is stale (run in `npm test`).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { builtinChecks, rules } from '../server/src/core/rules';
import { AJV_OPTIONS } from '../server/src/core/schema/ajvOptions';
import { prefilterStrings, protectedTopicsByLocale, topicsFingerprint } from '../server/src/core/text/protectedTopics';

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const SEVERITIES = ['off', 'info', 'warning', 'error'];

function configSchema(): object {
  const ruleProperties: Record<string, object> = {};
  for (const check of builtinChecks) {
    ruleProperties[check.id] = {
      description: `${check.description}${check.id === 'yaml-syntax' ? ' Cannot be switched off.' : ''} Default: ${check.defaultSeverity}.`,
      enum: check.id === 'yaml-syntax' ? ['info', 'warning', 'error'] : SEVERITIES,
    };
  }
  for (const rule of rules) {
    const severity = { enum: SEVERITIES };
    const options = Object.entries(rule.options ?? {});
    ruleProperties[rule.id] = {
      description: `${rule.description} Default: ${rule.defaultSeverity}.`,
      oneOf: [
        severity,
        {
          type: 'array',
          description: 'The severity, then the rule\'s options.',
          items: [
            severity,
            {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(
                options.map(([name, option]) => [
                  name,
                  {
                    type: option.type,
                    ...(option.minimum !== undefined ? { minimum: option.minimum } : {}),
                    ...(option.enum ? { enum: option.enum } : {}),
                    default: option.default,
                    description: option.description,
                  },
                ]),
              ),
            },
          ],
          minItems: 1,
          maxItems: 2,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://competency-guides.dev/schemas/competency-lint.schema.json',
    title: 'Competency Guides lint configuration (.competency-lint.yaml)',
    description: 'Configures the lint rules for the competency and guide files in this folder and below. The nearest file up the tree applies.',
    type: 'object',
    additionalProperties: false,
    properties: {
      question_minutes: {
        type: 'integer',
        minimum: 1,
        default: 12,
        description: 'Planned minutes for a question that does not set its own `minutes`; used by over-time.',
      },
      rules: {
        type: 'object',
        description: 'Severity (off, info, warning, error) and options per rule id.',
        additionalProperties: false,
        properties: ruleProperties,
      },
    },
  };
}

function rulesSetting(): object {
  const ids = [...builtinChecks.map((c) => c.id).filter((id) => id !== 'yaml-syntax'), ...rules.map((r) => r.id)];
  return {
    scope: 'resource',
    type: 'object',
    default: {},
    markdownDescription:
      'Overrides the severity of rules **in the editor only**, for example to show `not-behavioral` as a hint while you write. Rules and their options are configured for the editor and the command line alike in `.competency-lint.yaml`.',
    additionalProperties: false,
    properties: Object.fromEntries(ids.map((id) => [id, { type: 'string', enum: ['default', ...SEVERITIES], default: 'default', markdownDescription: `Severity of \`${id}\` in the editor.` }])),
  };
}

/**
 * The competency, guide and single-question validators as JavaScript: compiling the schemas at start-up costs the
 * server and the CLI a few hundred milliseconds before the first diagnostic, loading this costs a few.
 */
function precompiledValidators(): string {
  const competency = JSON.parse(readFileSync(path.join(root, 'schemas/competency.schema.json'), 'utf8'));
  const guide = JSON.parse(readFileSync(path.join(root, 'schemas/guide.schema.json'), 'utf8'));
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  ajv.addSchema(competency);
  ajv.addSchema(guide);
  const code = standaloneCode(ajv, { competency: competency.$id, guide: guide.$id, question: `${competency.$id}#/definitions/question` });
  // ajv joins a referenced schema's errors with `vErrors.concat(...)` for every failing list item: a copy of all the
  // errors so far each time, quadratic in a file of thousands of wrong items. Appending gives the same list.
  const appending = code.replace(
    /vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g,
    'if(vErrors === null){vErrors = $1.errors;}else {for(const error of $1.errors){vErrors.push(error);}}',
  );
  if (appending === code) throw new Error('ajv\'s standalone code no longer joins errors with concat: review the rewrite in scripts/generate.ts');
  return `// Generated by \`npm run generate\` from schemas/competency.schema.json and schemas/guide.schema.json. Do not edit.\n${appending}\n`;
}

/**
 * The protected-topic prefilter strings of each built-in list: working them out costs each process (the server,
 * every worker) tens of milliseconds, loading them costs nothing.
 */
function topicPrefilters(): string {
  const entries = Object.entries(protectedTopicsByLocale).map(([locale, topics]) => {
    const strings = prefilterStrings(topics);
    if (!strings) throw new Error(`The ${locale} protected topics have no prefilter: see prefilterStrings in protectedTopics.ts`);
    return [locale, { fingerprint: topicsFingerprint(topics), strings }];
  });
  return [
    '// Generated by `npm run generate` from the protected-topic lists (protectedTopics.ts). Do not edit.',
    "import type { PrefilterStrings } from './protectedTopics';",
    '',
    `export const GENERATED_PREFILTERS: Record<string, { fingerprint: string; strings: PrefilterStrings }> = ${JSON.stringify(Object.fromEntries(entries), null, 2)};`,
    '',
  ].join('\n');
}

let stale = false;
function write(file: string, content: string): void {
  const full = path.join(root, file);
  const current = (() => {
    try {
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (current === content) return;
  if (check) {
    console.error(`${file} is stale: run \`npm run generate\` and commit the result.`);
    stale = true;
  } else {
    writeFileSync(full, content);
    console.log(`wrote ${file}`);
  }
}

write('schemas/competency-lint.schema.json', `${JSON.stringify(configSchema(), null, 2)}\n`);
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
manifest.contributes.configuration.properties['competencyGuides.lint.rules'] = rulesSetting();
write('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
write('server/src/core/schema/precompiled.js', precompiledValidators());
write('server/src/core/text/topicPrefilters.generated.ts', topicPrefilters());
if (stale) process.exit(1);
if (check) console.log('generated files are current');
