//! The free slot finder: the earliest time everyone involved is free within working hours.

use super::events::load_events;
use super::{Range, SLOT_MINUTES};
use crate::domain::schedule;
use crate::domain::{parse_utc, utc_string, Check};
use crate::error::{Result, Rule};
use crate::services::settings;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;

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
    /// The slot must end by this instant (RFC 3339): a task's block before its due date.
    pub before: Option<String>,
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
    let before = c.instant("before", q.before.clone());
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
    let horizon =
        (after + Duration::days(i64::from(days))).min(before.unwrap_or(DateTime::<Utc>::MAX_UTC));
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
