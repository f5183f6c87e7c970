import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import {
  commands,
  type BacklogQuery,
  type HistoryState,
  type PlannerChange,
  type PlannerOutcome,
  type RangeQuery,
} from "../../bindings";
import { errorMessage, unwrap } from "../../lib/ipc";
import { keys } from "../../lib/queryClient";

export const plannerKeys = {
  all: keys.planner,
  range: (q: RangeQuery) => ["planner", "range", q] as const,
  workload: (q: RangeQuery) => ["planner", "workload", q] as const,
  backlog: (q: BacklogQuery) => ["planner", "backlog", q] as const,
  history: ["planner", "history"] as const,
};

export function usePlannerRange(q: RangeQuery | null) {
  return useQuery({
    queryKey: plannerKeys.range(q ?? { from: "", to: "", time_zone: "" }),
    queryFn: () => unwrap(commands.plannerRange(q!)),
    enabled: q !== null,
    // Keep the previous week on screen while the next one loads, so navigating never flashes an empty grid.
    placeholderData: (previous) => previous,
  });
}

export function useWorkload(q: RangeQuery | null) {
  return useQuery({
    queryKey: plannerKeys.workload(q ?? { from: "", to: "", time_zone: "" }),
    queryFn: () => unwrap(commands.plannerWorkload(q!)),
    enabled: q !== null,
    placeholderData: (previous) => previous,
  });
}

export function useBacklog(q: BacklogQuery) {
  return useQuery({ queryKey: plannerKeys.backlog(q), queryFn: () => unwrap(commands.plannerBacklog(q)) });
}

export function useHistoryState() {
  return useQuery({ queryKey: plannerKeys.history, queryFn: () => unwrap(commands.plannerHistory()) });
}

/** After any planner write: the calendar, backlog and workload, plus task and meeting views elsewhere. */
export async function refreshPlanner(client: QueryClient, history?: HistoryState) {
  // One invalidation per key: invalidating the planner twice would cancel and restart its refetch.
  await Promise.all(
    [["task"], ["meeting"], ["project"], keys.dashboard, keys.planner].map((queryKey) =>
      client.invalidateQueries({ queryKey }),
    ),
  );
  // Set after the invalidation (which also refetches the history) so the known state wins without a flicker.
  if (history) client.setQueryData(plannerKeys.history, history);
}

type Step =
  | { kind: "apply"; change: PlannerChange; revert?: () => void; done?: () => void }
  | { kind: "undo" }
  | { kind: "redo" };

/**
 * Every planner change goes through here. The calendar already shows the change (FullCalendar moved the event), so
 * this is optimistic: on failure the event is put back (`revert`) and a localized error is shown.
 */
export function usePlannerChange() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: Step): Promise<PlannerOutcome> => {
      if (step.kind === "undo") return unwrap(commands.plannerUndo());
      if (step.kind === "redo") return unwrap(commands.plannerRedo());
      return unwrap(commands.plannerApply(step.change));
    },
    onSuccess: async (outcome, step) => {
      performance.mark("planner:change-saved");
      await refreshPlanner(client, outcome.history);
      // User Timing mark after the refetched data is painted: the e2e run reads it for "drop → saved → re-rendered".
      requestAnimationFrame(() => performance.mark("planner:change-rendered"));
      if (step.kind === "apply") step.done?.();
      if (step.kind !== "apply" && outcome.applied === null) {
        notifications.show({
          message: t(step.kind === "undo" ? "planner.nothingToUndo" : "planner.nothingToRedo"),
        });
      }
    },
    onError: async (err, step) => {
      if (step.kind === "apply") step.revert?.();
      notifications.show({ color: "red", title: t("planner.changeFailed"), message: errorMessage(t, err) });
      await refreshPlanner(client, await unwrap(commands.plannerHistory()).catch(() => undefined));
    },
  });
}
