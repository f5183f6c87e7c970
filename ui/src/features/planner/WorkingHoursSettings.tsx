import { useState } from "react";
import { Button, Chip, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, type WorkingHours } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";

const DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"] as const;

/** Every half hour of the day as "HH:MM", with the minutes after midnight it stands for. */
const TIMES = Array.from({ length: 49 }, (_, i) => {
  const m = i * 30;
  return {
    value: String(m),
    label: `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`,
  };
});

/** The planner's working hours: shading, "outside working hours" warnings, free slots and capacity. */
export function WorkingHoursSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => unwrap(commands.settingsGet()) });
  // The user's unsaved edit; until there is one, the form shows what is saved.
  const [edit, setDraft] = useState<WorkingHours | null>(null);
  if (!settings.data) return null;
  const draft = edit ?? settings.data.working_hours;
  const save = async () => {
    try {
      const saved = await unwrap(commands.settingsSet({ ...settings.data, working_hours: draft }));
      client.setQueryData(keys.settings, saved);
      await client.invalidateQueries({ queryKey: keys.planner });
      notifications.show({ color: "teal", message: t("settings.workingHoursSaved") });
    } catch (err) {
      notifications.show({ color: "red", title: t("settings.saveFailed"), message: errorMessage(t, err) });
    }
  };
  const invalid = draft.end_minute <= draft.start_minute || draft.days.length === 0;
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-working-hours">
      <Title order={4}>{t("settings.workingHours")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("settings.workingHoursHint")}
      </Text>
      <Stack gap="sm">
        <Group gap="sm">
          <Select
            label={t("settings.workStart")}
            w={120}
            data={TIMES.slice(0, 48)}
            value={String(draft.start_minute)}
            allowDeselect={false}
            onChange={(v) => setDraft({ ...draft, start_minute: Number(v) })}
          />
          <Select
            label={t("settings.workEnd")}
            w={120}
            data={TIMES.slice(1)}
            value={String(draft.end_minute)}
            allowDeselect={false}
            error={draft.end_minute <= draft.start_minute ? t("errors:rule.end_before_start") : undefined}
            onChange={(v) => setDraft({ ...draft, end_minute: Number(v) })}
          />
        </Group>
        <Chip.Group
          multiple
          value={draft.days.map(String)}
          onChange={(v) => setDraft({ ...draft, days: v.map(Number).sort((a, b) => a - b) })}
        >
          <Group gap={6} role="group" aria-label={t("settings.workDays")}>
            {DAYS.map((d, i) => (
              <Chip key={d} value={String(i + 1)} size="sm">
                {t(`recurrence.day.${d}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Group>
          <Button onClick={() => void save()} disabled={invalid} data-testid="working-hours-save">
            {t("actions.save")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
