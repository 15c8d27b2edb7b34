// Entry point the extension host loads as `extensionTestsPath` for a later start: the workbench is opened again on
// the same profile and folder after the suite has run, so the extension starts as it does on a user's every day,
// with V8's code cache of its language server and the checks of the folder kept from the session before. It times
// that start, as the suite times the first one, and prints the figures; it fails only when there are none.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, startupTimings } from './suite/helpers';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  // workspaceContains activates the extension at start-up, before this module is loaded.
  if (!extension.isActive) throw new Error('the extension did not activate at start-up in a folder with bank files');
  const timings = await startupTimings(extension);
  if (!/\.(competency|guide)\.ya?ml$/.test(timings.firstDiagnosticsUri)) throw new Error(`the first diagnostics are not for a bank file: ${timings.firstDiagnosticsUri}`);
  console.log(
    `start-up in VS Code, later start: server ready ${timings.serverReadyMs} ms, first diagnostics ${timings.firstDiagnosticsMs} ms after activation (${path.basename(timings.firstDiagnosticsUri)})`,
  );
}
