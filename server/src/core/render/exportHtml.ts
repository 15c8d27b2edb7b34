import { escapeHtml } from './escape';

/**
 * The page the export writes: one self-contained file, the preview's stylesheet inlined, the editor's theme
 * variables given light values, and a policy that allows no script, no frame, no request but https images.
 */
export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:";

const LIGHT_THEME = `:root {
  color-scheme: light;
  --vscode-editor-foreground: #1f2328;
  --vscode-editor-background: #ffffff;
  --vscode-descriptionForeground: #59636e;
  --vscode-panel-border: #d1d9e0;
  --vscode-textLink-foreground: #0969da;
  --vscode-textLink-activeForeground: #0550ae;
  --vscode-textCodeBlock-background: #f6f8fa;
  --vscode-textBlockQuote-border: #d1d9e0;
  --vscode-editorWidget-background: #f6f8fa;
  --vscode-editorError-foreground: #cf222e;
  --vscode-editorWarning-foreground: #9a6700;
  --vscode-editorInfo-foreground: #0969da;
  --vscode-focusBorder: #0969da;
}`;

export interface ExportPage {
  title: string;
  /** The renderer's HTML fragment. */
  body: string;
  /** The preview stylesheet (media/preview.css). */
  css: string;
}

export function exportHtml(page: ExportPage): string {
  // A stylesheet can end the <style> element only by containing its closing tag.
  const css = `${LIGHT_THEME}\n${page.css}`.replace(/<\/style/gi, '<\\/style');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>
${css.trim()}
</style>
</head>
<body class="cg-export">
${page.body.trim()}
</body>
</html>
`;
}
