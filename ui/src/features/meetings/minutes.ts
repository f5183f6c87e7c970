import { useCallback, useMemo } from "react";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AgendaItem, AppError, Meeting, Task, TaskStatus } from "../../bindings";
import { commands } from "../../bindings";
import { showUndoToast } from "../../components/undo";
import { errorMessage, unwrap, type Result } from "../../lib/ipc";
import { invalidateEntity, keys } from "../../lib/queryClient";
import { taskInput } from "../tasks/input";

/** Reads and patches the cached meeting of the page, so edits show at once and a refetch confirms them. */
export function useMeetingCache(meetingId: string) {
  const client = useQueryClient();
  const key = useMemo(() => keys.detail("meeting", meetingId), [meetingId]);
  const get = useCallback(() => client.getQueryData<Meeting>(key), [client, key]);
  const patch = useCallback(
    (f: (m: Meeting) => Meeting) => client.setQueryData<Meeting>(key, (m) => (m ? f(m) : m)),
    [client, key],
  );
  const refresh = useCallback(() => invalidateEntity(client, "meeting"), [client]);
  const hold = useCallback(() => client.cancelQueries({ queryKey: key }), [client, key]);
  return useMemo(() => ({ get, patch, refresh, hold }), [get, patch, refresh, hold]);
}

/**
 * The new order of an agenda after dropping `activeId` where `overId` is, and the `after` argument of
 * `agendaItemMove`: the id of the item now right before it, or null when it is first. Null when nothing moves.
 */
export function reorderAgenda(
  items: AgendaItem[],
  activeId: string,
  overId: string,
): { items: AgendaItem[]; after: string | null } | null {
  const from = items.findIndex((i) => i.id === activeId);
  const to = items.findIndex((i) => i.id === overId);
  if (from < 0 || to < 0 || from === to) return null;
  const next = items.slice();
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return { items: next, after: to === 0 ? null : next[to - 1]!.id };
}

/**
 * Deletes a part of the minutes (agenda item, decision) with an Undo toast: it disappears from the page at once,
 * Undo calls its restore command.
 */
export function useMinutesDelete(meetingId: string) {
  const { t } = useTranslation();
  const cache = useMeetingCache(meetingId);
  return useCallback(
    async <R>(opts: {
      id: string;
      name: string;
      remove: (id: string) => Promise<Result<null, AppError>>;
      restore: (id: string) => Promise<Result<R, AppError>>;
      prune: (m: Meeting) => Meeting;
    }) => {
      const before = cache.get();
      await cache.hold();
      cache.patch(opts.prune);
      try {
        await unwrap(opts.remove(opts.id));
      } catch (err) {
        if (before) cache.patch(() => before);
        notifications.show({ color: "red", title: t("toast.deleteFailed"), message: errorMessage(t, err) });
        return;
      }
      void cache.refresh();
      const toastId = `deleted-${opts.id}`;
      showUndoToast(toastId, t("toast.deleted", { name: opts.name }), t("actions.undo"), async () => {
        notifications.hide(toastId);
        try {
          await unwrap(opts.restore(opts.id));
          await cache.refresh();
          notifications.show({ message: t("toast.restored", { name: opts.name }), color: "teal" });
        } catch (err) {
          notifications.show({
            color: "red",
            title: t("toast.restoreFailed"),
            message: errorMessage(t, err),
          });
        }
      });
    },
    [cache, t],
  );
}

/** Changes a task's status from a row (action items, carried items); done means 100 %. */
export function useTaskStatus() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useCallback(
    async (task: Task, status: TaskStatus) => {
      try {
        await unwrap(
          commands.taskUpdate(
            task.id,
            taskInput(task, { status, progress: status === "done" ? 100 : task.progress }),
          ),
        );
        await invalidateEntity(client, "task");
      } catch (err) {
        notifications.show({ color: "red", title: t("minutes.saveFailed"), message: errorMessage(t, err) });
      }
    },
    [client, t],
  );
}
