//! Meetings with attendees, linked organizations, decisions and action items (tasks linked to the meeting).

use super::minutes as minutes_service;
use super::series;
use crate::domain::series::SeriesScope;
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

/// The input validated, with every id it refers to checked: new references must be live, the ones the meeting
/// `had` may be deleted (so a meeting whose attendee was deleted can still be renamed).
pub(crate) fn checked_meeting(
    conn: &Connection,
    input: MeetingInput,
    had: Option<&Meeting>,
) -> Result<MeetingInput> {
    let mut input = input.validate()?;
    // A follow-up of an occurrence follows that occurrence's row, created for it if needed.
    if let Some(p) = &input.previous_meeting_id {
        input.previous_meeting_id = Some(series::row_for_write(conn, p)?);
    }
    let kept = |f: fn(&Meeting) -> &Option<String>| had.and_then(|m| f(m).as_deref());
    check_ref(
        conn,
        "contacts",
        "",
        "organizer_contact_id",
        input.organizer_contact_id.as_deref(),
        kept(|m| &m.organizer_contact_id),
    )?;
    check_ref(
        conn,
        "projects",
        "",
        "project_id",
        input.project_id.as_deref(),
        kept(|m| &m.project_id),
    )?;
    let attendees: Vec<String> = had
        .map(|m| m.attendees.iter().map(|a| a.contact_id.clone()).collect())
        .unwrap_or_default();
    check_refs(
        conn,
        "contacts",
        "attendee_ids",
        &input.attendee_ids,
        &attendees,
    )?;
    let organizations: Vec<String> = had
        .map(|m| {
            m.organizations
                .iter()
                .map(|o| o.organization_id.clone())
                .collect()
        })
        .unwrap_or_default();
    check_refs(
        conn,
        "organizations",
        "organization_ids",
        &input.organization_ids,
        &organizations,
    )?;
    check_ref(
        conn,
        "meetings",
        "",
        "previous_meeting_id",
        input.previous_meeting_id.as_deref(),
        kept(|m| &m.previous_meeting_id),
    )?;
    Ok(input)
}

/// The meeting with its agenda, decisions, action items and the open items carried from the meetings it follows.
/// `id` may name one occurrence of a series ("SERIES@OCCURRENCE"); a series and its occurrences also tell where to
/// go next.
pub fn get_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    if let Some((series_id, occurrence)) = series::split_key(id) {
        return series::occurrence(conn, series_id, occurrence);
    }
    let mut m = full_meeting(conn, id)?;
    if m.series_id.is_none() {
        if let Some(shape) = series::shape(&m) {
            m.occurrences = Some(series::nav(conn, id, &shape, None)?);
        }
    }
    Ok(m)
}

/// The stored meeting with all its minutes.
pub(crate) fn full_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    let mut m = meetings::get(conn, id)?;
    let q = TaskQuery {
        meeting_id: Some(id.to_string()),
        sort: Some(TaskSort::Manual),
        limit: Some(MAX_PAGE),
        ..Default::default()
    };
    m.action_items = tasks::list(conn, &q, None)?.items;
    m.agenda = minutes::agenda(conn, id)?;
    m.decisions = minutes::decisions(conn, id)?;
    m.carried_items = tasks::open_of_meetings(conn, &meetings::predecessors(conn, id)?)?;
    Ok(m)
}

/// Creates a meeting; it starts with its template's agenda and notes, then the unfinished agenda items of the
/// meeting it follows.
pub fn create_meeting(conn: &Connection, input: MeetingInput) -> Result<Meeting> {
    let input = checked_meeting(conn, input, None)?;
    let template = match &input.template_id {
        Some(t) => Some(minutes_service::template(conn, t).map_err(|e| match e {
            AppError::NotFound { .. } => AppError::field("template_id", Rule::UnknownId),
            other => other,
        })?),
        None => None,
    };
    let id = meetings::insert(conn, &input)?;
    if input.recurrence.is_some() {
        // A series' minutes live in its occurrences: the template starts the first one, which (being written to)
        // also takes the unfinished agenda of the meeting the series follows.
        if template.is_some() || input.previous_meeting_id.is_some() {
            let first =
                series::row_for_write(conn, &series::occurrence_key(&id, &input.starts_at))?;
            if let Some(t) = &template {
                minutes_service::apply_template(conn, &first, t)?;
            }
        }
        return get_meeting(conn, &id);
    }
    if let Some(t) = &template {
        minutes_service::apply_template(conn, &id, t)?;
    }
    if let Some(previous) = &input.previous_meeting_id {
        minutes_service::carry_forward(conn, previous, &id)?;
    }
    get_meeting(conn, &id)
}

/// Saves a meeting. A change of a series' time, zone or rule goes through the series edit for all occurrences, so
/// its moved and cancelled occurrences and their minutes follow it (the UI asks for the scope and previews first).
pub fn update_meeting(conn: &Connection, id: &str, input: MeetingInput) -> Result<Meeting> {
    let edit_all = |series_id: &str, occurrence: String, input| {
        series::save_edit(
            conn,
            series_id,
            series::SeriesEdit {
                scope: SeriesScope::All,
                occurrence,
                input,
            },
        )
    };
    if let Some((series_id, occurrence)) = series::split_key(id) {
        return edit_all(series_id, occurrence.to_string(), input);
    }
    let had = meetings::get(conn, id)?;
    let input = checked_meeting(conn, input, Some(&had))?;
    if input.previous_meeting_id.as_deref() == Some(id) {
        return Err(AppError::field("previous_meeting_id", Rule::OutOfRange));
    }
    let before = meetings::get(conn, id)?;
    let retimed = before.starts_at != input.starts_at
        || before.ends_at != input.ends_at
        || before.time_zone != input.time_zone
        || before.recurrence != input.recurrence;
    if before.recurrence.is_some() && before.series_id.is_none() && retimed {
        edit_all(id, before.starts_at, input)?;
        return get_meeting(conn, id);
    }
    meetings::update(conn, id, &input)?;
    meetings::sync_occurrences(conn, id, &utc_string(chrono::Utc::now()))?;
    get_meeting(conn, id)
}

/// The input that saves `m` unchanged.
pub fn input_of(m: &Meeting) -> MeetingInput {
    MeetingInput {
        title: m.title.clone(),
        starts_at: m.starts_at.clone(),
        ends_at: m.ends_at.clone(),
        time_zone: m.time_zone.clone(),
        location: m.location.clone(),
        organizer_contact_id: m.organizer_contact_id.clone(),
        attendee_ids: m.attendees.iter().map(|a| a.contact_id.clone()).collect(),
        project_id: m.project_id.clone(),
        organization_ids: m
            .organizations
            .iter()
            .map(|o| o.organization_id.clone())
            .collect(),
        recurrence: m.recurrence.clone(),
        previous_meeting_id: m.previous_meeting_id.clone(),
        template_id: None,
    }
}

pub fn restore_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    super::restore(conn, Entity::Meeting, id)?;
    get_meeting(conn, id)
}

/// Range bounds arrive with any offset; stored times are UTC, so compare in UTC.
pub fn list_meetings(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    meetings::list(conn, &utc_bounds(q)?)
}

/// The meetings that hold minutes (one-offs and written occurrences), for batch exports.
pub fn list_meetings_with_minutes(conn: &Connection, q: &MeetingQuery) -> Result<Page<Meeting>> {
    meetings::list_with_minutes(conn, &utc_bounds(q)?)
}

fn utc_bounds(q: &MeetingQuery) -> Result<MeetingQuery> {
    let mut c = Check::default();
    let from = c.instant("from", q.from.clone()).map(utc_string);
    let to = c.instant("to", q.to.clone()).map(utc_string);
    c.finish()?;
    Ok(MeetingQuery {
        from,
        to,
        ..q.clone()
    })
}
