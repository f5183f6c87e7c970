import { useState } from "react";
import { Badge, Box, Group, ScrollArea, Select, Skeleton, Stack, Text } from "@mantine/core";
import { IconGripVertical } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { BacklogQuery, Task } from "../../bindings";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { formatShortDate, todayIso } from "../../lib/format";
import { isoWeekday, plusDays, today } from "../../lib/time";
import { useBacklog } from "./api";
import { colorFor } from "../../lib/colors";
import { RefName, isDeletedRef } from "../../components/RefName";
import { TaskAssignee, hasAssignee } from "../tasks/TaskAssignee";

type Due = "any" | "overdue" | "week" | "fortnight";

/** The last due date a filter keeps, counted on the user's calendar: yesterday, this Sunday, or two weeks on. */
function dueBefore(due: Due): string | null {
  if (due === "any") return null;
  const day = today();
  if (due === "overdue") return plusDays(day, -1);
  if (due === "week") return plusDays(day, 7 - isoWeekday(day));
  return plusDays(day, 14);
}

/** Minutes a task takes on the calendar: its estimate, else one hour; at least one 15-minute slot. */
export function blockMinutes(task: Pick<Task, "estimate_hours">): number {
  const h = task.estimate_hours;
  return h && h > 0 ? Math.max(15, Math.round((h * 60) / 15) * 15) : 60;
}

function BacklogItem({ task, onSchedule }: { task: Task; onSchedule: (task: Task) => void }) {
  const { t } = useTranslation();
  const overdue = task.due_date !== null && task.due_date < todayIso();
  return (
    <Box
      className="ld-backlog-item"
      data-testid="backlog-task"
      data-backlog-task={task.id}
      data-title={task.title}
      data-minutes={blockMinutes(task)}
      style={{ borderInlineStartColor: colorFor(task.project_id, task.project_color) }}
      tabIndex={0}
      aria-label={t("planner.backlogItem", { title: task.title })}
      // Without a mouse: Enter schedules the task at the next free slot of the people it is assigned to.
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onSchedule(task);
        }
      }}
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconGripVertical size={14} aria-hidden style={{ flexShrink: 0, marginTop: 3, opacity: 0.5 }} />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={500} lineClamp={2}>
            {task.title}
          </Text>
          <Group gap={6} wrap="nowrap">
            {task.due_date && (
              <Text size="xs" c={overdue ? "red" : "dimmed"} style={{ flexShrink: 0, whiteSpace: "nowrap" }}>
                {overdue ? t("task.overdue") : t("planner.due", { date: formatShortDate(task.due_date) })}
              </Text>
            )}
            <Text size="xs" c="dimmed" truncate>
              <TaskAssignee task={task} size="xs" />
              {hasAssignee(task) && task.project_name && " · "}
              <RefName name={task.project_name} deleted={isDeletedRef(task, "project_id")} size="xs" />
            </Text>
          </Group>
        </Box>
        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
          {t("planner.hours", { count: blockMinutes(task) / 60 })}
        </Badge>
      </Group>
    </Box>
  );
}

/** Open tasks without a time block. Drag one onto the calendar to schedule it; drop a block here to unschedule. */
export function Backlog({
  onElement,
  onSchedule,
}: {
  onElement: (el: HTMLElement | null) => void;
  onSchedule: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const [project, setProject] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [due, setDue] = useState<Due>("any");
  const query: BacklogQuery = {
    project_id: project,
    department_id: department,
    assignee_contact_id: assignee,
    due_before: dueBefore(due),
    limit: null,
  };
  const { data, isPending } = useBacklog(query);
  return (
    <Stack gap="xs" h="100%" ref={onElement} data-testid="backlog" className="ld-backlog">
      <Group justify="space-between">
        <Text fw={600}>{t("planner.backlog")}</Text>
        <Badge variant="light" data-testid="backlog-count">
          {data?.length ?? 0}
        </Badge>
      </Group>
      <EntityPicker
        loader={loaders.projects()}
        value={project}
        onChange={setProject}
        label={t("planner.filterProject")}
        placeholder={t("planner.filterProject")}
        size="xs"
        hideLabel
      />
      <EntityPicker
        loader={loaders.organizations("department")}
        value={department}
        onChange={setDepartment}
        label={t("planner.filterDepartment")}
        placeholder={t("planner.filterDepartment")}
        size="xs"
        hideLabel
      />
      <EntityPicker
        loader={loaders.contacts()}
        value={assignee}
        onChange={setAssignee}
        label={t("planner.filterAssignee")}
        placeholder={t("planner.filterAssignee")}
        size="xs"
        hideLabel
      />
      <Select
        size="xs"
        aria-label={t("planner.filterDue")}
        value={due}
        onChange={(v) => setDue((v as Due | null) ?? "any")}
        allowDeselect={false}
        data={(["any", "overdue", "week", "fortnight"] as const).map((d) => ({
          value: d,
          label: t(`planner.dueFilter.${d}`),
        }))}
      />
      <ScrollArea style={{ flex: 1 }} offsetScrollbars>
        <Stack gap={6}>
          {isPending && [0, 1, 2].map((i) => <Skeleton key={i} h={52} radius="sm" />)}
          {data?.map((task) => (
            <BacklogItem key={task.id} task={task} onSchedule={onSchedule} />
          ))}
          {data?.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md" data-testid="backlog-empty">
              {t("planner.backlogEmpty")}
            </Text>
          )}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}
