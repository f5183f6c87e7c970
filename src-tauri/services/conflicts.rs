//! The department conflict log: record a conflict between departments, mediate it, resolve, escalate or reopen it.
//! Every status change is kept with who made it and when; an illegal change is refused and nothing is written.

use crate::domain::{Check, MAX_TEXT};
use crate::domain::{
    ConflictInput, ConflictQuery, ConflictStatus, ConflictStatusChange, DeptConflict,
};
use crate::error::Result;
use crate::store::{check_ref, conflicts as store};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::settings;

const DEPARTMENT: &str = "kind = 'department'";

/// New references must be live (and the sides departments); those the conflict `had` may be deleted since.
fn check(conn: &Connection, i: &ConflictInput, had: Option<&DeptConflict>) -> Result<()> {
    for side in &i.sides {
        let kept = had.and_then(|h| {
            h.sides
                .iter()
                .find(|s| s.organization_id == side.organization_id)
                .map(|s| s.organization_id.as_str())
        });
        check_ref(
            conn,
            "organizations",
            DEPARTMENT,
            "sides",
            Some(&side.organization_id),
            kept,
        )?;
    }
    check_ref(
        conn,
        "contacts",
        "",
        "mediator_contact_id",
        i.mediator_contact_id.as_deref(),
        had.and_then(|h| h.mediator_contact_id.as_deref()),
    )
}

/// Records a conflict (status open, the first line of its history).
pub fn create(conn: &Connection, input: ConflictInput, now: DateTime<Utc>) -> Result<DeptConflict> {
    let input = input.validate()?;
    check(conn, &input, None)?;
    let id = store::save(conn, None, &input)?;
    store::record_status(conn, &id, None, ConflictStatus::Open, None, None)?;
    get(conn, &id, now)
}

pub fn update(
    conn: &Connection,
    id: &str,
    input: ConflictInput,
    now: DateTime<Utc>,
) -> Result<DeptConflict> {
    let had = get(conn, id, now)?;
    let input = input.validate()?;
    check(conn, &input, Some(&had))?;
    store::save(conn, Some(id), &input)?;
    get(conn, id, now)
}

pub fn get(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<DeptConflict> {
    store::get(conn, id, &settings::today(conn, now)?)
}

/// Moves a conflict to `change.status` when its lifecycle allows (a resolved one can be reopened) and appends the
/// change to its history; otherwise `status: out_of_range` and nothing is written.
pub fn set_status(
    conn: &Connection,
    id: &str,
    change: ConflictStatusChange,
    now: DateTime<Utc>,
) -> Result<DeptConflict> {
    let had = get(conn, id, now)?;
    had.status.change_to(change.status)?;
    let by = change
        .by_contact_id
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    check_ref(conn, "contacts", "", "by_contact_id", by.as_deref(), None)?;
    let mut c = Check::default();
    let note = c.text("note", change.note, MAX_TEXT);
    let resolution = c.text("resolution", change.resolution, MAX_TEXT);
    c.finish()?;
    if let Some(r) = resolution {
        store::set_resolution(conn, id, &r)?;
    }
    store::record_status(
        conn,
        id,
        Some(had.status),
        change.status,
        by.as_deref(),
        note.as_deref(),
    )?;
    get(conn, id, now)
}

pub fn list(conn: &Connection, q: &ConflictQuery, now: DateTime<Utc>) -> Result<Vec<DeptConflict>> {
    store::list(conn, q, &settings::today(conn, now)?)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    crate::store::soft_delete(conn, "conflicts", "conflict", id)
}

pub fn restore(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<DeptConflict> {
    crate::store::restore(conn, "conflicts", "conflict", id)?;
    get(conn, id, now)
}
