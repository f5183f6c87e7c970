import { useState } from "react";
import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle, IconChevronDown, IconTemplate, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands, type Meeting, type MeetingTemplate } from "../../bindings";
import { normalizeLanguage } from "../../lib/i18n";
import { errorMessage, unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";
import { minutesBetween } from "../../lib/format";
import type { MeetingPreset } from "./MeetingForm";

/** A new meeting from a template: its title and length; the backend copies the agenda and notes on create. */
export function templatePreset(tpl: MeetingTemplate): MeetingPreset {
  return {
    title: tpl.title,
    durationMinutes: tpl.duration_minutes,
    templateId: tpl.id,
    agendaMinutes: tpl.agenda.reduce((n, i) => n + (i.planned_minutes ?? 0), 0),
  };
}

/** "New from template": the built-in templates (in the UI language) and the user's own, which can be deleted. */
export function TemplateMenu({ onPick }: { onPick: (tpl: MeetingTemplate) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const lang = normalizeLanguage(i18n.language);
  const q = useQuery({
    queryKey: [...keys.templates, lang],
    queryFn: () => unwrap(commands.templateList(lang)),
  });
  const [deleting, setDeleting] = useState<MeetingTemplate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const builtin = (q.data ?? []).filter((x) => x.builtin);
  const own = (q.data ?? []).filter((x) => !x.builtin);

  const remove = async (tpl: MeetingTemplate) => {
    setError(null);
    try {
      await unwrap(commands.templateDelete(tpl.id));
      await client.invalidateQueries({ queryKey: keys.templates });
      setDeleting(null);
      notifications.show({ color: "teal", message: t("template.deleted", { name: tpl.name }) });
    } catch (err) {
      setError(errorMessage(t, err));
    }
  };

  const item = (tpl: MeetingTemplate) => (
    <Menu.Item
      key={tpl.id}
      data-testid="template-option"
      data-template-id={tpl.id}
      onClick={() => onPick(tpl)}
      rightSection={
        <Text size="xs" c="dimmed" ml="md">
          {t("agenda.minutes", { count: tpl.duration_minutes })}
        </Text>
      }
    >
      {tpl.name}
    </Menu.Item>
  );

  return (
    <>
      <Menu position="bottom-end" width={300} withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconTemplate size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="meeting-new-from-template"
          >
            {t("template.newFrom")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {q.isPending && <Menu.Label>{t("list.loading")}</Menu.Label>}
          {q.isError && <Menu.Label c="red">{errorMessage(t, q.error)}</Menu.Label>}
          {q.isSuccess && (
            <>
              <Menu.Label>{t("template.builtin")}</Menu.Label>
              {builtin.map(item)}
              <Menu.Divider />
              <Menu.Label>{t("template.yours")}</Menu.Label>
              {own.length === 0 ? (
                <Text size="xs" c="dimmed" px="sm" pb="xs">
                  {t("template.noneYet")}
                </Text>
              ) : (
                own.map(item)
              )}
              {own.length > 0 && (
                <>
                  <Menu.Divider />
                  <Menu.Sub position="left-start">
                    <Menu.Sub.Target>
                      <Menu.Sub.Item leftSection={<IconTrash size={14} />} data-testid="template-manage">
                        {t("template.deleteOne")}
                      </Menu.Sub.Item>
                    </Menu.Sub.Target>
                    <Menu.Sub.Dropdown>
                      {own.map((tpl) => (
                        <Menu.Item
                          key={tpl.id}
                          color="red"
                          data-testid="template-delete"
                          data-template-id={tpl.id}
                          onClick={() => setDeleting(tpl)}
                        >
                          {tpl.name}
                        </Menu.Item>
                      ))}
                    </Menu.Sub.Dropdown>
                  </Menu.Sub>
                </>
              )}
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {deleting && (
        <Modal
          opened
          onClose={() => setDeleting(null)}
          title={t("template.deleteTitle")}
          closeButtonProps={{ "aria-label": t("actions.close") }}
        >
          <Stack gap="sm">
            <Text size="sm">{t("template.deleteConfirm", { name: deleting.name })}</Text>
            {error && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                {t("actions.cancel")}
              </Button>
              <Button color="red" onClick={() => void remove(deleting)} data-testid="template-delete-confirm">
                {t("actions.delete")}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}

/** Saves the meeting's agenda, length and notes as a template of the user's own, under a name they choose. */
export function SaveTemplateModal({ meeting, onClose }: { meeting: Meeting; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(meeting.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (name.trim() === "") {
      setError(t("errors:rule.required"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const tpl = await unwrap(
        commands.templateCreate({
          name: name.trim(),
          title: meeting.title,
          duration_minutes: minutesBetween(meeting.starts_at, meeting.ends_at) || 60,
          agenda: meeting.agenda.map((a) => ({ title: a.title, planned_minutes: a.planned_minutes })),
          notes: meeting.notes,
        }),
      );
      await client.invalidateQueries({ queryKey: keys.templates });
      notifications.show({ color: "teal", message: t("template.saved", { name: tpl.name }) });
      onClose();
    } catch (err) {
      setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t("template.saveTitle")}
      closeButtonProps={{ "aria-label": t("actions.close") }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t("template.name")}
            description={t("template.saveHint", { count: meeting.agenda.length })}
            value={name}
            error={error}
            data-autofocus
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="template-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("actions.cancel")}
            </Button>
            <Button type="submit" loading={busy} data-testid="template-save">
              {t("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
