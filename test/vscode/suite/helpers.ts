// What the extension-host tests share: the fixtures folder, reading diagnostics, and waiting on them.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartupTimings } from '../../../client/src/startupClock';

export const EXTENSION_ID = 'competency-guides.competency-guides';
export const SOURCE = 'competency-guides';

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixtures folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `  line ${d.range.start.line + 1} ${d.source}(${codeOf(d)}): ${d.message}`).join('\n') || '  (none)';
}

export function lineOf(document: vscode.TextDocument, needle: string): number {
  const line = document.getText().split(/\r?\n/).findIndex((text) => text.includes(needle));
  assert.ok(line >= 0, `${needle} is in ${path.basename(document.uri.path)}`);
  return line;
}

/** Resolves with the diagnostics of `uri` once `predicate` holds for them, re-checking on every change. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) return;
      done();
      resolve(diagnostics);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now:\n${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const done = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

/** Polls a condition that has no event of its own (activation, a process starting), with a deadline. */
export async function waitUntil<T>(condition: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The extension's start-up timings (activation to a ready server and to its first diagnostics), with a deadline. */
export async function startupTimings(extension: vscode.Extension<unknown>, timeoutMs = 20_000): Promise<StartupTimings> {
  const startup = (extension.exports as { startup?: Promise<StartupTimings> } | undefined)?.startup;
  assert.ok(startup, 'the extension API offers its start-up timings');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no start-up timings within ${timeoutMs / 1000} s`)), timeoutMs)));
  return Promise.race([startup, deadline]).finally(() => clearTimeout(timer));
}
