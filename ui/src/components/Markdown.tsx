import { useMemo } from "react";
import { Typography } from "@mantine/core";
import DOMPurify from "dompurify";
import { marked } from "marked";

/** Renders Markdown only after DOMPurify has sanitized the HTML marked produced. */
export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => {
    const raw = marked.parse(source, { async: false, gfm: true, breaks: true });
    return DOMPurify.sanitize(raw, { USE_PROFILES: { html: true } });
  }, [source]);
  return (
    <Typography fz="sm" className="ld-markdown">
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
