//! The first screen: what needs attention this week.

use crate::domain::{
    utc_string, Meeting, MeetingQuery, MeetingSort, OrgKind, Project, ProjectQuery, ProjectSort,
    ProjectStatus, Task,
};
use crate::error::Result;
use crate::store::{meetings, organizations, projects, tasks};
use chrono::{DateTime, Datelike, Duration, Utc};
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
    pub meetings_this_week: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Dashboard {
    /// True when the database holds no records at all: the UI offers the demo data.
    pub is_empty: bool,
    pub counts: Counts,
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
    let today = now.date_naive().format("%Y-%m-%d").to_string();
    counts.open_tasks = tasks::count(conn, tasks::OPEN, [])?;
    counts.overdue_tasks = tasks::count(conn, tasks::OVERDUE, [&today])?;

    let week_start = now - Duration::days(i64::from(now.weekday().num_days_from_monday()));
    let week_start = week_start
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or(now);
    let week = MeetingQuery {
        from: Some(utc_string(week_start)),
        to: Some(utc_string(week_start + Duration::days(7))),
        limit: Some(1),
        ..Default::default()
    };
    counts.meetings_this_week = meetings::list(conn, &week)?.total.unwrap_or(0);

    let upcoming = MeetingQuery {
        from: Some(utc_string(now)),
        to: Some(utc_string(now + Duration::days(7))),
        sort: Some(MeetingSort::StartsAsc),
        limit: Some(SHOWN),
        ..Default::default()
    };
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
        upcoming_meetings: meetings::list(conn, &upcoming)?.items,
        overdue_tasks: tasks::top(conn, tasks::OVERDUE, [&today], SHOWN)?,
        active_projects: projects::list(conn, &active)?.items,
    })
}
