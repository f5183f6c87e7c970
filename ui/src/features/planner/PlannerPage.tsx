import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import {
  commands,
  type PlannerChange,
  type PlannerEvent,
  type PlannerRange,
  type RangeQuery,
  type Task,
} from "../../bindings";
import { addDays, localDate } from "../../lib/time";
import { useUserTimeZone } from "../../lib/useTimeZone";
import { errorMessage, unwrap } from "../../lib/ipc";
import { useQueryClient } from "@tanstack/react-query";
import { meetingInputOf, useSeriesQuestions } from "../meetings/SeriesEdit";
import { refreshPlanner, useHistoryState, usePlannerChange, usePlannerRange, withSent } from "./api";
import { Backlog, blockMinutes } from "./Backlog";
import {
  moveChange,
  PlannerCalendar,
  VIEWS,
  type ColorBy,
  type PlannerCalendarRef,
  type ViewKey,
} from "./Calendar";
import { ConflictList, EventPanel } from "./EventPanel";
import { QuickCreate } from "./QuickCreate";
import { WorkloadView } from "./Workload";
import { usePageTitle } from "../../lib/trail";
import { useSearchParams } from "react-router";
import { confirmMove, offerInvitation, type Move } from "../meetings/reschedule";
import { showExportDone } from "../meetings/ExportModal";
import { IconButton } from "../../components/IconButton";

const SLOT_MS = 30 * 60_000;

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const v = localStorage.getItem(key);
  return allowed.includes(v as T) ? (v as T) : fallback;
}

/** True while the user types in a field, where arrows and Ctrl+Z belong to the field. */
function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function PlannerPage() {
  const { t } = useTranslation();
  usePageTitle(t("nav.planner"));
  const zone = useUserTimeZone();
  const calendar = useRef<PlannerCalendarRef>(null);
  const [params] = useSearchParams();
  // A link may ask for a view (the dashboard's "meetings this week" opens the week); else the last one used.
  const [view, setView] = useState<ViewKey>(() => {
    const asked = params.get("view");
    return asked && asked in VIEWS
      ? (asked as ViewKey)
      : stored("planner.view", Object.keys(VIEWS) as ViewKey[], "week");
  });
  const [colorBy, setColorBy] = useState<ColorBy>(() =>
    stored("planner.colorBy", ["project", "department"], "project"),
  );
  const [mode, setMode] = useState<"calendar" | "workload">("calendar");
  const [range, setRange] = useState<RangeQuery | null>(null);
  const [title, setTitle] = useState("");
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ start: Date; end: Date } | null>(null);
  const [backlogEl, setBacklogEl] = useState<HTMLElement | null>(null);
  const [side, setSide] = useState<string | null>("backlog");
  const { data } = usePlannerRange(range);
  const history = useHistoryState();
  const { mutate } = usePlannerChange();
  const events = useMemo(() => data?.events ?? [], [data]);
  const selected = events.find((e) => e.key === selectedKey) ?? null;
  const conflictCount = events.filter((e) => e.conflicts.length > 0).length;

  // `mutate` keeps its identity while the mutation's state changes, so these callbacks (and the memoized calendar
  // they are passed to) stay put during a save.
  // The week on screen goes with every write, which answers with it (read through a ref to keep `apply` stable).
  const week = useRef(range);
  week.current = range;
  // The answer's week goes to the calendar at once; the page follows through the query cache.
  const show = useCallback((w: PlannerRange) => calendar.current?.show(w.events), []);
  const apply = useCallback(
    (c: PlannerChange, revert?: () => void, done?: () => void) =>
      mutate(withSent({ kind: "apply", change: c, revert, done, week: week.current, show })),
    [mutate, show],
  );
  const travel = useCallback(
    (kind: "undo" | "redo") => mutate(withSent({ kind, week: week.current, show })),
    [mutate, show],
  );
  // Moving a meeting other people attend asks first, naming them, and then offers the updated invitation.
  const moveOf = useCallback(
    (c: PlannerChange): Move | null => {
      if (c.type !== "move_meeting" && c.type !== "move_occurrence") return null;
      const occurrence = c.type === "move_occurrence" ? c.occurrence : null;
      const ev = events.find(
        (e) => e.kind === "meeting" && e.id === c.meeting_id && e.occurrence === occurrence,
      );
      if (!ev) return null;
      return {
        id: occurrence ? `${c.meeting_id}@${occurrence}` : c.meeting_id,
        title: ev.title,
        start: c.start,
        end: c.end,
        timeZone: zone,
        people: ev.people.map((p) => p.name),
      };
    },
    [events, zone],
  );
  const applyMove = useCallback(
    async (c: PlannerChange, revert?: () => void) => {
      const move = moveOf(c);
      if (move && !(await confirmMove(t, move))) return revert?.();
      apply(c, revert, move ? () => offerInvitation(t, move) : undefined);
    },
    [apply, moveOf, t],
  );
  // Dragging an occurrence of a series asks which occurrences move: this one (an undoable planner change), or this
  // and the following ones, or all of them (a series edit, previewed first like in the meeting form).
  const client = useQueryClient();
  const questions = useSeriesQuestions(zone);
  const { chooseScope, confirmOrphans } = questions;
  const onCalendarChange = useCallback(
    (c: PlannerChange, revert: () => void) => {
      if (c.type !== "move_occurrence") {
        void applyMove(c, revert);
        return;
      }
      void (async () => {
        const scope = await chooseScope(true);
        if (scope === null) return revert();
        if (scope === "this") return applyMove(c, revert);
        const move = moveOf(c);
        if (move && !(await confirmMove(t, { ...move, id: c.meeting_id }))) return revert();
        try {
          const m = await unwrap(commands.meetingGet(`${c.meeting_id}@${c.occurrence}`));
          const input = { ...meetingInputOf(m), starts_at: c.start, ends_at: c.end };
          const edit = { scope, occurrence: c.occurrence, input };
          const orphans = await unwrap(commands.meetingSeriesPreview(c.meeting_id, edit));
          if (orphans.length > 0 && !(await confirmOrphans(orphans))) return revert();
          await unwrap(commands.meetingSeriesSave(c.meeting_id, edit));
          await refreshPlanner(client);
          if (move) offerInvitation(t, { ...move, id: c.meeting_id });
        } catch (err) {
          revert();
          notifications.show({
            color: "red",
            title: t("planner.changeFailed"),
            message: errorMessage(t, err),
          });
        }
      })();
    },
    [applyMove, moveOf, chooseScope, confirmOrphans, client, t],
  );
  const onRange = useCallback(
    (from: Date, to: Date, viewTitle: string) => {
      setTitle(viewTitle);
      setRange({ from: from.toISOString(), to: to.toISOString(), time_zone: zone });
    },
    [zone],
  );
  const onSelectSlot = useCallback((start: Date, end: Date) => setCreating({ start, end }), []);
  // Keyboard scheduling from the backlog: the earliest free slot of the assignee (or department) from now.
  const scheduleNextFree = useCallback(
    async (task: Task) => {
      try {
        const slot = await unwrap(
          commands.plannerFreeSlot({
            contact_ids: task.assignee_contact_id ? [task.assignee_contact_id] : [],
            department_ids: task.assignee_department_id ? [task.assignee_department_id] : [],
            duration_minutes: blockMinutes(task),
            after: new Date().toISOString(),
            time_zone: zone,
            ignore_key: null,
            within_days: null,
            before: null,
          }),
        );
        if (!slot) {
          notifications.show({ message: t("planner.noSlot") });
          return;
        }
        apply({ type: "schedule_task", task_id: task.id, start: slot.start, end: slot.end });
        setSelectedKey(`task:${task.id}`);
        calendar.current?.getApi().gotoDate(slot.start);
      } catch (err) {
        notifications.show({ color: "red", title: t("planner.changeFailed"), message: errorMessage(t, err) });
      }
    },
    [apply, t, zone],
  );
  const onUnschedule = useCallback(
    (ev: PlannerEvent) => {
      apply({ type: "unschedule_task", task_id: ev.id });
      setSelectedKey(null);
    },
    [apply],
  );

  useEffect(() => localStorage.setItem("planner.view", view), [view]);
  useEffect(() => localStorage.setItem("planner.colorBy", colorBy), [colorBy]);

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo; arrows move the selected event by one slot, Shift+arrows by a
  // day; Delete sends a selected block back to the backlog; Esc clears the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e) || creating) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "z") {
        e.preventDefault();
        travel(e.shiftKey ? "redo" : "undo");
        return;
      }
      if (mod && e.key.toLowerCase() === "y") {
        e.preventDefault();
        travel("redo");
        return;
      }
      if (!selected || mod) return;
      if (e.key === "Escape") return setSelectedKey(null);
      if ((e.key === "Delete" || e.key === "Backspace") && selected.kind === "task") {
        e.preventDefault();
        apply({ type: "unschedule_task", task_id: selected.id });
        return setSelectedKey(null);
      }
      const dir = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1 }[e.key];
      if (dir === undefined) return;
      e.preventDefault();
      // A day move keeps the clock time on the user's calendar (a DST night makes that day 23 or 25 hours long); a
      // slot move is a fixed half hour.
      const shift = (iso: string) =>
        new Date(e.shiftKey ? addDays(iso, dir, zone) : new Date(iso).getTime() + dir * SLOT_MS);
      const next = moveChange(selected, shift(selected.start), shift(selected.end));
      // An occurrence keeps its identity (its original start) wherever it moves; a one-off keeps its key.
      void applyMove(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, creating, travel, apply, applyMove, zone]);

  const api = () => calendar.current?.getApi();
  const exportIcs = async () => {
    if (!range) return;
    try {
      // The file is named after the first day shown, as the user's calendar reads it.
      const day = localDate(range.from, zone);
      // Rust opens the native save dialog and writes there; null means the dialog was cancelled.
      const path = await unwrap(
        commands.plannerExportIcs(range, {
          title: t("planner.exportTitle"),
          file_name: `liaison-desk-${day}.ics`,
          filter_name: "iCalendar",
        }),
      );
      if (!path) return;
      showExportDone(t("planner.exported", { path }), path);
    } catch (err) {
      notifications.show({ color: "red", title: t("planner.exportFailed"), message: errorMessage(t, err) });
    }
  };

  return (
    <Stack
      gap="sm"
      h="calc(100dvh - var(--app-shell-header-height, 0px) - 2 * var(--mantine-spacing-md))"
      data-testid="planner"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Title order={2} data-testid="page-title">
            {t("nav.planner")}
          </Title>
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as "calendar" | "workload")}
            data={[
              {
                value: "calendar",
                label: <span data-testid="planner-mode-calendar">{t("planner.calendar")}</span>,
              },
              {
                value: "workload",
                label: <span data-testid="planner-mode-workload">{t("planner.workload")}</span>,
              },
            ]}
            data-testid="planner-mode"
          />
        </Group>
        <Group gap={4} wrap="nowrap">
          <IconButton
            label={t("planner.undo")}
            variant="subtle"
            disabled={!history.data?.can_undo}
            onClick={() => travel("undo")}
            data-testid="planner-undo"
          >
            <IconArrowBackUp size={18} />
          </IconButton>
          <IconButton
            label={t("planner.redo")}
            variant="subtle"
            disabled={!history.data?.can_redo}
            onClick={() => travel("redo")}
            data-testid="planner-redo"
          >
            <IconArrowForwardUp size={18} />
          </IconButton>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
            onClick={() => void exportIcs()}
            data-testid="planner-export"
          >
            {t("planner.export")}
          </Button>
        </Group>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="default"
            aria-label={t("planner.prev")}
            onClick={() => api()?.prev()}
            data-testid="planner-prev"
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => api()?.today()} data-testid="planner-today">
            {t("planner.today")}
          </Button>
          <ActionIcon
            variant="default"
            aria-label={t("planner.next")}
            onClick={() => api()?.next()}
            data-testid="planner-next"
          >
            <IconChevronRight size={16} />
          </ActionIcon>
          <Text fw={600} ml="xs" data-testid="planner-title">
            {title}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Select
            size="xs"
            w={150}
            aria-label={t("planner.colorBy")}
            value={colorBy}
            allowDeselect={false}
            onChange={(v) => setColorBy((v as ColorBy | null) ?? "project")}
            data={[
              { value: "project", label: t("planner.colorByProject") },
              { value: "department", label: t("planner.colorByDepartment") },
            ]}
          />
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => {
              setView(v as ViewKey);
              api()?.changeView(VIEWS[v as ViewKey]);
            }}
            data={(Object.keys(VIEWS) as ViewKey[]).map((v) => ({ value: v, label: t(`planner.view.${v}`) }))}
            data-testid="planner-view"
          />
        </Group>
      </Group>
      <Group align="stretch" gap="sm" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        <Paper withBorder p="xs" w={250} style={{ flexShrink: 0, display: "flex", flexDirection: "column" }}>
          <Tabs
            value={side}
            onChange={setSide}
            style={{ flex: 1, display: "flex", flexDirection: "column", minHeight: 0 }}
          >
            <Tabs.List grow>
              <Tabs.Tab value="backlog" data-testid="tab-backlog">
                {t("planner.backlog")}
              </Tabs.Tab>
              <Tabs.Tab
                value="conflicts"
                data-testid="tab-conflicts"
                rightSection={
                  conflictCount > 0 ? (
                    <Badge size="xs" color="orange" circle data-testid="conflict-count">
                      {conflictCount}
                    </Badge>
                  ) : null
                }
              >
                {t("planner.conflicts")}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="backlog" pt="xs" style={{ flex: 1, minHeight: 0 }}>
              <Backlog onElement={setBacklogEl} onSchedule={(task) => void scheduleNextFree(task)} />
            </Tabs.Panel>
            <Tabs.Panel value="conflicts" pt="xs" style={{ flex: 1, minHeight: 0, overflow: "auto" }}>
              {/* Only while shown: a crowded week has hundreds of conflicts, and rendering them hidden after each
                  save delayed the calendar's update by a tenth of a second and more. */}
              {side === "conflicts" && (
                <ConflictList
                  events={events}
                  onSelect={(key, start) => {
                    setSelectedKey(key);
                    api()?.gotoDate(start);
                  }}
                />
              )}
            </Tabs.Panel>
          </Tabs>
        </Paper>
        {/* The workload covers the calendar instead of replacing it, so the grid keeps its layout and scroll. */}
        <Box style={{ flex: 1, minWidth: 0, position: "relative" }}>
          <Box h="100%" data-testid="planner-calendar" aria-hidden={mode !== "calendar"}>
            <PlannerCalendar
              ref={calendar}
              events={events}
              workingHours={data?.working_hours}
              view={view}
              timeZone={zone}
              colorBy={colorBy}
              selectedKey={selectedKey}
              backlogEl={backlogEl}
              onRange={onRange}
              onChange={onCalendarChange}
              onSelectEvent={setSelectedKey}
              onSelectSlot={onSelectSlot}
              onUnschedule={onUnschedule}
            />
          </Box>
          {mode === "workload" && (
            <Paper withBorder pos="absolute" inset={0} style={{ zIndex: 10 }}>
              <WorkloadView range={range} />
            </Paper>
          )}
        </Box>
      </Group>
      <Drawer
        opened={selected !== null && mode === "calendar"}
        onClose={() => setSelectedKey(null)}
        position="right"
        size={320}
        withOverlay={false}
        lockScroll={false}
        trapFocus={false}
        title={t("planner.details")}
        closeButtonProps={{ "aria-label": t("actions.close") }}
      >
        {selected && <EventPanel ev={selected} onChange={(c) => apply(c)} />}
      </Drawer>
      {questions.element}
      {creating && (
        <QuickCreate
          start={creating.start}
          end={creating.end}
          onClose={() => {
            setCreating(null);
            api()?.unselect();
          }}
        />
      )}
    </Stack>
  );
}
