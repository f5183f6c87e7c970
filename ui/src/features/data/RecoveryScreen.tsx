import { Alert, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { errorMessage, unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";

type Choice = "restore" | "salvage" | "empty";

/**
 * Shown over everything when the start found the database damaged: the damaged file was moved aside (kept), and
 * the user chooses between the newest sound backup, a salvage of what can still be read, or starting empty. It
 * cannot be dismissed otherwise, so the app never silently starts on an empty database.
 */
export function RecoveryScreen() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({
    queryKey: keys.recovery,
    queryFn: () => unwrap(commands.recoveryStatus()),
    staleTime: Infinity,
  });
  const choose = useMutation({
    mutationFn: async (choice: Choice): Promise<string> => {
      if (choice === "restore") {
        const r = await unwrap(commands.recoveryRestore());
        return t("recovery.restored", { count: r.rows ?? 0 });
      }
      if (choice === "salvage") {
        const r = await unwrap(commands.recoverySalvage());
        return r.incomplete.length > 0
          ? t("recovery.salvagedPartly", { count: r.rows ?? 0, tables: r.incomplete.length })
          : t("recovery.salvaged", { count: r.rows ?? 0 });
      }
      await unwrap(commands.recoveryDismiss());
      return t("recovery.startedEmpty");
    },
    onSuccess: async (message) => {
      notifications.show({ color: "teal", message, autoClose: 10000 });
      client.setQueryData(keys.recovery, null);
      // Every view reloads what is now in the database.
      await client.invalidateQueries();
    },
    onError: (err) =>
      notifications.show({ color: "red", title: t("recovery.failed"), message: errorMessage(t, err) }),
  });
  const r = status.data;
  if (!r) return null;
  const backup = r.newest_backup;
  const pending = choose.isPending ? choose.variables : null;
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      size="lg"
      centered
      title={t("recovery.title")}
      data-testid="recovery-screen"
    >
      <Stack gap="sm">
        <Text size="sm">{t("recovery.explain")}</Text>
        <Text size="sm" c="dimmed">
          {t("recovery.kept")}{" "}
          <Code fz="xs" style={{ wordBreak: "break-all" }} data-testid="recovery-kept">
            {r.damaged_kept_at}
          </Code>
        </Text>
        {r.problems.length > 0 && (
          <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: "break-word" }}>
            {r.problems.join(" · ")}
          </Text>
        )}
        {backup ? (
          <Alert color="teal" variant="light" data-testid="recovery-backup">
            {t("recovery.backup", {
              when: formatDateTime(backup.created_at),
              count: Object.values(backup.verification?.rows ?? {}).reduce<number>((s, n) => s + (n ?? 0), 0),
            })}
          </Alert>
        ) : (
          <Alert color="yellow" variant="light" data-testid="recovery-no-backup">
            {t("recovery.noBackup")}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button
            variant="subtle"
            color="gray"
            onClick={() => choose.mutate("empty")}
            loading={pending === "empty"}
            disabled={choose.isPending}
            data-testid="recovery-empty"
          >
            {t("recovery.startEmpty")}
          </Button>
          <Button
            variant="default"
            onClick={() => choose.mutate("salvage")}
            loading={pending === "salvage"}
            disabled={choose.isPending}
            data-testid="recovery-salvage"
          >
            {t("recovery.salvage")}
          </Button>
          <Button
            onClick={() => choose.mutate("restore")}
            loading={pending === "restore"}
            disabled={!backup || choose.isPending}
            data-autofocus
            data-testid="recovery-restore"
          >
            {t("recovery.restore")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
