//! The relationship use cases: logging interactions (a follow-up date becomes a task; a held meeting logs one for
//! its organizations and attendees), stay-in-touch cadences with their status in the user's zone, the losing-touch
//! list, and the timeline of an organization or a contact.

use crate::domain::{
    cadence_state, parse_utc, time, Attendance, Cadence, CadenceInput, Interaction,
    InteractionInput, InteractionKind, Priority, TaskInput, TaskStatus, TimelineCursor,
    TimelineItem, MAX_PAGE,
};
use crate::error::{AppError, Result, Rule};
use crate::store::relationships::{self as store, CadenceRow};
use crate::store::{check_refs, contacts, organizations};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{meetings, projects, settings};

/// The follow-up task's title when neither the input nor the summary gives one, in the app's language.
fn default_follow_up_title(conn: &Connection, names: &[String]) -> Result<String> {
    let zh = settings::get(conn)?
        .locale
        .is_none_or(|l| l.to_ascii_lowercase().starts_with("zh"));
    let who = names.join("、");
    Ok(if zh {
        format!("跟进：{who}")
    } else {
        format!("Follow up: {who}")
    })
}

fn check(conn: &Connection, input: &InteractionInput, had: Option<&Interaction>) -> Result<()> {
    let kept = |v: Option<Vec<String>>| v.unwrap_or_default();
    check_refs(
        conn,
        "organizations",
        "organization_ids",
        &input.organization_ids,
        &kept(had.map(|i| i.organizations.iter().map(|o| o.id.clone()).collect())),
    )?;
    check_refs(
        conn,
        "contacts",
        "contact_ids",
        &input.contact_ids,
        &kept(had.map(|i| i.contacts.iter().map(|o| o.id.clone()).collect())),
    )
}

/// The names of what an interaction is with, for a default task title.
fn names(conn: &Connection, input: &InteractionInput) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in &input.organization_ids {
        out.push(organizations::get(conn, id)?.name);
    }
    if out.is_empty() {
        for id in &input.contact_ids {
            out.push(contacts::get(conn, id)?.name);
        }
    }
    Ok(out)
}

/// The task a follow-up date becomes, created once: an interaction that has one keeps it.
fn follow_up_task(
    conn: &Connection,
    input: &InteractionInput,
    had: Option<&str>,
) -> Result<Option<String>> {
    if had.is_some() {
        return Ok(had.map(String::from));
    }
    let Some(due) = &input.follow_up_date else {
        return Ok(None);
    };
    let title = match input.follow_up_task_title() {
        Some(t) => t,
        None => default_follow_up_title(conn, &names(conn, input)?)?,
    };
    let task = projects::create_task(
        conn,
        TaskInput {
            title,
            description: input.summary.clone(),
            project_id: None,
            meeting_id: None,
            assignee_contact_id: None,
            assignee_department_id: None,
            due_date: Some(due.clone()),
            status: TaskStatus::Todo,
            progress: 0,
            priority: Priority::Normal,
            estimate_hours: None,
            scheduled_start: None,
            scheduled_end: None,
        },
    )?;
    Ok(Some(task.id))
}

pub fn log_interaction(conn: &Connection, input: InteractionInput) -> Result<Interaction> {
    let input = input.validate()?;
    check(conn, &input, None)?;
    let task = follow_up_task(conn, &input, None)?;
    let id = store::save_interaction(conn, None, &input, task.as_deref(), None)?;
    store::get_interaction(conn, &id)
}

pub fn update_interaction(
    conn: &Connection,
    id: &str,
    input: InteractionInput,
) -> Result<Interaction> {
    let had = store::get_interaction(conn, id)?;
    let input = input.validate()?;
    check(conn, &input, Some(&had))?;
    let task = follow_up_task(conn, &input, had.follow_up_task_id.as_deref())?;
    store::save_interaction(conn, Some(id), &input, task.as_deref(), None)?;
    store::get_interaction(conn, id)
}

pub fn get_interaction(conn: &Connection, id: &str) -> Result<Interaction> {
    store::get_interaction(conn, id)
}

pub fn delete_interaction(conn: &Connection, id: &str) -> Result<()> {
    crate::store::soft_delete(conn, "interactions", "interaction", id)
}

pub fn restore_interaction(conn: &Connection, id: &str) -> Result<Interaction> {
    crate::store::restore(conn, "interactions", "interaction", id)?;
    store::get_interaction(conn, id)
}

/// Logs a held meeting as one interaction of kind "meeting" at its start, with its organizations and its
/// attendees (those marked present, when any are), linked back to it. Logging it again updates that interaction.
pub fn log_meeting(conn: &Connection, meeting_id: &str) -> Result<Interaction> {
    let m = meetings::get_meeting(conn, meeting_id)?;
    let present: Vec<String> = m
        .attendees
        .iter()
        .filter(|a| a.attendance == Attendance::Present && !a.deleted)
        .map(|a| a.contact_id.clone())
        .collect();
    let contact_ids = if present.is_empty() {
        m.attendees
            .iter()
            .filter(|a| !a.deleted)
            .map(|a| a.contact_id.clone())
            .collect()
    } else {
        present
    };
    let input = InteractionInput {
        kind: InteractionKind::Meeting,
        occurred_at: m.starts_at.clone(),
        summary: Some(m.title.clone()),
        follow_up_date: None,
        follow_up_title: None,
        organization_ids: m
            .organizations
            .iter()
            .filter(|o| !o.deleted)
            .map(|o| o.organization_id.clone())
            .collect(),
        contact_ids,
    }
    .validate()?;
    let id = match store::interaction_of_meeting(conn, &m.id)? {
        // A logged meeting whose interaction the user deleted stays deleted until they restore it.
        Some((id, true)) => id,
        Some((id, false)) => store::save_interaction(conn, Some(&id), &input, None, None)?,
        None => store::save_interaction(conn, None, &input, None, Some(&m.id))?,
    };
    store::get_interaction(conn, &id)
}

/// Called when attendance is recorded: a meeting that has started and has someone present is held, and logs
/// (or refreshes) its interaction.
pub fn meeting_attended(conn: &Connection, meeting_id: &str, now: DateTime<Utc>) -> Result<()> {
    let m = meetings::get_meeting(conn, meeting_id)?;
    let started = parse_utc(&m.starts_at).is_some_and(|s| s <= now);
    let anyone = m
        .attendees
        .iter()
        .any(|a| a.attendance == Attendance::Present);
    if started && anyone && (!m.organizations.is_empty() || !m.attendees.is_empty()) {
        log_meeting(conn, &m.id)?;
    }
    Ok(())
}

/// An organization's or a contact's timeline: exactly one of the two ids.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TimelineQuery {
    pub organization_id: Option<String>,
    pub contact_id: Option<String>,
    /// Entries after this one: the previous page's last `cursor` (or an RFC 3339 instant: entries before it).
    pub before: Option<String>,
    pub limit: Option<i32>,
}

fn target(organization_id: Option<&str>, contact_id: Option<&str>) -> Result<(bool, String)> {
    match (organization_id, contact_id) {
        (Some(o), None) => Ok((true, o.to_string())),
        (None, Some(c)) => Ok((false, c.to_string())),
        _ => Err(AppError::field("organization_id", Rule::Exclusive)),
    }
}

pub fn timeline(conn: &Connection, q: &TimelineQuery) -> Result<Vec<TimelineItem>> {
    let (organization, id) = target(q.organization_id.as_deref(), q.contact_id.as_deref())?;
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let before = match q.before.as_deref() {
        None => None,
        Some(s) => Some(
            TimelineCursor::parse(s).ok_or_else(|| AppError::field("before", Rule::Malformed))?,
        ),
    };
    store::timeline(conn, organization, &id, before.as_ref(), limit)
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A stored cadence with its status on `today` (days counted in `tz`), reading its last interaction.
fn with_status(conn: &Connection, row: CadenceRow, tz: Tz, today: NaiveDate) -> Result<Cadence> {
    let (organization, id) = target(row.organization_id.as_deref(), row.contact_id.as_deref())?;
    let last = store::last_interaction(conn, organization, &id)?;
    Ok(status_of(row, last, tz, today))
}

/// A stored cadence with its status on `today`, given its last interaction (UTC).
fn status_of(row: CadenceRow, last: Option<String>, tz: Tz, today: NaiveDate) -> Cadence {
    let last = last
        .as_deref()
        .and_then(parse_utc)
        .map(|t| time::local_date(tz, t));
    let set_on = parse_utc(&row.created_at).map_or(today, |t| time::local_date(tz, t));
    let snoozed = row.snoozed_until.as_deref().and_then(day);
    let s = cadence_state(row.every_days, last, set_on, snoozed, today);
    Cadence {
        id: row.id,
        organization_id: row.organization_id,
        contact_id: row.contact_id,
        name: row.name,
        every_days: row.every_days,
        snoozed_until: row.snoozed_until,
        last_interaction: last.map(|d| d.format("%Y-%m-%d").to_string()),
        due: s.due.format("%Y-%m-%d").to_string(),
        days_left: i32::try_from(s.days_left).unwrap_or(i32::MIN),
        status: s.status,
    }
}

fn zone_today(conn: &Connection, now: DateTime<Utc>) -> Result<(Tz, NaiveDate)> {
    let tz = settings::time_zone(conn)?;
    Ok((tz, time::local_date(tz, now)))
}

/// The cadence of an organization or a contact with its status now, if it has one.
pub fn cadence(
    conn: &Connection,
    organization_id: Option<&str>,
    contact_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<Cadence>> {
    let (organization, id) = target(organization_id, contact_id)?;
    let (tz, today) = zone_today(conn, now)?;
    store::cadence_of(conn, organization, &id)?
        .map(|row| with_status(conn, row, tz, today))
        .transpose()
}

/// Sets (or with no days, removes) a cadence; returns it with its status.
pub fn set_cadence(
    conn: &Connection,
    input: CadenceInput,
    now: DateTime<Utc>,
) -> Result<Option<Cadence>> {
    let input = input.validate()?;
    let (o, c) = (
        input.organization_id.as_deref(),
        input.contact_id.as_deref(),
    );
    match input.every_days {
        Some(days) => {
            if let Some(o) = o {
                crate::store::check_ref(
                    conn,
                    "organizations",
                    "",
                    "organization_id",
                    Some(o),
                    None,
                )?;
            }
            if let Some(c) = c {
                crate::store::check_ref(conn, "contacts", "", "contact_id", Some(c), None)?;
            }
            store::set_cadence(conn, o, c, days, &crate::domain::utc_string(now))?;
        }
        None => store::remove_cadence(conn, o, c)?,
    }
    cadence(conn, o, c, now)
}

/// Snoozes a cadence until a day (YYYY-MM-DD, in the user's zone), or wakes it with None.
pub fn snooze_cadence(
    conn: &Connection,
    id: &str,
    until: Option<String>,
    now: DateTime<Utc>,
) -> Result<Cadence> {
    let mut c = crate::domain::Check::default();
    let until = c.date("until", until);
    c.finish()?;
    store::snooze_cadence(conn, id, until.as_deref())?;
    let (tz, today) = zone_today(conn, now)?;
    with_status(conn, store::get_cadence(conn, id)?, tz, today)
}

/// Every cadence that is amber or red today, the most overdue first.
pub fn losing_touch(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Cadence>> {
    let (tz, today) = zone_today(conn, now)?;
    let mut out: Vec<Cadence> = store::all_cadences(conn)?
        .into_iter()
        .map(|(row, last)| status_of(row, last, tz, today))
        .filter(|c| c.status != crate::domain::CadenceStatus::Green)
        .collect();
    out.sort_by(|a, b| a.days_left.cmp(&b.days_left).then(a.name.cmp(&b.name)));
    Ok(out)
}
