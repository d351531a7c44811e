// Model output is untrusted: Markdown is rendered with raw HTML shown as text, then sanitised with
// DOMPurify (no scripts, styles, images, forms or event handlers; links only http(s) and mailto).
// Code blocks get Copy / Insert at Cursor / Apply as Diff buttons, handled by delegation (no inline JS).
import DOMPurify from "dompurify";
import { Marked } from "marked";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    code: ({ text, lang }) => {
      const language = (lang ?? "").split(/\s/)[0] ?? "";
      return (
        `<div class="code-block"><div class="code-actions" role="toolbar" aria-label="Code actions">` +
        `<button type="button" data-action="copy">Copy</button>` +
        `<button type="button" data-action="insert">Insert at Cursor</button>` +
        `<button type="button" data-action="apply">Apply as Diff</button></div>` +
        `<pre><code${language ? ` class="language-${escapeHtml(language)}" data-language="${escapeHtml(language)}"` : ""}>${escapeHtml(text)}</code></pre></div>`
      );
    },
  },
});

const SANITIZE = {
  FORBID_TAGS: ["style", "img", "svg", "math", "form", "input", "textarea", "select", "iframe", "object", "embed", "video", "audio", "link", "meta", "base"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  ALLOW_DATA_ATTR: true,
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return DOMPurify.sanitize(html, SANITIZE) as unknown as string;
}
