import { Button, Group, Kbd, Paper, Select, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import { currentLanguage, type Language } from "../lib/i18n";
import { errorMessage, unwrap } from "../lib/ipc";
import { useSetLanguage } from "../lib/language";
import { keys } from "../lib/queryClient";
import { WorkingHoursSettings } from "../features/planner/WorkingHoursSettings";
import { DataSettings } from "../features/data/DataSettings";
import { SyncSettings } from "../features/sync/SyncSettings";
import { ReminderSettings } from "../features/reminders/ReminderSettings";
import { formatDateTime } from "../lib/format";
import { systemTimeZone, timeZones } from "../lib/time";
import { useUserTimeZone } from "../lib/useTimeZone";

/** The Select's value for "no zone saved: follow the system". */
const SYSTEM = "system";

/** The zone "today", "this week", the planner and file names count in; saved at once, like the language. */
function TimeZoneSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const zone = useUserTimeZone();
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => unwrap(commands.settingsGet()) });
  if (!settings.data) return null;
  const system = systemTimeZone();
  const data = [
    { value: SYSTEM, label: t("settings.timeZoneSystem", { zone: system }) },
    ...timeZones().map((z) => ({ value: z, label: z })),
  ];
  const choose = async (value: string | null) => {
    const time_zone = !value || value === SYSTEM ? null : value;
    try {
      const saved = await unwrap(commands.settingsSet({ ...settings.data, time_zone }));
      // UserTimeZoneSync (App) picks the zone up from here and refreshes every view that counts days.
      client.setQueryData(keys.settings, saved);
      notifications.show({
        color: "teal",
        message: t("settings.timeZoneSaved", { zone: time_zone ?? system }),
      });
    } catch (err) {
      notifications.show({ color: "red", title: t("settings.saveFailed"), message: errorMessage(t, err) });
    }
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-time-zone">
      <Title order={4}>{t("settings.timeZone")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("settings.timeZoneHint")}
      </Text>
      <Group gap="md" align="flex-end">
        <Select
          label={t("settings.timeZone")}
          data={data}
          value={settings.data.time_zone ?? SYSTEM}
          onChange={(v) => void choose(v)}
          searchable
          allowDeselect={false}
          limit={50}
          nothingFoundMessage={t("settings.timeZoneNone")}
          w={320}
          data-testid="settings-time-zone-select"
        />
        <Text size="sm" c="dimmed" pb={8} data-testid="settings-time-zone-now">
          {t("settings.timeZoneNow", { time: formatDateTime(new Date().toISOString(), zone) })}
        </Text>
      </Group>
    </Paper>
  );
}

const LANG_LABELS: Record<Language, string> = { "zh-CN": "简体中文", en: "English" };

export function SettingsPage() {
  const { t } = useTranslation();
  const setLanguage = useSetLanguage();
  const lang = currentLanguage();
  const info = useQuery({ queryKey: keys.appInfo, queryFn: () => unwrap(commands.appInfo()) });
  const choose = async (l: Language) => {
    try {
      await setLanguage(l);
    } catch (err) {
      notifications.show({ color: "red", title: t("settings.saveFailed"), message: errorMessage(t, err) });
    }
  };
  const isMac = typeof navigator !== "undefined" && /Mac/i.test(navigator.platform);
  const mod = isMac ? "⌘" : "Ctrl";
  return (
    <Stack gap="md" maw={760}>
      <Title order={2} data-testid="page-title">
        {t("nav.settings")}
      </Title>
      <Paper withBorder radius="md" p="md">
        <Title order={4}>{t("settings.language")}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t("settings.languageHint")}
        </Text>
        <Group gap="xs" role="radiogroup" aria-label={t("settings.language")}>
          {(["zh-CN", "en"] as const).map((l) => (
            <Button
              key={l}
              role="radio"
              aria-checked={lang === l}
              lang={l}
              variant={lang === l ? "filled" : "default"}
              data-testid={`settings-language-${l}`}
              onClick={() => void choose(l)}
            >
              {LANG_LABELS[l]}
            </Button>
          ))}
        </Group>
      </Paper>
      <TimeZoneSettings />
      <WorkingHoursSettings />
      <ReminderSettings />
      <DataSettings />
      <SyncSettings />
      <Paper withBorder radius="md" p="md">
        <Title order={4}>{t("settings.appearance")}</Title>
        <Text size="sm" c="dimmed">
          {t("settings.appearanceHint")}
        </Text>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={4} mb="sm">
          {t("settings.keyboard")}
        </Title>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Tbody>
            {[
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>{mod}</Kbd>
                  <Text span size="xs" c="dimmed">
                    +
                  </Text>
                  <Kbd>K</Kbd>
                </Group>,
                t("settings.shortcuts.palette"),
              ],
              [<Kbd>N</Kbd>, t("settings.shortcuts.new")],
              [<Kbd>Esc</Kbd>, t("settings.shortcuts.escape")],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>↑</Kbd>
                  <Kbd>↓</Kbd>
                </Group>,
                t("settings.shortcuts.arrows"),
              ],
              [<Kbd>Enter</Kbd>, t("settings.shortcuts.enter")],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>{mod}</Kbd>
                  <Text span size="xs" c="dimmed">
                    +
                  </Text>
                  <Kbd>Z</Kbd>
                </Group>,
                t("settings.shortcuts.plannerUndo"),
              ],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>{mod}</Kbd>
                  <Text span size="xs" c="dimmed">
                    +
                  </Text>
                  <Kbd>Shift</Kbd>
                  <Text span size="xs" c="dimmed">
                    +
                  </Text>
                  <Kbd>Z</Kbd>
                </Group>,
                t("settings.shortcuts.plannerRedo"),
              ],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>←</Kbd>
                  <Kbd>→</Kbd>
                  <Kbd>↑</Kbd>
                  <Kbd>↓</Kbd>
                </Group>,
                t("settings.shortcuts.plannerMove"),
              ],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>Shift</Kbd>
                  <Text span size="xs" c="dimmed">
                    +
                  </Text>
                  <Kbd>←</Kbd>
                  <Kbd>→</Kbd>
                </Group>,
                t("settings.shortcuts.plannerDay"),
              ],
              [<Kbd>Delete</Kbd>, t("settings.shortcuts.plannerUnschedule")],
              [
                <Group gap={4} wrap="nowrap">
                  <Kbd>Space</Kbd>
                  <Kbd>↑</Kbd>
                  <Kbd>↓</Kbd>
                </Group>,
                t("settings.shortcuts.agendaMove"),
              ],
            ].map(([keysEl, label], i) => (
              <Table.Tr key={i}>
                <Table.Td w={160}>{keysEl}</Table.Td>
                <Table.Td>{label}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={4} mb="sm">
          {t("settings.about")}
        </Title>
        {info.data ? (
          <Table fz="sm" verticalSpacing={6} withRowBorders={false}>
            <Table.Tbody>
              {[
                [t("settings.version"), info.data.version],
                [t("settings.schema"), String(info.data.schema_version)],
                [t("settings.dataDir"), info.data.data_dir],
                [t("settings.dbPath"), info.data.db_path],
              ].map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Td w={160} c="dimmed" style={{ verticalAlign: "top" }}>
                    {label}
                  </Table.Td>
                  {/* Paths break anywhere rather than at the hyphen of "liaison-desk.db". */}
                  <Table.Td ff="monospace" fz="xs" style={{ wordBreak: "break-all" }}>
                    {value}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            {info.isError ? errorMessage(t, info.error) : t("list.loading")}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
