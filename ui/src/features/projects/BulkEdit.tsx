import { useState } from "react";
import { Button, Group, Paper, Select, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { commands, type TaskBulkEdit, type TaskStatus } from "../../bindings";
import { DateField } from "../../components/DateField";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { unwrap } from "../../lib/ipc";
import { parseDate } from "../../lib/time";
import { TASK_STATUSES } from "../tasks/status";
import { useMilestones, usePlanMutation } from "./api";

const contacts = loaders.contacts();

/**
 * The bar over a project's task list while tasks are selected: one status, assignee, due date or milestone for all
 * of them at once (all change or none; a refusal shows its localized message).
 */
export function BulkEditBar({
  projectId,
  ids,
  onDone,
}: {
  projectId: string;
  ids: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const milestones = useMilestones(projectId);
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [due, setDue] = useState("");
  const [milestone, setMilestone] = useState<string | null>(null);
  const badDue = due.trim() !== "" && parseDate(due.trim()) === null;
  const apply = usePlanMutation((edit: TaskBulkEdit) => unwrap(commands.taskBulkEdit(edit)));
  const nothing = !status && !assignee && !due.trim() && !milestone;
  const run = () =>
    apply.mutate(
      { ids, status, assignee_contact_id: assignee, due_date: due.trim() || null, milestone_id: milestone },
      {
        onSuccess: (tasks) => {
          notifications.show({ message: t("plan.bulk.done", { count: tasks.length }) });
          onDone();
        },
      },
    );
  return (
    <Paper withBorder p="xs" mb="sm" data-testid="bulk-edit">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600} data-testid="bulk-count">
          {t("plan.bulk.selected", { count: ids.length })}
        </Text>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={onDone} data-testid="bulk-clear">
          {t("plan.bulk.clear")}
        </Button>
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          size="xs"
          label={t("fields.status")}
          placeholder={t("plan.bulk.keep")}
          clearable
          data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as TaskStatus | null)}
          w={130}
          data-testid="bulk-status"
        />
        <EntityPicker
          size="xs"
          label={t("fields.assigneeContact")}
          placeholder={t("plan.bulk.keep")}
          loader={contacts}
          value={assignee}
          onChange={setAssignee}
        />
        <DateField
          size="xs"
          label={t("fields.dueDate")}
          placeholder={t("plan.bulk.keep")}
          value={due}
          onChange={setDue}
          error={badDue ? t("errors:rule.invalid_date") : undefined}
          w={150}
          data-testid="bulk-due"
        />
        <Select
          size="xs"
          label={t("plan.task.milestone")}
          placeholder={t("plan.bulk.keep")}
          clearable
          data={(milestones.data ?? []).map((m) => ({ value: m.id, label: m.title }))}
          value={milestone}
          onChange={setMilestone}
          w={160}
          data-testid="bulk-milestone"
        />
        <Button
          size="xs"
          disabled={nothing || badDue}
          loading={apply.isPending}
          onClick={run}
          data-testid="bulk-apply"
        >
          {t("plan.bulk.apply")}
        </Button>
      </Group>
    </Paper>
  );
}
