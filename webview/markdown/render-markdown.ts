// Model output is untrusted: Markdown is rendered with raw HTML shown as text, then sanitised with
// DOMPurify (no scripts, styles, images, forms or event handlers; links only http(s) and mailto).
// Code blocks get Copy / Insert at Cursor / Apply as Diff buttons, handled by delegation (no inline JS).
import DOMPurify from "dompurify";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { Marked } from "marked";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

// highlight.js core with the languages code reviews meet most; shiki would match the user's theme
// exactly but weighs megabytes (the benchmarks issue measures the trade-off).
for (const [name, language] of Object.entries({ bash, cpp, csharp, css, go, java, javascript, json, python, rust, sql, typescript, xml, yaml })) {
  hljs.registerLanguage(name, language);
}
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["js", "jsx", "mjs"], { languageName: "javascript" });
hljs.registerAliases(["sh", "shell", "zsh"], { languageName: "bash" });
hljs.registerAliases(["py"], { languageName: "python" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });

/** Highlighted HTML (spans with hljs classes; hljs escapes the code), or plain escaped text. */
function highlight(code: string, language: string): string {
  if (language && hljs.getLanguage(language) && code.length < 100_000) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return escapeHtml(code);
}


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
        `<pre><code${language ? ` class="hljs language-${escapeHtml(language)}" data-language="${escapeHtml(language)}"` : ""}>${highlight(text, language)}</code></pre></div>`
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
