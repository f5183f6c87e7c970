import { useState, type KeyboardEvent } from "react";
import { ToCommitment } from "../commitments/CommitmentRow";
import { Anchor, Box, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands, type Meeting, type Task, type TaskStatus } from "../../bindings";
import { Section } from "../../components/Detail";
import { EntityPicker, loaders } from "../../components/EntityPicker";
import { formatDate, formatShortDate, todayIso } from "../../lib/format";
import { errorMessage, fieldErrors, unwrap } from "../../lib/ipc";
import { invalidateEntity } from "../../lib/queryClient";
import { TaskForm } from "../tasks/TaskForm";
import { newTaskInput } from "../tasks/input";
import { TASK_STATUSES } from "../tasks/status";
import { useTaskStatus } from "./minutes";
import { TaskAssignee, hasAssignee } from "../tasks/TaskAssignee";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isOverdue(task: Task): boolean {
  return (
    task.due_date !== null &&
    task.due_date < todayIso() &&
    task.status !== "done" &&
    task.status !== "cancelled"
  );
}

/** One task in the minutes: status (changed in place), title (opens the task), owner, due date. */
function TaskLine({
  task,
  testId,
  onOpen,
  showMeeting = false,
}: {
  task: Task;
  testId: string;
  onOpen: () => void;
  showMeeting?: boolean;
}) {
  const { t } = useTranslation();
  const setStatus = useTaskStatus();
  const overdue = isOverdue(task);
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      py={4}
      className="ld-minutes-row"
      role="listitem"
      data-testid={testId}
      data-id={task.id}
    >
      <Select
        size="xs"
        w={116}
        style={{ flexShrink: 0 }}
        aria-label={t("minutes.statusOf", { title: task.title })}
        data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
        value={task.status}
        allowDeselect={false}
        onChange={(v) => {
          if (v && v !== task.status) void setStatus(task, v as TaskStatus);
        }}
        data-testid={`${testId}-status`}
        comboboxProps={{ withinPortal: true }}
      />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={onOpen}
          data-testid={`${testId}-open`}
          style={{
            textAlign: "start",
            wordBreak: "break-word",
            textDecoration: task.status === "done" ? "line-through" : undefined,
          }}
        >
          {task.title}
        </Anchor>
        {showMeeting && task.meeting_id && (
          <Text size="xs" c="dimmed">
            {t("minutes.fromMeeting")}{" "}
            <Anchor component={Link} to={`/meetings/${task.meeting_id}`} size="xs">
              {task.meeting_title}
            </Anchor>
          </Text>
        )}
      </Box>
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {hasAssignee(task) ? <TaskAssignee task={task} size="xs" /> : t("minutes.noOwner")}
      </Text>
      <Box w={96} ta="right" style={{ flexShrink: 0 }}>
        <Text
          size="xs"
          c={overdue ? "red" : "dimmed"}
          title={task.due_date ? formatDate(task.due_date) : undefined}
          style={{ whiteSpace: "nowrap" }}
        >
          {task.due_date ? formatShortDate(task.due_date) : t("minutes.noDue")}
        </Text>
        {overdue && (
          <Text size="xs" c="red" style={{ whiteSpace: "nowrap" }}>
            {t("task.overdue")}
          </Text>
        )}
      </Box>
      {task.meeting_id && <ToCommitment taskId={task.id} />}
    </Group>
  );
}

/** The meeting's action items, with a one-line add: title, owner (a person or a department), due date. */
export function ActionItemsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [title, setTitle] = useState("");
  const [contact, setContact] = useState<string | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const [due, setDue] = useState("");
  const [errors, setErrors] = useState<{ title?: string; due?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);
  const [open, setOpen] = useState<Task | null>(null);

  const add = async () => {
    const next: typeof errors = {};
    if (title.trim() === "") next.title = t("errors:rule.required");
    if (due.trim() !== "" && !DATE.test(due.trim())) next.due = t("errors:rule.invalid_date");
    setErrors(next);
    if (next.title || next.due) return;
    setBusy(true);
    try {
      await unwrap(
        commands.taskCreate(
          newTaskInput(title.trim(), {
            // The project too, so the action item also shows in the project's tasks.
            project_id: meeting.project_id,
            meeting_id: meeting.id,
            assignee_contact_id: contact,
            assignee_department_id: department,
            due_date: due.trim() === "" ? null : due.trim(),
          }),
        ),
      );
      setTitle("");
      setContact(null);
      setDepartment(null);
      setDue("");
      setPickerKey((k) => k + 1);
      await invalidateEntity(client, "task");
    } catch (err) {
      const fields = fieldErrors(t, err);
      setErrors(
        fields
          ? {
              title: fields.title,
              due: fields.due_date,
              form: fields.title || fields.due_date ? undefined : t("errors:code.validation"),
            }
          : { form: errorMessage(t, err) },
      );
    } finally {
      setBusy(false);
    }
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void add();
    }
  };

  return (
    <Section
      title={t("detail.actionItems")}
      testId="action-items"
      actions={
        meeting.action_items.length > 0 && (
          <Text size="xs" c="dimmed">
            {t("minutes.openOf", {
              open: meeting.action_items.filter((a) => a.status !== "done" && a.status !== "cancelled")
                .length,
              total: meeting.action_items.length,
            })}
          </Text>
        )
      }
    >
      {meeting.action_items.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs" data-testid="action-items-empty">
          {t("empty.actionItemsMinutes")}
        </Text>
      ) : (
        <Stack gap={0} mb="xs" role="list" aria-label={t("detail.actionItems")}>
          {meeting.action_items.map((task) => (
            <TaskLine key={task.id} task={task} testId="action-item" onOpen={() => setOpen(task)} />
          ))}
        </Stack>
      )}
      <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="action-add">
        <TextInput
          style={{ flex: 1, minWidth: 160 }}
          aria-label={t("minutes.newActionTitle")}
          placeholder={t("minutes.newActionTitle")}
          data-testid="action-add-title"
          value={title}
          error={errors.title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          onKeyDown={onEnter}
        />
        <Box w={190}>
          <EntityPicker
            key={`c${pickerKey}`}
            hideLabel
            label={t("minutes.ownerPerson")}
            placeholder={t("minutes.ownerPerson")}
            loader={loaders.contacts()}
            value={contact}
            onChange={(v) => {
              setContact(v);
              if (v) setDepartment(null);
            }}
            data-testid="action-add-owner"
          />
        </Box>
        <Box w={170}>
          <EntityPicker
            key={`d${pickerKey}-${contact ?? ""}`}
            hideLabel
            label={t("minutes.ownerDepartment")}
            placeholder={t("minutes.ownerDepartment")}
            loader={loaders.organizations("department")}
            value={department}
            onChange={(v) => {
              setDepartment(v);
              if (v) setContact(null);
            }}
            data-testid="action-add-department"
          />
        </Box>
        <TextInput
          w={150}
          aria-label={t("fields.dueDate")}
          placeholder={t("minutes.duePlaceholder")}
          data-testid="action-add-due"
          value={due}
          error={errors.due}
          onChange={(e) => setDue(e.currentTarget.value)}
          onKeyDown={onEnter}
        />
        <Button
          variant="light"
          leftSection={<IconPlus size={14} />}
          loading={busy}
          onClick={() => void add()}
          data-testid="action-add-submit"
        >
          {t("minutes.addAction")}
        </Button>
      </Group>
      {errors.form && (
        <Text size="xs" c="red" mt={4} role="alert">
          {errors.form}
        </Text>
      )}
      {open && <TaskForm task={open} onClose={() => setOpen(null)} />}
    </Section>
  );
}

/** Open action items of the meetings this one follows: read here, their status changed in place. */
export function CarriedItemsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Task | null>(null);
  return (
    <Section title={t("minutes.carriedTitle")} testId="carried-items">
      {meeting.carried_items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="carried-empty">
          {meeting.previous_meeting_id ? t("empty.carriedNone") : t("empty.carriedNoPrevious")}
        </Text>
      ) : (
        <Stack gap={0} role="list" aria-label={t("minutes.carriedTitle")}>
          {meeting.carried_items.map((task) => (
            <TaskLine
              key={task.id}
              task={task}
              testId="carried-item"
              showMeeting
              onOpen={() => setOpen(task)}
            />
          ))}
        </Stack>
      )}
      {open && <TaskForm task={open} onClose={() => setOpen(null)} />}
    </Section>
  );
}
