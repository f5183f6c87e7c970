import { Badge, Tooltip, UnstyledButton } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Channel } from "@tauri-apps/api/core";
import { commands, type SyncProgress } from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";

export const syncStatusKey = ["syncStatus"] as const;
export const syncConflictsKey = ["syncConflicts"] as const;

/** Whether a sync is running and how the last one ended, shared by the indicator, Settings and the timers. */
type State = { running: boolean; error: string | null; progress: SyncProgress | null };
let state: State = { running: false, error: null, progress: null };
const listeners = new Set<() => void>();
function set(next: State) {
  state = next;
  listeners.forEach((l) => l());
}
export function useSyncState(): State {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** The mutation key of "Sync now". */
export const SYNC_MUTATION = ["sync"] as const;

/** Runs one sync unless one is running; every view reloads afterwards, since anything may have changed. */
export function useRunSync() {
  const client = useQueryClient();
  const { t } = useTranslation();
  return async (allowDeletes = false) => {
    if (state.running) return null;
    set({ running: true, error: state.error, progress: null });
    const channel = new Channel<SyncProgress>();
    channel.onmessage = (progress) => set({ ...state, progress });
    try {
      const report = await unwrap(commands.syncRun(allowDeletes, channel));
      // Reloaded while still "running", so the reload is not taken for an edit that needs syncing.
      await client.invalidateQueries();
      set({ running: false, error: null, progress: null });
      return report;
    } catch (err) {
      set({ running: false, error: errorMessage(t, err), progress: null });
      void client.invalidateQueries({ queryKey: syncStatusKey });
      throw err;
    }
  };
}

const AFTER_EDITS_MS = 20_000;

/** Syncs at start, every N minutes while the app is open, and shortly after edits, as Settings → Sync says. */
export function useAutoSync() {
  const client = useQueryClient();
  const run = useRunSync();
  const status = useQuery({ queryKey: syncStatusKey, queryFn: () => unwrap(commands.syncStatus()) });
  const settings = status.data?.settings ?? null;
  const onStart = settings?.on_start ?? false;
  const every = settings?.every_minutes ?? 0;
  const afterEdits = settings?.after_edits ?? false;
  const quiet = () => void run().catch(() => undefined);

  useEffect(() => {
    if (onStart) quiet();
    // Only once per app start (and when sync is first set up).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onStart]);

  useEffect(() => {
    if (every <= 0) return;
    const id = window.setInterval(quiet, every * 60_000);
    return () => window.clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [every]);

  useEffect(() => {
    // Every write reloads what it changed; so a reload of anything but sync's own status, outside a sync, means
    // something waits to be sent (the indicator says so), and with "after edits" on, a sync follows shortly.
    let recount: number | undefined;
    let timer: number | undefined;
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "invalidate" || state.running) return;
      const key = JSON.stringify(event.query.queryKey);
      if (key === JSON.stringify(syncStatusKey) || key === JSON.stringify(syncConflictsKey)) return;
      window.clearTimeout(recount);
      recount = window.setTimeout(() => void client.invalidateQueries({ queryKey: syncStatusKey }), 300);
      if (!afterEdits) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(quiet, AFTER_EDITS_MS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(recount);
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [afterEdits, client]);
}

/** The window's sync indicator: synced, syncing, changes waiting (offline), or the last error. Hidden until
 *  sync is set up; a click opens Settings → Sync. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { running, error } = useSyncState();
  const status = useQuery({ queryKey: syncStatusKey, queryFn: () => unwrap(commands.syncStatus()) });
  const s = status.data;
  if (!s?.settings) return null;
  const [color, label] = running
    ? ["blue", t("sync.state.syncing")]
    : error
      ? ["red", t("sync.state.error")]
      : s.pending > 0
        ? ["yellow", t("sync.state.pending", { count: s.pending })]
        : ["teal", t("sync.state.synced")];
  return (
    <Tooltip label={error ?? t("sync.state.open")}>
      <UnstyledButton
        onClick={() => void navigate("/settings#sync")}
        data-testid="sync-indicator"
        data-state={running ? "syncing" : error ? "error" : s.pending ? "pending" : "synced"}
      >
        <Badge variant="light" color={color}>
          {label}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}
