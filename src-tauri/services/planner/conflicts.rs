//! Conflicts among the events of a range: double bookings, events outside working hours, blocks after their due date.

use super::events::{Party, PlannerEvent};
use crate::domain::parse_utc;
use crate::domain::schedule::{self, WorkingHours};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

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

/// Adds every conflict: people and departments booked twice at once, events outside working hours, blocks that
/// end after their task's due date.
pub(super) fn mark_conflicts(events: &mut [PlannerEvent], wh: &WorkingHours, tz: Tz) {
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
