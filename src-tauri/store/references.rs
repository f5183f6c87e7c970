//! Every column that points at another record, in one list. The delete confirmation counts what still points at
//! a record from it, saves check new references against it, and a test compares it with the schema's foreign
//! keys so a new reference cannot be forgotten.

use super::rows;
use crate::error::Result;
use rusqlite::Connection;

/// A column of `table` naming a row of `target` that the user sees by name (an attendee, a task's project).
pub struct Reference {
    pub table: &'static str,
    pub column: &'static str,
    pub target: &'static str,
    /// What the UI calls the rows that point this way ("assigned_tasks"): a stable key it translates.
    pub kind: &'static str,
    /// For a link or child row: the column naming the record it belongs to, and that record's table. The row only
    /// counts while that record is live.
    pub owner: Option<(&'static str, &'static str)>,
}

const fn reference(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    kind: &'static str,
    owner: Option<(&'static str, &'static str)>,
) -> Reference {
    Reference {
        table,
        column,
        target,
        kind,
        owner,
    }
}

const MEETING: Option<(&str, &str)> = Some(("meeting_id", "meetings"));
const PROJECT: Option<(&str, &str)> = Some(("project_id", "projects"));
const INTERACTION: Option<(&str, &str)> = Some(("interaction_id", "interactions"));

// One line per reference reads as a table; rustfmt would spread each over six lines.
#[rustfmt::skip]
pub const REFERENCES: &[Reference] = &[
    reference("organizations", "lead_contact_id", "contacts", "led_organizations", None),
    reference("contacts", "organization_id", "organizations", "contacts", None),
    reference("projects", "owner_department_id", "organizations", "owned_projects", None),
    reference("project_organizations", "organization_id", "organizations", "projects", PROJECT),
    reference("meetings", "organizer_contact_id", "contacts", "organized_meetings", None),
    reference("meetings", "project_id", "projects", "meetings", None),
    reference("meetings", "previous_meeting_id", "meetings", "follow_up_meetings", None),
    reference("meeting_attendees", "contact_id", "contacts", "attended_meetings", MEETING),
    reference("meeting_organizations", "organization_id", "organizations", "meetings", MEETING),
    reference("meeting_decisions", "organization_id", "organizations", "decisions", MEETING),
    reference("meeting_agenda_items", "owner_contact_id", "contacts", "agenda_items", MEETING),
    reference("tasks", "project_id", "projects", "tasks", None),
    reference("tasks", "meeting_id", "meetings", "action_items", None),
    reference("tasks", "assignee_contact_id", "contacts", "assigned_tasks", None),
    reference("tasks", "assignee_department_id", "organizations", "assigned_tasks", None),
    reference("tasks", "parent_id", "tasks", "subtasks", None),
    reference("tasks", "milestone_id", "milestones", "tasks", None),
    reference("risks", "owner_contact_id", "contacts", "owned_risks", PROJECT),
    reference("risk_tasks", "task_id", "tasks", "linked_risks", Some(("risk_id", "risks"))),
    reference("interactions", "meeting_id", "meetings", "interactions", None),
    reference("interactions", "follow_up_task_id", "tasks", "interactions", None),
    reference("interaction_organizations", "organization_id", "organizations", "interactions", INTERACTION),
    reference("interaction_contacts", "contact_id", "contacts", "interactions", INTERACTION),
    reference("commitments", "organization_id", "organizations", "commitments", None),
    reference("commitments", "contact_id", "contacts", "commitments", None),
    reference("commitments", "owner_contact_id", "contacts", "owned_commitments", None),
    reference("commitments", "meeting_id", "meetings", "commitments", None),
    reference("commitments", "decision_id", "meeting_decisions", "commitments", None),
    reference("commitments", "interaction_id", "interactions", "commitments", None),
    reference("commitments", "task_id", "tasks", "commitments", None),
    reference("conflicts", "mediator_contact_id", "contacts", "mediated_conflicts", None),
];

/// Columns that name the record a row is part of (a meeting's agenda item, a project's partner link) or that keep
/// history no one sees by name (where an agenda item was carried from). They go with their record, so they are
/// not references to warn about.
pub const PART_OF: &[(&str, &str)] = &[
    ("project_organizations", "project_id"),
    ("meeting_attendees", "meeting_id"),
    ("meeting_organizations", "meeting_id"),
    ("meeting_decisions", "meeting_id"),
    ("meeting_exceptions", "meeting_id"),
    ("meeting_agenda_items", "meeting_id"),
    ("meeting_agenda_items", "carried_from_id"),
    // An occurrence's own row (its minutes) belongs to its series.
    ("meetings", "series_id"),
    // A project's plan: milestones, risks (with their reviews), budget lines, and the links between its tasks.
    ("milestones", "project_id"),
    ("risks", "project_id"),
    ("risk_reviews", "risk_id"),
    ("risk_tasks", "risk_id"),
    ("budget_lines", "project_id"),
    ("task_dependencies", "predecessor_id"),
    ("task_dependencies", "successor_id"),
    ("interaction_organizations", "interaction_id"),
    ("interaction_contacts", "interaction_id"),
    // A conflict's sides and history; a supplier's incidents and deliveries are part of its scorecard.
    ("conflict_departments", "conflict_id"),
    ("conflict_departments", "organization_id"),
    ("conflict_events", "conflict_id"),
    ("conflict_events", "by_contact_id"),
    ("supplier_incidents", "organization_id"),
    ("supplier_deliveries", "organization_id"),
    // A cadence is a setting of its organization or contact.
    ("cadences", "organization_id"),
    ("cadences", "contact_id"),
];

/// How many live rows of each kind point at row `id` of `target`, kinds with none left out. Kinds with the same
/// key (tasks assigned to a contact or a department) add up.
pub fn counts(conn: &Connection, target: &str, id: &str) -> Result<Vec<(String, i32)>> {
    let mut out: Vec<(String, i32)> = Vec::new();
    for r in REFERENCES.iter().filter(|r| r.target == target) {
        let owner_join = match r.owner {
            Some((col, table)) => {
                format!(" JOIN {table} o ON o.id = x.{col} AND o.deleted_at IS NULL")
            }
            None => String::new(),
        };
        let n: i32 = rows(
            conn,
            &format!(
                "SELECT count(*) FROM {} x{owner_join} WHERE x.{} = ?1 AND x.deleted_at IS NULL",
                r.table, r.column
            ),
            [id],
            |row| row.get(0),
        )?
        .first()
        .copied()
        .unwrap_or(0);
        if n == 0 {
            continue;
        }
        match out.iter_mut().find(|(k, _)| k == r.kind) {
            Some((_, total)) => *total += n,
            None => out.push((r.kind.to_string(), n)),
        }
    }
    Ok(out)
}
