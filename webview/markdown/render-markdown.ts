// Model output is untrusted: Markdown is rendered with raw HTML shown as text, then sanitised with
// DOMPurify (no scripts, styles, images, forms or event handlers; links only http(s) and mailto, and
// never live: see disarmLinks). Bidi control characters are shown, not applied.
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
import { escapeHtml } from "../../src/common/escape-html";
import { BIDI_CONTROL, BIDI_TITLE, splitBidiControls } from "../bidi";

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

/**
 * Highlighted code of the render under way, put in after sanitising: a streamed code block is rendered
 * again on every update, and sanitising its thousands of highlight spans cost more than highlighting it.
 */
let highlighted: string[] = [];

/** What highlight.js makes: the code's text, escaped, inside spans that name a grammar scope. */
const ONLY_HIGHLIGHT_SPANS = /<(?!span class="[\w .-]*">|\/span>)/;

/**
 * The code's content: an empty slot for its highlighted HTML, or plain escaped text (no language, or
 * one not bundled). Output that is not only highlight spans, which highlight.js never makes, is
 * sanitised with the rest instead.
 */
function codeContent(code: string, language: string): { slot: string; html: string } {
  if (language && hljs.getLanguage(language) && code.length < 100_000) {
    const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    if (ONLY_HIGHLIGHT_SPANS.test(html)) return { slot: "", html };
    highlighted.push(html);
    return { slot: ` data-highlight="${highlighted.length - 1}"`, html: "" };
  }
  return { slot: "", html: escapeHtml(code) };
}

/** The highlighted code into its slots, parsed inert (a template: nothing in it loads or runs). */
function fillHighlightSlots(root: DocumentFragment): void {
  for (const code of root.querySelectorAll<HTMLElement>("code[data-highlight]")) {
    const html = highlighted[Number(code.dataset.highlight)];
    code.removeAttribute("data-highlight");
    if (html === undefined) continue;
    const template = document.createElement("template");
    template.innerHTML = html;
    code.replaceChildren(template.content);
  }
}


const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // Images in answers are never loaded (they could track the reader): say one was there, and its alt text.
    image: ({ text }) =>
      `<span class="blocked-image" title="Images in model answers are not loaded">[image not loaded${text ? `: ${escapeHtml(text)}` : ""}]</span>`,
    code: ({ text, lang }) => {
      const language = (lang ?? "").split(/\s/)[0] ?? "";
      const content = codeContent(text, language);
      return (
        `<div class="code-block"><div class="code-actions" role="toolbar" aria-label="Code actions">` +
        `<button type="button" data-action="copy">Copy</button>` +
        `<button type="button" data-action="insert">Insert at Cursor</button>` +
        `<button type="button" data-action="apply">Apply as Diff</button></div>` +
        `<pre><code${language ? ` class="hljs language-${escapeHtml(language)}" data-language="${escapeHtml(language)}"` : ""}${content.slot}>${content.html}</code></pre></div>`
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

/** Each bidi control as a visible, inert marker (as VS Code's editor shows them), never a live one. */
function showBidiControls(root: Node): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (BIDI_CONTROL.test((node as Text).data)) found.push(node as Text);
  for (const text of found) {
    const replacement = document.createDocumentFragment();
    for (const part of splitBidiControls(text.data)) {
      if ("text" in part) {
        replacement.append(part.text);
        continue;
      }
      const marker = document.createElement("span");
      marker.className = "bidi-control";
      marker.title = BIDI_TITLE;
      marker.textContent = part.label;
      replacement.append(marker);
    }
    text.replaceWith(replacement);
  }
}

/**
 * Links keep no live href: the webview host opens a real <a href> on click by itself, beside our handler
 * and before the user confirms. The target moves to data-href, and only a click we handle (which asks
 * the extension, which asks the user) can open it.
 */
function disarmLinks(root: DocumentFragment): void {
  for (const link of root.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href") ?? "";
    link.removeAttribute("href");
    link.setAttribute("data-href", href);
    link.setAttribute("role", "link");
    link.setAttribute("tabindex", "0");
    link.setAttribute("title", href);
  }
}

export function renderMarkdown(markdown: string): string {
  highlighted = [];
  const html = marked.parse(markdown, { async: false }) as string;
  const fragment = DOMPurify.sanitize(html, { ...SANITIZE, RETURN_DOM_FRAGMENT: true }) as unknown as DocumentFragment;
  fillHighlightSlots(fragment);
  highlighted = [];
  disarmLinks(fragment);
  showBidiControls(fragment);
  const container = document.createElement("div");
  container.append(fragment);
  return container.innerHTML;
}
