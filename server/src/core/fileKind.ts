export type FileKind = 'competency' | 'guide';

const COMPETENCY_FILE = /\.competency\.ya?ml$/i;
const GUIDE_FILE = /\.guide\.ya?ml$/i;

/** The kind of bank file a path or URI names, by its file name; undefined for anything else. */
export function fileKindOf(pathOrUri: string): FileKind | undefined {
  const name = pathOrUri.replace(/[?#].*$/, '');
  if (COMPETENCY_FILE.test(name)) return 'competency';
  if (GUIDE_FILE.test(name)) return 'guide';
  return undefined;
}
