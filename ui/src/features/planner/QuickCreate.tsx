import { useState } from "react";
import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { EntityMultiPicker, EntityPicker, loaders } from "../../components/EntityPicker";
import { formatTime, formatWeekdayTime, userTimeZone } from "../../lib/format";
import { errorMessage, fieldErrors, unwrap } from "../../lib/ipc";
import { showUndoToast } from "../../components/undo";
import { MeetingForm } from "../meetings/MeetingForm";
import { newTaskInput } from "../tasks/input";
import { refreshPlanner, usePlannerChange } from "./api";

/**
 * Drag across empty slots → this popover: a title and a few fields create a meeting or a task block at once. A block
 * is created unscheduled and then scheduled through the planner, so Ctrl+Z sends it to the backlog.
 */
export function QuickCreate({ start, end, onClose }: { start: Date; end: Date; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const change = usePlannerChange();
  const [kind, setKind] = useState<"meeting" | "block">("meeting");
  const [title, setTitle] = useState("");
  const [project, setProject] = useState<string | null>(null);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [department, setDepartment] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(false);

  if (more)
    return (
      <MeetingForm
        initialTimes={{ start: start.toISOString(), end: end.toISOString() }}
        onClose={onClose}
        onSaved={() => void refreshPlanner(client)}
      />
    );

  const submit = async () => {
    if (title.trim() === "") {
      setError(t("errors:rule.required"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (kind === "meeting") {
        const meeting = await unwrap(
          commands.meetingCreate({
            title,
            starts_at: start.toISOString(),
            ends_at: end.toISOString(),
            time_zone: userTimeZone(),
            location: null,
            organizer_contact_id: null,
            attendee_ids: attendees,
            project_id: project,
            organization_ids: department ? [department] : [],
            recurrence: null,
            previous_meeting_id: null,
            template_id: null,
          }),
        );
        await refreshPlanner(client);
        // A new meeting is not a planner change (it has no inverse on the undo stack), so it gets the app's usual
        // Undo toast.
        const toast = `created-${meeting.id}`;
        showUndoToast(toast, t("planner.created", { title: title.trim() }), t("actions.undo"), async () => {
          notifications.hide(toast);
          try {
            await unwrap(commands.meetingDelete(meeting.id));
            await refreshPlanner(client);
          } catch (err) {
            notifications.show({
              color: "red",
              title: t("planner.changeFailed"),
              message: errorMessage(t, err),
            });
          }
        });
      } else {
        const task = await unwrap(
          commands.taskCreate(
            newTaskInput(title, {
              project_id: project,
              assignee_contact_id: attendees[0] ?? null,
              assignee_department_id: department,
              estimate_hours: (end.getTime() - start.getTime()) / 3_600_000,
            }),
          ),
        );
        await change.mutateAsync({
          kind: "apply",
          change: {
            type: "schedule_task",
            task_id: task.id,
            start: start.toISOString(),
            end: end.toISOString(),
          },
        });
        notifications.show({ color: "teal", message: t("planner.created", { title: title.trim() }) });
      }
      onClose();
    } catch (err) {
      const fields = fieldErrors(t, err);
      setError(fields ? Object.values(fields).join(" ") : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("planner.quickCreate")} size="md" data-testid="quick-create">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {formatWeekdayTime(start.toISOString())} – {formatTime(end.toISOString())}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as "meeting" | "block")}
            data={[
              { value: "meeting", label: t("planner.meeting") },
              { value: "block", label: t("planner.block") },
            ]}
            data-testid="quick-kind"
          />
          <TextInput
            label={t("fields.meetingTitle")}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={error}
            data-autofocus
            withAsterisk
            data-testid="quick-title"
          />
          <EntityPicker
            label={t("fields.project")}
            loader={loaders.projects()}
            value={project}
            onChange={setProject}
          />
          {kind === "meeting" ? (
            <EntityMultiPicker
              label={t("fields.attendees")}
              loader={loaders.contacts()}
              value={attendees}
              onChange={setAttendees}
            />
          ) : (
            <EntityPicker
              label={t("fields.assigneeContact")}
              loader={loaders.contacts()}
              value={attendees[0] ?? null}
              onChange={(v) => setAttendees(v ? [v] : [])}
            />
          )}
          <EntityPicker
            label={t("planner.department")}
            loader={loaders.organizations("department")}
            value={department}
            onChange={setDepartment}
          />
          <Group justify="space-between">
            {kind === "meeting" ? (
              <Button variant="subtle" onClick={() => setMore(true)}>
                {t("planner.moreOptions")}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t("actions.cancel")}
              </Button>
              <Button type="submit" loading={busy} data-testid="quick-submit">
                {t("actions.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
