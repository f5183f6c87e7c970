//! A department's own work: the open tasks assigned to it or to its people, the first of them and how many.

use crate::domain::Task;
use crate::error::Result;
use crate::services::settings;
use crate::store::tasks;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many open tasks a department's page lists before linking to the full list.
pub const SHOWN: i32 = 8;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DepartmentWork {
    /// The most urgent open tasks (the soonest due first), at most `SHOWN`.
    pub open_tasks: Vec<Task>,
    pub open_count: i32,
    /// Open and due before today in the user's zone.
    pub overdue_count: i32,
}

/// Tasks assigned to the department itself or to one of its live members.
const MINE: &str = "(t.assignee_department_id = ?1 OR t.assignee_contact_id IN
    (SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL))";

pub fn work(conn: &Connection, department_id: &str, now: DateTime<Utc>) -> Result<DepartmentWork> {
    let today = settings::today(conn, now)?;
    let open = format!("{} AND {MINE}", tasks::OPEN);
    // OVERDUE takes its date as an anonymous `?`, which follows ?1: it becomes ?2.
    let overdue = format!("{MINE} AND {}", tasks::OVERDUE);
    Ok(DepartmentWork {
        open_tasks: tasks::top(conn, &open, [department_id], SHOWN)?,
        open_count: tasks::count(conn, &open, [department_id])?,
        overdue_count: tasks::count(conn, &overdue, [department_id, today.as_str()])?,
    })
}
