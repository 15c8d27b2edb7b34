// What each server must report on a generated bank, and the comparison that fails the benchmark when it does not.
// Ours must report exactly the planted problems (each rule id on its line, nothing else); the peer, which checks
// syntax and the JSON schema only, must flag exactly the lines of the planted schema errors.
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Planted } from './generate';

export class WrongDiagnostics extends Error {}

/** "line:rule" keys of what ours reports; lines one-based, as people read them. */
function ourKeys(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${String(d.code ?? '?')}`).sort();
}

export function expectedOurKeys(planted: readonly Planted[], extra: readonly string[] = []): string[] {
  return [...planted.flatMap((p) => p.ours.map((rule) => `${p.line + 1}:${rule}`)), ...extra].sort();
}

export function expectedPeerLines(planted: readonly Planted[], extra: readonly number[] = []): number[] {
  return [...new Set([...planted.filter((p) => p.peer).map((p) => p.line + 1), ...extra])].sort((a, b) => a - b);
}

function peerLines(diagnostics: readonly Diagnostic[]): number[] {
  return [...new Set(diagnostics.map((d) => d.range.start.line + 1))].sort((a, b) => a - b);
}

/** Differences between what a server published and what it should have, as readable lines; empty when right. */
export function compare(kind: 'ours' | 'peer', diagnostics: readonly Diagnostic[], planted: readonly Planted[], extra: { ours?: string[]; peerLines?: number[] } = {}): string[] {
  if (kind === 'ours') {
    const got = ourKeys(diagnostics);
    const want = expectedOurKeys(planted, extra.ours);
    const missing = want.filter((k) => !got.includes(k));
    const unexpected = got.filter((k) => !want.includes(k));
    return [
      ...missing.map((k) => `missing line:rule ${k}`),
      ...unexpected.map((k) => {
        const d = diagnostics.find((x) => `${x.range.start.line + 1}:${String(x.code ?? '?')}` === k);
        return `unexpected ${k}: ${d?.message ?? ''}`;
      }),
    ];
  }
  const got = peerLines(diagnostics);
  const want = expectedPeerLines(planted, extra.peerLines);
  return [
    ...want.filter((l) => !got.includes(l)).map((l) => `nothing reported on line ${l}`),
    ...got.filter((l) => !want.includes(l)).map((l) => `unexpected on line ${l}: ${diagnostics.find((d) => d.range.start.line + 1 === l)?.message ?? ''}`),
  ];
}

export function matches(kind: 'ours' | 'peer', diagnostics: readonly Diagnostic[], planted: readonly Planted[], extra: { ours?: string[]; peerLines?: number[] } = {}): boolean {
  return compare(kind, diagnostics, planted, extra).length === 0;
}

/** Throws with the differences; the runner turns that into exit code 1 before any number is printed. */
export function assertDiagnostics(what: string, kind: 'ours' | 'peer', diagnostics: readonly Diagnostic[], planted: readonly Planted[], extra: { ours?: string[]; peerLines?: number[] } = {}): void {
  const problems = compare(kind, diagnostics, planted, extra);
  if (problems.length) throw new WrongDiagnostics(`${what}:\n  ${problems.slice(0, 12).join('\n  ')}${problems.length > 12 ? `\n  … ${problems.length - 12} more` : ''}`);
}
