import { useRef, useState, type PointerEvent } from "react";
import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commands, type Milestone, type Task, type TaskInput } from "../../bindings";
import { ListSkeleton, QueryError } from "../../components/ListPage";
import { formatShortDate, todayIso } from "../../lib/format";
import { unwrap } from "../../lib/ipc";
import { addDays, daysBetween, useBoard, useMilestones, usePlanMutation } from "./api";
import { AddMilestone } from "./Milestones";

const ROW = 26;
const LEFT = 190;
const WIDTH = 900;
const MAX_TASKS = 60;
const NO_FILTER = { assignee_contact_id: null, department_id: null, milestone_id: null };

/** A task's bar: from its block's start (or three days before its due date) to its due date. */
export function barOf(t: Task): { start: string; end: string } | null {
  if (!t.due_date) return null;
  const start = t.scheduled_start ? t.scheduled_start.slice(0, 10) : addDays(t.due_date, -3);
  return { start: start <= t.due_date ? start : t.due_date, end: t.due_date };
}

/** The days the chart spans: every dated item and today, with two days of margin. */
export function span(days: string[], today: string): { from: string; days: number } {
  const all = [...days, today].sort();
  const from = addDays(all[0], -2);
  return { from, days: Math.max(7, daysBetween(from, addDays(all[all.length - 1], 2))) };
}

/** About six evenly spaced days to label the axis with. */
export function ticks(from: string, days: number): string[] {
  const step = Math.max(1, Math.round(days / 6));
  const out: string[] = [];
  for (let d = step; d < days; d += step) out.push(addDays(from, d));
  return out;
}

const taskInput = (t: Task, due: string): TaskInput => ({
  title: t.title,
  description: t.description,
  project_id: t.project_id,
  meeting_id: t.meeting_id,
  assignee_contact_id: t.assignee_contact_id,
  assignee_department_id: t.assignee_department_id,
  due_date: due,
  status: t.status,
  progress: t.progress,
  priority: t.priority,
  estimate_hours: t.estimate_hours,
  scheduled_start: t.scheduled_start,
  scheduled_end: t.scheduled_end,
});

type Drag = { id: string; x0: number; dx: number };

/** Milestones and dated tasks over time, with a today marker; bars and milestones drag by whole days. */
export function TimelineTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const board = useBoard(projectId, NO_FILTER);
  const milestones = useMilestones(projectId);
  const [drag, setDrag] = useState<Drag | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const moveMilestone = usePlanMutation(({ m, date }: { m: Milestone; date: string }) =>
    unwrap(
      commands.milestoneUpdate(m.id, {
        title: m.title,
        target_date: date,
        status: m.status,
        done_on: m.done_on,
      }),
    ),
  );
  const moveTask = usePlanMutation(({ task, due }: { task: Task; due: string }) =>
    unwrap(commands.taskUpdate(task.id, taskInput(task, due))),
  );
  if (board.isPending || milestones.isPending) return <ListSkeleton rows={4} />;
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  if (milestones.isError)
    return <QueryError error={milestones.error} onRetry={() => void milestones.refetch()} />;
  const today = todayIso();
  const dated = board.data
    .flatMap((c) => c.tasks)
    .filter((task) => task.due_date && task.scheduled_start === null)
    .sort((a, b) => (a.due_date ?? "").localeCompare(b.due_date ?? ""));
  const shown = dated.slice(0, MAX_TASKS);
  const ms = milestones.data;
  if (shown.length === 0 && ms.length === 0)
    return (
      <Stack gap="sm">
        <AddMilestone projectId={projectId} />
        <Text size="sm" c="dimmed">
          {t("plan.timeline.empty")}
        </Text>
      </Stack>
    );
  const { from, days } = span(
    [...ms.map((m) => m.target_date), ...shown.flatMap((x) => Object.values(barOf(x) ?? {}))],
    today,
  );
  const dayW = (WIDTH - LEFT - 10) / days;
  const x = (day: string) => LEFT + daysBetween(from, day) * dayW;
  const height = (ms.length + shown.length + 1) * ROW + 30;
  const shift = (id: string) => (drag?.id === id ? Math.round(drag.dx / dayW) : 0);
  const start = (id: string) => (e: PointerEvent) => {
    (e.target as Element).setPointerCapture(e.pointerId);
    setDrag({ id, x0: e.clientX, dx: 0 });
  };
  const onMove = (e: PointerEvent) => {
    if (!drag || !svg.current) return;
    // Pixels on screen to pixels in the drawing (the SVG scales with its box).
    const ratio = WIDTH / svg.current.getBoundingClientRect().width;
    setDrag({ ...drag, dx: (e.clientX - drag.x0) * ratio });
  };
  const end = () => {
    if (!drag) return;
    const n = Math.round(drag.dx / dayW);
    const m = ms.find((x) => x.id === drag.id);
    const task = shown.find((x) => x.id === drag.id);
    setDrag(null);
    if (n === 0) return;
    if (m) moveMilestone.mutate({ m, date: addDays(m.target_date, n) });
    if (task?.due_date) moveTask.mutate({ task, due: addDays(task.due_date, n) });
  };
  return (
    <Stack gap="xs">
      <AddMilestone projectId={projectId} />
      <Text size="xs" c="dimmed">
        {t("plan.timeline.dragHint")}
      </Text>
      <svg
        ref={svg}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={t("plan.tabs.timeline")}
        data-testid="timeline"
        onPointerMove={onMove}
        onPointerUp={end}
        onPointerCancel={() => setDrag(null)}
        style={{ touchAction: "none", userSelect: "none" }}
      >
        {ticks(from, days).map((d) => (
          <g key={d}>
            <line x1={x(d)} x2={x(d)} y1={16} y2={height} stroke="var(--mantine-color-gray-3)" />
            <text x={x(d) + 2} y={height - 4} fontSize={10} fill="var(--mantine-color-dimmed)">
              {formatShortDate(d)}
            </text>
          </g>
        ))}
        <line
          x1={x(today)}
          x2={x(today)}
          y1={0}
          y2={height}
          stroke="var(--mantine-color-red-6)"
          strokeWidth={1.5}
          data-testid="timeline-today"
        />
        <text x={x(today) + 3} y={12} fontSize={10} fill="var(--mantine-color-red-6)">
          {t("plan.timeline.today")}
        </text>
        {ms.map((m, i) => {
          const cx = x(addDays(m.target_date, shift(m.id)));
          const cy = (i + 1) * ROW + 6;
          return (
            <g key={m.id} data-testid={`timeline-milestone-${m.id}`} data-date={m.target_date}>
              <text x={8} y={cy + 4} fontSize={12} fill="currentColor">
                ◆ {m.title}
              </text>
              <rect
                x={cx - 7}
                y={cy - 7}
                width={14}
                height={14}
                transform={`rotate(45 ${cx} ${cy})`}
                fill={m.status === "done" ? "var(--mantine-color-green-6)" : "var(--mantine-color-violet-6)"}
                style={{ cursor: "ew-resize" }}
                onPointerDown={start(m.id)}
              >
                <title>{`${m.title} ${m.target_date}`}</title>
              </rect>
            </g>
          );
        })}
        {shown.map((task, i) => {
          const bar = barOf(task);
          if (!bar) return null;
          const n = shift(task.id);
          const y = (ms.length + i + 1) * ROW;
          const x0 = x(addDays(bar.start, n));
          const w = Math.max(dayW, x(addDays(bar.end, n + 1)) - x0);
          return (
            <g key={task.id} data-testid={`timeline-task-${task.id}`} data-date={task.due_date ?? ""}>
              <text x={8} y={y + 16} fontSize={12} fill="currentColor">
                {task.title.length > 16 ? `${task.title.slice(0, 15)}…` : task.title}
              </text>
              <rect
                x={x0}
                y={y + 4}
                width={w}
                height={16}
                rx={3}
                fill={task.status === "done" ? "var(--mantine-color-green-5)" : "var(--mantine-color-blue-5)"}
                style={{ cursor: "ew-resize" }}
                onPointerDown={start(task.id)}
              >
                <title>{`${task.title} ${bar.start} – ${bar.end}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      {dated.length > shown.length && (
        <Text size="xs" c="dimmed">
          {t("plan.timeline.more", { count: dated.length - shown.length })}
        </Text>
      )}
    </Stack>
  );
}
