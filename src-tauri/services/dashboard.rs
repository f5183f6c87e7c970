//! The first screen: what needs attention this week.
//!
//! "Today" and "this week" are counted in the user's zone (Settings), so at 07:00 in
//! Shanghai the dashboard already shows Shanghai's day, not the UTC one that is still yesterday.

use crate::domain::{
    time, Cadence, Commitment, Meeting, OrgKind, Project, ProjectQuery, ProjectSort, ProjectStatus,
    Task,
};
use crate::error::Result;
use crate::services::planner::PlannerEvent;
use crate::services::{planner, relationships, settings};
use crate::store::{commitments, meetings, organizations, projects, tasks};
use chrono::{DateTime, Days, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct Counts {
    pub partners: i32,
    pub suppliers: i32,
    pub clients: i32,
    pub departments: i32,
    pub contacts: i32,
    pub projects: i32,
    pub active_projects: i32,
    pub open_tasks: i32,
    pub overdue_tasks: i32,
    /// Meetings and occurrences of series overlapping this week, Monday to Sunday in the user's zone.
    pub meetings_this_week: i32,
    /// Meetings and occurrences starting or running today (the user's zone): `today_meetings` shows the first ones.
    pub meetings_today: i32,
    /// Open commitments, both ways, due by this Sunday (the user's zone), overdue ones included.
    pub commitments_due: i32,
    /// Cadences amber or red today.
    pub losing_touch: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Dashboard {
    /// True when the database holds no records at all: the UI offers the demo data.
    pub is_empty: bool,
    pub counts: Counts,
    /// Overdue tasks of projects and overdue action items of meetings (a task with `meeting_id`), the earliest
    /// due first; `counts.overdue_tasks` counts them all.
    pub overdue_tasks: Vec<Task>,
    pub active_projects: Vec<Project>,
    /// Today's meetings in the user's zone, series expanded (the first `SHOWN` of `counts.meetings_today`).
    pub today_meetings: Vec<Meeting>,
    /// This Sunday (YYYY-MM-DD, the user's zone): the last day `commitments_due` counts.
    pub week_end: String,
    /// The first `SHOWN` of `counts.commitments_due`, the earliest due first.
    pub commitments_due: Vec<Commitment>,
    /// The first `SHOWN` of `counts.losing_touch`, the most overdue first.
    pub losing_touch: Vec<Cadence>,
}

/// How many rows a panel shows; its header says "8 of 26" when there are more.
pub const SHOWN: i32 = 8;

pub fn summary(conn: &Connection, now: DateTime<Utc>) -> Result<Dashboard> {
    let mut counts = Counts::default();
    for (kind, n) in organizations::count_by_kind(conn)? {
        match kind {
            OrgKind::Partner => counts.partners = n,
            OrgKind::Supplier => counts.suppliers = n,
            OrgKind::Client => counts.clients = n,
            OrgKind::Department => counts.departments = n,
        }
    }
    // Read from `contacts_live` alone (migration 0015).
    counts.contacts = conn.query_row(
        "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    counts.projects = projects::count(conn, None)?;
    counts.active_projects = projects::count(conn, Some(ProjectStatus::Active))?;
    let tz = settings::time_zone(conn)?;
    let today = settings::today(conn, now)?;
    (counts.open_tasks, counts.overdue_tasks) = tasks::open_and_overdue(conn, &today)?;

    // This week's meetings, series expanded; today's are cut from them.
    let (week_start, week_end) = time::week_of(tz, now);
    let week = planner::meeting_occurrences(conn, week_start, week_end)?;
    counts.meetings_this_week = len(week.len());
    // Today lies inside this week, so its meetings are the week's that overlap today's local day.
    let local_today = time::local_date(tz, now);
    let (day_start, day_end) =
        time::day_span(tz, local_today, local_today).unwrap_or((week_start, week_end));
    let (day_start, day_end) = (
        crate::domain::utc_string(day_start),
        crate::domain::utc_string(day_end),
    );
    let today_events: Vec<PlannerEvent> = week
        .into_iter()
        .filter(|e| e.start < day_end && e.end > day_start)
        .collect();
    counts.meetings_today = len(today_events.len());
    let sunday = time::week_start(local_today)
        .checked_add_days(Days::new(6))
        .unwrap_or(local_today)
        .format("%Y-%m-%d")
        .to_string();
    let (commitments_due, due_total) = commitments::due_by(conn, &sunday, &today, SHOWN)?;
    counts.commitments_due = due_total;
    let mut losing_touch = relationships::losing_touch(conn, now)?;
    counts.losing_touch = len(losing_touch.len());
    losing_touch.truncate(SHOWN as usize);

    let active = ProjectQuery {
        status: Some(ProjectStatus::Active),
        sort: Some(ProjectSort::Due),
        limit: Some(SHOWN),
        ..Default::default()
    };
    let is_empty = counts.partners
        + counts.suppliers
        + counts.clients
        + counts.departments
        + counts.contacts
        + counts.projects
        == 0
        && conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM meetings) AND NOT EXISTS (SELECT 1 FROM tasks)",
            [],
            |r| r.get::<_, bool>(0),
        )?;
    Ok(Dashboard {
        is_empty,
        counts,
        overdue_tasks: tasks::top(conn, tasks::OVERDUE, [&today], SHOWN)?,
        active_projects: projects::list(conn, &active)?.items,
        today_meetings: as_meetings(conn, today_events)?,
        week_end: sunday,
        commitments_due,
        losing_touch,
    })
}

fn len(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The first `SHOWN` of `events`, series expanded: each occurrence is its series' meeting with the occurrence's
/// times, so the list reads like the calendar.
fn as_meetings(conn: &Connection, events: Vec<PlannerEvent>) -> Result<Vec<Meeting>> {
    let shown: Vec<_> = events.into_iter().take(SHOWN as usize).collect();
    let mut ids: Vec<String> = shown.iter().map(|e| e.id.clone()).collect();
    ids.dedup();
    let series = meetings::by_ids(conn, &ids)?;
    Ok(shown
        .iter()
        .filter_map(|e| {
            let mut m = series.iter().find(|m| m.id == e.id)?.clone();
            m.starts_at = e.start.clone();
            m.ends_at = e.end.clone();
            Some(m)
        })
        .collect())
}
