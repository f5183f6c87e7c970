import type { Priority, ProjectStatus, TaskStatus } from "../../bindings";

export const PROJECT_STATUSES: ProjectStatus[] = ["planned", "active", "on_hold", "done", "cancelled"];
export const TASK_STATUSES: TaskStatus[] = ["todo", "in_progress", "blocked", "done", "cancelled"];
export const PRIORITIES: Priority[] = ["low", "normal", "high", "urgent"];

export const projectStatusColor: Record<ProjectStatus, string> = {
  planned: "gray",
  active: "green",
  on_hold: "yellow",
  done: "blue",
  cancelled: "gray",
};

export const taskStatusColor: Record<TaskStatus, string> = {
  todo: "gray",
  in_progress: "blue",
  blocked: "red",
  done: "green",
  cancelled: "gray",
};

export const CURRENCIES = ["CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD"];
