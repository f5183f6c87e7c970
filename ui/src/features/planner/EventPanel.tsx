import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCalendarSearch, IconExternalLink } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { meetingPath } from "../meetings/MeetingRow";
import { useNavigate } from "react-router";
import { commands, type Conflict, type PlannerChange, type PlannerEvent, type Slot } from "../../bindings";
import {
  formatDate,
  formatDateTime,
  formatTime,
  formatWeekdayDateTime,
  formatWeekdayTime,
  userTimeZone,
} from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { moveChange } from "./Calendar";
import { refreshPlanner } from "./api";
import { taskInput } from "../tasks/input";
import { localDate, plusDays, startOfDay } from "../../lib/time";
import { useQueryClient } from "@tanstack/react-query";

export function conflictText(t: (k: string, o?: Record<string, unknown>) => string, c: Conflict): string {
  return t(`planner.conflict.${c.kind}`, { name: c.party?.name ?? "", other: c.other_title ?? "" });
}

/** The selected event: when, who, its conflicts, and what can be done with it. */
export function EventPanel({
  ev,
  onChange,
}: {
  ev: PlannerEvent;
  onChange: (change: PlannerChange) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [slot, setSlot] = useState<Slot | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  const minutes = Math.round((new Date(ev.end).getTime() - new Date(ev.start).getTime()) / 60_000);
  const zone = userTimeZone();
  // A task's block must end by the close of its due day: a later slot would not fix "ends after due".
  const dueBy = ev.kind === "task" && ev.due_date ? startOfDay(plusDays(ev.due_date, 1), zone) : null;
  const afterDue = ev.conflicts.some((c) => c.kind === "after_due");

  const findSlot = async () => {
    setError(null);
    try {
      const now = new Date();
      const found = await unwrap(
        commands.plannerFreeSlot({
          contact_ids: ev.people.map((p) => p.id),
          department_ids: ev.departments.map((d) => d.id),
          duration_minutes: minutes,
          after: now.toISOString(),
          time_zone: zone,
          ignore_key: ev.key,
          within_days: null,
          before: dueBy,
        }),
      );
      setSlot(found);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };
  // The other way out: the task is due the day its block ends.
  const blockDay = localDate(ev.end, zone);
  const moveDue = async () => {
    setError(null);
    try {
      const task = await unwrap(commands.taskGet(ev.id));
      await unwrap(commands.taskUpdate(ev.id, taskInput(task, { due_date: blockDay })));
      await refreshPlanner(client);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };

  return (
    <Stack gap="xs" data-testid="event-panel">
      <Group gap={6}>
        <Badge variant="light" size="sm">
          {t(ev.kind === "task" ? "planner.block" : ev.recurring ? "planner.occurrence" : "planner.meeting")}
        </Badge>
        {ev.status && (
          <Badge variant="outline" size="sm" color="gray">
            {t(`taskStatus.${ev.status}`)}
          </Badge>
        )}
      </Group>
      <Title order={4} style={{ wordBreak: "break-word" }}>
        {ev.title}
      </Title>
      <Text size="sm" title={formatDateTime(ev.start)}>
        {formatWeekdayTime(ev.start)} – {formatTime(ev.end)}
      </Text>
      {ev.project_name && (
        <Text size="sm" c="dimmed">
          {ev.project_name}
        </Text>
      )}
      {(ev.people.length > 0 || ev.departments.length > 0) && (
        <Text size="sm" c="dimmed">
          {[...ev.departments, ...ev.people].map((p) => p.name).join("、")}
        </Text>
      )}
      {ev.due_date && <Text size="sm">{t("planner.due", { date: ev.due_date })}</Text>}
      {ev.conflicts.map((c, i) => (
        <Alert
          key={i}
          color="orange"
          variant="light"
          p={8}
          icon={<IconAlertTriangle size={16} aria-hidden />}
          data-testid="event-panel-conflict"
        >
          <Text size="sm">{conflictText(t, c)}</Text>
        </Alert>
      ))}
      {afterDue && (
        <Stack gap={6} data-testid="after-due">
          <Text size="sm">{t("planner.afterDue.why", { date: formatDate(ev.due_date) })}</Text>
          <Group gap="xs">
            <Button variant="light" size="xs" onClick={() => void findSlot()} data-testid="slot-before-due">
              {t("planner.afterDue.findBefore")}
            </Button>
            <Button variant="default" size="xs" onClick={() => void moveDue()} data-testid="move-due">
              {t("planner.afterDue.moveDue", { date: formatDate(blockDay) })}
            </Button>
          </Group>
        </Stack>
      )}
      {!afterDue && (ev.people.length > 0 || ev.departments.length > 0) && (
        <Button
          variant="light"
          size="xs"
          leftSection={<IconCalendarSearch size={14} />}
          onClick={() => void findSlot()}
          data-testid="find-slot"
        >
          {t("planner.findSlot")}
        </Button>
      )}
      {slot === null && (
        <Text size="sm" c="dimmed" data-testid="no-slot">
          {t(dueBy ? "planner.noSlotBeforeDue" : "planner.noSlot", { date: formatDate(ev.due_date) })}
        </Text>
      )}
      {slot && (
        <Group gap="xs" data-testid="slot-found">
          <Text size="sm">{t("planner.slotFound", { when: formatWeekdayDateTime(slot.start) })}</Text>
          <Button
            size="xs"
            onClick={() => {
              onChange(moveChange(ev, new Date(slot.start), new Date(slot.end)));
              setSlot(undefined);
            }}
            data-testid="slot-move"
          >
            {t("planner.moveHere")}
          </Button>
        </Group>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      <Group gap="xs">
        {ev.kind === "task" && (
          <Button
            variant="default"
            size="xs"
            onClick={() => onChange({ type: "unschedule_task", task_id: ev.id })}
            data-testid="event-unschedule"
          >
            {t("planner.unschedule")}
          </Button>
        )}
        {ev.occurrence !== null && (
          <Button
            variant="default"
            size="xs"
            color="red"
            onClick={() =>
              onChange({ type: "cancel_occurrence", meeting_id: ev.id, occurrence: ev.occurrence! })
            }
            data-testid="event-cancel-occurrence"
          >
            {t("planner.cancelOccurrence")}
          </Button>
        )}
        <Button
          variant="subtle"
          size="xs"
          rightSection={<IconExternalLink size={14} />}
          onClick={() =>
            navigate(
              ev.kind === "meeting"
                ? meetingPath(ev.occurrence === null ? ev.id : `${ev.id}@${ev.occurrence}`)
                : ev.project_id
                  ? `/projects/${ev.project_id}`
                  : "/",
            )
          }
        >
          {t("planner.open")}
        </Button>
      </Group>
    </Stack>
  );
}

/** Every event with a warning in the visible range; clicking one selects it on the calendar. */
export function ConflictList({
  events,
  onSelect,
}: {
  events: PlannerEvent[];
  onSelect: (key: string, start: string) => void;
}) {
  const { t } = useTranslation();
  const withConflicts = events.filter((e) => e.conflicts.length > 0);
  if (withConflicts.length === 0)
    return (
      <Text size="sm" c="dimmed" ta="center" py="md" data-testid="conflicts-empty">
        {t("planner.noConflicts")}
      </Text>
    );
  return (
    <Stack gap={6} data-testid="conflict-list">
      {withConflicts.map((e) => (
        <Button
          key={e.key}
          variant="default"
          h="auto"
          py={6}
          justify="flex-start"
          onClick={() => onSelect(e.key, e.start)}
          data-testid="conflict-item"
          styles={{ label: { whiteSpace: "normal", textAlign: "start" } }}
        >
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {e.title} · {formatWeekdayTime(e.start)}
            </Text>
            {e.conflicts.map((c, i) => (
              <Text key={i} size="xs" c="orange">
                {conflictText(t, c)}
              </Text>
            ))}
          </Stack>
        </Button>
      ))}
    </Stack>
  );
}
