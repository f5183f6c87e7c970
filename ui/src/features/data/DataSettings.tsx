import { Badge, Button, Group, NumberInput, Paper, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type BackupInfo, type BackupProgress } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { errorMessage, toAppError, unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";

/** "12.4 MB", "830 KB": backups range from a few hundred kilobytes to a few hundred megabytes. */
export function formatSize(size: number | null): string {
  const bytes = size ?? 0;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function rowsOf(b: BackupInfo): number {
  return Object.values(b.verification?.rows ?? {}).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** Settings → Data: the data folder, backups (made now, listed, restored) and the full export. */
export function DataSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const overview = useQuery({ queryKey: keys.dataOverview, queryFn: () => unwrap(commands.dataOverview()) });

  // The copy's pages as they are written, then the check: a large database takes a few seconds.
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const backUp = useMutation({
    mutationFn: () => {
      const channel = new Channel<BackupProgress>();
      channel.onmessage = setProgress;
      return unwrap(commands.backupNow(channel));
    },
    onSettled: () => setProgress(null),
    onSuccess: (b) => {
      notifications.show({ color: "teal", message: t("data.backedUp", { count: rowsOf(b) }) });
      void client.invalidateQueries({ queryKey: keys.dataOverview });
    },
    onError: (err) =>
      notifications.show({ color: "red", title: t("data.backupFailed"), message: errorMessage(t, err) }),
  });

  const restore = useMutation({
    mutationFn: (fileName: string) => unwrap(commands.backupRestore(fileName)),
    onSuccess: async (r) => {
      notifications.show({ color: "teal", message: t("data.restored", { count: r.rows }) });
      // Every record may have changed: every view reloads.
      await client.invalidateQueries();
    },
    onError: (err) =>
      notifications.show({ color: "red", title: t("data.restoreFailed"), message: errorMessage(t, err) }),
  });

  const restoreFile = useMutation({
    mutationFn: () => unwrap(commands.backupRestoreFile(t("data.restoreFileTitle"), t("data.backupFilter"))),
    onSuccess: async (r) => {
      if (!r) return;
      notifications.show({ color: "teal", message: t("data.restored", { count: r.rows ?? 0 }) });
      await client.invalidateQueries();
    },
    onError: (err) =>
      notifications.show({ color: "red", title: t("data.restoreFailed"), message: errorMessage(t, err) }),
  });
  const confirmRestoreFile = () =>
    modals.openConfirmModal({
      title: t("data.restoreTitle"),
      children: <Text size="sm">{t("data.restoreFileConfirm")}</Text>,
      labels: { confirm: t("data.chooseFile"), cancel: t("actions.cancel") },
      confirmProps: { color: "red", "data-testid": "confirm-restore-file" } as Record<string, string>,
      cancelProps: { "data-testid": "confirm-cancel" } as Record<string, string>,
      onConfirm: () => restoreFile.mutate(),
    });

  const exportAll = useMutation({
    mutationFn: () =>
      unwrap(
        commands.dataExportAll({
          title: t("data.exportTitle"),
          file_name: `liaison-desk-${new Date().toISOString().slice(0, 10)}.json`,
          filter_name: t("data.exportFilter"),
        }),
      ),
    onSuccess: (path) => {
      if (path) notifications.show({ color: "teal", message: t("data.exported", { path }) });
    },
    onError: (err) =>
      notifications.show({ color: "red", title: t("data.exportFailed"), message: errorMessage(t, err) }),
  });

  const importAll = useMutation({
    mutationFn: (merge: boolean) =>
      unwrap(commands.dataImportAll(t("data.importTitle"), t("data.exportFilter"), merge)),
    onSuccess: async (r) => {
      if (!r) return;
      notifications.show({ color: "teal", message: t("data.imported", { count: r.rows ?? 0 }) });
      // Every record may be new or changed: every view reloads.
      await client.invalidateQueries();
    },
    onError: (err) => {
      // A database with data takes a file only as a merge: ask, then pick the file again.
      if (toAppError(err).code === "not_empty") {
        modals.openConfirmModal({
          title: t("data.mergeTitle"),
          children: <Text size="sm">{t("data.mergeConfirm")}</Text>,
          labels: { confirm: t("data.merge"), cancel: t("actions.cancel") },
          confirmProps: { "data-testid": "confirm-merge" } as Record<string, string>,
          cancelProps: { "data-testid": "confirm-cancel" } as Record<string, string>,
          onConfirm: () => importAll.mutate(true),
        });
        return;
      }
      notifications.show({ color: "red", title: t("data.importFailed"), message: errorMessage(t, err) });
    },
  });

  const settingsSaved = {
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.dataOverview }),
    onError: (err: unknown) =>
      notifications.show({ color: "red", title: t("settings.saveFailed"), message: errorMessage(t, err) }),
  };
  const chooseFolder = useMutation({
    mutationFn: () => unwrap(commands.backupFolderChoose(t("data.chooseFolderTitle"))),
    ...settingsSaved,
  });
  const setKeep = useMutation({
    mutationFn: (keep: number) => unwrap(commands.backupKeepSet(keep)),
    ...settingsSaved,
  });

  const openFolder = async () => {
    try {
      await unwrap(commands.dataFolderOpen());
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(t, err) });
    }
  };

  // Restoring cannot be undone by Ctrl+Z, so it asks; the data it replaces is kept as a backup all the same.
  const confirmRestore = (b: BackupInfo) =>
    modals.openConfirmModal({
      title: t("data.restoreTitle"),
      children: <Text size="sm">{t("data.restoreConfirm", { when: formatDateTime(b.created_at) })}</Text>,
      labels: { confirm: t("data.restore"), cancel: t("actions.cancel") },
      confirmProps: { color: "red", "data-testid": "confirm-restore" } as Record<string, string>,
      cancelProps: { "data-testid": "confirm-cancel" } as Record<string, string>,
      onConfirm: () => restore.mutate(b.file_name),
    });

  const data = overview.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-data">
      <Title order={4}>{t("data.title")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("data.hint", { keep: data?.keep ?? 14 })}
      </Text>
      {!data ? (
        <Text size="sm" c="dimmed">
          {overview.isError ? errorMessage(t, overview.error) : t("list.loading")}
        </Text>
      ) : (
        <Stack gap="sm">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
              {t("data.folder")}
            </Text>
            <Text
              ff="monospace"
              fz="xs"
              style={{ wordBreak: "break-all", flex: 1 }}
              data-testid="data-folder"
            >
              {data.data_dir}
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => void openFolder()}
              data-testid="data-open-folder"
            >
              {t("data.openFolder")}
            </Button>
          </Group>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
              {t("data.backupsFolder")}
            </Text>
            <Text
              ff="monospace"
              fz="xs"
              style={{ wordBreak: "break-all", flex: 1 }}
              data-testid="data-backups-folder"
            >
              {data.backups_folder}
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => chooseFolder.mutate()}
              loading={chooseFolder.isPending}
              data-testid="data-backups-folder-change"
            >
              {t("data.change")}
            </Button>
          </Group>
          <NumberInput
            label={t("data.keep")}
            value={data.keep}
            min={1}
            max={365}
            allowDecimal={false}
            w={200}
            onBlur={(e) => {
              const keep = Number(e.currentTarget.value);
              if (Number.isInteger(keep) && keep >= 1 && keep <= 365 && keep !== data.keep)
                setKeep.mutate(keep);
            }}
            data-testid="data-keep"
          />
          <Group gap="xs">
            <Button onClick={() => backUp.mutate()} loading={backUp.isPending} data-testid="data-backup-now">
              {t("data.backupNow")}
            </Button>
            <Button
              variant="default"
              onClick={() => exportAll.mutate()}
              loading={exportAll.isPending}
              data-testid="data-export-all"
            >
              {t("data.exportAll")}
            </Button>
            <Button
              variant="default"
              onClick={() => importAll.mutate(false)}
              loading={importAll.isPending}
              data-testid="data-import-all"
            >
              {t("data.importAll")}
            </Button>
            <Button
              variant="subtle"
              color="red"
              onClick={confirmRestoreFile}
              loading={restoreFile.isPending}
              data-testid="data-restore-file"
            >
              {t("data.restoreFile")}
            </Button>
          </Group>
          {backUp.isPending && (
            <Stack gap={4} data-testid="data-backup-progress">
              <Progress
                value={
                  progress && (progress.total_pages ?? 0) > 0
                    ? (100 * (progress.copied_pages ?? 0)) / (progress.total_pages ?? 1)
                    : 0
                }
                animated
                aria-label={t("data.backingUp")}
              />
              <Text size="xs" c="dimmed">
                {progress?.verifying ? t("data.verifying") : t("data.backingUp")}
              </Text>
            </Stack>
          )}
          {data.backups.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="data-backups-empty">
              {t("data.empty")}
            </Text>
          ) : (
            <Table fz="sm" verticalSpacing={6} data-testid="data-backups">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("data.when")}</Table.Th>
                  <Table.Th>{t("data.size")}</Table.Th>
                  <Table.Th>{t("data.check")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.backups.map((b) => (
                  <Table.Tr key={b.file_name} data-testid="data-backup-row">
                    <Table.Td title={b.file_name}>{formatDateTime(b.created_at)}</Table.Td>
                    <Table.Td>{formatSize(b.size_bytes)}</Table.Td>
                    <Table.Td>
                      {b.verification?.integrity_ok ? (
                        <Badge color="teal" variant="light" data-testid="data-backup-verified">
                          ✓ {t("data.verified", { count: rowsOf(b) })}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          {t("data.unverified")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => confirmRestore(b)}
                        loading={restore.isPending && restore.variables === b.file_name}
                        aria-label={t("data.restoreFrom", { when: formatDateTime(b.created_at) })}
                        data-testid={`data-restore-${b.file_name}`}
                      >
                        {t("data.restore")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Paper>
  );
}
