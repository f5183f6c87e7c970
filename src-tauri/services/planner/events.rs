//! What the calendar shows for a range: meetings with their series expanded and exceptions applied, task blocks,
//! and the backlog of unscheduled tasks.

use super::conflicts::{mark_conflicts, Conflict};
use super::Range;
use super::RangeQuery;
use crate::domain::recurrence;
use crate::domain::schedule::WorkingHours;
use crate::domain::{parse_utc, utc_string, BacklogQuery, Check, Meeting, Task, TaskStatus};
use crate::error::Result;
use crate::services::{series, settings};
use crate::store::{self, meetings, organizations, tasks};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Meeting,
    Task,
}

/// A person or department involved in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Party {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PlannerEvent {
    /// Stable key: "task:ID", "meeting:ID", or "meeting:ID@OCCURRENCE" for one occurrence of a series.
    pub key: String,
    pub kind: EventKind,
    pub id: String,
    /// For an occurrence of a series: its original start (UTC), which identifies it even after a move.
    pub occurrence: Option<String>,
    pub title: String,
    pub start: String,
    pub end: String,
    pub recurring: bool,
    pub location: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    /// The department the event is coloured by: a task's assignee department, a meeting's first department.
    pub department_id: Option<String>,
    /// The palette colours the user picked for the project and that department, if any.
    pub project_color: Option<String>,
    pub department_color: Option<String>,
    pub people: Vec<Party>,
    pub departments: Vec<Party>,
    pub due_date: Option<String>,
    pub estimate_hours: Option<f64>,
    pub status: Option<TaskStatus>,
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PlannerRange {
    pub events: Vec<PlannerEvent>,
    pub working_hours: WorkingHours,
}

fn meeting_event(
    m: &Meeting,
    depts: &HashSet<String>,
    occurrence: Option<String>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> PlannerEvent {
    let mut people: Vec<Party> = Vec::new();
    if let (Some(id), Some(name)) = (&m.organizer_contact_id, &m.organizer_name) {
        people.push(Party {
            id: id.clone(),
            name: name.clone(),
        });
    }
    for a in &m.attendees {
        if !people.iter().any(|p| p.id == a.contact_id) {
            people.push(Party {
                id: a.contact_id.clone(),
                name: a.name.clone(),
            });
        }
    }
    let departments: Vec<Party> = m
        .organizations
        .iter()
        .filter(|o| depts.contains(&o.organization_id))
        .map(|o| Party {
            id: o.organization_id.clone(),
            name: o.name.clone(),
        })
        .collect();
    let key = match &occurrence {
        Some(o) => format!("meeting:{}@{o}", m.id),
        None => format!("meeting:{}", m.id),
    };
    PlannerEvent {
        key,
        kind: EventKind::Meeting,
        id: m.id.clone(),
        occurrence,
        title: m.title.clone(),
        start: utc_string(start),
        end: utc_string(end),
        recurring: m.recurrence.is_some(),
        location: m.location.clone(),
        project_id: m.project_id.clone(),
        project_name: m.project_name.clone(),
        department_id: departments.first().map(|d| d.id.clone()),
        project_color: None,
        department_color: None,
        people,
        departments,
        due_date: None,
        estimate_hours: None,
        status: None,
        conflicts: Vec::new(),
    }
}

fn task_event(t: &Task) -> PlannerEvent {
    let party = |id: &Option<String>, name: &Option<String>| match (id, name) {
        (Some(id), Some(name)) => vec![Party {
            id: id.clone(),
            name: name.clone(),
        }],
        _ => Vec::new(),
    };
    PlannerEvent {
        key: format!("task:{}", t.id),
        kind: EventKind::Task,
        id: t.id.clone(),
        occurrence: None,
        title: t.title.clone(),
        start: t.scheduled_start.clone().unwrap_or_default(),
        end: t.scheduled_end.clone().unwrap_or_default(),
        recurring: false,
        location: None,
        project_id: t.project_id.clone(),
        project_name: t.project_name.clone(),
        department_id: t.assignee_department_id.clone(),
        project_color: None,
        department_color: None,
        people: party(&t.assignee_contact_id, &t.assignee_contact_name),
        departments: party(&t.assignee_department_id, &t.assignee_department_name),
        due_date: t.due_date.clone(),
        estimate_hours: t.estimate_hours,
        status: Some(t.status),
        conflicts: Vec::new(),
    }
}

/// A series' first occurrence, its length and zone, or None if the stored times are unreadable.
pub(super) fn series_shape(m: &Meeting) -> Option<(DateTime<Utc>, Duration, Tz)> {
    let start = parse_utc(&m.starts_at)?;
    let end = parse_utc(&m.ends_at)?;
    let tz = m.time_zone.parse().unwrap_or(Tz::UTC);
    Some((start, end - start, tz))
}

/// Meetings (series expanded, exceptions applied) and task blocks overlapping the range, without conflicts.
pub(super) fn load_events(conn: &Connection, r: &Range) -> Result<Vec<PlannerEvent>> {
    let mut out = load_meetings(conn, r, true)?;
    let (from, to) = r.bounds();
    out.extend(
        tasks::scheduled_in(conn, &from, &to)?
            .iter()
            .map(task_event),
    );
    by_start(&mut out);
    Ok(out)
}

fn by_start(events: &mut [PlannerEvent]) {
    events.sort_by(|a, b| a.start.cmp(&b.start).then(a.key.cmp(&b.key)));
}

/// The meetings of `load_events`, unsorted; with `people` false, without their people and departments.
fn load_meetings(conn: &Connection, r: &Range, people: bool) -> Result<Vec<PlannerEvent>> {
    let (from, to) = r.bounds();
    let list = if people {
        meetings::planner_rows(conn, &from, &to)?
    } else {
        meetings::planner_times(conn, &from, &to)?
    };
    let changed: HashSet<(String, String)> = super::exceptions_of_series(conn, &list)?
        .into_iter()
        .map(|e| (e.meeting_id, e.occurrence))
        .collect();
    // Occurrences moved into the range, whose series may lie outside it.
    let moved = meetings::moved_into(conn, &from, &to)?;
    let missing: Vec<String> = moved
        .iter()
        .filter(|e| !list.iter().any(|m| m.id == e.meeting_id))
        .map(|e| e.meeting_id.clone())
        .collect();
    let extra = meetings::by_ids(conn, &missing)?;
    let org_ids: Vec<&str> = list
        .iter()
        .chain(extra.iter())
        .flat_map(|m| m.organizations.iter().map(|o| o.organization_id.as_str()))
        .collect();
    let depts = organizations::departments_among(conn, &org_ids)?;

    let mut out = Vec::new();
    for m in &list {
        let (Some(rule), Some((start, length, tz))) = (&m.recurrence, series_shape(m)) else {
            if let (Some(s), Some(e)) = (parse_utc(&m.starts_at), parse_utc(&m.ends_at)) {
                out.push(meeting_event(m, &depts, None, s, e));
            }
            continue;
        };
        for occ in recurrence::occurrences(rule, start, length, tz, r.from, r.to) {
            let occurrence = utc_string(occ);
            if !changed.contains(&(m.id.clone(), occurrence.clone())) {
                out.push(meeting_event(
                    m,
                    &depts,
                    Some(occurrence),
                    occ,
                    occ + length,
                ));
            }
        }
    }
    for e in moved {
        let m = list
            .iter()
            .chain(extra.iter())
            .find(|m| m.id == e.meeting_id);
        let times = (
            e.starts_at.as_deref().and_then(parse_utc),
            e.ends_at.as_deref().and_then(parse_utc),
        );
        // A moved occurrence shows only while its series still has it: an exception an earlier version left
        // behind when the series was retimed names no occurrence, and showing it would double the meeting.
        let real = |m: &Meeting| {
            let occ = parse_utc(&e.occurrence);
            matches!((series::shape(m), occ), (Some(shape), Some(o)) if shape.is_occurrence(o))
        };
        if let (Some(m), (Some(s), Some(end))) = (m, times) {
            if real(m) {
                out.push(meeting_event(m, &depts, Some(e.occurrence), s, end));
            }
        }
    }
    Ok(out)
}

/// The colours picked for the projects and departments of these events.
fn add_colors(conn: &Connection, events: &mut [PlannerEvent]) -> Result<()> {
    let ids =
        |f: fn(&PlannerEvent) -> Option<&str>| events.iter().filter_map(f).collect::<Vec<_>>();
    let projects = store::colors(conn, "projects", &ids(|e| e.project_id.as_deref()))?;
    let departments = store::colors(conn, "organizations", &ids(|e| e.department_id.as_deref()))?;
    for e in events {
        e.project_color = e
            .project_id
            .as_ref()
            .and_then(|id| projects.get(id).cloned());
        e.department_color = e
            .department_id
            .as_ref()
            .and_then(|id| departments.get(id).cloned());
    }
    Ok(())
}

pub fn range(conn: &Connection, q: &RangeQuery) -> Result<PlannerRange> {
    let r = Range::parse(q)?;
    let working_hours = settings::working_hours(conn)?;
    let mut events = load_events(conn, &r)?;
    // Only the calendar colours events; the workload and the free-slot finder skip the lookup.
    add_colors(conn, &mut events)?;
    mark_conflicts(&mut events, &working_hours, r.tz);
    Ok(PlannerRange {
        events,
        working_hours,
    })
}

/// The meetings overlapping [from, to) as the calendar shows them: series expanded, moved occurrences at their new
/// time, cancelled ones left out; ordered by start. Their times only, without people or departments: for counting
/// and finding meetings outside the planner (the dashboard, reminders), which read the few they show by id.
pub fn meeting_occurrences(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<PlannerEvent>> {
    // Series expand in their own zones, so the range's zone plays no part here.
    let r = Range {
        from,
        to,
        tz: Tz::UTC,
    };
    let mut events = load_meetings(conn, &r, false)?;
    by_start(&mut events);
    Ok(events)
}

pub fn backlog(conn: &Connection, q: &BacklogQuery) -> Result<Vec<Task>> {
    let mut c = Check::default();
    let due_before = c.date("due_before", q.due_before.clone());
    c.finish()?;
    tasks::backlog(
        conn,
        &BacklogQuery {
            due_before,
            ..q.clone()
        },
    )
}
