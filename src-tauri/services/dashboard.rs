//! The first screen: what needs attention this week.
//!
//! "Today", "this week" and "the next seven days" are counted in the user's zone (Settings), so at 07:00 in
//! Shanghai the dashboard already shows Shanghai's day, not the UTC one that is still yesterday.

use crate::domain::{
    time, Meeting, OrgKind, Project, ProjectQuery, ProjectSort, ProjectStatus, Task,
};
use crate::error::Result;
use crate::services::{planner, settings};
use crate::store::{meetings, organizations, projects, tasks};
use chrono::{DateTime, Utc};
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
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Dashboard {
    /// True when the database holds no records at all: the UI offers the demo data.
    pub is_empty: bool,
    pub counts: Counts,
    /// Meetings of the next seven days, each occurrence of a series as its own entry with that occurrence's
    /// start and end.
    pub upcoming_meetings: Vec<Meeting>,
    pub overdue_tasks: Vec<Task>,
    pub active_projects: Vec<Project>,
}

const SHOWN: i32 = 8;

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
    counts.contacts = conn.query_row(
        "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    counts.projects = projects::count(conn, None)?;
    counts.active_projects = projects::count(conn, Some(ProjectStatus::Active))?;
    let tz = settings::time_zone(conn)?;
    let today = settings::today(conn, now)?;
    counts.open_tasks = tasks::count(conn, tasks::OPEN, [])?;
    counts.overdue_tasks = tasks::count(conn, tasks::OVERDUE, [&today])?;

    let (week_start, week_end) = time::week_of(tz, now);
    let week = planner::meeting_occurrences(conn, week_start, week_end)?;
    counts.meetings_this_week = i32::try_from(week.len()).unwrap_or(i32::MAX);

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
        upcoming_meetings: upcoming(conn, now, time::add_days(tz, now, 7))?,
        overdue_tasks: tasks::top(conn, tasks::OVERDUE, [&today], SHOWN)?,
        active_projects: projects::list(conn, &active)?.items,
    })
}

/// The first meetings overlapping [now, until), series expanded: each occurrence is its series' meeting with the
/// occurrence's times, so the list reads like the calendar.
fn upcoming(conn: &Connection, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Meeting>> {
    let events = planner::meeting_occurrences(conn, now, until)?;
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
