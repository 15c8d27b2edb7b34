import { Composer, parseAllDocuments as parseAllDocumentsOfYaml2, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type YAMLError } from 'yaml';
import { Parser } from 'yaml-cst';

export type ParseAllOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** What `yaml`'s parseAllDocuments gives: the documents, or for a stream with none, its errors and warnings. */
export type ParsedDocuments = Document.Parsed[] & { empty?: true; errors?: YAMLError[]; warnings?: YAMLError[] };

/**
 * `yaml`'s parseAllDocuments, with its first stage, the syntax tree (CST), built by the parser of yaml 3: a third of
 * the time of version 2's, whose lexer and parser hand over every token through generators. Version 2's composer
 * builds the documents from that tree as it does from its own: the CST token types are the same in both. For YAML
 * without syntax errors, every node, range, comment and warning is what version 2 alone gives; on some broken lines
 * version 3 recovers differently (other errors, other nodes), and the text is reported broken either way.
 * test/unit/yamlParse.test.ts holds the two parses to that.
 */
export function parseAllDocuments(text: string, options: ParseAllOptions): ParsedDocuments {
  // Yaml 3.0.0-2's lexer loops forever on a comment or directive that ends in a line break other than \n or \r\n
  // (`# note\r`, `%YAML\u2028`): its regular expressions end a line where JavaScript does, and it steps over \n
  // only. Text with such a break, rare outside old Mac files, is parsed by version 2 alone.
  if (OTHER_LINE_BREAK.test(text)) return parseAllDocumentsOfYaml2(text, options) as ParsedDocuments;
  const composer = new Composer(options);
  const documents = [...composer.compose(new Parser().parse(text))] as ParsedDocuments;
  if (documents.length > 0) return documents;
  return Object.assign(documents, { empty: true as const }, composer.streamInfo());
}

/** A line break JavaScript's regular expressions know besides \n and \r\n: a lone \r, U+2028 or U+2029. */
const OTHER_LINE_BREAK = /\r(?!\n)|[\u2028\u2029]/;
