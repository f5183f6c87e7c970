//! The commitments ledger's rows.

use super::rows;
use crate::domain::{
    new_id, now, Commitment, CommitmentInput, CommitmentQuery, CommitmentStatus, Direction,
    MAX_PAGE,
};
use crate::error::{AppError, Result};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

const SELECT: &str = "SELECT k.id, k.direction, k.title, k.organization_id, o.name, k.contact_id, c.name,
       k.owner_contact_id, w.name, k.due_date, k.status, k.notes, k.meeting_id, k.decision_id, k.interaction_id,
       k.task_id, k.status = 'open' AND k.due_date IS NOT NULL AND k.due_date < ?1, k.created_at, k.updated_at
     FROM commitments k LEFT JOIN organizations o ON o.id = k.organization_id
     LEFT JOIN contacts c ON c.id = k.contact_id LEFT JOIN contacts w ON w.id = k.owner_contact_id";

fn from_row(r: &Row) -> rusqlite::Result<Commitment> {
    Ok(Commitment {
        id: r.get(0)?,
        direction: super::parse_enum(1, r.get(1)?, Direction::parse)?,
        title: r.get(2)?,
        organization_id: r.get(3)?,
        organization_name: r.get(4)?,
        contact_id: r.get(5)?,
        contact_name: r.get(6)?,
        owner_contact_id: r.get(7)?,
        owner_name: r.get(8)?,
        due_date: r.get(9)?,
        status: super::parse_enum(10, r.get(10)?, CommitmentStatus::parse)?,
        notes: r.get(11)?,
        meeting_id: r.get(12)?,
        decision_id: r.get(13)?,
        interaction_id: r.get(14)?,
        task_id: r.get(15)?,
        overdue: r.get(16)?,
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

/// A commitment, deleted or not; `overdue` is counted against `today` (YYYY-MM-DD).
pub fn get(conn: &Connection, id: &str, today: &str) -> Result<Commitment> {
    conn.prepare_cached(&format!("{SELECT} WHERE k.id = ?2"))?
        .query_row([today, id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("commitment", id))
}

const FIELDS: &str = "direction, title, organization_id, contact_id, owner_contact_id, due_date, notes, meeting_id, \
    decision_id, interaction_id, task_id";

/// Column values in FIELDS order; `i` must be validated.
fn values(i: &CommitmentInput) -> Vec<Value> {
    vec![
        i.direction.as_str().to_string().into(),
        i.title.clone().into(),
        i.organization_id.clone().into(),
        i.contact_id.clone().into(),
        i.owner_contact_id.clone().into(),
        i.due_date.clone().into(),
        i.notes.clone().into(),
        i.meeting_id.clone().into(),
        i.decision_id.clone().into(),
        i.interaction_id.clone().into(),
        i.task_id.clone().into(),
    ]
}

/// Writes a validated commitment: new (status open) when `id` is None. Returns its id.
pub fn save(conn: &Connection, id: Option<&str>, i: &CommitmentInput) -> Result<String> {
    match id {
        Some(id) => {
            super::update_row(conn, "commitments", "commitment", FIELDS, id, values(i))?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            super::insert_row(conn, "commitments", FIELDS, &id, values(i))?;
            Ok(id)
        }
    }
}

pub fn set_status(conn: &Connection, id: &str, status: CommitmentStatus) -> Result<()> {
    conn.execute(
        "UPDATE commitments SET status = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, status.as_str(), now()],
    )?;
    Ok(())
}

/// Live commitments, the soonest due first (undated last).
pub fn list(conn: &Connection, q: &CommitmentQuery, today: &str) -> Result<Vec<Commitment>> {
    let limit = q.limit.unwrap_or(200).clamp(1, MAX_PAGE);
    rows(
        conn,
        &format!(
            "{SELECT} WHERE k.deleted_at IS NULL
               AND (?2 IS NULL OR k.organization_id = ?2
                    OR k.contact_id IN (SELECT id FROM contacts WHERE organization_id = ?2))
               AND (?3 IS NULL OR k.contact_id = ?3 OR k.owner_contact_id = ?3)
               AND (?4 IS NULL OR k.direction = ?4)
               AND (NOT ?5 OR k.status = 'open')
               AND (NOT ?6 OR (k.status = 'open' AND k.due_date < ?1))
             ORDER BY k.status <> 'open', ifnull(k.due_date, '9999-12-31'), k.id LIMIT ?7"
        ),
        params![
            today,
            q.organization_id,
            q.contact_id,
            q.direction.map(Direction::as_str),
            q.open_only,
            q.overdue_only,
            limit
        ],
        from_row,
    )
}

/// Open commitments, both ways, due on or before `until` (YYYY-MM-DD; overdue ones included): the first `limit`,
/// the earliest due first, and how many there are. Both queries run on the (status, due) index.
pub fn due_by(
    conn: &Connection,
    until: &str,
    today: &str,
    limit: i32,
) -> Result<(Vec<Commitment>, i32)> {
    const DUE: &str =
        "k.deleted_at IS NULL AND k.status = 'open' AND ifnull(k.due_date, '9999-12-31') <= ?2";
    let first = rows(
        conn,
        &format!("{SELECT} WHERE {DUE} ORDER BY ifnull(k.due_date, '9999-12-31'), k.id LIMIT ?3"),
        params![today, until, limit],
        from_row,
    )?;
    let total = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM commitments k WHERE ?1 IS NOT NULL AND {DUE}"
        ))?
        .query_row(params![today, until], |r| r.get(0))?;
    Ok((first, total))
}
