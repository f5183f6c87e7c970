use super::{page, parse_enum, Filter, ListSql, Sort};
use crate::domain::{
    new_id, now, search_terms, Page, Priority, Task, TaskInput, TaskQuery, TaskSort, TaskStatus,
};
use crate::error::{AppError, Result};
use rusqlite::{Connection, OptionalExtension, Row};

const COLUMNS: &str = "t.id, t.title, t.description, t.project_id, p.name, t.meeting_id, m.title, \
    t.assignee_contact_id, c.name, t.assignee_department_id, d.name, t.due_date, t.status, t.progress, t.priority, \
    t.estimate_hours, t.scheduled_start, t.scheduled_end, t.sort_key, t.created_at, t.updated_at, t.deleted_at";
const FROM: &str = "tasks t LEFT JOIN projects p ON p.id = t.project_id LEFT JOIN meetings m ON m.id = t.meeting_id \
    LEFT JOIN contacts c ON c.id = t.assignee_contact_id LEFT JOIN organizations d ON d.id = t.assignee_department_id";

/// Tasks that still need doing.
pub const OPEN: &str = "t.status NOT IN ('done', 'cancelled')";

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
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Task> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("task", id))
}

/// New tasks go to the end of the manual order.
pub fn insert(conn: &Connection, input: &TaskInput) -> Result<String> {
    let id = new_id();
    let t = now();
    let last: f64 = conn
        .prepare_cached("SELECT ifnull(max(sort_key), 0) FROM tasks")?
        .query_row([], |r| r.get(0))?;
    insert_with_key(conn, &id, input, last + 1.0, &t)?;
    Ok(id)
}

pub fn insert_with_key(
    conn: &Connection,
    id: &str,
    input: &TaskInput,
    sort_key: f64,
    t: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tasks (id, title, search_text, description, project_id, meeting_id, assignee_contact_id,
             assignee_department_id, due_date, status, progress, priority, estimate_hours, scheduled_start,
             scheduled_end, sort_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    )?
    .execute(rusqlite::params![
        id,
        input.title,
        search_terms(&input.title),
        input.description,
        input.project_id,
        input.meeting_id,
        input.assignee_contact_id,
        input.assignee_department_id,
        input.due_date,
        input.status.as_str(),
        input.progress,
        input.priority.as_str(),
        input.estimate_hours,
        input.scheduled_start,
        input.scheduled_end,
        sort_key,
        t
    ])?;
    Ok(())
}

pub fn update(conn: &Connection, id: &str, input: &TaskInput) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE tasks SET title = ?2, search_text = ?3, description = ?4, project_id = ?5, meeting_id = ?6,
                 assignee_contact_id = ?7, assignee_department_id = ?8, due_date = ?9, status = ?10, progress = ?11,
                 priority = ?12, estimate_hours = ?13, scheduled_start = ?14, scheduled_end = ?15, updated_at = ?16
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .execute(rusqlite::params![
            id,
            input.title,
            search_terms(&input.title),
            input.description,
            input.project_id,
            input.meeting_id,
            input.assignee_contact_id,
            input.assignee_department_id,
            input.due_date,
            input.status.as_str(),
            input.progress,
            input.priority.as_str(),
            input.estimate_hours,
            input.scheduled_start,
            input.scheduled_end,
            now()
        ])?;
    if n == 0 {
        return Err(AppError::not_found("task", id));
    }
    Ok(())
}

pub fn list(conn: &Connection, q: &TaskQuery) -> Result<Page<Task>> {
    let mut f = Filter::new("t");
    f.eq("t.project_id = ?", q.project_id.clone())
        .eq("t.meeting_id = ?", q.meeting_id.clone())
        .eq("t.status = ?", q.status.map(|s| s.as_str().to_string()))
        .search("t", q.search.as_deref());
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

/// Tasks matching an extra condition (e.g. overdue), most urgent first, for the dashboard.
pub fn top(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
    limit: i32,
) -> Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND {condition}
         ORDER BY ifnull(t.due_date, '9999-12-31'), t.sort_key LIMIT {limit}"
    ))?;
    let rows = stmt.query_map(params, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection, condition: &str, params: impl rusqlite::Params) -> Result<i32> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM tasks t WHERE t.deleted_at IS NULL AND {condition}"
        ))?
        .query_row(params, |r| r.get(0))?)
}
