import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { commands, type BoardFilter, type HealthReason, type Rag } from "../../bindings";
import { errorMessage, fieldErrors, unwrap } from "../../lib/ipc";
import type { TFunction } from "i18next";

/** Everything about a project's plan lives under ["project", …], so writes to projects or tasks refresh it. */
export const planKeys = {
  overview: (id: string) => ["project", "overview", id] as const,
  board: (id: string, f: BoardFilter) => ["project", "board", id, f] as const,
  milestones: (id: string) => ["project", "milestones", id] as const,
  risks: (id: string) => ["project", "risks", id] as const,
  budget: (id: string) => ["project", "budget", id] as const,
  deps: (id: string) => ["project", "deps", id] as const,
};

export const useDependencies = (id: string) =>
  useQuery({ queryKey: planKeys.deps(id), queryFn: () => unwrap(commands.dependencyList(id)) });

export const useOverview = (id: string) =>
  useQuery({ queryKey: planKeys.overview(id), queryFn: () => unwrap(commands.projectOverview(id)) });
export const useBoard = (id: string, f: BoardFilter) =>
  useQuery({
    queryKey: planKeys.board(id, f),
    queryFn: () => unwrap(commands.projectBoard(id, f)),
    placeholderData: (p) => p,
  });
export const useMilestones = (id: string) =>
  useQuery({ queryKey: planKeys.milestones(id), queryFn: () => unwrap(commands.milestoneList(id)) });
export const useRisks = (id: string) =>
  useQuery({ queryKey: planKeys.risks(id), queryFn: () => unwrap(commands.riskList(id)) });
export const useBudget = (id: string) =>
  useQuery({ queryKey: planKeys.budget(id), queryFn: () => unwrap(commands.budgetGet(id)) });

/** A plan write: shows the localized error, then refreshes projects, tasks and the dashboard. */
export function usePlanMutation<A, R>(run: (args: A) => Promise<R>) {
  const client = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: run,
    // A refused field (a loop, an amount out of range) says what is wrong with it; other errors say their code.
    onError: (e) =>
      notifications.show({
        color: "red",
        message: Object.values(fieldErrors(t, e) ?? {})[0] ?? errorMessage(t, e),
      }),
    onSettled: () =>
      Promise.all(
        [["project"], ["task"], ["dashboard"], ["planner"]].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

export const RAG_COLOR: Record<Rag, string> = { green: "green", amber: "yellow", red: "red" };

/** One health reason in the UI's language. */
export function reasonText(t: TFunction, r: HealthReason): string {
  switch (r.kind) {
    case "overdue_tasks":
      return t("plan.reason.overdue_tasks", { count: r.count });
    case "milestone_slipped":
      return t("plan.reason.milestone_slipped", { title: r.title, date: r.target_date });
    case "milestone_at_risk":
      return t("plan.reason.milestone_at_risk", { title: r.title, date: r.target_date });
    case "over_budget":
      return t("plan.reason.over_budget", { currency: r.currency, pct: r.over_percent });
    case "high_risks":
      return t("plan.reason.high_risks", { count: r.count });
    case "risk_high_twice":
      return t("plan.reason.risk_high_twice", { title: r.title });
    case "override":
      return t("plan.reason.override", { rag: t(`plan.rag.${r.rag}`), until: r.until, comment: r.comment });
  }
}

/** The ISO week ("2026-W48") a YYYY-MM-DD day is in. */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  // The Thursday of the same Monday-to-Sunday week decides the ISO year.
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
  const year = date.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const firstThursday = jan4.getTime() + (3 - ((jan4.getUTCDay() + 6) % 7)) * 86_400_000;
  const week = 1 + Math.round((date.getTime() - firstThursday) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Adds days to a YYYY-MM-DD day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  const p = (s: string) => {
    const [y, m, d] = s.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((p(b) - p(a)) / 86_400_000);
}
