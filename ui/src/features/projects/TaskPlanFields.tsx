import { useEffect, useRef } from "react";
import { Anchor, Group, MultiSelect, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconSubtask } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Task, TaskPlanInput } from "../../bindings";
import { useFieldProps } from "../../components/FormModal";
import { useBoard, useDependencies, useMilestones } from "./api";

export const NO_BOARD_FILTER = { assignee_contact_id: null, department_id: null, milestone_id: null };

/** The plan part of a task's form: its parent, milestone and predecessors. */
export type PlanValues = {
  parent_id: string | null;
  milestone_id: string | null;
  predecessor_ids: string[];
};

export const planValues = (task?: Task): PlanValues => ({
  parent_id: task?.parent_id ?? null,
  milestone_id: task?.milestone_id ?? null,
  predecessor_ids: [],
});

export const planInput = (v: PlanValues): TaskPlanInput => ({
  parent_id: v.parent_id,
  milestone_id: v.milestone_id,
  predecessor_ids: v.predecessor_ids,
});

/** The backend names a refused predecessor `predecessor_id`; the form shows it under the predecessors field. */
export const planFieldOf = (field: string) => (field === "predecessor_id" ? "predecessor_ids" : field);

/** A project's tasks, each with how deep it is nested (0 for a top-level task), in the order they were given. */
export function depths(tasks: Pick<Task, "id" | "parent_id">[]): Map<string, number> {
  const parent = new Map(tasks.map((t) => [t.id, t.parent_id]));
  const out = new Map<string, number>();
  for (const t of tasks) {
    let depth = 0;
    let at = t.parent_id;
    // A loop cannot be saved; the bound only guards against a half-loaded list.
    while (at && parent.has(at) && depth < tasks.length) {
      depth += 1;
      at = parent.get(at) ?? null;
    }
    out.set(t.id, depth + (at && !parent.has(at) ? 1 : 0));
  }
  return out;
}

type FieldProps = ReturnType<ReturnType<typeof useFieldProps<PlanValues>>>;

/**
 * Parent, milestone and predecessors of a project's task, inside the task form. The saved predecessors are handed
 * to `loadedPredecessors` once they have loaded (the form keeps them unless the user already changed the field).
 * Subtasks are listed under.
 */
export function TaskPlanFields({
  fp,
  loadedPredecessors,
  projectId,
  task,
  onOpenTask,
}: {
  fp: (name: keyof PlanValues) => FieldProps;
  loadedPredecessors: (ids: string[]) => void;
  projectId: string;
  task?: Task;
  onOpenTask?: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const board = useBoard(projectId, NO_BOARD_FILTER);
  const milestones = useMilestones(projectId);
  const deps = useDependencies(projectId);
  const all = (board.data ?? []).flatMap((c) => c.tasks);
  const others = all.filter((x) => x.id !== task?.id).map((x) => ({ value: x.id, label: x.title }));
  const subtasks = task ? all.filter((x) => x.parent_id === task.id) : [];
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current || !task || !deps.data) return;
    filled.current = true;
    loadedPredecessors(deps.data.filter((d) => d.successor_id === task.id).map((d) => d.predecessor_id));
  }, [deps.data, task, loadedPredecessors]);
  return (
    <Stack gap="xs" data-testid="task-plan">
      <SimpleGrid cols={2}>
        <Select
          label={t("plan.task.parent")}
          placeholder={t("plan.task.noParent")}
          data={others}
          searchable
          clearable
          {...fp("parent_id")}
        />
        <Select
          label={t("plan.task.milestone")}
          placeholder={t("plan.task.noMilestone")}
          data={(milestones.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
          clearable
          {...fp("milestone_id")}
        />
      </SimpleGrid>
      <MultiSelect
        label={t("plan.task.predecessors")}
        description={t("plan.task.predecessorsHint")}
        data={others}
        searchable
        clearable
        {...fp("predecessor_ids")}
      />
      {subtasks.length > 0 && (
        <Stack gap={2} data-testid="task-subtasks">
          <Text size="sm" fw={500}>
            {t("plan.task.subtasks", { count: subtasks.length })}
          </Text>
          {subtasks.map((s) => (
            <Group key={s.id} gap={6} wrap="nowrap">
              <IconSubtask size={14} aria-hidden />
              {onOpenTask ? (
                <Anchor component="button" type="button" size="sm" onClick={() => onOpenTask(s)}>
                  {s.title}
                </Anchor>
              ) : (
                <Text size="sm">{s.title}</Text>
              )}
              <Text size="xs" c="dimmed">
                {t(`taskStatus.${s.status}`)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
