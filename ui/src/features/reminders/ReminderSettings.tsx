import { Group, NumberInput, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type ReminderKind, type ReminderSettings as Settings } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";

const KINDS: ReminderKind[] = ["meeting", "follow_up", "commitment", "cadence", "conflict_review"];
const KEY = ["settings", "reminders"] as const;

/** Settings → Reminders: the meeting lead time and a switch per kind, each saved at once. */
export function ReminderSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => unwrap(commands.reminderSettingsGet()) });
  const save = async (next: Settings) => {
    try {
      client.setQueryData(KEY, await unwrap(commands.reminderSettingsSet(next)));
    } catch (err) {
      notifications.show({ color: "red", title: t("settings.saveFailed"), message: errorMessage(t, err) });
    }
  };
  const s = q.data;
  if (!s) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-reminders">
      <Title order={4}>{t("reminders.title")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("reminders.hint")}
      </Text>
      <Stack gap="xs">
        <Group gap="md" align="flex-end">
          <NumberInput
            label={t("reminders.lead")}
            min={0}
            max={1440}
            w={300}
            value={s.meeting_lead_minutes}
            onBlur={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v !== s.meeting_lead_minutes)
                void save({ ...s, meeting_lead_minutes: v });
            }}
            data-testid="reminders-lead"
          />
        </Group>
        {KINDS.map((k) => (
          <Switch
            key={k}
            label={t(`reminders.kind.${k}`)}
            checked={!s.off.includes(k)}
            onChange={(e) =>
              void save({
                ...s,
                off: e.currentTarget.checked ? s.off.filter((x) => x !== k) : [...s.off, k],
              })
            }
            data-testid={`reminders-${k}`}
          />
        ))}
      </Stack>
    </Paper>
  );
}
