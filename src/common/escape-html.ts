// Text as HTML text or attribute value: the five characters that could end or open markup, escaped. Pure:
// the webview's Markdown renderer and the reports written as HTML files (spend, eval) all use it.
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
