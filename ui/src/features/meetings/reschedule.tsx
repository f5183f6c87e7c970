import { Button, Group, List, Stack, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import { commands, type ExportFormat } from "../../bindings";
import { formatTime, formatWeekdayDateTime } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { showExportDone } from "./ExportModal";
import { exportFileName, storedLang } from "./exportPrefs";

/** A meeting about to move: what the confirmation shows. */
export type Move = {
  /** The meeting (or "SERIES@OCCURRENCE") whose invitation is offered afterwards. */
  id: string;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  /** The names of the people invited, who will find it moved. */
  people: string[];
};

/**
 * Other people's calendars hold this meeting: moving it asks first, naming who is affected. Resolves true to go
 * ahead; a meeting nobody else attends moves without asking.
 */
export function confirmMove(t: TFunction, move: Move): Promise<boolean> {
  if (move.people.length === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title: t("reschedule.title", { title: move.title }),
      children: (
        <Stack gap="xs" data-testid="reschedule-confirm">
          <Text size="sm">
            {t("reschedule.when", {
              start: formatWeekdayDateTime(move.start, move.timeZone),
              end: formatTime(move.end, move.timeZone),
            })}
          </Text>
          <Text size="sm">{t("reschedule.affected", { count: move.people.length })}</Text>
          <List size="sm" spacing={2} data-testid="reschedule-people">
            {move.people.map((name) => (
              <List.Item key={name}>{name}</List.Item>
            ))}
          </List>
        </Stack>
      ),
      labels: { confirm: t("reschedule.confirm"), cancel: t("actions.cancel") },
      confirmProps: { "data-testid": "reschedule-ok" } as Record<string, string>,
      cancelProps: { "data-testid": "reschedule-cancel" } as Record<string, string>,
      // onConfirm runs before the modal closes, so the first answer wins.
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      onClose: () => resolve(false),
    });
  });
}

/** After a move: a toast offering the updated invitation as a calendar file or an e-mail draft. */
export function offerInvitation(t: TFunction, move: Move) {
  if (move.people.length === 0) return;
  const id = `invite-${move.id}`;
  const save = async (format: ExportFormat) => {
    notifications.hide(id);
    try {
      const written = await unwrap(
        commands.meetingExport(move.id, format, storedLang(), null, {
          title: t("export.saveTitle"),
          file_name: exportFileName({ title: move.title, starts_at: move.start }, format),
          filter_name: t(`export.format.${format}`),
        }),
      );
      if (written) showExportDone(t("export.done", { path: written }), written);
    } catch (err) {
      notifications.show({ color: "red", title: t("export.failed"), message: errorMessage(t, err) });
    }
  };
  notifications.show({
    id,
    color: "blue",
    autoClose: 15_000,
    title: t("reschedule.moved", { title: move.title }),
    message: (
      <Stack gap={6} data-testid="reschedule-offer">
        <Text size="sm">{t("reschedule.tell", { count: move.people.length })}</Text>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" data-testid="invite-ics" onClick={() => void save("ics")}>
            {t("reschedule.ics")}
          </Button>
          <Button size="compact-sm" variant="light" data-testid="invite-eml" onClick={() => void save("eml")}>
            {t("reschedule.eml")}
          </Button>
        </Group>
      </Stack>
    ),
  });
}
