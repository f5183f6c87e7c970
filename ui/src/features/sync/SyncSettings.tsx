import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type SyncConflict, type SyncKeep } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { errorMessage, toAppError, unwrap } from "../../lib/ipc";

const statusKey = ["syncStatus"] as const;
const conflictsKey = ["syncConflicts"] as const;

/** A conflict's value as people read it: text unquoted, an empty value as a dash. */
function shown(json: string): string {
  try {
    const v: unknown = JSON.parse(json);
    if (v === null || v === "") return "—";
    return typeof v === "string" ? v : JSON.stringify(v);
  } catch {
    return json;
  }
}

/** Settings → Sync: the shared folder, "Sync now", the devices seen, the last runs and the conflicts to settle. */
export function SyncSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({ queryKey: statusKey, queryFn: () => unwrap(commands.syncStatus()) });
  const conflicts = useQuery({ queryKey: conflictsKey, queryFn: () => unwrap(commands.syncConflicts()) });
  const settings = status.data?.settings ?? null;
  const [path, setPath] = useState("");
  useEffect(() => {
    if (settings) setPath(settings.target.path);
  }, [settings]);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: statusKey });
    void client.invalidateQueries({ queryKey: conflictsKey });
  };
  const failed = (err: unknown) =>
    notifications.show({ color: "red", title: t("sync.failed"), message: errorMessage(t, err) });

  const setup = useMutation({
    mutationFn: (folder: string) =>
      unwrap(
        commands.syncSetup({
          target: { kind: "folder", path: folder },
          every_minutes: settings?.every_minutes ?? 15,
          on_start: settings?.on_start ?? true,
          after_edits: settings?.after_edits ?? true,
        }),
      ),
    onSuccess: () => {
      notifications.show({ color: "teal", message: t("sync.setUp") });
      refresh();
    },
    onError: failed,
  });
  const choose = useMutation({
    mutationFn: () => unwrap(commands.syncFolderChoose(t("sync.chooseFolder"))),
    onSuccess: (folder) => {
      if (folder) setPath(folder);
    },
    onError: failed,
  });
  const syncNow = useMutation({
    mutationFn: (allowDeletes: boolean) => unwrap(commands.syncRun(allowDeletes)),
    onSuccess: async (r) => {
      notifications.show({
        color: r.problems.length ? "yellow" : "teal",
        message: t("sync.done", { sent: r.sent, received: r.received, conflicts: r.conflicts }),
      });
      // Anything may have changed: every view reloads.
      await client.invalidateQueries();
    },
    onError: (err) => {
      refresh();
      if (toAppError(err).code === "sync_mass_delete") {
        modals.openConfirmModal({
          title: t("sync.massDeleteTitle"),
          children: <Text size="sm">{errorMessage(t, err)}</Text>,
          labels: { confirm: t("sync.applyDeletes"), cancel: t("actions.cancel") },
          confirmProps: { color: "red", "data-testid": "confirm-sync-deletes" } as Record<string, string>,
          onConfirm: () => syncNow.mutate(true),
        });
        return;
      }
      failed(err);
    },
  });
  const resolve = useMutation({
    mutationFn: ({ id, keep }: { id: number; keep: SyncKeep }) => unwrap(commands.syncResolve(id, keep)),
    onSuccess: async () => {
      await client.invalidateQueries();
    },
    onError: failed,
  });

  const s = status.data;
  const last = s?.runs[0];
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-sync">
      <Title order={4}>{t("sync.title")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("sync.hint")}
      </Text>
      <Stack gap="sm">
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t("sync.folder")}
            placeholder={t("sync.folderPlaceholder")}
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            data-testid="sync-folder"
          />
          <Button variant="default" onClick={() => choose.mutate()} data-testid="sync-choose">
            {t("sync.choose")}
          </Button>
          <Button
            variant="default"
            disabled={!path.trim() || path === settings?.target.path}
            loading={setup.isPending}
            onClick={() => setup.mutate(path.trim())}
            data-testid="sync-save"
          >
            {t("sync.save")}
          </Button>
        </Group>
        {s?.settings && (
          <>
            <Group gap="sm">
              <Button
                loading={syncNow.isPending}
                onClick={() => syncNow.mutate(false)}
                data-testid="sync-now"
              >
                {t("sync.now")}
              </Button>
              <Badge variant="light" color={s.pending ? "yellow" : "teal"} data-testid="sync-pending">
                {t("sync.pending", { count: s.pending })}
              </Badge>
              {last && (
                <Text size="sm" c={last.error ? "red" : "dimmed"} data-testid="sync-last">
                  {last.error
                    ? t("sync.lastFailed", { when: formatDateTime(last.started_at) })
                    : t("sync.last", {
                        when: formatDateTime(last.finished_at ?? last.started_at),
                        sent: last.sent,
                        received: last.received,
                      })}
                </Text>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {t("sync.device", { device: s.device ?? "", count: s.devices.length })}
            </Text>
          </>
        )}
        {(conflicts.data?.length ?? 0) > 0 && (
          <ConflictList list={conflicts.data ?? []} onKeep={(id, keep) => resolve.mutate({ id, keep })} />
        )}
      </Stack>
    </Paper>
  );
}

function ConflictList({
  list,
  onKeep,
}: {
  list: SyncConflict[];
  onKeep: (id: number, keep: SyncKeep) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="sync-conflicts">
      <Text fw={600} size="sm">
        {t("sync.conflicts", { count: list.length })}
      </Text>
      <Table withTableBorder verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("sync.record")}</Table.Th>
            <Table.Th>{t("sync.mine")}</Table.Th>
            <Table.Th>{t("sync.theirs")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((k) => (
            <Table.Tr key={k.id} data-testid={`sync-conflict-${k.id}`}>
              <Table.Td>
                <Text size="sm">{k.title ?? k.row_key}</Text>
                <Text size="xs" c="dimmed">
                  {t(`sync.kind.${k.kind}`, { field: k.field })}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "pre-wrap", verticalAlign: "top" }}>
                {k.kind === "deleted" ? t(k.mine === "null" ? "sync.kept" : "sync.deleted") : shown(k.mine)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "pre-wrap", verticalAlign: "top" }}>
                {k.kind === "deleted"
                  ? t(k.theirs === "null" ? "sync.edited" : "sync.deleted")
                  : shown(k.theirs)}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="xs"
                    variant={k.kept === "mine" ? "filled" : "default"}
                    onClick={() => onKeep(k.id, "mine")}
                    data-testid={`sync-keep-mine-${k.id}`}
                  >
                    {t("sync.keepMine")}
                  </Button>
                  <Button
                    size="xs"
                    variant={k.kept === "theirs" ? "filled" : "default"}
                    onClick={() => onKeep(k.id, "theirs")}
                    data-testid={`sync-keep-theirs-${k.id}`}
                  >
                    {t("sync.keepTheirs")}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
