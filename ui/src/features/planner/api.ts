import { hashKey, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import {
  commands,
  type BacklogQuery,
  type HistoryState,
  type PlannerChange,
  type PlannerOutcome,
  type PlannerRange,
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

/**
 * After any planner write: the calendar, backlog and workload, plus task and meeting views elsewhere. A `week` the
 * caller has already put in the cache from the write's answer is left alone.
 */
export async function refreshPlanner(client: QueryClient, history?: HistoryState, week?: RangeQuery) {
  const fresh = week ? hashKey(plannerKeys.range(week)) : null;
  // One invalidation per key: invalidating the planner twice would cancel and restart its refetch.
  await Promise.all(
    [["task"], ["meeting"], ["project"], keys.dashboard, keys.planner].map((queryKey) =>
      client.invalidateQueries({
        queryKey,
        predicate: fresh ? (q) => q.queryHash !== fresh : undefined,
      }),
    ),
  );
  // Set after the invalidation (which also refetches the history) so the known state wins without a flicker.
  if (history) client.setQueryData(plannerKeys.history, history);
}

export type Step = (
  | { kind: "apply"; change: PlannerChange; revert?: () => void; done?: () => void }
  | { kind: "undo" }
  | { kind: "redo" }
) & {
  /** The week on screen: the write answers with it, read after the change, so the calendar need not ask again. */
  week?: RangeQuery | null;
  /** Draws the answer's week at once (the calendar), before the cache and the page catch up. */
  show?: (week: PlannerRange) => void;
  /** The write, already sent by `sendStep`. */
  sent?: Promise<PlannerOutcome>;
};

/**
 * Sends a step's write to the backend. A drop calls this in its own event task, through `withSent`: the mutation
 * would only send it some microtasks later, after the calendar has rendered the drop, while this way the backend
 * saves during that render.
 */
function sendStep(step: Step): Promise<PlannerOutcome> {
  const week = step.week ?? null;
  if (step.kind === "undo") return unwrap(commands.plannerUndo(week));
  if (step.kind === "redo") return unwrap(commands.plannerRedo(week));
  return unwrap(commands.plannerApply(step.change, week));
}

/** The step with its write sent now. */
export function withSent(step: Step): Step {
  return { ...step, sent: sendStep(step) };
}

/**
 * Every planner change goes through here. The calendar already shows the change (FullCalendar moved the event), so
 * this is optimistic: on failure the event is put back (`revert`) and a localized error is shown.
 */
export function usePlannerChange() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: Step): Promise<PlannerOutcome> => step.sent ?? sendStep(step),
    onSuccess: async (outcome, step) => {
      performance.mark("planner:change-saved");
      const week = step.week ?? undefined;
      if (week && outcome.week) {
        if (step.show) {
          step.show(outcome.week);
          // The calendar's frame first; the page and the other lists follow in the next ones.
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        client.setQueryData(plannerKeys.range(week), outcome.week);
      }
      await refreshPlanner(client, outcome.history, outcome.week ? week : undefined);
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
