import {
  forwardRef,
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
} from "react";
import FullCalendar, {
  type CalendarRef,
  type DatesSetInfo,
  type DateSelectInfo,
  type EventClickInfo,
  type EventDisplayInfo,
  type EventDragStopInfo,
  type EventDropInfo,
  type EventReceiveInfo,
  type EventSourceApi,
  type EventResizeDoneInfo,
} from "@fullcalendar/react";
import dayGridPlugin from "@fullcalendar/react/daygrid";
import interactionPlugin, { Draggable } from "@fullcalendar/react/interaction";
import listPlugin from "@fullcalendar/react/list";
import timeGridPlugin from "@fullcalendar/react/timegrid";
import classicTheme from "@fullcalendar/react/themes/classic";
import zhCn from "@fullcalendar/react/locales/zh-cn";
import "@fullcalendar/react/skeleton.css";
import "@fullcalendar/react/themes/classic/theme.css";
import "@fullcalendar/react/themes/classic/palette.css";
import { useComputedColorScheme } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { PlannerChange, PlannerEvent, WorkingHours } from "../../bindings";
import { is24h } from "../../lib/format";
import { colorFor } from "../../lib/colors";
import { emptySync, syncEvents, type SyncApi, type SyncInput } from "./calendarSync";

export type ColorBy = "project" | "department";

export const VIEWS = {
  day: "timeGridDay",
  workWeek: "workWeek",
  week: "timeGridWeek",
  month: "dayGridMonth",
  agenda: "listWeek",
} as const;
export type ViewKey = keyof typeof VIEWS;

/** FullCalendar wants "HH:MM" strings; working hours are minutes after midnight. */
function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The change a drag or resize of `ev` to [start, end) means. */
export function moveChange(ev: PlannerEvent, start: Date, end: Date): PlannerChange {
  const s = start.toISOString();
  const e = end.toISOString();
  if (ev.kind === "task") return { type: "schedule_task", task_id: ev.id, start: s, end: e };
  if (ev.occurrence !== null)
    return { type: "move_occurrence", meeting_id: ev.id, occurrence: ev.occurrence, start: s, end: e };
  return { type: "move_meeting", meeting_id: ev.id, start: s, end: e };
}

/** What the calendar shows for each planner event. */
function toInputs(events: PlannerEvent[], colorBy: ColorBy, selectedKey: string | null): SyncInput[] {
  return events.map((e) => ({
    id: e.key,
    title: e.title,
    start: e.start,
    end: e.end,
    // By the chosen grouping, falling back to the other one when the event has none.
    color:
      (colorBy === "project" && e.project_id !== null) || e.department_id === null
        ? colorFor(e.project_id, e.project_color)
        : colorFor(e.department_id, e.department_color),
    className: [
      e.conflicts.length > 0 ? "ld-conflict" : "",
      e.kind === "task" ? "ld-block" : "ld-meeting",
      e.key === selectedKey ? "ld-selected" : "",
    ].join(" "),
    // Read by eventContent, so the render function itself never has to change.
    extendedProps: { conflicts: e.conflicts.length, recurring: e.recurring },
  }));
}

/** User Timing mark at the frame after the calendar took new events, or found it already showed them: the e2e run
 * reads it for "drop → saved → re-rendered". */
function markRendered() {
  requestAnimationFrame(() => performance.mark("planner:change-rendered"));
}

/** FullCalendar's handle, plus `show`: the events of the week on screen, straight from a write's answer, without
 * waiting for the page to render them (the page gets the same week through its query and finds nothing to do). */
export type PlannerCalendarRef = CalendarRef & { show: (events: PlannerEvent[]) => void };

export type CalendarProps = {
  events: PlannerEvent[];
  workingHours: WorkingHours | undefined;
  view: ViewKey;
  /** The user's zone: days, hours and the now line are drawn on its clock. */
  timeZone: string;
  colorBy: ColorBy;
  selectedKey: string | null;
  /** The element tasks are dragged from, and dropped back on to unschedule them. */
  backlogEl: HTMLElement | null;
  onRange: (from: Date, to: Date, title: string) => void;
  onChange: (change: PlannerChange, revert: () => void) => void;
  onSelectEvent: (key: string | null) => void;
  onSelectSlot: (start: Date, end: Date) => void;
  onUnschedule: (ev: PlannerEvent) => void;
};

/**
 * The planner lets anything overlap (a clash is marked as a conflict, never refused), so FullCalendar's check of a
 * drag against every other event of the week — about a fifth of each frame that crosses a slot with 500 events — is
 * replaced by "always valid". The valid date range is still enforced before this hook runs.
 */
const ANYTHING_GOES = { name: "liaison-desk-overlap", isPropsValid: () => true };

/** Plugins and custom views never change; module constants keep FullCalendar from re-reading its options. */
const PLUGINS = [timeGridPlugin, dayGridPlugin, listPlugin, interactionPlugin, classicTheme, ANYTHING_GOES];
const CUSTOM_VIEWS = { workWeek: { type: "timeGrid", duration: { weeks: 1 }, weekends: false } };

/**
 * FullCalendar re-renders every event when any option changes identity, which with hundreds of events costs whole
 * frames. So every option here is a constant, memoized on what it depends on, or a stable function that reads the
 * latest props through a ref; and the component is memoized, so a parent re-render (a mutation's state) leaves it be.
 */
const Calendar = forwardRef<PlannerCalendarRef, CalendarProps>(function PlannerCalendar(props, ref) {
  const { t, i18n } = useTranslation();
  const scheme = useComputedColorScheme("light");
  const zh = i18n.language === "zh-CN";
  const h24 = zh || is24h();
  const { backlogEl } = props;
  const latest = useRef(props);
  latest.current = props;

  // Backlog rows carry their task as data attributes; FullCalendar's pointer-based Draggable turns a drop on the
  // grid into `eventReceive`.
  useEffect(() => {
    if (!backlogEl) return;
    const d = new Draggable(backlogEl, {
      itemSelector: "[data-backlog-task]",
      eventData: (el: HTMLElement) => ({
        id: `task:${el.dataset.backlogTask}`,
        title: el.dataset.title ?? "",
        duration: { minutes: Number(el.dataset.minutes ?? 60) },
        create: true,
      }),
    });
    return () => d.destroy();
  }, [backlogEl]);

  const byKey = useMemo(() => new Map(props.events.map((e) => [e.key, e])), [props.events]);
  const lookup = useRef(byKey);
  lookup.current = byKey;
  const input = useMemo(
    () => toInputs(props.events, props.colorBy, props.selectedKey),
    [props.events, props.colorBy, props.selectedKey],
  );

  // Events reach FullCalendar through its API, never as an `events` option (see calendarSync.ts).
  const calendar = useRef<CalendarRef>(null);
  const sync = useRef(emptySync<EventSourceApi>());
  const latestInput = useRef(input);
  latestInput.current = input;
  const api = useCallback(
    () => calendar.current?.getApi() as unknown as SyncApi<EventSourceApi> | undefined,
    [],
  );
  useLayoutEffect(() => {
    const a = api();
    if (a && syncEvents(a, sync.current, input) !== "none") markRendered();
  }, [api, input]);
  useImperativeHandle(
    ref,
    () => ({
      getApi: () => calendar.current!.getApi(),
      show: (events: PlannerEvent[]) => {
        const a = api();
        if (!a) return;
        lookup.current = new Map(events.map((e) => [e.key, e]));
        const { colorBy, selectedKey } = latest.current;
        syncEvents(a, sync.current, toInputs(events, colorBy, selectedKey));
        markRendered();
      },
    }),
    [api],
  );
  /** FullCalendar's own undo of a drag puts back its whole event store; what it holds is then redrawn from data. */
  const revertOf = useCallback(
    (revert: () => void) => () => {
      revert();
      const a = api();
      sync.current = emptySync();
      if (a) syncEvents(a, sync.current, latestInput.current);
    },
    [api],
  );

  const wh = props.workingHours;
  const businessHours = useMemo(
    () =>
      wh
        ? {
            daysOfWeek: wh.days.map((d) => d % 7),
            startTime: clock(wh.start_minute),
            endTime: clock(wh.end_minute),
          }
        : undefined,
    [wh],
  );
  const timeFormat = useMemo(() => ({ hour: "numeric", minute: "2-digit", hour12: !h24 }) as const, [h24]);

  const handlers = useMemo(
    () => ({
      datesSet: (info: DatesSetInfo) => latest.current.onRange(info.start, info.end, info.view.title),
      eventClick: (info: EventClickInfo) => latest.current.onSelectEvent(info.event.id),
      eventDrop: (info: EventDropInfo) => {
        performance.mark("planner:drop-handled");
        const ev = lookup.current.get(info.event.id);
        if (!ev || !info.event.start) return info.revert();
        const end = info.event.end ?? new Date(info.event.start.getTime() + 3_600_000);
        latest.current.onChange(moveChange(ev, info.event.start, end), revertOf(info.revert));
      },
      eventResize: (info: EventResizeDoneInfo) => {
        const ev = lookup.current.get(info.event.id);
        if (!ev || !info.event.start || !info.event.end) return info.revert();
        latest.current.onChange(moveChange(ev, info.event.start, info.event.end), revertOf(info.revert));
      },
      eventReceive: (info: EventReceiveInfo) => {
        const taskId = info.draggedEl.dataset.backlogTask;
        const start = info.event.start;
        if (!taskId || !start) return info.revert();
        const end = info.event.end ?? new Date(start.getTime() + 3_600_000);
        // The real block arrives with the refetch; the placeholder FullCalendar made is dropped either way.
        const placeholder = info.event;
        latest.current.onChange(
          { type: "schedule_task", task_id: taskId, start: start.toISOString(), end: end.toISOString() },
          () => placeholder.remove(),
        );
        window.setTimeout(() => placeholder.remove(), 0);
      },
      eventDragStop: (info: EventDragStopInfo) => {
        // Dropping a task block on the backlog sends it back there (FullCalendar has no drop target outside the grid).
        const ev = lookup.current.get(info.event.id);
        const el = latest.current.backlogEl;
        if (!ev || ev.kind !== "task" || !el) return;
        const r = el.getBoundingClientRect();
        const { clientX: x, clientY: y } = info.jsEvent;
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) latest.current.onUnschedule(ev);
      },
      select: (info: DateSelectInfo) => latest.current.onSelectSlot(info.start, info.end),
    }),
    [revertOf],
  );

  const eventContent = useCallback(
    (arg: EventDisplayInfo) => {
      const conflicts = Number(arg.event.extendedProps.conflicts ?? 0);
      return (
        <div className="ld-event" data-testid="planner-event" data-key={arg.event.id} title={arg.event.title}>
          {/* Plain characters rather than SVG icon components: hundreds of events re-render while dragging. */}
          {conflicts > 0 && (
            <span
              className="ld-event-flag"
              data-testid="event-conflict"
              role="img"
              aria-label={t("planner.conflictCount", { count: conflicts })}
            >
              !
            </span>
          )}
          {arg.event.extendedProps.recurring === true && (
            <span className="ld-event-repeat" role="img" aria-label={t("planner.recurring")}>
              ↻
            </span>
          )}
          <span className="ld-event-time">{arg.timeText}</span>
          <span className="ld-event-title">{arg.event.title}</span>
        </div>
      );
    },
    [t],
  );

  return (
    <FullCalendar
      ref={calendar}
      plugins={PLUGINS}
      locale={zh ? zhCn : "en"}
      timeZone={props.timeZone}
      firstDay={1}
      colorScheme={scheme}
      headerToolbar={false}
      initialView={VIEWS[props.view]}
      views={CUSTOM_VIEWS}
      height="100%"
      allDaySlot={false}
      nowIndicator
      editable
      droppable
      selectable
      selectMirror
      slotDuration="00:30:00"
      snapDuration="00:15:00"
      scrollTime={wh ? clock(Math.max(0, wh.start_minute - 60)) : "08:00"}
      businessHours={businessHours}
      slotHeaderFormat={timeFormat}
      eventTimeFormat={timeFormat}
      dayMaxEvents
      // More than four events side by side in a time slot become a "+N" link: narrower columns are unreadable,
      // and a crowded week keeps its page light.
      eventMaxStack={4}
      eventContent={eventContent}
      unselectAuto
      {...handlers}
    />
  );
});

export const PlannerCalendar = memo(Calendar);
