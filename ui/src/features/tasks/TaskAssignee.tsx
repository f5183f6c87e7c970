import type { Task } from "../../bindings";
import { RefName, isDeletedRef } from "../../components/RefName";

/** Who a task is assigned to: the person, else the department; marked when that record is deleted. */
export function TaskAssignee({ task, size }: { task: Task; size?: "xs" | "sm" }) {
  if (task.assignee_contact_name)
    return (
      <RefName
        name={task.assignee_contact_name}
        deleted={isDeletedRef(task, "assignee_contact_id")}
        size={size}
      />
    );
  if (task.assignee_department_name)
    return (
      <RefName
        name={task.assignee_department_name}
        deleted={isDeletedRef(task, "assignee_department_id")}
        size={size}
      />
    );
  return null;
}

/** Whether the task has anyone assigned. */
export function hasAssignee(task: Task): boolean {
  return task.assignee_contact_name !== null || task.assignee_department_name !== null;
}
