// Entry point the extension host loads as `extensionTestsPath` for a later start: the workbench is opened again on
// the same profile and folder after the suite has run, so the extension starts as it does on a user's every day,
// with V8's code cache of its language server and the checks of the folder kept from the session before. It times
// that start, as the suite times the first one, and prints the figures; it fails only when there are none.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './suite/helpers';

interface StartupTimings {
  serverReadyMs: number;
  firstDiagnosticsMs: number;
  firstDiagnosticsUri: string;
}

const DEADLINE_MS = 20_000;

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ startup?: Promise<StartupTimings> } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  // workspaceContains activates the extension at start-up, before this module is loaded.
  if (!extension.isActive) throw new Error('the extension did not activate at start-up in a folder with bank files');
  const startup = extension.exports?.startup;
  if (!startup) throw new Error('the extension API offers no start-up timings');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no start-up timings within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS)));
  const timings = await Promise.race([startup, deadline]).finally(() => clearTimeout(timer));
  if (!/\.(competency|guide)\.ya?ml$/.test(timings.firstDiagnosticsUri)) throw new Error(`the first diagnostics are not for a bank file: ${timings.firstDiagnosticsUri}`);
  console.log(
    `start-up in VS Code, later start: server ready ${timings.serverReadyMs} ms, first diagnostics ${timings.firstDiagnosticsMs} ms after activation (${path.basename(timings.firstDiagnosticsUri)})`,
  );
}
