use super::{deleted_refs, insert_row, page, parse_enum, rows, update_row, Filter, ListSql, Sort};
use crate::domain::{
    new_id, now, search_terms, BacklogQuery, Page, Priority, Task, TaskInput, TaskQuery, TaskScope,
    TaskSort, TaskStatus, MAX_PAGE,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str = "t.id, t.title, t.description, t.project_id, p.name, t.meeting_id, m.title, \
    t.assignee_contact_id, c.name, t.assignee_department_id, d.name, t.due_date, t.status, t.progress, t.priority, \
    t.estimate_hours, t.scheduled_start, t.scheduled_end, t.sort_key, t.created_at, t.updated_at, t.deleted_at, \
    p.color, p.deleted_at IS NOT NULL, m.deleted_at IS NOT NULL, c.deleted_at IS NOT NULL, d.deleted_at IS NOT NULL, \
    t.parent_id, t.milestone_id";
const FROM: &str = "tasks t LEFT JOIN projects p ON p.id = t.project_id LEFT JOIN meetings m ON m.id = t.meeting_id \
    LEFT JOIN contacts c ON c.id = t.assignee_contact_id LEFT JOIN organizations d ON d.id = t.assignee_department_id";

/// Tasks that still need doing. Listed positively (not `NOT IN ('done', 'cancelled')`) so SQLite can count them
/// from the (status, ...) indexes instead of scanning every task; a new open status must be added here.
pub const OPEN: &str = "t.status IN ('todo', 'in_progress', 'blocked')";

/// Open tasks due before the date parameter. Written on the indexed sort expression (a missing due date sorts as
/// 9999-12-31, so it is never overdue) to use the (status, due) index.
pub const OVERDUE: &str =
    "t.status IN ('todo', 'in_progress', 'blocked') AND ifnull(t.due_date, '9999-12-31') < ?";

fn from_row(r: &Row) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        project_id: r.get(3)?,
        project_name: r.get(4)?,
        meeting_id: r.get(5)?,
        meeting_title: r.get(6)?,
        assignee_contact_id: r.get(7)?,
        assignee_contact_name: r.get(8)?,
        assignee_department_id: r.get(9)?,
        assignee_department_name: r.get(10)?,
        deleted_refs: deleted_refs(
            r,
            &[
                ("project_id", 23),
                ("meeting_id", 24),
                ("assignee_contact_id", 25),
                ("assignee_department_id", 26),
            ],
        )?,
        due_date: r.get(11)?,
        status: parse_enum(12, r.get(12)?, TaskStatus::parse)?,
        progress: r.get(13)?,
        priority: parse_enum(14, r.get(14)?, Priority::parse)?,
        estimate_hours: r.get(15)?,
        scheduled_start: r.get(16)?,
        scheduled_end: r.get(17)?,
        sort_key: r.get(18)?,
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
        deleted_at: r.get(21)?,
        project_color: r.get(22)?,
        parent_id: r.get(27)?,
        milestone_id: r.get(28)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Task> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("task", id))
}

const FIELDS: &str = "title, search_text, description, project_id, meeting_id, assignee_contact_id, \
    assignee_department_id, due_date, status, progress, priority, estimate_hours, scheduled_start, scheduled_end";

/// Column values in FIELDS order; `input` must be validated.
fn values(input: &TaskInput) -> Vec<Value> {
    vec![
        input.title.clone().into(),
        search_terms(&input.title).into(),
        input.description.clone().into(),
        input.project_id.clone().into(),
        input.meeting_id.clone().into(),
        input.assignee_contact_id.clone().into(),
        input.assignee_department_id.clone().into(),
        input.due_date.clone().into(),
        input.status.as_str().to_string().into(),
        input.progress.into(),
        input.priority.as_str().to_string().into(),
        input.estimate_hours.into(),
        input.scheduled_start.clone().into(),
        input.scheduled_end.clone().into(),
    ]
}

/// New tasks go to the end of the manual order.
pub fn insert(conn: &Connection, input: &TaskInput) -> Result<String> {
    let id = new_id();
    let last: f64 = conn
        .prepare_cached("SELECT ifnull(max(sort_key), 0) FROM tasks")?
        .query_row([], |r| r.get(0))?;
    insert_with_key(conn, &id, input, last + 1.0)?;
    Ok(id)
}

/// Inserts with an explicit place in the manual order (bulk writers compute keys themselves).
pub fn insert_with_key(
    conn: &Connection,
    id: &str,
    input: &TaskInput,
    sort_key: f64,
) -> Result<()> {
    let mut v = values(input);
    v.push(sort_key.into());
    insert_row(conn, "tasks", &format!("{FIELDS}, sort_key"), id, v)
}

pub fn update(conn: &Connection, id: &str, input: &TaskInput) -> Result<()> {
    update_row(conn, "tasks", "task", FIELDS, id, values(input))
}

/// `today` (YYYY-MM-DD in the user's zone) is what "overdue" is counted against.
pub fn list(conn: &Connection, q: &TaskQuery, today: Option<&str>) -> Result<Page<Task>> {
    let mut f = Filter::new("t");
    match q.scope {
        Some(TaskScope::Open) => {
            f.clause(OPEN);
        }
        Some(TaskScope::Overdue) => {
            f.eq(OVERDUE, today.map(str::to_string));
        }
        None => {}
    }
    f.eq("t.project_id = ?", q.project_id.clone())
        .eq("t.meeting_id = ?", q.meeting_id.clone())
        .eq("t.status = ?", q.status.map(|s| s.as_str().to_string()))
        .matching("t.id", "task", q.search.as_deref());
    let sort = match q.sort.unwrap_or(TaskSort::Manual) {
        TaskSort::Manual => Sort {
            expr: "t.sort_key",
            desc: false,
            numeric: true,
        },
        TaskSort::Due => Sort {
            expr: "ifnull(t.due_date, '9999-12-31')",
            desc: false,
            numeric: false,
        },
        TaskSort::Updated => Sort {
            expr: "t.updated_at",
            desc: true,
            numeric: false,
        },
    };
    let sql = ListSql {
        columns: COLUMNS,
        from: FROM,
        count_from: "tasks t",
        id: "t.id",
    };
    page(conn, sql, &f, sort, q.cursor.as_deref(), q.limit, from_row)
}

/// Tasks matching an extra condition (e.g. overdue), most urgent first (the earliest due; the same day in the
/// order they were created), for the dashboard and a department's page.
pub fn top(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
    limit: i32,
) -> Result<Vec<Task>> {
    // Ordered exactly as the due index (`tasks_due`: due, id), so SQLite walks it and stops at `limit` instead of
    // sorting every match (15k overdue tasks at scale: 60 ms with the joins, 21 ms without); only the first ids
    // are then joined to their project, meeting and assignees.
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE t.id IN (
           SELECT t.id FROM tasks t WHERE t.deleted_at IS NULL AND {condition}
           ORDER BY ifnull(t.due_date, '9999-12-31'), t.id LIMIT {limit})
         ORDER BY ifnull(t.due_date, '9999-12-31'), t.id"
    );
    rows(conn, &sql, params, from_row)
}

/// How many tasks are open, and how many of them are due before `today`.
pub fn open_and_overdue(conn: &Connection, today: &str) -> Result<(i32, i32)> {
    // Two counts, each a search of `tasks_status_due` that reads no row (migration 0015).
    Ok(conn
        .prepare_cached(&format!(
            "SELECT (SELECT count(*) FROM tasks t WHERE t.deleted_at IS NULL AND {OPEN}),
                    (SELECT count(*) FROM tasks t WHERE t.deleted_at IS NULL AND {OVERDUE})"
        ))?
        .query_row([today], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

pub fn count(conn: &Connection, condition: &str, params: impl rusqlite::Params) -> Result<i32> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM tasks t WHERE t.deleted_at IS NULL AND {condition}"
        ))?
        .query_row(params, |r| r.get(0))?)
}

/// Task blocks overlapping [from, to), found through their end (`tasks_scheduled_end`).
pub fn scheduled_in(conn: &Connection, from: &str, to: &str) -> Result<Vec<Task>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND t.scheduled_start IS NOT NULL
         AND t.scheduled_end > ?1 AND t.scheduled_start < ?2 ORDER BY t.scheduled_start"
    );
    rows(conn, &sql, [from, to], from_row)
}

/// Open tasks without a time block, soonest due first (undated last), then in the manual order.
pub fn backlog(conn: &Connection, q: &BacklogQuery) -> Result<Vec<Task>> {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND t.scheduled_start IS NULL AND {OPEN}"
    );
    let mut params: Vec<Value> = Vec::new();
    let mut add = |clause: &str, v: &Option<String>| {
        if let Some(v) = v {
            params.push(v.clone().into());
            sql.push_str(&format!(" AND {clause} ?{}", params.len()));
        }
    };
    add("t.project_id =", &q.project_id);
    add("t.assignee_department_id =", &q.department_id);
    add("t.assignee_contact_id =", &q.assignee_contact_id);
    add("t.due_date <=", &q.due_before);
    sql.push_str(&format!(
        " ORDER BY t.due_date IS NULL, t.due_date, t.sort_key LIMIT {}",
        q.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE)
    ));
    rows(conn, &sql, rusqlite::params_from_iter(params), from_row)
}

/// Sets or clears a task's time block; both bounds must be validated UTC instants (or both None).
pub fn set_schedule(
    conn: &Connection,
    id: &str,
    start: Option<&str>,
    end: Option<&str>,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE tasks SET scheduled_start = ?2, scheduled_end = ?3, updated_at = ?4
         WHERE id = ?1 AND deleted_at IS NULL",
        (id, start, end, now()),
    )?;
    if n == 0 {
        return Err(AppError::not_found("task", id));
    }
    Ok(())
}

/// Open action items of the given meetings, soonest due first.
pub fn open_of_meetings(conn: &Connection, meeting_ids: &[String]) -> Result<Vec<Task>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND {OPEN}
             AND t.meeting_id IN (SELECT value FROM json_each(?1))
             ORDER BY ifnull(t.due_date, '9999-12-31'), t.sort_key, t.id"
        ),
        [super::to_json(meeting_ids)],
        from_row,
    )
}

/// Open action items (tasks that came out of a meeting) assigned to each of the contacts, as (contact id, task).
pub fn open_action_items_of(
    conn: &Connection,
    contact_ids: &[String],
) -> Result<Vec<(String, Task)>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND {OPEN}
             AND t.meeting_id IS NOT NULL AND t.assignee_contact_id IN (SELECT value FROM json_each(?1))
             ORDER BY ifnull(t.due_date, '9999-12-31'), t.sort_key, t.id"
        ),
        [super::to_json(contact_ids)],
        |r| {
            let t = from_row(r)?;
            Ok((t.assignee_contact_id.clone().unwrap_or_default(), t))
        },
    )
}

/// Open tasks of a project due before `today` (YYYY-MM-DD), most overdue first.
pub fn overdue_in_project(conn: &Connection, project_id: &str, today: &str) -> Result<Vec<Task>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND t.project_id = ?1 AND {}
             ORDER BY t.due_date, t.sort_key, t.id",
            OVERDUE.replace('?', "?2")
        ),
        (project_id, today),
        from_row,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_and_overdue_list_every_unfinished_status() {
        for s in TaskStatus::ALL {
            let quoted = format!("'{}'", s.as_str());
            let open = !matches!(s, TaskStatus::Done | TaskStatus::Cancelled);
            assert_eq!(OPEN.contains(&quoted), open, "{s:?}");
            assert_eq!(OVERDUE.contains(&quoted), open, "{s:?}");
        }
    }
}

/// Filters of a project's board and task list.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct BoardFilter {
    pub assignee_contact_id: Option<String>,
    pub department_id: Option<String>,
    pub milestone_id: Option<String>,
}

/// Every live task of a project in the manual order, narrowed by the board's filters.
pub fn project_tasks(conn: &Connection, project_id: &str, f: &BoardFilter) -> Result<Vec<Task>> {
    rows(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.project_id = ?1 AND t.deleted_at IS NULL
               AND (?2 IS NULL OR t.assignee_contact_id = ?2)
               AND (?3 IS NULL OR t.assignee_department_id = ?3)
               AND (?4 IS NULL OR t.milestone_id = ?4)
             ORDER BY t.sort_key, t.id"
        ),
        (
            project_id,
            f.assignee_contact_id.as_deref(),
            f.department_id.as_deref(),
            f.milestone_id.as_deref(),
        ),
        from_row,
    )
}

/// The manual-order keys of two tasks (None for a missing or deleted one).
pub fn sort_keys(conn: &Connection, ids: [Option<&str>; 2]) -> Result<[Option<f64>; 2]> {
    let mut out = [None, None];
    for (i, id) in ids.into_iter().enumerate() {
        if let Some(id) = id {
            out[i] = conn
                .prepare_cached("SELECT sort_key FROM tasks WHERE id = ?1 AND deleted_at IS NULL")?
                .query_row([id], |r| r.get(0))
                .optional()?;
        }
    }
    Ok(out)
}
