//! The department conflict log's rows: conflicts, their sides (departments with positions) and their history.

use super::{rows, to_json, Filter};
use crate::domain::{
    new_id, now, ConflictEvent, ConflictInput, ConflictQuery, ConflictSide, ConflictStatus,
    DeptConflict, MAX_PAGE,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};
use std::collections::HashMap;

const SELECT: &str =
    "SELECT k.id, k.title, k.mediator_contact_id, m.name, m.deleted_at IS NOT NULL, k.options,
       k.resolution, k.status, k.review_date, k.status <> 'resolved' AND k.review_date IS NOT NULL
       AND k.review_date <= ?, k.created_at, k.updated_at
     FROM conflicts k LEFT JOIN contacts m ON m.id = k.mediator_contact_id";

fn from_row(r: &Row) -> rusqlite::Result<DeptConflict> {
    Ok(DeptConflict {
        id: r.get(0)?,
        title: r.get(1)?,
        sides: vec![],
        mediator_contact_id: r.get(2)?,
        mediator_name: r.get(3)?,
        deleted_refs: super::deleted_refs(r, &[("mediator_contact_id", 4)])?,
        options: r.get(5)?,
        resolution: r.get(6)?,
        status: super::parse_enum(7, r.get(7)?, ConflictStatus::parse)?,
        review_date: r.get(8)?,
        review_due: r.get(9)?,
        history: vec![],
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

fn status_of(idx: usize, s: Option<String>) -> rusqlite::Result<Option<ConflictStatus>> {
    s.map(|s| super::parse_enum(idx, s, ConflictStatus::parse))
        .transpose()
}

/// Fills in each conflict's sides (by department name) and history (oldest first): two reads for the whole list.
fn complete(conn: &Connection, mut list: Vec<DeptConflict>) -> Result<Vec<DeptConflict>> {
    let ids = to_json(&list.iter().map(|k| k.id.as_str()).collect::<Vec<_>>());
    let mut sides: HashMap<String, Vec<ConflictSide>> = HashMap::new();
    for (conflict, side) in rows(
        conn,
        "SELECT d.conflict_id, o.id, o.name, o.deleted_at IS NOT NULL, d.position FROM conflict_departments d
         JOIN organizations o ON o.id = d.organization_id
         WHERE d.conflict_id IN (SELECT value FROM json_each(?1)) AND d.deleted_at IS NULL
         ORDER BY o.name_sort, o.id",
        [&ids],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                ConflictSide {
                    organization_id: r.get(1)?,
                    organization_name: r.get(2)?,
                    deleted: r.get(3)?,
                    position: r.get(4)?,
                },
            ))
        },
    )? {
        sides.entry(conflict).or_default().push(side);
    }
    let mut history: HashMap<String, Vec<ConflictEvent>> = HashMap::new();
    for (conflict, event) in rows(
        conn,
        "SELECT e.conflict_id, e.id, e.from_status, e.to_status, e.by_contact_id, c.name, e.note, e.at
         FROM conflict_events e LEFT JOIN contacts c ON c.id = e.by_contact_id
         WHERE e.conflict_id IN (SELECT value FROM json_each(?1)) AND e.deleted_at IS NULL ORDER BY e.at, e.rowid",
        [&ids],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                ConflictEvent {
                    id: r.get(1)?,
                    from_status: status_of(2, r.get(2)?)?,
                    to_status: super::parse_enum(3, r.get(3)?, ConflictStatus::parse)?,
                    by_contact_id: r.get(4)?,
                    by_name: r.get(5)?,
                    note: r.get(6)?,
                    at: r.get(7)?,
                },
            ))
        },
    )? {
        history.entry(conflict).or_default().push(event);
    }
    for k in &mut list {
        k.sides = sides.remove(&k.id).unwrap_or_default();
        k.history = history.remove(&k.id).unwrap_or_default();
    }
    Ok(list)
}

/// A conflict, deleted or not; `review_due` is counted against `today` (YYYY-MM-DD).
pub fn get(conn: &Connection, id: &str, today: &str) -> Result<DeptConflict> {
    let found = rows(
        conn,
        &format!("{SELECT} WHERE k.id = ?"),
        params![today, id],
        from_row,
    )?;
    complete(conn, found)?
        .pop()
        .ok_or_else(|| AppError::not_found("conflict", id))
}

/// Writes a validated conflict (new, status open, when `id` is None) and makes its sides exactly the input's,
/// removed sides kept as tombstones. Returns its id.
pub fn save(conn: &Connection, id: Option<&str>, i: &ConflictInput) -> Result<String> {
    const FIELDS: &str = "title, mediator_contact_id, options, resolution, review_date";
    let values: Vec<Value> = vec![
        i.title.clone().into(),
        i.mediator_contact_id.clone().into(),
        i.options.clone().into(),
        i.resolution.clone().into(),
        i.review_date.clone().into(),
    ];
    let id = match id {
        Some(id) => {
            super::update_row(conn, "conflicts", "conflict", FIELDS, id, values)?;
            id.to_string()
        }
        None => {
            let id = new_id();
            super::insert_row(conn, "conflicts", FIELDS, &id, values)?;
            id
        }
    };
    let sides: Vec<(String, String)> = i
        .sides
        .iter()
        .map(|s| {
            (
                s.organization_id.clone(),
                s.position.clone().unwrap_or_default(),
            )
        })
        .collect();
    super::replace_links(
        conn,
        "conflict_departments",
        "conflict_id",
        "organization_id",
        "position",
        &id,
        &sides,
    )?;
    // An empty position is stored as NULL, like every other empty text.
    conn.execute(
        "UPDATE conflict_departments SET position = NULL WHERE conflict_id = ?1 AND position = ''",
        [&id],
    )?;
    Ok(id)
}

pub fn set_resolution(conn: &Connection, id: &str, resolution: &str) -> Result<()> {
    conn.execute(
        "UPDATE conflicts SET resolution = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, resolution, now()],
    )?;
    Ok(())
}

/// Sets the status and appends the change to the history, in the caller's transaction.
pub fn record_status(
    conn: &Connection,
    id: &str,
    from: Option<ConflictStatus>,
    to: ConflictStatus,
    by_contact_id: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    let at = now();
    if conn.execute(
        "UPDATE conflicts SET status = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, to.as_str(), at],
    )? == 0
    {
        return Err(AppError::not_found("conflict", id));
    }
    conn.execute(
        "INSERT INTO conflict_events (id, conflict_id, from_status, to_status, by_contact_id, note, at, created_at,
           updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
        params![
            new_id(),
            id,
            from.map(ConflictStatus::as_str),
            to.as_str(),
            by_contact_id,
            note,
            at
        ],
    )?;
    Ok(())
}

/// Live conflicts: those due for review first (the soonest review date first), then the newest; resolved last.
pub fn list(conn: &Connection, q: &ConflictQuery, today: &str) -> Result<Vec<DeptConflict>> {
    let limit = q.limit.unwrap_or(200).clamp(1, MAX_PAGE);
    let mut f = Filter::new("k");
    f.eq(
        "k.id IN (SELECT conflict_id FROM conflict_departments WHERE organization_id = ? AND deleted_at IS NULL)",
        q.organization_id.clone(),
    );
    if q.active_only || q.review_due_only {
        f.clause("k.status <> 'resolved'");
    }
    f.eq(
        "k.review_date IS NOT NULL AND k.review_date <= ?",
        q.review_due_only.then(|| today.to_string()),
    );
    f.matching("k.id", "conflict", q.search.as_deref());
    let (clauses, values) = f.into_parts()?;
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY k.status = 'resolved', ifnull(k.review_date, '9999-12-31'), k.created_at DESC,
           k.id LIMIT {limit}",
        clauses.join(" AND ")
    );
    let all: Vec<Value> = std::iter::once(Value::Text(today.to_string()))
        .chain(values)
        .collect();
    let found = rows(conn, &sql, params_from_iter(all), from_row)?;
    complete(conn, found)
}
