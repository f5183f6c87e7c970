import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useRef, useState } from "react";
import { Box, Button, Group, SegmentedControl, Skeleton, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconLoader2 } from "@tabler/icons-react";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { commands, type Meeting } from "../../bindings";
import { Section } from "../../components/Detail";
import { Markdown } from "../../components/Markdown";
import type { MarkdownEditorHandle } from "../../components/MarkdownEditor";
import { formatClock } from "../../lib/format";
import { registerPending } from "../../lib/closeGuard";
import { errorMessage, unwrap } from "../../lib/ipc";
import { useMeetingCache } from "./minutes";

// CodeMirror is the meeting page's largest dependency: it loads with the first meeting opened, not at start-up.
const MarkdownEditor = lazy(() => import("../../components/MarkdownEditor"));

/** Typing pauses this long before the notes are saved. */
export const NOTES_DEBOUNCE_MS = 800;

type Mode = "split" | "write" | "preview";
const MODES: Mode[] = ["split", "write", "preview"];

type SaveState =
  { state: "idle" } | { state: "saving" } | { state: "saved"; at: Date } | { state: "error"; error: unknown };

/**
 * Saves the notes ~800 ms after the last keystroke, at once on blur, when the page closes, and before the window
 * closes (which waits for it). Never while an input method is composing (a half-typed pinyin syllable is not text
 * yet); a failed save keeps the text and offers Retry.
 */
function useNotesAutosave(meetingId: string, initial: string, composing: () => boolean) {
  const { t } = useTranslation();
  const tRef = useRef(t);
  const cache = useMeetingCache(meetingId);
  const [status, setStatus] = useState<SaveState>({ state: "idle" });
  const latest = useRef(initial);
  const saved = useRef(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The save on its way to the backend, if any. */
  const pending = useRef<Promise<void> | null>(null);
  const failed = useRef(false);
  const mounted = useRef(true);
  const composingRef = useRef(composing);
  useEffect(() => {
    composingRef.current = composing;
    tRef.current = t;
  });

  const clear = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };

  const warnUnsaved = (err: unknown) =>
    notifications.show({
      color: "red",
      title: tRef.current("notes.failedOnLeave"),
      message: errorMessage(tRef.current, err),
      autoClose: false,
    });

  /** Sends `text`; rejects when the backend refuses it (the status then offers Retry). */
  const save = useCallback(
    (text: string): Promise<void> => {
      setStatus({ state: "saving" });
      const notes = text.trim() === "" ? null : text;
      const run = unwrap(commands.meetingSetNotes(meetingId, notes))
        .then(
          () => {
            saved.current = text;
            failed.current = false;
            cache.patch((m) => ({ ...m, notes }));
          },
          (error: unknown) => {
            failed.current = true;
            setStatus({ state: "error", error });
            if (!mounted.current) warnUnsaved(error);
            throw error;
          },
        )
        .finally(() => {
          pending.current = null;
        });
      pending.current = run;
      return run;
    },
    [meetingId, cache],
  );

  const flush = useCallback(async (): Promise<void> => {
    clear();
    if (composingRef.current()) {
      // Try again once the composition has ended.
      timer.current = setTimeout(() => void flush(), NOTES_DEBOUNCE_MS);
      return;
    }
    if (pending.current) return; // the running save re-checks for newer text when it finishes
    const text = latest.current;
    if (text === saved.current && !failed.current) return;
    try {
      await save(text);
    } catch {
      return;
    }
    if (latest.current !== text) {
      void flush();
    } else {
      setStatus({ state: "saved", at: new Date() });
    }
  }, [save]);

  /**
   * Before the window closes: waits for a running save, then saves whatever is newer, composing or not (the
   * window is going away). Rejects when the text could not be stored.
   */
  const settle = useCallback(async (): Promise<void> => {
    clear();
    for (;;) {
      const running = pending.current;
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      const text = latest.current;
      if (text === saved.current && !failed.current) return;
      await save(text);
      if (latest.current === text) {
        setStatus({ state: "saved", at: new Date() });
        return;
      }
    }
  }, [save]);
  useEffect(() => registerPending({ kind: "save", save: settle }), [settle]);

  const change = useCallback(
    (text: string) => {
      latest.current = text;
      setStatus({ state: "saving" });
      clear();
      timer.current = setTimeout(() => void flush(), NOTES_DEBOUNCE_MS);
    },
    [flush],
  );

  // Leaving the page saves what is still pending (a running save picks up newer text by itself). The cached
  // meeting gets the text at once, so coming back shows it even before the save has finished.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clear();
      if (latest.current === saved.current || pending.current) return;
      const text = latest.current;
      const notes = text.trim() === "" ? null : text;
      cache.patch((m) => ({ ...m, notes }));
      save(text).catch(() => undefined);
    };
  }, [meetingId, cache, save]);

  return { status, change, flush };
}

function SaveStatus({ status, onRetry }: { status: SaveState; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    status.state === "saving"
      ? t("notes.saving")
      : status.state === "saved"
        ? t("notes.saved", { time: formatClock(status.at) })
        : status.state === "error"
          ? t("notes.failed")
          : t("notes.autosave");
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid="notes-status"
      data-state={status.state}
      aria-live="polite"
      c={status.state === "error" ? "red" : "dimmed"}
    >
      {status.state === "saving" && <IconLoader2 size={14} aria-hidden className="ld-spin" />}
      {status.state === "saved" && <IconCheck size={14} aria-hidden />}
      {status.state === "error" && <IconAlertTriangle size={14} aria-hidden />}
      <Text
        size="xs"
        c="inherit"
        title={status.state === "error" ? errorMessage(t, status.error) : undefined}
      >
        {text}
      </Text>
      {status.state === "error" && (
        <Button size="compact-xs" variant="light" color="red" onClick={onRetry} data-testid="notes-retry">
          {t("actions.retry")}
        </Button>
      )}
    </Group>
  );
}

function storedMode(): Mode {
  const v = localStorage.getItem("notes.mode");
  return MODES.includes(v as Mode) ? (v as Mode) : "split";
}

/** The meeting's notes: a Markdown editor beside its (sanitized) preview, saved as the user types. */
export function NotesSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  // The editor owns the text once the page is open; later refetches of the meeting do not overwrite it.
  const [initial] = useState(meeting.notes ?? "");
  const [text, setText] = useState(initial);
  const preview = useDeferredValue(text);
  const [mode, setMode] = useState<Mode>(storedMode);
  const editor = useRef<MarkdownEditorHandle | null>(null);
  const { status, change, flush } = useNotesAutosave(
    meeting.id,
    initial,
    () => editor.current?.composing() ?? false,
  );
  const onHandle = useCallback((h: MarkdownEditorHandle | null) => {
    editor.current = h;
  }, []);
  const onChange = useCallback(
    (value: string) => {
      setText(value);
      change(value);
    },
    [change],
  );
  const onBlur = useCallback(() => void flush(), [flush]);

  return (
    <Section
      title={t("notes.title")}
      testId="notes"
      actions={
        <Group gap="sm" wrap="nowrap">
          <SaveStatus status={status} onRetry={() => void flush()} />
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => {
              setMode(v as Mode);
              localStorage.setItem("notes.mode", v);
            }}
            aria-label={t("notes.layout")}
            data-testid="notes-mode"
            data={MODES.map((m) => ({ value: m, label: t(`notes.mode.${m}`) }))}
          />
        </Group>
      }
    >
      <Box className="ld-notes" data-mode={mode}>
        <Box className="ld-notes-editor" hidden={mode === "preview"}>
          <Suspense fallback={<Skeleton h={240} data-testid="notes-loading" />}>
            <MarkdownEditor
              initialValue={initial}
              onChange={onChange}
              onBlur={onBlur}
              label={t("notes.title")}
              placeholder={t("notes.placeholder")}
              testId="notes-editor"
              minHeight={240}
              handleRef={onHandle}
            />
          </Suspense>
        </Box>
        <Box
          className="ld-notes-preview"
          hidden={mode === "write"}
          aria-label={t("notes.preview")}
          role="region"
        >
          {preview.trim() === "" ? (
            <Text size="sm" c="dimmed" data-testid="notes-preview">
              {t("notes.previewEmpty")}
            </Text>
          ) : (
            <Markdown source={preview} testId="notes-preview" />
          )}
        </Box>
      </Box>
    </Section>
  );
}
