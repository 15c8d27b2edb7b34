import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../../common/languages';
import { PREVIEW_VIEW_TYPE, PreviewPanel } from './previewPanel';

const PREVIEW_SETTINGS = 'competencyGuides.preview';

export function isBankDocument(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return !!document && (LANGUAGE_IDS as readonly string[]).includes(document.languageId);
}

/**
 * The previews, as the Markdown preview keeps them: at most one dynamic preview that follows the active
 * competency or guide editor, and any number of locked previews that stay on their file.
 */
export class PreviewManager implements vscode.Disposable {
  private readonly previews = new Set<PreviewPanel>();
  private dynamic: PreviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const saved = state as { uri?: unknown; locked?: unknown } | undefined;
          if (typeof saved?.uri !== 'string') {
            panel.dispose();
            return;
          }
          const preview = this.track(new PreviewPanel(panel, vscode.Uri.parse(saved.uri), saved.locked === true, this.client, this.extensionUri));
          await preview.loadPage();
        },
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        for (const preview of this.previewsOf(event.document.uri)) preview.scheduleUpdate(this.debounce(event.document.uri));
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.dynamic && isBankDocument(editor?.document)) void this.dynamic.show(editor.document.uri);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (!this.scrollSyncEnabled(event.textEditor.document.uri)) return;
        const line = event.visibleRanges[0]?.start.line;
        if (line === undefined) return;
        for (const preview of this.previewsOf(event.textEditor.document.uri)) preview.syncToEditorLine(line);
      }),
      vscode.workspace.onDidDeleteFiles((event) => {
        for (const deleted of event.files) for (const preview of [...this.previews]) if (isSameOrInside(preview.uri, deleted)) preview.dispose();
      }),
      // Deleted outside the editor (a terminal, git): the watcher reports it.
      (() => {
        const watcher = vscode.workspace.createFileSystemWatcher('**/*.{competency,guide}.{yaml,yml}', true, true, false);
        watcher.onDidDelete((uri) => {
          for (const preview of [...this.previews]) if (preview.uri.toString() === uri.toString()) preview.dispose();
        });
        return watcher;
      })(),
    );
  }

  /** Opens (or reveals) a preview of the document, in the active column or beside it. */
  async showPreview(resource: vscode.Uri | undefined, options: { toSide: boolean; locked: boolean; line?: number }): Promise<void> {
    const uri = resource ?? (isBankDocument(vscode.window.activeTextEditor?.document) ? vscode.window.activeTextEditor.document.uri : undefined);
    if (!uri) {
      void vscode.window.showInformationMessage('Open a competency or guide file to preview it.');
      return;
    }
    const column = options.toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active);
    const existing = options.locked ? [...this.previews].find((p) => p.locked && p.uri.toString() === uri.toString()) : this.dynamic;
    if (existing) {
      await existing.show(uri);
      existing.panel.reveal(existing.panel.viewColumn ?? column, options.toSide);
      if (options.line !== undefined) existing.syncToEditorLine(options.line);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'Preview', { viewColumn: column, preserveFocus: options.toSide }, {
      ...PreviewPanel.webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    const preview = this.track(new PreviewPanel(panel, uri, options.locked, this.client, this.extensionUri));
    if (!options.locked) this.dynamic = preview;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    await preview.loadPage(options.line ?? editor?.visibleRanges[0]?.start.line);
  }

  /** Locks the active dynamic preview to its file, or unlocks a locked one. */
  toggleLock(): void {
    const active = [...this.previews].find((p) => p.panel.active);
    if (!active) return;
    if (active.locked) {
      this.dynamic?.dispose();
      active.setLocked(false);
      this.dynamic = active;
    } else {
      active.setLocked(true);
      if (this.dynamic === active) this.dynamic = undefined;
    }
    void active.loadPage();
  }

  private track(preview: PreviewPanel): PreviewPanel {
    this.previews.add(preview);
    preview.onDidDispose(() => {
      this.previews.delete(preview);
      if (this.dynamic === preview) this.dynamic = undefined;
    });
    return preview;
  }

  private previewsOf(uri: vscode.Uri): PreviewPanel[] {
    return [...this.previews].filter((preview) => preview.uri.toString() === uri.toString());
  }

  private debounce(uri: vscode.Uri): number {
    const value = vscode.workspace.getConfiguration(PREVIEW_SETTINGS, uri).get<number>('debounce', 150);
    return Math.min(Math.max(Number.isFinite(value) ? value : 150, 0), 2000);
  }

  private scrollSyncEnabled(uri: vscode.Uri): boolean {
    return vscode.workspace.getConfiguration(PREVIEW_SETTINGS, uri).get<boolean>('scrollSync', true);
  }

  dispose(): void {
    for (const preview of [...this.previews]) preview.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function isSameOrInside(uri: vscode.Uri, deleted: vscode.Uri): boolean {
  const path = uri.toString();
  const base = deleted.toString().replace(/\/$/, '');
  return path === base || path.startsWith(`${base}/`);
}
