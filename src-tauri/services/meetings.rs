//! Meetings with attendees, linked organizations, decisions and action items (tasks linked to the meeting).

use super::minutes as minutes_service;
use crate::domain::{
    utc_string, Check, Entity, Meeting, MeetingInput, MeetingQuery, Page, TaskQuery, TaskSort,
    MAX_PAGE,
};
use crate::error::{AppError, Result, Rule};
use crate::store::{check_ref, check_refs, meetings, minutes, tasks};
use rusqlite::Connection;

/// A meeting that is not deleted: what planner changes and minutes may be written to.
pub fn live_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    let m = meetings::get(conn, id)?;
    if m.deleted_at.is_some() {
        return Err(AppError::not_found("meeting", id));
    }
    Ok(m)
}

/// The input validated, with every id it refers to checked to exist.
fn checked_meeting(conn: &Connection, input: MeetingInput) -> Result<MeetingInput> {
    let input = input.validate()?;
    check_ref(
        conn,
        "contacts",
        "",
        "organizer_contact_id",
        input.organizer_contact_id.as_deref(),
    )?;
    check_ref(
        conn,
        "projects",
        "",
        "project_id",
        input.project_id.as_deref(),
    )?;
    check_refs(conn, "contacts", "attendee_ids", &input.attendee_ids)?;
    check_refs(
        conn,
        "organizations",
        "organization_ids",
        &input.organization_ids,
    )?;
    check_ref(
        conn,
        "meetings",
        "",
        "previous_meeting_id",
        input.previous_meeting_id.as_deref(),
    )?;
    Ok(input)
}

/// The meeting with its agenda, decisions, action items and the open items carried from the meetings it follows.
pub fn get_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    let mut m = meetings::get(conn, id)?;
    let q = TaskQuery {
        meeting_id: Some(id.to_string()),
        sort: Some(TaskSort::Manual),
        limit: Some(MAX_PAGE),
        ..Default::default()
    };
    m.action_items = tasks::list(conn, &q)?.items;
    m.agenda = minutes::agenda(conn, id)?;
    m.decisions = minutes::decisions(conn, id)?;
    m.carried_items = tasks::open_of_meetings(conn, &meetings::predecessors(conn, id)?)?;
    Ok(m)
}

/// Creates a meeting; it starts with its template's agenda and notes, then the unfinished agenda items of the
/// meeting it follows.
pub fn create_meeting(conn: &Connection, input: MeetingInput) -> Result<Meeting> {
    let input = checked_meeting(conn, input)?;
    let template = match &input.template_id {
        Some(t) => Some(minutes_service::template(conn, t).map_err(|e| match e {
            AppError::NotFound { .. } => AppError::field("template_id", Rule::UnknownId),
            other => other,
        })?),
        None => None,
    };
    let id = meetings::insert(conn, &input)?;
    if let Some(t) = &template {
        minutes_service::apply_template(conn, &id, t)?;
    }
    if let Some(previous) = &input.previous_meeting_id {
        minutes_service::carry_forward(conn, previous, &id)?;
    }
    get_meeting(conn, &id)
}

pub fn update_meeting(conn: &Connection, id: &str, input: MeetingInput) -> Result<Meeting> {
    let input = checked_meeting(conn, input)?;
    if input.previous_meeting_id.as_deref() == Some(id) {
        return Err(AppError::field("previous_meeting_id", Rule::OutOfRange));
    }
    meetings::update(conn, id, &input)?;
    get_meeting(conn, id)
}

pub fn restore_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    super::restore(conn, Entity::Meeting, id)?;
    get_meeting(conn, id)
}

/// Range bounds arrive with any offset; stored times are UTC, so compare in UTC.
pub fn list_meetings(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    let mut c = Check::default();
    let from = c.instant("from", q.from.clone()).map(utc_string);
    let to = c.instant("to", q.to.clone()).map(utc_string);
    c.finish()?;
    meetings::list(
        conn,
        &MeetingQuery {
            from,
            to,
            ..q.clone()
        },
    )
}
