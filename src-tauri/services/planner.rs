//! The planner: what the calendar shows for a range (meetings with their series expanded, task blocks) and the
//! conflicts among them, the backlog, the changes made by dragging (each with its inverse, for undo/redo), the free
//! slot finder, the workload grid and the .ics export of a range.

use crate::domain::recurrence;
use crate::domain::schedule::{self, WorkingHours};
use crate::domain::{
    parse_utc, sort_key, utc_string, BacklogQuery, Check, Entity, Exception, Meeting, Task,
    TaskStatus,
};
use crate::error::{AppError, Result, Rule};
use crate::export::ics::{self, IcsEvent};
use crate::services::settings;
use crate::store::{self, meetings, organizations, tasks};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The longest range one query may cover; a year keeps the expansion of daily series bounded.
const MAX_RANGE_DAYS: i64 = 366;
/// Free slots are searched on the calendar's 15-minute grid.
const SLOT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RangeQuery {
    /// RFC 3339 instants; the range is [from, to).
    pub from: String,
    pub to: String,
    /// The user's IANA zone: days, working hours and due dates are judged in it.
    pub time_zone: String,
}

struct Range {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
}

impl Range {
    fn parse(q: &RangeQuery) -> Result<Range> {
        let mut c = Check::default();
        let span = c.interval(("from", &q.from), ("to", &q.to));
        let tz = c.zone("time_zone", &q.time_zone);
        if matches!(span, Some((f, t)) if t - f > Duration::days(MAX_RANGE_DAYS)) {
            c.fail("to", Rule::OutOfRange);
        }
        let ((from, to), tz) = c.finish_with(span.zip(tz))?;
        Ok(Range { from, to, tz })
    }

    fn bounds(&self) -> (String, String) {
        (utc_string(self.from), utc_string(self.to))
    }

    /// Local dates the range touches, in order.
    fn days(&self) -> Vec<NaiveDate> {
        let first = self.from.with_timezone(&self.tz).date_naive();
        let last = (self.to - Duration::seconds(1))
            .with_timezone(&self.tz)
            .date_naive();
        first.iter_days().take_while(|d| *d <= last).collect()
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    PersonDoubleBooked,
    DepartmentDoubleBooked,
    OutsideWorkingHours,
    AfterDue,
}

/// A warning on an event; the planner never refuses a change because of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The person or department that is double-booked.
    pub party: Option<Party>,
    /// The other event of a double booking.
    pub other_key: Option<String>,
    pub other_title: Option<String>,
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
fn series_shape(m: &Meeting) -> Option<(DateTime<Utc>, Duration, Tz)> {
    let start = parse_utc(&m.starts_at)?;
    let end = parse_utc(&m.ends_at)?;
    let tz = m.time_zone.parse().unwrap_or(Tz::UTC);
    Some((start, end - start, tz))
}

/// Meetings (series expanded, exceptions applied) and task blocks overlapping the range, without conflicts.
fn load_events(conn: &Connection, r: &Range) -> Result<Vec<PlannerEvent>> {
    let (from, to) = r.bounds();
    let list = meetings::planner_rows(conn, &from, &to)?;
    let series: Vec<String> = list
        .iter()
        .filter(|m| m.recurrence.is_some())
        .map(|m| m.id.clone())
        .collect();
    let changed: HashSet<(String, String)> = meetings::exceptions_of(conn, &series)?
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
        if let (Some(m), (Some(s), Some(end))) = (m, times) {
            out.push(meeting_event(m, &depts, Some(e.occurrence), s, end));
        }
    }
    out.extend(
        tasks::scheduled_in(conn, &from, &to)?
            .iter()
            .map(task_event),
    );
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.key.cmp(&b.key)));
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

/// Adds every conflict: people and departments booked twice at once, events outside working hours, blocks that
/// end after their task's due date.
fn mark_conflicts(events: &mut [PlannerEvent], wh: &WorkingHours, tz: Tz) {
    let times: Vec<Option<(DateTime<Utc>, DateTime<Utc>)>> = events
        .iter()
        .map(|e| Some((parse_utc(&e.start)?, parse_utc(&e.end)?)))
        .collect();
    let mut found: Vec<(usize, Conflict)> = Vec::new();
    for (kind, parties) in [
        (
            ConflictKind::PersonDoubleBooked,
            events.iter().map(|e| &e.people).collect::<Vec<_>>(),
        ),
        (
            ConflictKind::DepartmentDoubleBooked,
            events.iter().map(|e| &e.departments).collect::<Vec<_>>(),
        ),
    ] {
        let mut by_party: BTreeMap<&str, (&Party, Vec<usize>)> = BTreeMap::new();
        for (i, list) in parties.iter().enumerate() {
            if times[i].is_none() {
                continue;
            }
            for p in list.iter() {
                by_party.entry(&p.id).or_insert((p, Vec::new())).1.push(i);
            }
        }
        for (party, idx) in by_party.values() {
            let spans: Vec<_> = idx.iter().filter_map(|&i| times[i]).collect();
            for (a, b) in schedule::overlapping_pairs(&spans) {
                let (a, b) = (idx[a], idx[b]);
                for (me, other) in [(a, b), (b, a)] {
                    found.push((
                        me,
                        Conflict {
                            kind,
                            party: Some((*party).clone()),
                            other_key: Some(events[other].key.clone()),
                            other_title: Some(events[other].title.clone()),
                        },
                    ));
                }
            }
        }
    }
    for (i, e) in events.iter().enumerate() {
        let Some((s, end)) = times[i] else { continue };
        let plain = |kind| Conflict {
            kind,
            party: None,
            other_key: None,
            other_title: None,
        };
        if schedule::outside_working_hours(wh, tz, s, end) {
            found.push((i, plain(ConflictKind::OutsideWorkingHours)));
        }
        let due = e
            .due_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let last_day = (end - Duration::seconds(1)).with_timezone(&tz).date_naive();
        if matches!(due, Some(d) if last_day > d) {
            found.push((i, plain(ConflictKind::AfterDue)));
        }
    }
    for (i, c) in found {
        events[i].conflicts.push(c);
    }
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
/// time, cancelled ones left out; ordered by start. For views outside the planner (the dashboard).
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
    let mut events = load_events(conn, &r)?;
    events.retain(|e| e.kind == EventKind::Meeting);
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

/// One change made in the planner. Every change has an inverse that is itself a change, which is what undo runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PlannerChange {
    /// Gives a task a time block, or moves/resizes its block.
    ScheduleTask {
        task_id: String,
        start: String,
        end: String,
    },
    /// Sends a task back to the backlog.
    UnscheduleTask {
        task_id: String,
    },
    /// Moves a one-off meeting (for every attendee: there is one meeting row), or a whole series.
    MoveMeeting {
        meeting_id: String,
        start: String,
        end: String,
    },
    /// Moves one occurrence of a series; stored as an exception.
    MoveOccurrence {
        meeting_id: String,
        occurrence: String,
        start: String,
        end: String,
    },
    CancelOccurrence {
        meeting_id: String,
        occurrence: String,
    },
    /// Puts an occurrence back where its series places it.
    RestoreOccurrence {
        meeting_id: String,
        occurrence: String,
    },
    /// Deleting and restoring: the inverse pair behind undoing a quick-create.
    Delete {
        entity: Entity,
        id: String,
    },
    Restore {
        entity: Entity,
        id: String,
    },
}

/// Validated UTC bounds of a moved or resized event.
fn span(start: &str, end: &str) -> Result<(String, String)> {
    let mut c = Check::default();
    let span = c.interval(("start", start), ("end", end));
    let (s, e) = c.finish_with(span)?;
    Ok((utc_string(s), utc_string(e)))
}

/// The change that puts an occurrence back into the state `previous` describes.
fn occurrence_inverse(
    meeting_id: &str,
    occurrence: &str,
    previous: Option<Exception>,
) -> PlannerChange {
    let (meeting_id, occurrence) = (meeting_id.to_string(), occurrence.to_string());
    match previous {
        None => PlannerChange::RestoreOccurrence {
            meeting_id,
            occurrence,
        },
        Some(e) if e.cancelled => PlannerChange::CancelOccurrence {
            meeting_id,
            occurrence,
        },
        Some(e) => PlannerChange::MoveOccurrence {
            meeting_id,
            occurrence,
            start: e.starts_at.unwrap_or_default(),
            end: e.ends_at.unwrap_or_default(),
        },
    }
}

fn live_meeting(conn: &Connection, id: &str) -> Result<Meeting> {
    let m = meetings::get(conn, id)?;
    if m.deleted_at.is_some() {
        return Err(AppError::not_found("meeting", id));
    }
    Ok(m)
}

fn series(conn: &Connection, id: &str, occurrence: &str) -> Result<String> {
    let m = live_meeting(conn, id)?;
    if m.recurrence.is_none() {
        return Err(AppError::field("occurrence", Rule::OutOfRange));
    }
    parse_utc(occurrence)
        .map(utc_string)
        .ok_or_else(|| AppError::field("occurrence", Rule::InvalidDate))
}

/// Applies a change inside the caller's transaction and returns its inverse.
pub fn apply(conn: &Connection, change: &PlannerChange) -> Result<PlannerChange> {
    match change {
        PlannerChange::ScheduleTask {
            task_id,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            let before = tasks::get(conn, task_id)?;
            tasks::set_schedule(conn, task_id, Some(&s), Some(&e))?;
            Ok(task_inverse(before))
        }
        PlannerChange::UnscheduleTask { task_id } => {
            let before = tasks::get(conn, task_id)?;
            tasks::set_schedule(conn, task_id, None, None)?;
            Ok(task_inverse(before))
        }
        PlannerChange::MoveMeeting {
            meeting_id,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            let m = live_meeting(conn, meeting_id)?;
            let series_end = meetings::series_end(m.recurrence.as_ref(), &s, &e, &m.time_zone);
            meetings::set_times(conn, meeting_id, &s, &e, series_end.as_deref())?;
            Ok(PlannerChange::MoveMeeting {
                meeting_id: m.id,
                start: m.starts_at,
                end: m.ends_at,
            })
        }
        PlannerChange::MoveOccurrence {
            meeting_id,
            occurrence,
            start,
            end,
        } => {
            let (s, e) = span(start, end)?;
            let occurrence = series(conn, meeting_id, occurrence)?;
            let before = meetings::exception(conn, meeting_id, &occurrence)?;
            meetings::set_exception(
                conn,
                &Exception {
                    meeting_id: meeting_id.clone(),
                    occurrence: occurrence.clone(),
                    cancelled: false,
                    starts_at: Some(s),
                    ends_at: Some(e),
                },
            )?;
            Ok(occurrence_inverse(meeting_id, &occurrence, before))
        }
        PlannerChange::CancelOccurrence {
            meeting_id,
            occurrence,
        } => {
            let occurrence = series(conn, meeting_id, occurrence)?;
            let before = meetings::exception(conn, meeting_id, &occurrence)?;
            meetings::set_exception(
                conn,
                &Exception {
                    meeting_id: meeting_id.clone(),
                    occurrence: occurrence.clone(),
                    cancelled: true,
                    starts_at: None,
                    ends_at: None,
                },
            )?;
            Ok(occurrence_inverse(meeting_id, &occurrence, before))
        }
        PlannerChange::RestoreOccurrence {
            meeting_id,
            occurrence,
        } => {
            let occurrence = series(conn, meeting_id, occurrence)?;
            let before = meetings::exception(conn, meeting_id, &occurrence)?;
            meetings::clear_exception(conn, meeting_id, &occurrence)?;
            Ok(occurrence_inverse(meeting_id, &occurrence, before))
        }
        PlannerChange::Delete { entity, id } => {
            crate::services::delete(conn, *entity, id)?;
            Ok(PlannerChange::Restore {
                entity: *entity,
                id: id.clone(),
            })
        }
        PlannerChange::Restore { entity, id } => {
            crate::services::restore(conn, *entity, id)?;
            Ok(PlannerChange::Delete {
                entity: *entity,
                id: id.clone(),
            })
        }
    }
}

fn task_inverse(before: Task) -> PlannerChange {
    match (before.scheduled_start, before.scheduled_end) {
        (Some(start), Some(end)) => PlannerChange::ScheduleTask {
            task_id: before.id,
            start,
            end,
        },
        _ => PlannerChange::UnscheduleTask { task_id: before.id },
    }
}

/// One undoable step: the change as made and the change that reverses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub forward: PlannerChange,
    pub backward: PlannerChange,
}

/// Undo and redo stacks of planner changes. A new change clears the redo stack; a step whose change fails to apply
/// (its record was deleted elsewhere, say) is dropped rather than blocking the rest of the history.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HistoryState {
    pub can_undo: bool,
    pub can_redo: bool,
}

impl History {
    /// Enough for a planning session; the oldest steps fall off first.
    pub const LIMIT: usize = 200;

    pub fn record(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    pub fn take_undo(&mut self) -> Option<Step> {
        self.undo.pop()
    }

    /// An undone step becomes redoable.
    pub fn undone(&mut self, step: Step) {
        self.redo.push(step);
    }

    pub fn take_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// A redone step becomes undoable again, without clearing the rest of the redo stack.
    pub fn redone(&mut self, step: Step) {
        self.undo.push(step);
    }

    pub fn state(&self) -> HistoryState {
        HistoryState {
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct FreeSlotQuery {
    pub contact_ids: Vec<String>,
    pub department_ids: Vec<String>,
    pub duration_minutes: i32,
    /// Search from this instant (RFC 3339).
    pub after: String,
    pub time_zone: String,
    /// The event being rescheduled does not block itself.
    pub ignore_key: Option<String>,
    /// How far ahead to look; 14 days unless given, at most 90.
    pub within_days: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Slot {
    pub start: String,
    pub end: String,
}

/// The earliest slot of the needed length within working hours where everyone involved is free.
pub fn free_slot(conn: &Connection, q: &FreeSlotQuery) -> Result<Option<Slot>> {
    let mut c = Check::default();
    let after = c.instant("after", Some(q.after.clone()));
    let tz = c.zone("time_zone", &q.time_zone);
    if !(1..=24 * 60).contains(&q.duration_minutes) {
        c.fail("duration_minutes", Rule::OutOfRange);
    }
    let days = q.within_days.unwrap_or(14);
    if !(1..=90).contains(&days) {
        c.fail("within_days", Rule::OutOfRange);
    }
    if q.after.trim().is_empty() {
        c.fail("after", Rule::Required);
    }
    let (after, tz) = c.finish_with(after.zip(tz))?;
    let horizon = after + Duration::days(i64::from(days));
    let r = Range {
        from: after,
        to: horizon,
        tz,
    };
    let wh = settings::working_hours(conn)?;
    let wanted: HashSet<&str> = q
        .contact_ids
        .iter()
        .chain(q.department_ids.iter())
        .map(String::as_str)
        .collect();
    let busy: Vec<_> = load_events(conn, &r)?
        .into_iter()
        .filter(|e| Some(&e.key) != q.ignore_key.as_ref())
        .filter(|e| {
            e.people
                .iter()
                .chain(e.departments.iter())
                .any(|p| wanted.contains(p.id.as_str()))
        })
        .filter_map(|e| Some((parse_utc(&e.start)?, parse_utc(&e.end)?)))
        .collect();
    let length = Duration::minutes(i64::from(q.duration_minutes));
    Ok(
        schedule::first_free_slot(&busy, &wh, tz, after, length, SLOT_MINUTES, horizon).map(|s| {
            Slot {
                start: utc_string(s),
                end: utc_string(s + length),
            }
        }),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Department,
    Person,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct WorkloadCell {
    pub date: String,
    pub booked_minutes: i32,
    /// None when the row has no capacity (a department without weekly capacity).
    pub capacity_minutes: Option<i32>,
    pub over: bool,
    /// Keys of the events that fill the cell (see `Workload::events`).
    pub event_keys: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct WorkloadRow {
    pub kind: PartyKind,
    pub id: String,
    pub name: String,
    pub cells: Vec<WorkloadCell>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Workload {
    pub days: Vec<String>,
    pub rows: Vec<WorkloadRow>,
    pub events: Vec<PlannerEvent>,
}

/// Booked hours against capacity per department and person and local day. A person's capacity is the working
/// hours of the day; a department's is its weekly capacity spread over the working days. A department is booked by
/// the tasks assigned to it and the meetings it takes part in.
pub fn workload(conn: &Connection, q: &RangeQuery) -> Result<Workload> {
    let r = Range::parse(q)?;
    let wh = settings::working_hours(conn)?;
    let depts = organizations::departments(conn)?;
    let events = load_events(conn, &r)?;
    let days = r.days();
    let day_index: HashMap<NaiveDate, usize> =
        days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let empty_cells = |capacity: &dyn Fn(NaiveDate) -> Option<i32>| -> Vec<WorkloadCell> {
        days.iter()
            .map(|d| WorkloadCell {
                date: d.format("%Y-%m-%d").to_string(),
                booked_minutes: 0,
                capacity_minutes: capacity(*d),
                over: false,
                event_keys: Vec::new(),
            })
            .collect()
    };
    let working_days = wh.days.len().max(1) as f64;
    let mut rows_by_id: HashMap<String, WorkloadRow> = HashMap::new();
    let mut order: HashMap<String, String> = HashMap::new();
    for d in depts {
        let per_day = d
            .weekly_capacity_hours
            .map(|w| (w * 60.0 / working_days).round() as i32);
        order.insert(d.id.clone(), d.name_sort);
        rows_by_id.insert(
            d.id.clone(),
            WorkloadRow {
                kind: PartyKind::Department,
                id: d.id,
                name: d.name,
                cells: empty_cells(&|d| per_day.map(|c| if wh.minutes_on(d) > 0 { c } else { 0 })),
            },
        );
    }
    for e in &events {
        let (Some(s), Some(end)) = (parse_utc(&e.start), parse_utc(&e.end)) else {
            continue;
        };
        let split = schedule::minutes_per_day(r.tz, s.max(r.from), end.min(r.to));
        let parties = e
            .people
            .iter()
            .map(|p| (p, PartyKind::Person))
            .chain(e.departments.iter().map(|p| (p, PartyKind::Department)));
        for (p, kind) in parties {
            let row = rows_by_id
                .entry(p.id.clone())
                .or_insert_with(|| WorkloadRow {
                    kind,
                    id: p.id.clone(),
                    name: p.name.clone(),
                    cells: empty_cells(&|d| Some(wh.minutes_on(d))),
                });
            for (date, minutes) in &split {
                if let Some(&i) = day_index.get(date) {
                    let cell = &mut row.cells[i];
                    cell.booked_minutes += *minutes as i32;
                    if !cell.event_keys.contains(&e.key) {
                        cell.event_keys.push(e.key.clone());
                    }
                }
            }
        }
    }
    let mut rows: Vec<WorkloadRow> = rows_by_id.into_values().collect();
    for row in &mut rows {
        for cell in &mut row.cells {
            cell.over = matches!(cell.capacity_minutes, Some(c) if cell.booked_minutes > c);
        }
    }
    rows.sort_by_cached_key(|r| {
        let key = order.remove(&r.id).unwrap_or_else(|| sort_key(&r.name));
        (r.kind == PartyKind::Person, key, r.id.clone())
    });
    Ok(Workload {
        days: days
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
        rows,
        events,
    })
}

/// The schedule of a range as an iCalendar file: one-off meetings, whole series touching the range (RRULE, with
/// EXDATE for cancelled and RECURRENCE-ID events for moved occurrences) and task blocks.
pub fn schedule_ics(conn: &Connection, q: &RangeQuery, calendar_name: &str) -> Result<String> {
    let r = Range::parse(q)?;
    let (from, to) = r.bounds();
    let list = meetings::planner_rows(conn, &from, &to)?;
    let series: Vec<String> = list
        .iter()
        .filter(|m| m.recurrence.is_some())
        .map(|m| m.id.clone())
        .collect();
    let exceptions = meetings::exceptions_of(conn, &series)?;
    let mut out = Vec::new();
    for m in &list {
        out.extend(meeting_events(m, &exceptions, None));
    }
    for t in tasks::scheduled_in(conn, &from, &to)? {
        let (Some(s), Some(e)) = (
            t.scheduled_start.as_deref().and_then(parse_utc),
            t.scheduled_end.as_deref().and_then(parse_utc),
        ) else {
            continue;
        };
        out.push(IcsEvent {
            uid: format!("task-{}@liaison-desk", t.id),
            summary: t.title.clone(),
            description: t.description.clone(),
            location: None,
            categories: t.project_name.iter().cloned().collect(),
            start: s,
            end: e,
            time_zone: Some(r.tz),
            rrule: None,
            exdates: Vec::new(),
            recurrence_id: None,
            created: parse_utc(&t.created_at).unwrap_or(s),
            last_modified: parse_utc(&t.updated_at).unwrap_or(s),
        });
    }
    Ok(ics::calendar(calendar_name, &out, Utc::now()))
}

/// A meeting as calendar events: the meeting (a series with its RRULE and EXDATEs for cancelled occurrences) and
/// one RECURRENCE-ID event per moved occurrence. `description` is the events' description.
pub fn meeting_events(
    m: &Meeting,
    exceptions: &[Exception],
    description: Option<String>,
) -> Vec<IcsEvent> {
    let Some((start, length, tz)) = series_shape(m) else {
        return Vec::new();
    };
    let base = IcsEvent {
        uid: format!("meeting-{}@liaison-desk", m.id),
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
    let mine: Vec<&Exception> = exceptions.iter().filter(|e| e.meeting_id == m.id).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: u32) -> Step {
        let id = format!("t{n}");
        Step {
            forward: PlannerChange::UnscheduleTask {
                task_id: id.clone(),
            },
            backward: PlannerChange::ScheduleTask {
                task_id: id,
                start: "2026-11-24T02:00:00Z".into(),
                end: "2026-11-24T03:00:00Z".into(),
            },
        }
    }

    #[test]
    fn undo_then_redo_walks_the_same_steps_back_and_forth() {
        let mut h = History::default();
        assert_eq!(
            h.state(),
            HistoryState {
                can_undo: false,
                can_redo: false
            }
        );
        h.record(step(1));
        h.record(step(2));
        let s = h.take_undo().unwrap();
        assert_eq!(s, step(2));
        h.undone(s);
        assert_eq!(
            h.state(),
            HistoryState {
                can_undo: true,
                can_redo: true
            }
        );
        let s = h.take_redo().unwrap();
        assert_eq!(s, step(2));
        h.redone(s);
        assert_eq!(h.take_undo(), Some(step(2)));
        assert_eq!(h.take_undo(), Some(step(1)));
        assert_eq!(h.take_undo(), None);
    }

    #[test]
    fn a_new_change_clears_redo_and_the_oldest_steps_fall_off() {
        let mut h = History::default();
        h.record(step(1));
        let s = h.take_undo().unwrap();
        h.undone(s);
        h.record(step(2));
        assert!(!h.state().can_redo);
        for n in 0..(History::LIMIT as u32 + 10) {
            h.record(step(100 + n));
        }
        let mut count = 0;
        let mut last = None;
        while let Some(s) = h.take_undo() {
            count += 1;
            last = Some(s);
        }
        assert_eq!(count, History::LIMIT);
        assert_eq!(last, Some(step(110)));
    }
}
