import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RENDER_GUIDE_REQUEST, type RenderGuideParams, type RenderGuideResult } from '../../../common/protocol';
import { isOpenableLink, parseFromWebview, type ToWebview } from '../../../common/previewMessages';
import { previewHtml } from './previewHtml';

export const PREVIEW_VIEW_TYPE = 'competencyGuides.preview';

/**
 * One preview webview showing the guide of one document. The page loads once; every later render is posted and
 * patched in, so scroll position and state survive typing.
 */
export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private lastGoodHtml: string | undefined;
  private renderedVersion: number | undefined;
  private renderTimer: NodeJS.Timeout | undefined;
  private rendering: Promise<void> = Promise.resolve();
  /** Editor scrolls we caused from the preview, not to be echoed back to it. */
  private editorScrollsToIgnore = 0;
  private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDidDisposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private resource: vscode.Uri,
    public locked: boolean,
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
  ) {
    panel.webview.options = PreviewPanel.webviewOptions(extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
    );
    this.updateTitle();
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    // Our media folder only: the page can load nothing from the workspace or the web but https images.
    return { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  get uri(): vscode.Uri {
    return this.resource;
  }

  /** Shows another document (a preview that follows the active editor). */
  async show(resource: vscode.Uri): Promise<void> {
    if (resource.toString() === this.resource.toString()) return;
    this.resource = resource;
    this.lastGoodHtml = undefined;
    this.renderedVersion = undefined;
    this.updateTitle();
    await this.loadPage();
  }

  /** First render at once, as a whole page. */
  async loadPage(line?: number): Promise<void> {
    const result = await this.render();
    if (this.disposed || !result) return;
    const nonce = randomBytes(16).toString('base64');
    const webview = this.panel.webview;
    this.panel.webview.html = previewHtml({
      cspSource: webview.cspSource,
      nonce,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.js')).toString(),
      data: { uri: this.resource.toString(), line, locked: this.locked },
      bodyHtml: result.error && this.lastGoodHtml ? this.lastGoodHtml : result.html,
      title: result.title,
    });
    if (result.error) this.post({ type: 'update', uri: this.resource.toString(), html: this.lastGoodHtml ?? result.html, title: result.title, error: result.error });
  }

  /** Later renders, debounced: the page is patched, not reloaded. */
  scheduleUpdate(delay: number): void {
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      this.rendering = this.rendering.then(() => this.update());
    }, delay);
  }

  private async update(): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.resource.toString());
    if (document && document.version === this.renderedVersion) return;
    const result = await this.render();
    if (!result || this.disposed) return;
    this.post({
      type: 'update',
      uri: this.resource.toString(),
      html: result.error && this.lastGoodHtml ? this.lastGoodHtml : result.html,
      title: result.title,
      ...(result.error ? { error: result.error } : {}),
    });
  }

  private async render(): Promise<RenderGuideResult | undefined> {
    try {
      const params: RenderGuideParams = { uri: this.resource.toString() };
      const result = await this.client.sendRequest<RenderGuideResult>(RENDER_GUIDE_REQUEST, params);
      this.renderedVersion = result.version;
      if (!result.error) this.lastGoodHtml = result.html;
      return result;
    } catch (error) {
      if (!this.disposed) void vscode.window.showErrorMessage(`Competency Guides: the preview could not be rendered: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Keeps the preview's top line with the editor's (unless the editor moved because the preview scrolled). */
  syncToEditorLine(line: number): void {
    if (this.editorScrollsToIgnore > 0) {
      this.editorScrollsToIgnore--;
      return;
    }
    this.post({ type: 'scrollToLine', uri: this.resource.toString(), line });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw, this.resource.toString());
    if (!message) return;
    switch (message.type) {
      case 'ready':
        return;
      case 'revealLine': {
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.resource.toString());
        if (!editor) return;
        const line = Math.min(message.line, editor.document.lineCount - 1);
        this.editorScrollsToIgnore++;
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        return;
      }
      case 'doubleClick': {
        const document = await vscode.workspace.openTextDocument(this.resource);
        const line = Math.min(message.line, document.lineCount - 1);
        const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.resource.toString())?.viewColumn;
        const editor = await vscode.window.showTextDocument(document, { viewColumn: column ?? vscode.ViewColumn.One, preserveFocus: false });
        const position = new vscode.Position(line, document.lineAt(line).firstNonWhitespaceCharacterIndex);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'openLink':
        if (isOpenableLink(message.href)) await vscode.env.openExternal(vscode.Uri.parse(message.href, true));
        return;
    }
  }

  private post(message: ToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    const name = this.resource.path.slice(this.resource.path.lastIndexOf('/') + 1);
    this.panel.title = this.locked ? `[Preview] ${name}` : `Preview ${name}`;
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.updateTitle();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.onDidDisposeEmitter.fire();
    this.onDidDisposeEmitter.dispose();
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
