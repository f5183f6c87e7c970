import { useCallback } from "react";
import {
  Anchor,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconCalendarEvent } from "@tabler/icons-react";
import { Link } from "react-router";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type Priority, type Task, type TaskInput, type TaskStatus } from "../../bindings";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import {
  FormModal,
  numOrNull,
  optionalDate,
  orNull,
  required,
  useFieldProps,
} from "../../components/FormModal";
import { unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { DateField } from "../../components/DateField";
import { PRIORITIES, TASK_STATUSES } from "./status";
import { isDeletedRef, refOption } from "../../components/RefName";
import { RefName } from "../../components/RefName";
import {
  TaskPlanFields,
  planFieldOf,
  planInput,
  planValues,
  type PlanValues,
} from "../projects/TaskPlanFields";

type Values = {
  title: string;
  description: string;
  project_id: string | null;
  meeting_id: string | null;
  assignee_contact_id: string | null;
  assignee_department_id: string | null;
  due_date: string;
  status: TaskStatus;
  progress: number;
  priority: Priority;
  estimate_hours: number | string;
} & PlanValues;

export function TaskForm({
  task,
  preset,
  onClose,
  onOpenTask,
}: {
  task?: Task;
  preset?: { project_id?: string; project_name?: string; meeting_id?: string };
  onClose: () => void;
  /** Opens another task (a subtask listed in this one's plan) in place of this form. */
  onOpenTask?: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      title: task?.title ?? "",
      description: task?.description ?? "",
      project_id: task?.project_id ?? preset?.project_id ?? null,
      meeting_id: task?.meeting_id ?? preset?.meeting_id ?? null,
      assignee_contact_id: task?.assignee_contact_id ?? null,
      assignee_department_id: task?.assignee_department_id ?? null,
      due_date: task?.due_date ?? "",
      status: task?.status ?? "todo",
      progress: task?.progress ?? 0,
      priority: task?.priority ?? "normal",
      estimate_hours: task?.estimate_hours ?? "",
      ...planValues(task),
    },
    validate: { title: required, due_date: optionalDate },
  });
  const fp = useFieldProps(form);
  const toInput = (v: Values): TaskInput => ({
    title: v.title.trim(),
    description: orNull(v.description),
    project_id: v.project_id,
    meeting_id: v.meeting_id,
    assignee_contact_id: v.assignee_contact_id,
    assignee_department_id: v.assignee_department_id,
    due_date: orNull(v.due_date),
    status: v.status,
    progress: Math.round(v.progress),
    priority: v.priority,
    estimate_hours: numOrNull(v.estimate_hours),
    scheduled_start: task?.scheduled_start ?? null,
    scheduled_end: task?.scheduled_end ?? null,
  });
  const progress = fp("progress");
  // The plan (parent, milestone, predecessors) belongs to the project the task was opened in; moving the task to
  // another project in this form leaves it out.
  const planProject = task?.project_id ?? preset?.project_id ?? null;
  const withPlan = planProject !== null && form.values.project_id === planProject;
  // The saved predecessors arrive after the form opened: they become its starting value unless already changed.
  const loadedPredecessors = useCallback(
    (ids: string[]) => {
      if (form.isTouched("predecessor_ids")) return;
      form.setInitialValues({ ...form.getInitialValues(), predecessor_ids: ids });
      form.setFieldValue("predecessor_ids", ids);
    },
    [form],
  );
  const submit = async (v: Values): Promise<Task> => {
    // An existing task's plan goes first: a refused loop then leaves everything as it was.
    if (task && withPlan) await unwrap(commands.taskPlanSet(task.id, planInput(v)));
    const saved = await unwrap(
      task ? commands.taskUpdate(task.id, toInput(v)) : commands.taskCreate(toInput(v)),
    );
    const planned = v.parent_id || v.milestone_id || v.predecessor_ids.length > 0;
    if (!task && withPlan && planned) return unwrap(commands.taskPlanSet(saved.id, planInput(v)));
    return saved;
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={task ? t("edit.task") : preset?.meeting_id ? t("new.actionItem") : t("new.task")}
      form={form}
      submit={submit}
      fieldOf={planFieldOf}
      onSaved={() => {
        void invalidateEntity(client, "task");
        // The plan's views (board, dependencies, milestones) live under the project's keys.
        if (withPlan) void client.invalidateQueries({ queryKey: ["project"] });
        onClose();
      }}
    >
      {task && (
        // The task's own page: its plan (parent, subtasks, what it waits for) read in one place.
        <Anchor
          component={Link}
          to={`/tasks/${task.id}`}
          size="sm"
          onClick={onClose}
          data-testid="task-open-page"
        >
          {t("task.openPage")}
        </Anchor>
      )}
      {task?.meeting_id && (
        // An action item links back to the meeting it came from.
        <Group gap={6} wrap="nowrap" data-testid="task-meeting">
          <IconCalendarEvent size={16} aria-hidden />
          <Text size="sm" c="dimmed">
            {t("task.fromMeeting")}
          </Text>
          <Anchor component={Link} to={`/meetings/${task.meeting_id}`} size="sm" onClick={onClose}>
            <RefName name={task.meeting_title} deleted={isDeletedRef(task, "meeting_id")} />
          </Anchor>
        </Group>
      )}
      <TextInput label={t("fields.taskTitle")} withAsterisk data-autofocus {...fp("title")} />
      <Textarea label={t("fields.description")} autosize minRows={2} maxRows={8} {...fp("description")} />
      <SimpleGrid cols={3}>
        <Select
          label={t("fields.status")}
          data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
          allowDeselect={false}
          {...fp("status")}
        />
        <Select
          label={t("fields.priority")}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          allowDeselect={false}
          {...fp("priority")}
        />
        <DateField label={t("fields.dueDate")} {...fp("due_date")} />
      </SimpleGrid>
      <SimpleGrid cols={2}>
        <EntityPicker
          label={t("fields.assigneeContact")}
          loader={loaders.contacts()}
          initial={refOption(
            t,
            task?.assignee_contact_id,
            task?.assignee_contact_name,
            isDeletedRef(task, "assignee_contact_id"),
          )}
          {...fp("assignee_contact_id")}
        />
        <EntityPicker
          label={t("fields.assigneeDepartment")}
          loader={loaders.organizations("department")}
          initial={refOption(
            t,
            task?.assignee_department_id,
            task?.assignee_department_name,
            isDeletedRef(task, "assignee_department_id"),
          )}
          {...fp("assignee_department_id")}
        />
      </SimpleGrid>
      <SimpleGrid cols={2}>
        <EntityPicker
          label={t("fields.project")}
          loader={loaders.projects()}
          initial={
            refOption(t, task?.project_id, task?.project_name, isDeletedRef(task, "project_id")) ??
            refOption(t, preset?.project_id, preset?.project_name, false)
          }
          {...fp("project_id")}
        />
        <NumberInput label={t("fields.estimateHours")} min={0} decimalScale={1} {...fp("estimate_hours")} />
      </SimpleGrid>
      {withPlan && planProject && (
        <TaskPlanFields
          fp={fp}
          loadedPredecessors={loadedPredecessors}
          projectId={planProject}
          task={task}
          onOpenTask={onOpenTask}
        />
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500} id="task-progress-label">
          {t("fields.progress")}: {form.values.progress}%
        </Text>
        <Slider
          aria-labelledby="task-progress-label"
          min={0}
          max={100}
          step={5}
          value={progress.value as number}
          onChange={progress.onChange}
          data-testid="field-progress"
          thumbLabel={t("fields.progress")}
        />
        {progress.error && (
          <Text size="xs" c="red" data-testid="field-error-progress">
            {progress.error}
          </Text>
        )}
      </Stack>
    </FormModal>
  );
}
