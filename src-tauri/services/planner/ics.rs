//! The .ics export of a range and of one meeting.

use super::events::series_shape;
use super::{Range, RangeQuery};
use crate::domain::{parse_utc, Exception, Meeting, Task};
use crate::error::Result;
use crate::export::ics::{self, IcsEvent};
use crate::services::series;
use crate::store::{meetings, tasks};
use chrono::Utc;
use rusqlite::Connection;
use std::path::Path;

/// The schedule of a range as an iCalendar file: one-off meetings, whole series touching the range (RRULE, with
/// EXDATE for cancelled and RECURRENCE-ID events for moved occurrences) and task blocks.
pub fn schedule_ics(conn: &Connection, q: &RangeQuery, calendar_name: &str) -> Result<String> {
    let r = Range::parse(q)?;
    let (from, to) = r.bounds();
    let list = meetings::planner_rows(conn, &from, &to)?;
    let exceptions = super::exceptions_of_series(conn, &list)?;
    let mut out = Vec::new();
    for m in &list {
        out.extend(meeting_events(m, &exceptions, None));
    }
    for t in tasks::scheduled_in(conn, &from, &to)? {
        out.extend(task_event(&t, r.tz));
    }
    Ok(ics::calendar(calendar_name, &out, Utc::now()))
}

/// Every live meeting (series whole, with their exceptions) and task block, for a calendar that mirrors the planner
/// (the CalDAV publish). Task blocks are in the user's zone.
pub fn all_events(conn: &Connection) -> Result<Vec<IcsEvent>> {
    // Wider than any date the planner accepts, so nothing is left out.
    let (from, to) = ("0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z");
    let list = meetings::planner_rows(conn, from, to)?;
    let exceptions = super::exceptions_of_series(conn, &list)?;
    let mut out: Vec<IcsEvent> = list
        .iter()
        // No description: a published calendar is often shared (a phone, colleagues); notes stay in the desk.
        .flat_map(|m| meeting_events(m, &exceptions, None))
        .collect();
    let tz = crate::services::settings::time_zone(conn)?;
    out.extend(
        tasks::scheduled_in(conn, from, to)?
            .iter()
            .filter_map(|t| task_event(t, tz)),
    );
    Ok(out)
}

/// A task's time block as a calendar event in the user's zone `tz` (None for a task without a whole block).
pub fn task_event(t: &Task, tz: chrono_tz::Tz) -> Option<IcsEvent> {
    let s = t.scheduled_start.as_deref().and_then(parse_utc)?;
    let e = t.scheduled_end.as_deref().and_then(parse_utc)?;
    Some(IcsEvent {
        uid: format!("task-{}@liaison-desk", t.id),
        summary: t.title.clone(),
        description: t.description.clone(),
        location: None,
        categories: t.project_name.iter().cloned().collect(),
        start: s,
        end: e,
        time_zone: Some(tz),
        rrule: None,
        exdates: Vec::new(),
        recurrence_id: None,
        created: parse_utc(&t.created_at).unwrap_or(s),
        last_modified: parse_utc(&t.updated_at).unwrap_or(s),
    })
}

/// A meeting as calendar events: the meeting (a series with its RRULE and EXDATEs for cancelled occurrences) and
/// one RECURRENCE-ID event per moved occurrence. Exceptions that name no occurrence of the series are left out, as
/// a calendar would not match them to anything. One occurrence of a series is one event carrying the series' UID
/// and its RECURRENCE-ID, so a calendar that has the series puts it in its place. `description` is the events'
/// description.
pub fn meeting_events(
    m: &Meeting,
    exceptions: &[Exception],
    description: Option<String>,
) -> Vec<IcsEvent> {
    let Some((start, length, tz)) = series_shape(m) else {
        return Vec::new();
    };
    let uid = |id: &str| format!("meeting-{id}@liaison-desk");
    let base = IcsEvent {
        uid: uid(&m.id),
        summary: m.title.clone(),
        description,
        location: m.location.clone(),
        categories: m.project_name.iter().cloned().collect(),
        start,
        end: start + length,
        time_zone: Some(tz),
        rrule: m.recurrence.as_ref().map(|rule| rule.to_rrule(start, tz)),
        exdates: Vec::new(),
        recurrence_id: None,
        created: parse_utc(&m.created_at).unwrap_or(start),
        last_modified: parse_utc(&m.updated_at).unwrap_or(start),
    };
    if let (Some(series_id), Some(occ)) =
        (&m.series_id, m.occurrence.as_deref().and_then(parse_utc))
    {
        return vec![IcsEvent {
            uid: uid(series_id),
            rrule: None,
            recurrence_id: Some(occ),
            ..base
        }];
    }
    let shape = series::shape(m);
    let real = |e: &&Exception| {
        e.meeting_id == m.id
            && matches!((&shape, parse_utc(&e.occurrence)), (Some(s), Some(o)) if s.is_occurrence(o))
    };
    let mine: Vec<&Exception> = exceptions.iter().filter(real).collect();
    let mut out = vec![IcsEvent {
        exdates: mine
            .iter()
            .filter(|e| e.cancelled)
            .filter_map(|e| parse_utc(&e.occurrence))
            .collect(),
        ..base.clone()
    }];
    for e in mine.iter().filter(|e| !e.cancelled) {
        let (Some(occ), Some(s), Some(end)) = (
            parse_utc(&e.occurrence),
            e.starts_at.as_deref().and_then(parse_utc),
            e.ends_at.as_deref().and_then(parse_utc),
        ) else {
            continue;
        };
        out.push(IcsEvent {
            start: s,
            end,
            rrule: None,
            recurrence_id: Some(occ),
            ..base.clone()
        });
    }
    out
}

/// Writes the schedule of a range to an .ics file.
pub fn export_ics_file(conn: &Connection, q: &RangeQuery, path: &Path) -> Result<()> {
    let text = schedule_ics(conn, q, CALENDAR_NAME)?;
    crate::services::write_file(path, text.as_bytes())
}

/// Shown as the calendar's name by the apps that import the file; both languages, as the file may go to anyone.
pub const CALENDAR_NAME: &str = "Liaison Desk 协作联络台";
