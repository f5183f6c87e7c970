//! The commitments ledger: record what is owed, move it through its lifecycle (an illegal change is refused and
//! nothing is written), and turn a decision or an action item into a commitment in one step.

use crate::domain::{Commitment, CommitmentInput, CommitmentQuery, CommitmentStatus, Direction};
use crate::error::{AppError, Result, Rule};
use crate::store::{check_ref, commitments as store, minutes, tasks};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::settings;

fn today(conn: &Connection, now: DateTime<Utc>) -> Result<String> {
    settings::today(conn, now)
}

/// New references must be live; those the commitment `had` may be deleted since.
fn check(conn: &Connection, i: &CommitmentInput, had: Option<&Commitment>) -> Result<()> {
    let kept = |f: fn(&Commitment) -> Option<&String>| had.and_then(|h| f(h).map(String::as_str));
    check_ref(
        conn,
        "organizations",
        "",
        "organization_id",
        i.organization_id.as_deref(),
        kept(|h| h.organization_id.as_ref()),
    )?;
    check_ref(
        conn,
        "contacts",
        "",
        "contact_id",
        i.contact_id.as_deref(),
        kept(|h| h.contact_id.as_ref()),
    )?;
    check_ref(
        conn,
        "contacts",
        "",
        "owner_contact_id",
        i.owner_contact_id.as_deref(),
        kept(|h| h.owner_contact_id.as_ref()),
    )?;
    check_ref(
        conn,
        "meetings",
        "",
        "meeting_id",
        i.meeting_id.as_deref(),
        kept(|h| h.meeting_id.as_ref()),
    )?;
    check_ref(
        conn,
        "meeting_decisions",
        "",
        "decision_id",
        i.decision_id.as_deref(),
        kept(|h| h.decision_id.as_ref()),
    )?;
    check_ref(
        conn,
        "interactions",
        "",
        "interaction_id",
        i.interaction_id.as_deref(),
        kept(|h| h.interaction_id.as_ref()),
    )?;
    check_ref(
        conn,
        "tasks",
        "",
        "task_id",
        i.task_id.as_deref(),
        kept(|h| h.task_id.as_ref()),
    )
}

pub fn create(conn: &Connection, input: CommitmentInput, now: DateTime<Utc>) -> Result<Commitment> {
    let input = input.validate()?;
    check(conn, &input, None)?;
    let id = store::save(conn, None, &input)?;
    store::get(conn, &id, &today(conn, now)?)
}

pub fn update(
    conn: &Connection,
    id: &str,
    input: CommitmentInput,
    now: DateTime<Utc>,
) -> Result<Commitment> {
    let day = today(conn, now)?;
    let had = store::get(conn, id, &day)?;
    let input = input.validate()?;
    check(conn, &input, Some(&had))?;
    store::save(conn, Some(id), &input)?;
    store::get(conn, id, &day)
}

pub fn get(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<Commitment> {
    store::get(conn, id, &today(conn, now)?)
}

/// Moves a commitment to `to` when its lifecycle allows; otherwise `status: out_of_range` and nothing written.
pub fn set_status(
    conn: &Connection,
    id: &str,
    to: CommitmentStatus,
    now: DateTime<Utc>,
) -> Result<Commitment> {
    let day = today(conn, now)?;
    let had = store::get(conn, id, &day)?;
    had.status.change_to(to)?;
    store::set_status(conn, id, to)?;
    store::get(conn, id, &day)
}

pub fn list(conn: &Connection, q: &CommitmentQuery, now: DateTime<Utc>) -> Result<Vec<Commitment>> {
    store::list(conn, q, &today(conn, now)?)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    crate::store::soft_delete(conn, "commitments", "commitment", id)
}

pub fn restore(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<Commitment> {
    crate::store::restore(conn, "commitments", "commitment", id)?;
    get(conn, id, now)
}

/// The first live organization of a meeting, the counterparty when a decision or action item names none.
fn meeting_party(conn: &Connection, meeting_id: &str) -> Result<Option<String>> {
    Ok(crate::store::rows(
        conn,
        "SELECT mo.organization_id FROM meeting_organizations mo JOIN organizations o ON o.id = mo.organization_id
         WHERE mo.meeting_id = ?1 AND mo.deleted_at IS NULL AND o.deleted_at IS NULL ORDER BY mo.position LIMIT 1",
        [meeting_id],
        |r| r.get(0),
    )?
    .into_iter()
    .next())
}

/// A decision as a commitment: its text, the organization it concerns (else the meeting's first), linked to it
/// and its meeting.
pub fn from_decision(
    conn: &Connection,
    decision_id: &str,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<Commitment> {
    let d = minutes::decision(conn, decision_id)?;
    let organization_id = match d.organization_id {
        Some(o) => Some(o),
        None => meeting_party(conn, &d.meeting_id)?,
    };
    create(
        conn,
        CommitmentInput {
            direction,
            title: d.text,
            organization_id,
            contact_id: None,
            owner_contact_id: None,
            due_date: None,
            notes: None,
            meeting_id: Some(d.meeting_id),
            decision_id: Some(d.id),
            interaction_id: None,
            task_id: None,
        },
        now,
    )
}

/// An action item (a task) as a commitment: its title and due date, the assigned department or the meeting's
/// first organization as the counterparty, its assignee as the contact, linked to it and its meeting.
pub fn from_task(
    conn: &Connection,
    task_id: &str,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<Commitment> {
    let t = tasks::get(conn, task_id)?;
    let organization_id = match (&t.assignee_department_id, &t.meeting_id) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(m)) => meeting_party(conn, m)?,
        (None, None) => None,
    };
    if organization_id.is_none() && t.assignee_contact_id.is_none() {
        return Err(AppError::field("organization_id", Rule::Required));
    }
    create(
        conn,
        CommitmentInput {
            direction,
            title: t.title,
            organization_id,
            contact_id: t.assignee_contact_id,
            owner_contact_id: None,
            due_date: t.due_date,
            notes: None,
            meeting_id: t.meeting_id,
            decision_id: None,
            interaction_id: None,
            task_id: Some(t.id),
        },
        now,
    )
}
