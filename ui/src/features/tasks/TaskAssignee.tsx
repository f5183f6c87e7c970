import type { Task } from "../../bindings";
import { RefName, isDeletedRef } from "../../components/RefName";

/** Who a task is assigned to: the person, else the department; marked when that record is deleted. */
export function TaskAssignee({ task, size }: { task: Task; size?: "xs" | "sm" }) {
  const [name, field] = task.assignee_contact_name
    ? [task.assignee_contact_name, "assignee_contact_id"]
    : [task.assignee_department_name, "assignee_department_id"];
  return <RefName name={name} deleted={isDeletedRef(task, field)} size={size} />;
}

/** Whether the task has anyone assigned. */
export function hasAssignee(task: Task): boolean {
  return task.assignee_contact_name !== null || task.assignee_department_name !== null;
}
