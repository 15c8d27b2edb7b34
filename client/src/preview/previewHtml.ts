import type { PreviewPageData } from '../../../common/previewMessages';

export interface PreviewPageParts {
  /** `webview.cspSource`: where the page may load styles, fonts and images from. */
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
  data: PreviewPageData;
  /** The rendered guide: already escaped by the renderer. */
  bodyHtml: string;
  title: string;
}

/**
 * The preview page. The CSP allows only our own stylesheet, our one script (by nonce) and images over https; the
 * page data travels in an attribute, never in an inline script.
 */
export function previewHtml(parts: PreviewPageParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${parts.cspSource}`,
    `font-src ${parts.cspSource}`,
    `img-src ${parts.cspSource} https: data:`,
    `script-src 'nonce-${parts.nonce}'`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta id="competency-guides-preview-data" data-settings="${escapeAttribute(JSON.stringify(parts.data))}">
<link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">
<title>${escapeText(parts.title)}</title>
</head>
<body class="cg-preview">
<div id="cg-banner" class="cg-banner cg-chrome" role="status" hidden></div>
<main id="cg-content">${parts.bodyHtml}</main>
<script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
