import type { Task, TaskInput } from "../../bindings";

/** A new open task's fields: every optional field empty unless `fields` sets it. */
export function newTaskInput(title: string, fields: Partial<TaskInput> = {}): TaskInput {
  return {
    title,
    description: null,
    project_id: null,
    meeting_id: null,
    assignee_contact_id: null,
    assignee_department_id: null,
    due_date: null,
    status: "todo",
    progress: 0,
    priority: "normal",
    estimate_hours: null,
    scheduled_start: null,
    scheduled_end: null,
    ...fields,
  };
}

/** A task's fields as the update command takes them. */
export function taskInput(task: Task, change: Partial<TaskInput> = {}): TaskInput {
  return {
    title: task.title,
    description: task.description,
    project_id: task.project_id,
    meeting_id: task.meeting_id,
    assignee_contact_id: task.assignee_contact_id,
    assignee_department_id: task.assignee_department_id,
    due_date: task.due_date,
    status: task.status,
    progress: task.progress,
    priority: task.priority,
    estimate_hours: task.estimate_hours,
    scheduled_start: task.scheduled_start,
    scheduled_end: task.scheduled_end,
    ...change,
  };
}
