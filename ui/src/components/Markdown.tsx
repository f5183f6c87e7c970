import { useMemo, type MouseEvent } from "react";
import { Typography } from "@mantine/core";
import DOMPurify from "dompurify";
import { marked } from "marked";

/** What Markdown may produce here: text structure and links. No images, styles, frames, forms or scripts. */
const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "strong",
  "b",
  "em",
  "i",
  "del",
  "s",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];
const ALLOWED_ATTR = ["href", "title", "align", "start"];
/** Links may only point to the web or to an e-mail address; anything else loses its href. */
const SAFE_URL = /^(?:https?:|mailto:)/i;

/** Markdown → HTML that is safe to insert: marked's output, sanitized by DOMPurify, links marked as external. */
export function renderMarkdown(source: string): string {
  const raw = marked.parse(source, { async: false, gfm: true, breaks: true });
  const clean = DOMPurify.sanitize(raw, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_URL,
    FORBID_TAGS: ["img", "style", "iframe", "form", "script", "input", "svg", "math"],
    ALLOW_DATA_ATTR: false,
  });
  // A <template> parses without running anything or loading resources.
  const body = document.createElement("template");
  body.innerHTML = clean;
  for (const a of Array.from(body.content.querySelectorAll("a"))) {
    const href = a.getAttribute("href");
    if (href && SAFE_URL.test(href.trim())) {
      // The URL shows on hover; the link itself never navigates the app's window (see the click handler).
      a.setAttribute("title", href);
      a.setAttribute("rel", "noopener noreferrer");
    } else {
      a.removeAttribute("href");
    }
  }
  return body.innerHTML;
}

/** Clicking a link inside rendered Markdown must not navigate the webview away from the app. */
function stopLinks(e: MouseEvent<HTMLDivElement>) {
  const target = e.target as Element | null;
  if (target?.closest?.("a")) e.preventDefault();
}

/** Renders Markdown only after DOMPurify has sanitized the HTML marked produced. */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <Typography fz="sm" className="ld-markdown">
      <div
        data-testid={testId}
        onClick={stopLinks}
        onAuxClick={stopLinks}
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </Typography>
  );
}
