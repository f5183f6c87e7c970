//! Meetings with attendees, linked organizations, decisions and action items (tasks linked to the meeting).

use crate::domain::{
    utc_string, Check, Entity, Meeting, MeetingInput, MeetingQuery, Page, TaskQuery, MAX_PAGE,
};
use crate::error::Result;
use crate::store::{check_ref, check_refs, meetings, tasks};
use rusqlite::Connection;

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
    Ok(input)
}

/// The meeting with its action items.
pub fn get_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    let mut m = meetings::get(conn, id)?;
    let q = TaskQuery {
        meeting_id: Some(id.to_string()),
        limit: Some(MAX_PAGE),
        ..Default::default()
    };
    m.action_items = tasks::list(conn, &q)?.items;
    Ok(m)
}

pub fn create_meeting(conn: &Connection, input: MeetingInput) -> Result<Meeting> {
    let input = checked_meeting(conn, input)?;
    let id = meetings::insert(conn, &input)?;
    get_meeting(conn, &id)
}

pub fn update_meeting(conn: &Connection, id: &str, input: MeetingInput) -> Result<Meeting> {
    let input = checked_meeting(conn, input)?;
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
