import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { commands, type SyncConflict, type SyncKeep, type Target } from "../../bindings";
import { formatDateTime } from "../../lib/format";
import { errorMessage, toAppError, unwrap } from "../../lib/ipc";
import { PublishSettings } from "./PublishSettings";
import { SYNC_MUTATION, syncConflictsKey, syncStatusKey, useRunSync, useSyncState } from "./autoSync";

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

type Kind = Target["kind"];
const EMPTY: Record<Kind, Target> = {
  folder: { kind: "folder", path: "" },
  webdav: { kind: "webdav", url: "", user: "" },
  s3: { kind: "s3", endpoint: "", bucket: "", prefix: "", region: "us-east-1", access_key: "" },
};

function complete(t: Target): boolean {
  switch (t.kind) {
    case "folder":
      return t.path.trim() !== "";
    case "webdav":
      return t.url.trim() !== "" && t.user.trim() !== "";
    case "s3":
      return t.endpoint.trim() !== "" && t.bucket.trim() !== "" && t.access_key.trim() !== "";
  }
}

/** Settings → Sync: where to sync (a shared folder, WebDAV or S3), when, encryption, "Sync now", the devices seen,
 *  the last runs and the conflicts to settle. */
export function SyncSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({ queryKey: syncStatusKey, queryFn: () => unwrap(commands.syncStatus()) });
  const conflicts = useQuery({ queryKey: syncConflictsKey, queryFn: () => unwrap(commands.syncConflicts()) });
  const saved = status.data?.settings ?? null;
  const [target, setTarget] = useState<Target>(EMPTY.folder);
  const [every, setEvery] = useState(15);
  const [onStart, setOnStart] = useState(true);
  const [afterEdits, setAfterEdits] = useState(true);
  const [encrypt, setEncrypt] = useState(false);
  const [password, setPassword] = useState("");
  const [passphrase, setPassphrase] = useState("");
  useEffect(() => {
    if (!saved) return;
    setTarget(saved.target);
    setEvery(saved.every_minutes);
    setOnStart(saved.on_start);
    setAfterEdits(saved.after_edits);
    setEncrypt(saved.encrypted);
  }, [saved]);
  const { running, progress } = useSyncState();
  const runSync = useRunSync();
  // The window's sync indicator opens Settings at this panel.
  const panel = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === "#sync") panel.current?.scrollIntoView({ block: "start" });
  }, [hash]);

  const failed = (err: unknown) =>
    notifications.show({ color: "red", title: t("sync.failed"), message: errorMessage(t, err) });
  const setup = useMutation({
    mutationFn: () =>
      unwrap(
        commands.syncSetup(
          { target, every_minutes: every, on_start: onStart, after_edits: afterEdits, encrypted: encrypt },
          target.kind === "folder" || !password ? null : password,
          encrypt && passphrase ? passphrase : null,
        ),
      ),
    onSuccess: () => {
      setPassword("");
      setPassphrase("");
      notifications.show({ color: "teal", message: t("sync.setUp") });
      void client.invalidateQueries({ queryKey: syncStatusKey });
    },
    onError: failed,
  });
  const choose = useMutation({
    mutationFn: () => unwrap(commands.syncFolderChoose(t("sync.chooseFolder"))),
    onSuccess: (folder) => {
      if (folder) setTarget({ kind: "folder", path: folder });
    },
    onError: failed,
  });
  const syncNow = useMutation({
    mutationKey: SYNC_MUTATION,
    mutationFn: (allowDeletes: boolean) => runSync(allowDeletes),
    onSuccess: (r) => {
      if (!r) return;
      notifications.show({
        color: r.problems.length ? "yellow" : "teal",
        message: t("sync.done", { sent: r.sent, received: r.received, conflicts: r.conflicts }),
      });
    },
    onError: (err) => {
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
  const field = (
    label: string,
    value: string,
    onChange: (v: string) => void,
    testid: string,
    placeholder = "",
  ) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data-testid={testid}
    />
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="settings-sync" id="sync" ref={panel}>
      <Title order={4}>{t("sync.title")}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("sync.hint")}
      </Text>
      <Stack gap="sm">
        {/* What needs the user comes first. */}
        {(conflicts.data?.length ?? 0) > 0 && (
          <ConflictList list={conflicts.data ?? []} onKeep={(id, keep) => resolve.mutate({ id, keep })} />
        )}
        <SegmentedControl
          value={target.kind}
          onChange={(k) => setTarget(saved?.target.kind === k ? saved.target : EMPTY[k as Kind])}
          data={[
            { value: "folder", label: t("sync.kinds.folder") },
            { value: "webdav", label: t("sync.kinds.webdav") },
            { value: "s3", label: t("sync.kinds.s3") },
          ]}
          data-testid="sync-kind"
        />
        {target.kind === "folder" && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <div style={{ flex: 1 }}>
              {field(
                t("sync.folder"),
                target.path,
                (path) => setTarget({ ...target, path }),
                "sync-folder",
                t("sync.folderPlaceholder"),
              )}
            </div>
            <Button variant="default" onClick={() => choose.mutate()} data-testid="sync-choose">
              {t("sync.choose")}
            </Button>
          </Group>
        )}
        {target.kind === "webdav" && (
          <Group grow align="flex-start">
            {field(
              t("sync.url"),
              target.url,
              (url) => setTarget({ ...target, url }),
              "sync-url",
              "https://cloud.example.com/remote.php/dav/files/me/liaison-desk/",
            )}
            {field(t("sync.user"), target.user, (user) => setTarget({ ...target, user }), "sync-user")}
          </Group>
        )}
        {target.kind === "s3" && (
          <Group grow align="flex-start">
            {field(
              t("sync.endpoint"),
              target.endpoint,
              (endpoint) => setTarget({ ...target, endpoint }),
              "sync-endpoint",
              "https://s3.example.com",
            )}
            {field(
              t("sync.bucket"),
              target.bucket,
              (bucket) => setTarget({ ...target, bucket }),
              "sync-bucket",
            )}
            {field(
              t("sync.prefix"),
              target.prefix,
              (prefix) => setTarget({ ...target, prefix }),
              "sync-prefix",
            )}
            {field(
              t("sync.accessKey"),
              target.access_key,
              (access_key) => setTarget({ ...target, access_key }),
              "sync-access-key",
            )}
          </Group>
        )}
        {target.kind !== "folder" && (
          <PasswordInput
            label={target.kind === "s3" ? t("sync.secretKey") : t("sync.password")}
            description={t("sync.keychain")}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="sync-password"
          />
        )}
        <Group gap="lg">
          <NumberInput
            label={t("sync.every")}
            min={0}
            max={1440}
            w={160}
            value={every}
            onChange={(v) => setEvery(typeof v === "number" ? v : 0)}
            data-testid="sync-every"
          />
          <Checkbox
            label={t("sync.onStart")}
            checked={onStart}
            onChange={(e) => setOnStart(e.currentTarget.checked)}
          />
          <Checkbox
            label={t("sync.afterEdits")}
            checked={afterEdits}
            onChange={(e) => setAfterEdits(e.currentTarget.checked)}
          />
        </Group>
        <Checkbox
          label={t("sync.encrypt")}
          description={t("sync.encryptHint")}
          checked={encrypt}
          disabled={saved?.encrypted}
          onChange={(e) => setEncrypt(e.currentTarget.checked)}
          data-testid="sync-encrypt"
        />
        {encrypt && !saved?.encrypted && (
          <PasswordInput
            label={t("sync.passphrase")}
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            data-testid="sync-passphrase"
          />
        )}
        <Group>
          <Button
            variant="default"
            disabled={!complete(target)}
            loading={setup.isPending}
            onClick={() => setup.mutate()}
            data-testid="sync-save"
          >
            {t("sync.save")}
          </Button>
        </Group>
        {s?.settings && (
          <>
            <Group gap="sm">
              <Button loading={running} onClick={() => syncNow.mutate(false)} data-testid="sync-now">
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
            {running && progress && (
              <Stack gap={2} data-testid="sync-progress">
                <Text size="xs" c="dimmed">
                  {t(`sync.stage.${progress.stage}`, { done: progress.done, total: progress.total })}
                </Text>
                <Progress
                  value={progress.total ? (100 * progress.done) / progress.total : 0}
                  animated
                  aria-label={t("sync.now")}
                />
              </Stack>
            )}
            <Text size="xs" c="dimmed">
              {t("sync.device", { device: s.device ?? "", count: s.devices.length })}
            </Text>
            {s.devices.length > 0 && (
              <Table withTableBorder verticalSpacing={2} fz="xs" data-testid="sync-devices">
                <Table.Tbody>
                  {s.devices.map((d) => (
                    <Table.Tr key={d.device}>
                      <Table.Td>{d.name ?? d.device.slice(0, 13)}</Table.Td>
                      <Table.Td c="dimmed">{d.device}</Table.Td>
                      <Table.Td>
                        {d.last_seen ? t("sync.seen", { when: formatDateTime(d.last_seen) }) : "—"}
                      </Table.Td>
                      <Table.Td>{t("sync.applied", { count: d.applied })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {s.runs.length > 0 && (
              <Table withTableBorder verticalSpacing={2} fz="xs" data-testid="sync-runs">
                <Table.Tbody>
                  {s.runs.slice(0, 5).map((r) => (
                    <Table.Tr key={r.started_at}>
                      <Table.Td>{formatDateTime(r.started_at)}</Table.Td>
                      <Table.Td>
                        {r.error ??
                          t("sync.runLine", { sent: r.sent, received: r.received, conflicts: r.conflicts })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
      <Divider my="md" />
      <PublishSettings />
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
                  {t(`sync.kind.${k.kind}`, { field: t(`fields.${k.field}`, { defaultValue: k.field }) })}
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
