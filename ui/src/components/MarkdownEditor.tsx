import { useEffect, useRef } from "react";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/** What the page can ask of the editor: is an input method composing (do not save half a word), focus it. */
export type MarkdownEditorHandle = {
  composing: () => boolean;
  focus: () => void;
};

export type MarkdownEditorProps = {
  /** The text the editor starts with; the editor owns the text afterwards (it is not a controlled input). */
  initialValue: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Accessible name of the editable area. */
  label: string;
  placeholder?: string;
  testId?: string;
  minHeight?: number;
  handleRef?: (handle: MarkdownEditorHandle | null) => void;
};

const highlight = HighlightStyle.define([
  { tag: tags.heading, fontWeight: "600" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: [tags.link, tags.url], color: "var(--mantine-color-anchor)" },
  { tag: tags.monospace, fontFamily: "var(--mantine-font-family-monospace)" },
  { tag: [tags.processingInstruction, tags.meta, tags.quote], color: "var(--mantine-color-dimmed)" },
]);

const theme = EditorView.theme({
  "&": {
    fontSize: "var(--mantine-font-size-sm)",
    color: "var(--mantine-color-text)",
    backgroundColor: "var(--mantine-color-body)",
    border: "1px solid var(--mantine-color-default-border)",
    borderRadius: "var(--mantine-radius-md)",
    flex: "1 1 auto",
    minHeight: "var(--ld-editor-min, 200px)",
    maxHeight: "60vh",
  },
  "&.cm-focused": {
    outline: "none",
    borderColor: "var(--mantine-primary-color-filled)",
  },
  ".cm-scroller": {
    fontFamily: "var(--ld-font)",
    lineHeight: "1.6",
    overflow: "auto",
  },
  ".cm-content": {
    padding: "8px 4px",
    caretColor: "var(--mantine-color-text)",
  },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--mantine-color-text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--mantine-primary-color-light)",
  },
  ".cm-placeholder": { color: "var(--mantine-color-placeholder)" },
});

/**
 * A small CodeMirror 6 Markdown editor. CodeMirror handles input-method composition itself (Chinese pinyin,
 * Japanese kana): the page only has to avoid saving while `composing()` is true.
 */
export default function MarkdownEditor({
  initialValue,
  onChange,
  onBlur,
  label,
  placeholder,
  testId,
  minHeight = 200,
  handleRef,
}: MarkdownEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  // Callbacks are read through refs so the editor is created once and never re-created while typing.
  const changeRef = useRef(onChange);
  const blurRef = useRef(onBlur);
  const handleRefRef = useRef(handleRef);
  useEffect(() => {
    changeRef.current = onChange;
    blurRef.current = onBlur;
    handleRefRef.current = handleRef;
  });
  // The first value only: later renders must not reset what the user typed.
  const initial = useRef(initialValue);
  const labelRef = useRef(label);
  const placeholderRef = useRef(placeholder);

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial.current,
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          markdown(),
          syntaxHighlighting(highlight),
          EditorView.lineWrapping,
          theme,
          placeholderExt(placeholderRef.current ?? ""),
          EditorView.contentAttributes.of({ "aria-label": labelRef.current, spellcheck: "true" }),
          EditorView.editorAttributes.of(testId ? { "data-testid": testId } : {}),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changeRef.current(u.state.doc.toString());
          }),
          EditorView.domEventHandlers({
            blur: () => {
              blurRef.current?.();
              return false;
            },
          }),
        ],
      }),
    });
    handleRefRef.current?.({ composing: () => view.composing, focus: () => view.focus() });
    return () => {
      handleRefRef.current?.(null);
      view.destroy();
    };
  }, [testId]);

  return (
    <div
      ref={host}
      style={{ display: "flex", flexDirection: "column", ["--ld-editor-min" as string]: `${minHeight}px` }}
    />
  );
}
