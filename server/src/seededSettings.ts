import type { WorkspaceFolder } from 'vscode-languageserver';
import { coerceSettings, type InitializationOptions, type Settings } from '../../common/settings';

/**
 * The settings of each workspace folder the client sent with `initialize` (see InitializationOptions), keyed by the
 * folder's URI without a trailing slash, as the server scopes settings. Only folders the workspace has count, and
 * only well-formed entries: anything else is pulled from the client as usual.
 */
export function seededSettings(initializationOptions: unknown, folders: readonly WorkspaceFolder[]): Map<string, Settings> {
  const seeded = new Map<string, Settings>();
  const entries = (initializationOptions as InitializationOptions | null | undefined)?.folderSettings;
  if (!Array.isArray(entries)) return seeded;
  const scopes = new Set(folders.map((folder) => folderScope(folder.uri)));
  for (const entry of entries as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { uri, settings } = entry as { uri?: unknown; settings?: unknown };
    if (typeof uri !== 'string' || !scopes.has(folderScope(uri))) continue;
    seeded.set(folderScope(uri), coerceSettings(settings));
  }
  return seeded;
}

/** A folder's URI as settings are scoped by, and as files inside it start with before their `/`: no trailing slash. */
export function folderScope(uri: string): string {
  return uri.replace(/\/$/, '');
}
