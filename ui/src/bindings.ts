// TEMPORARY hand-written bindings following docs/ipc-contract.md in the tauri-specta style.
// The real file is generated from the Rust code by a test and will replace this one.
/* eslint-disable */
// @ts-nocheck

export const commands = {
  async organizationCreate(input: OrganizationInput): Promise<Result<Organization, AppError>> {
    return call("organization_create", { input });
  },
  async organizationGet(id: string): Promise<Result<Organization, AppError>> {
    return call("organization_get", { id });
  },
  async organizationUpdate(id: string, input: OrganizationInput): Promise<Result<Organization, AppError>> {
    return call("organization_update", { id, input });
  },
  async organizationDelete(id: string): Promise<Result<null, AppError>> {
    return call("organization_delete", { id });
  },
  async organizationRestore(id: string): Promise<Result<Organization, AppError>> {
    return call("organization_restore", { id });
  },
  async organizationList(query: OrganizationQuery): Promise<Result<Page<Organization>, AppError>> {
    return call("organization_list", { query });
  },
  async contactCreate(input: ContactInput): Promise<Result<Contact, AppError>> {
    return call("contact_create", { input });
  },
  async contactGet(id: string): Promise<Result<Contact, AppError>> {
    return call("contact_get", { id });
  },
  async contactUpdate(id: string, input: ContactInput): Promise<Result<Contact, AppError>> {
    return call("contact_update", { id, input });
  },
  async contactDelete(id: string): Promise<Result<null, AppError>> {
    return call("contact_delete", { id });
  },
  async contactRestore(id: string): Promise<Result<Contact, AppError>> {
    return call("contact_restore", { id });
  },
  async contactList(query: ContactQuery): Promise<Result<Page<Contact>, AppError>> {
    return call("contact_list", { query });
  },
  async projectCreate(input: ProjectInput): Promise<Result<Project, AppError>> {
    return call("project_create", { input });
  },
  async projectGet(id: string): Promise<Result<Project, AppError>> {
    return call("project_get", { id });
  },
  async projectUpdate(id: string, input: ProjectInput): Promise<Result<Project, AppError>> {
    return call("project_update", { id, input });
  },
  async projectDelete(id: string): Promise<Result<null, AppError>> {
    return call("project_delete", { id });
  },
  async projectRestore(id: string): Promise<Result<Project, AppError>> {
    return call("project_restore", { id });
  },
  async projectList(query: ProjectQuery): Promise<Result<Page<Project>, AppError>> {
    return call("project_list", { query });
  },
  async taskCreate(input: TaskInput): Promise<Result<Task, AppError>> {
    return call("task_create", { input });
  },
  async taskGet(id: string): Promise<Result<Task, AppError>> {
    return call("task_get", { id });
  },
  async taskUpdate(id: string, input: TaskInput): Promise<Result<Task, AppError>> {
    return call("task_update", { id, input });
  },
  async taskDelete(id: string): Promise<Result<null, AppError>> {
    return call("task_delete", { id });
  },
  async taskRestore(id: string): Promise<Result<Task, AppError>> {
    return call("task_restore", { id });
  },
  async taskList(query: TaskQuery): Promise<Result<Page<Task>, AppError>> {
    return call("task_list", { query });
  },
  async meetingCreate(input: MeetingInput): Promise<Result<Meeting, AppError>> {
    return call("meeting_create", { input });
  },
  async meetingGet(id: string): Promise<Result<Meeting, AppError>> {
    return call("meeting_get", { id });
  },
  async meetingUpdate(id: string, input: MeetingInput): Promise<Result<Meeting, AppError>> {
    return call("meeting_update", { id, input });
  },
  async meetingDelete(id: string): Promise<Result<null, AppError>> {
    return call("meeting_delete", { id });
  },
  async meetingRestore(id: string): Promise<Result<Meeting, AppError>> {
    return call("meeting_restore", { id });
  },
  async meetingList(query: MeetingQuery): Promise<Result<Page<Meeting>, AppError>> {
    return call("meeting_list", { query });
  },
  async dashboardSummary(): Promise<Result<Dashboard, AppError>> {
    return call("dashboard_summary", {});
  },
  async demoLoad(): Promise<Result<DemoReport, AppError>> {
    return call("demo_load", {});
  },
  async settingsGet(): Promise<Result<Settings, AppError>> {
    return call("settings_get", {});
  },
  async settingsSet(settings: Settings): Promise<Result<Settings, AppError>> {
    return call("settings_set", { settings });
  },
  async appInfo(): Promise<Result<AppInfo, AppError>> {
    return call("app_info", {});
  },
};

export const events = __makeEvents__<{
  dataChanged: DataChanged;
}>({
  dataChanged: "data-changed",
});

/** user-defined types **/

export type Rule =
  | "required"
  | "too_long"
  | "invalid_email"
  | "invalid_url"
  | "invalid_date"
  | "end_before_start"
  | "negative"
  | "out_of_range"
  | "not_integer"
  | "unknown_id"
  | "invalid_time_zone"
  | "invalid_currency";
export type FieldError = { field: string; rule: Rule };
export type AppError =
  | { code: "validation"; detail: { fields: FieldError[] } }
  | { code: "not_found"; detail: { entity: string; id: string } }
  | { code: "database_too_new"; detail: { found: number; supported: number } }
  | { code: "not_empty" }
  | { code: "invalid_cursor" }
  | { code: "database"; detail: { message: string } }
  | { code: "io"; detail: { message: string } }
  | { code: "internal"; detail: { message: string } };

export type OrgKind = "partner" | "supplier" | "client" | "department";
export type Organization = {
  id: string;
  kind: OrgKind;
  name: string;
  tier: string | null;
  tags: string[];
  address: string | null;
  website: string | null;
  notes: string | null;
  lead_contact_id: string | null;
  lead_contact_name: string | null;
  weekly_capacity_hours: number | null;
  contact_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};
export type OrganizationInput = {
  kind: OrgKind;
  name: string;
  tier: string | null;
  tags: string[];
  address: string | null;
  website: string | null;
  notes: string | null;
  lead_contact_id: string | null;
  weekly_capacity_hours: number | null;
};
export type Contact = {
  id: string;
  name: string;
  title: string | null;
  organization_id: string | null;
  organization_name: string | null;
  emails: string[];
  phones: string[];
  wechat: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};
export type ContactInput = {
  name: string;
  title: string | null;
  organization_id: string | null;
  emails: string[];
  phones: string[];
  wechat: string | null;
  notes: string | null;
};
export type ProjectStatus = "planned" | "active" | "on_hold" | "done" | "cancelled";
export type ProjectOrganization = { organization_id: string; organization_name: string; role: string };
export type ProjectOrganizationInput = { organization_id: string; role: string };
export type Project = {
  id: string;
  name: string;
  code: string | null;
  status: ProjectStatus;
  start_date: string | null;
  due_date: string | null;
  budget_planned: number | null;
  budget_actual: number | null;
  currency: string;
  owner_department_id: string | null;
  owner_department_name: string | null;
  organizations: ProjectOrganization[];
  task_count: number;
  open_task_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};
export type ProjectInput = {
  name: string;
  code: string | null;
  status: ProjectStatus;
  start_date: string | null;
  due_date: string | null;
  budget_planned: number | null;
  budget_actual: number | null;
  currency: string;
  owner_department_id: string | null;
  organizations: ProjectOrganizationInput[];
};
export type TaskStatus = "todo" | "in_progress" | "blocked" | "done" | "cancelled";
export type Priority = "low" | "normal" | "high" | "urgent";
export type Task = {
  id: string;
  title: string;
  description: string | null;
  project_id: string | null;
  project_name: string | null;
  meeting_id: string | null;
  meeting_title: string | null;
  assignee_contact_id: string | null;
  assignee_contact_name: string | null;
  assignee_department_id: string | null;
  assignee_department_name: string | null;
  due_date: string | null;
  status: TaskStatus;
  progress: number;
  priority: Priority;
  estimate_hours: number | null;
  scheduled_start: string | null;
  scheduled_end: string | null;
  sort_key: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};
export type TaskInput = {
  title: string;
  description: string | null;
  project_id: string | null;
  meeting_id: string | null;
  assignee_contact_id: string | null;
  assignee_department_id: string | null;
  due_date: string | null;
  status: TaskStatus;
  progress: number;
  priority: Priority;
  estimate_hours: number | null;
  scheduled_start: string | null;
  scheduled_end: string | null;
};
export type MeetingAttendee = { contact_id: string; name: string };
export type MeetingOrganization = { organization_id: string; name: string };
export type Meeting = {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  location: string | null;
  organizer_contact_id: string | null;
  organizer_name: string | null;
  attendees: MeetingAttendee[];
  project_id: string | null;
  project_name: string | null;
  organizations: MeetingOrganization[];
  agenda: string | null;
  notes: string | null;
  decisions: string[];
  action_items: Task[];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};
export type MeetingInput = {
  title: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  location: string | null;
  organizer_contact_id: string | null;
  attendee_ids: string[];
  project_id: string | null;
  organization_ids: string[];
  agenda: string | null;
  notes: string | null;
  decisions: string[];
};
export type Page<T> = { items: T[]; next_cursor: string | null; total: number };
export type OrganizationQuery = {
  search: string | null;
  kind: OrgKind | null;
  sort: "name" | "updated" | null;
  cursor: string | null;
  limit: number | null;
};
export type ContactQuery = {
  search: string | null;
  organization_id: string | null;
  sort: "name" | "updated" | null;
  cursor: string | null;
  limit: number | null;
};
export type ProjectQuery = {
  search: string | null;
  status: ProjectStatus | null;
  sort: "name" | "due" | "updated" | null;
  cursor: string | null;
  limit: number | null;
};
export type TaskQuery = {
  search: string | null;
  project_id: string | null;
  meeting_id: string | null;
  status: TaskStatus | null;
  sort: "manual" | "due" | "updated" | null;
  cursor: string | null;
  limit: number | null;
};
export type MeetingQuery = {
  search: string | null;
  project_id: string | null;
  from: string | null;
  to: string | null;
  sort: "starts_desc" | "starts_asc" | null;
  cursor: string | null;
  limit: number | null;
};
export type Counts = {
  partners: number;
  suppliers: number;
  clients: number;
  departments: number;
  contacts: number;
  projects: number;
  active_projects: number;
  open_tasks: number;
  overdue_tasks: number;
  meetings_this_week: number;
};
export type Dashboard = {
  is_empty: boolean;
  counts: Counts;
  upcoming_meetings: Meeting[];
  overdue_tasks: Task[];
  active_projects: Project[];
};
export type DemoReport = { organizations: number; contacts: number; projects: number; tasks: number; meetings: number };
export type Settings = { locale: string | null };
export type AppInfo = { version: string; data_dir: string; db_path: string; schema_version: number };
export type DataChanged = { entity: string; ids: string[] };

/** tauri-specta globals **/

import { invoke as TAURI_INVOKE } from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";
import { type WebviewWindow as __WebviewWindow__ } from "@tauri-apps/api/webviewWindow";

type __EventObj__<T> = {
  listen: (cb: TAURI_API_EVENT.EventCallback<T>) => ReturnType<typeof TAURI_API_EVENT.listen<T>>;
  once: (cb: TAURI_API_EVENT.EventCallback<T>) => ReturnType<typeof TAURI_API_EVENT.once<T>>;
  emit: null extends T
    ? (payload?: T) => ReturnType<typeof TAURI_API_EVENT.emit>
    : (payload: T) => ReturnType<typeof TAURI_API_EVENT.emit>;
};

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

async function call<T>(cmd: string, args: Record<string, unknown>): Promise<Result<T, AppError>> {
  try {
    return { status: "ok", data: await TAURI_INVOKE(cmd, args) };
  } catch (e) {
    if (e instanceof Error) throw e;
    else return { status: "error", error: e as any };
  }
}

function __makeEvents__<T extends Record<string, any>>(mappings: Record<keyof T, string>) {
  return new Proxy(
    {} as unknown as {
      [K in keyof T]: __EventObj__<T[K]> & {
        (handle: __WebviewWindow__): __EventObj__<T[K]>;
      };
    },
    {
      get: (_, event) => {
        const name = mappings[event as keyof T];
        return new Proxy((() => {}) as any, {
          apply: (_, __, [window]: [__WebviewWindow__]) => ({
            listen: (arg: any) => window.listen(name, arg),
            once: (arg: any) => window.once(name, arg),
            emit: (arg: any) => window.emit(name, arg),
          }),
          get: (_, command: keyof __EventObj__<any>) => {
            switch (command) {
              case "listen":
                return (arg: any) => TAURI_API_EVENT.listen(name, arg);
              case "once":
                return (arg: any) => TAURI_API_EVENT.once(name, arg);
              case "emit":
                return (arg: any) => TAURI_API_EVENT.emit(name, arg);
            }
          },
        });
      },
    },
  );
}
