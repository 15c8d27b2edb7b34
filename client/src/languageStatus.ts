import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE, LANGUAGE_IDS } from '../../common/languages';
import { STATUS_REQUEST, type StatusParams, type StatusResult } from '../../common/protocol';

/**
 * The `{}` item in the status bar for our languages: whether the server runs, which config file applies (click to
 * open it) and the file's problem counts.
 */
export function createLanguageStatus(client: LanguageClient): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('competencyGuides.status', LANGUAGE_IDS.map((language) => ({ language })));
  item.name = 'Competency Guides';
  let generation = 0;

  async function refresh(): Promise<void> {
    const current = ++generation;
    const document = vscode.window.activeTextEditor?.document;
    if (client.state !== State.Running) {
      item.text = client.state === State.Starting ? '$(sync~spin) Competency Guides' : '$(error) Competency Guides stopped';
      item.severity = client.state === State.Starting ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Error;
      item.detail = undefined;
      item.command = undefined;
      return;
    }
    if (!document || !(LANGUAGE_IDS as readonly string[]).includes(document.languageId)) return;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const diagnostic of vscode.languages.getDiagnostics(document.uri)) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.error++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
      else counts.info++;
    }
    let status: StatusResult | undefined;
    try {
      const params: StatusParams = { uri: document.uri.toString() };
      status = await client.sendRequest<StatusResult>(STATUS_REQUEST, params);
    } catch {
      status = undefined;
    }
    if (current !== generation) return;
    const problems =
      counts.error + counts.warning + counts.info === 0
        ? 'no problems'
        : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`;
    item.text = `$(check) Competency Guides: ${problems}`;
    item.severity = counts.error ? vscode.LanguageStatusSeverity.Error : counts.warning ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    if (status?.configUri) {
      const config = vscode.Uri.parse(status.configUri);
      item.detail = `${vscode.workspace.asRelativePath(config)} · ${plural(status.indexedFiles, 'file')} in the bank`;
      item.command = { title: 'Open config', command: 'vscode.open', arguments: [config] };
    } else {
      item.detail = `default rules (no .competency-lint.yaml) · ${plural(status?.indexedFiles ?? 0, 'file')} in the bank`;
      item.command = undefined;
    }
  }

  // Diagnostics of other files arrive as the server indexes the workspace and as files change: the number of files
  // in the bank may have changed with them, so refresh once they settle.
  let settled: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    if (settled) clearTimeout(settled);
    settled = setTimeout(() => {
      settled = undefined;
      void refresh();
    }, 500);
  };

  const disposables = [
    item,
    client.onDidChangeState(() => void refresh()),
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (event.uris.some((uri) => uri.toString() === active)) void refresh();
      else refreshSoon();
    }),
    { dispose: () => settled && clearTimeout(settled) },
  ];
  void refresh();
  return vscode.Disposable.from(...disposables);
}

/** `1 warning`, `2 warnings`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
