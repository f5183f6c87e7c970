import type {
  AgendaItem,
  Brief,
  Counts,
  Dashboard,
  Decision,
  Meeting,
  MeetingTemplate,
  Task,
} from "../bindings";

export function agendaItem(id: string, title: string, overrides: Partial<AgendaItem> = {}): AgendaItem {
  return {
    id,
    meeting_id: "m1",
    title,
    owner_contact_id: null,
    owner_name: null,
    planned_minutes: 10,
    done: false,
    carried_from_id: null,
    sort_key: null,
    deleted_refs: [],
    ...overrides,
  };
}

export function decision(id: string, text: string, overrides: Partial<Decision> = {}): Decision {
  return {
    id,
    meeting_id: "m1",
    text,
    organization_id: null,
    organization_name: null,
    deleted_refs: [],
    ...overrides,
  };
}

export function task(id: string, title: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    title,
    description: null,
    project_id: "p1",
    project_name: "华东产线升级",
    project_color: null,
    meeting_id: "m1",
    meeting_title: "供应商周例会",
    assignee_contact_id: "c1",
    assignee_contact_name: "王晓明",
    assignee_department_id: null,
    assignee_department_name: null,
    due_date: "2030-01-15",
    status: "todo",
    progress: 0,
    priority: "normal",
    estimate_hours: null,
    scheduled_start: null,
    scheduled_end: null,
    sort_key: null,
    parent_id: null,
    milestone_id: null,
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    deleted_at: null,
    deleted_refs: [],
    ...overrides,
  };
}

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: "m1",
    title: "供应商周例会",
    starts_at: "2026-11-24T02:00:00Z",
    ends_at: "2026-11-24T03:00:00Z",
    time_zone: "Asia/Shanghai",
    location: "3 号会议室",
    organizer_contact_id: "c1",
    organizer_name: "王晓明",
    attendees: [
      {
        contact_id: "c1",
        name: "王晓明",
        attendance: "invited",
        organization_id: "d1",
        organization_name: "采购部",
        deleted: false,
        organization_deleted: false,
      },
      {
        contact_id: "c2",
        name: "Anna Schmidt",
        attendance: "present",
        organization_id: "o1",
        organization_name: "华东精密制造有限公司",
        deleted: false,
        organization_deleted: false,
      },
    ],
    project_id: "p1",
    project_name: "华东产线升级",
    organizations: [{ organization_id: "o1", name: "华东精密制造有限公司", deleted: false }],
    notes: null,
    recurrence: null,
    previous_meeting_id: "m0",
    previous_meeting_title: "供应商启动会",
    deleted_refs: [],
    series_id: null,
    occurrence: null,
    occurrences: null,
    agenda: [
      agendaItem("a1", "上周行动回顾"),
      agendaItem("a2", "交期风险", { carried_from_id: "a0" }),
      agendaItem("a3", "下一步计划", { planned_minutes: 15 }),
    ],
    decisions: [
      decision("d-1", "样品交期定为 12 月 5 日", { organization_id: "o1", organization_name: "华东精密" }),
    ],
    action_items: [task("t1", "确认样品交期")],
    carried_items: [task("t0", "提交质量报告", { meeting_id: "m0", meeting_title: "供应商启动会" })],
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}

export function brief(): Brief {
  return {
    meeting_id: "m1",
    attendees: [
      { contact_id: "c1", name: "王晓明", deleted: false, open_items: [task("t9", "更新物料清单")] },
      { contact_id: "c2", name: "Anna Schmidt", deleted: false, open_items: [] },
    ],
    overdue: [task("t8", "提交验收报告", { due_date: "2020-01-01" })],
    organizations: [
      {
        organization_id: "o1",
        name: "华东精密制造有限公司",
        deleted: false,
        last_interaction: "2026-11-10T02:00:00Z",
        last_meeting_title: "供应商启动会",
      },
      {
        organization_id: "o2",
        name: "北方物流集团",
        deleted: false,
        last_interaction: null,
        last_meeting_title: null,
      },
    ],
    previous: {
      meeting_id: "m0",
      title: "供应商启动会",
      starts_at: "2026-11-17T02:00:00Z",
      decisions: [decision("d0", "每周二例会")],
    },
  };
}

export function templates(): MeetingTemplate[] {
  return [
    {
      id: "builtin:weekly",
      builtin: true,
      name: "Weekly sync",
      title: "Weekly sync",
      duration_minutes: 45,
      agenda: [{ title: "Updates", planned_minutes: 15 }],
      notes: null,
    },
    {
      id: "tpl-1",
      builtin: false,
      name: "Supplier review",
      title: "Supplier review",
      duration_minutes: 90,
      agenda: [],
      notes: "## Notes",
    },
  ];
}

/** A dashboard summary with nothing in it but what a test sets: counts are zero unless given. */
export function dashboardSummary(
  overrides: Partial<Omit<Dashboard, "counts">> & { counts?: Partial<Counts> } = {},
): Dashboard {
  const { counts, ...rest } = overrides;
  return {
    is_empty: false,
    counts: {
      partners: 0,
      suppliers: 0,
      clients: 0,
      departments: 0,
      contacts: 0,
      projects: 0,
      active_projects: 0,
      open_tasks: 0,
      overdue_tasks: 0,
      meetings_this_week: 0,
      meetings_today: 0,
      commitments_due: 0,
      losing_touch: 0,
      ...counts,
    },
    overdue_tasks: [],
    active_projects: [],
    today_meetings: [],
    week_end: "2026-11-29",
    commitments_due: [],
    losing_touch: [],
    ...rest,
  };
}
