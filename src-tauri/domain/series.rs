//! Occurrences of a recurring meeting as calendar apps model them (RFC 5545 overridden instances): each is named
//! by its original start, may be moved or cancelled by an exception, and may have its own minutes. This module
//! holds the pure rules: which instants are occurrences, which occurrence was held last, and where an occurrence
//! goes when the series' time, zone or rule changes. No IO.

use super::recurrence::{self, Recurrence};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The times and rule of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub start: DateTime<Utc>,
    pub length: Duration,
    pub tz: Tz,
    pub rule: Recurrence,
}

/// What happened to one occurrence: moved to other times, or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    Moved {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    Cancelled,
}

impl Shape {
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    pub fn local_time(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.tz).naive_local()
    }

    /// Occurrence starts in [from, to), ascending.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        // A zero length: an occurrence counts by its start, not by overlapping `from`.
        recurrence::occurrences(&self.rule, self.start, Duration::zero(), self.tz, from, to)
    }

    pub fn is_occurrence(&self, t: DateTime<Utc>) -> bool {
        self.between(t, t + Duration::seconds(1)).contains(&t)
    }

    /// The occurrence on a local date of the series' zone, if the rule meets that day.
    pub fn on_date(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        // Two days of slack either side cover any zone offset; the local date then picks the one.
        let day = Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?);
        self.between(day - Duration::days(2), day + Duration::days(3))
            .into_iter()
            .find(|t| self.local_date(*t) == date)
    }

    /// Occurrences that start before `t`, counted from the series start.
    pub fn count_before(&self, t: DateTime<Utc>) -> usize {
        self.between(self.start, t).len()
    }

    /// The last occurrence starting before `t`.
    pub fn last_before(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.between(self.start, t).last().copied()
    }

    /// The first occurrence starting after `t`.
    pub fn first_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // A year at a time, ten at most: bounded whatever the rule, and every rule this app accepts meets within it.
        let mut from = t + Duration::seconds(1);
        for _ in 0..10 {
            let to = from + Duration::days(366);
            if let Some(first) = self.between(from, to).first() {
                return Some(*first);
            }
            from = to;
        }
        None
    }
}

/// The start of occurrence `occurrence` as held: its own time when moved, None when cancelled.
pub fn held_at(occurrence: DateTime<Utc>, o: Option<Override>) -> Option<DateTime<Utc>> {
    match o {
        None => Some(occurrence),
        Some(Override::Moved { start, .. }) => Some(start),
        Some(Override::Cancelled) => None,
    }
}

/// The occurrence that took place most recently before `now` (by the time it was actually held, so a moved one
/// counts at its new time), or None when none has been held yet. `overrides` names each changed occurrence.
pub fn latest_held(
    shape: &Shape,
    overrides: &[(DateTime<Utc>, Override)],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let find = |occ: DateTime<Utc>| overrides.iter().find(|(o, _)| *o == occ).map(|(_, v)| *v);
    // Moved occurrences may be held before now although their slot is later, so look a year past now for them.
    let horizon = now + Duration::days(366);
    shape
        .between(shape.start, horizon)
        .into_iter()
        .filter_map(|occ| held_at(occ, find(occ)).map(|at| (at, occ)))
        .filter(|(at, _)| *at < now)
        .max()
        .map(|(_, occ)| occ)
}

/// The occurrence to show first for a series: the one held last, else the next one to come.
pub fn current(
    shape: &Shape,
    overrides: &[(DateTime<Utc>, Override)],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    latest_held(shape, overrides, now).or_else(|| {
        let cancelled = |occ: DateTime<Utc>| {
            overrides
                .iter()
                .any(|(o, v)| *o == occ && *v == Override::Cancelled)
        };
        let mut at = now - Duration::seconds(1);
        for _ in 0..50 {
            let next = shape.first_after(at)?;
            if !cancelled(next) {
                return Some(next);
            }
            at = next;
        }
        None
    })
}

/// Where an occurrence of `old` goes in `new`: the new occurrence on the same local date, if the new rule meets
/// that day. This is how calendar apps keep a cancelled Tuesday cancelled when the meeting moves from 10:00 to 14:00.
pub fn rekey(old: &Shape, new: &Shape, occurrence: DateTime<Utc>) -> Option<DateTime<Utc>> {
    new.on_date(old.local_date(occurrence))
}

/// An override carried to a re-keyed occurrence: a moved one keeps its offset from its slot and its length.
pub fn carry(o: Override, from: DateTime<Utc>, to: DateTime<Utc>) -> Override {
    match o {
        Override::Cancelled => Override::Cancelled,
        Override::Moved { start, end } => Override::Moved {
            start: to + (start - from),
            end: to + (end - from),
        },
    }
}

/// How the series' first start moves when one occurrence is edited for all occurrences: by the same wall-clock
/// difference, read in the old zone and placed in the new one.
pub fn shifted_start(
    old: &Shape,
    anchor: DateTime<Utc>,
    edited: DateTime<Utc>,
    new_tz: Tz,
) -> DateTime<Utc> {
    let diff = edited.with_timezone(&new_tz).naive_local() - old.local_time(anchor);
    let naive = old.local_time(old.start) + diff;
    super::time::resolve(new_tz, naive)
}

/// The rule of the part of a series before `occurrence` (for "this and following"): it ends on the local date of
/// the last occurrence before it. None when nothing comes before, so the edit is one of the whole series.
pub fn truncated(shape: &Shape, occurrence: DateTime<Utc>) -> Option<Recurrence> {
    let last = shape.last_before(occurrence)?;
    Some(Recurrence {
        until: Some(shape.local_date(last).format("%Y-%m-%d").to_string()),
        count: None,
        ..shape.rule.clone()
    })
}

/// Which scope an edit of a series' time, zone or rule applies to (the question calendar apps ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeriesScope {
    /// Only this occurrence: stored as an exception.
    This,
    /// This and every later occurrence: the series ends before it and a new, linked series starts.
    Following,
    /// Every occurrence: the series changes; exceptions follow their dates.
    All,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::recurrence::{Day, Frequency};

    fn utc(s: &str) -> DateTime<Utc> {
        crate::domain::parse_utc(s).unwrap()
    }

    fn weekly(start: &str, days: Vec<Day>) -> Shape {
        Shape {
            start: utc(start),
            length: Duration::hours(1),
            tz: "Asia/Shanghai".parse().unwrap(),
            rule: Recurrence {
                freq: Frequency::Weekly,
                interval: 1,
                weekdays: days,
                until: None,
                count: None,
            },
        }
    }

    #[test]
    fn rekey_follows_the_local_date_and_drops_dates_the_rule_left() {
        // Mondays 10:00 Shanghai (02:00 UTC) from 2 Nov 2026.
        let old = weekly("2026-11-02T02:00:00Z", vec![Day::Mo]);
        let mut new = old.clone();
        new.start = utc("2026-11-02T06:00:00Z");
        assert_eq!(
            rekey(&old, &new, utc("2026-11-16T02:00:00Z")),
            Some(utc("2026-11-16T06:00:00Z"))
        );
        new.rule.weekdays = vec![Day::Tu];
        new.start = utc("2026-11-03T06:00:00Z");
        assert_eq!(rekey(&old, &new, utc("2026-11-16T02:00:00Z")), None);
    }

    #[test]
    fn latest_held_counts_moved_occurrences_at_their_new_time() {
        let s = weekly("2026-11-02T02:00:00Z", vec![Day::Mo]);
        let now = utc("2026-11-20T00:00:00Z");
        assert_eq!(latest_held(&s, &[], now), Some(utc("2026-11-16T02:00:00Z")));
        let cancelled = [(utc("2026-11-16T02:00:00Z"), Override::Cancelled)];
        assert_eq!(
            latest_held(&s, &cancelled, now),
            Some(utc("2026-11-09T02:00:00Z"))
        );
        let moved_later = [(
            utc("2026-11-16T02:00:00Z"),
            Override::Moved {
                start: utc("2026-11-21T02:00:00Z"),
                end: utc("2026-11-21T03:00:00Z"),
            },
        )];
        assert_eq!(
            latest_held(&s, &moved_later, now),
            Some(utc("2026-11-09T02:00:00Z"))
        );
        assert_eq!(latest_held(&s, &[], utc("2026-11-01T00:00:00Z")), None);
        assert_eq!(
            current(&s, &[], utc("2026-11-01T00:00:00Z")),
            Some(utc("2026-11-02T02:00:00Z"))
        );
    }

    #[test]
    fn shifting_one_occurrence_shifts_the_series_start_by_the_same_wall_time() {
        let s = weekly("2026-11-02T02:00:00Z", vec![Day::Mo]);
        let start = shifted_start(
            &s,
            utc("2026-11-16T02:00:00Z"),
            utc("2026-11-16T06:00:00Z"),
            s.tz,
        );
        assert_eq!(start, utc("2026-11-02T06:00:00Z"));
        let cut = truncated(&s, utc("2026-11-16T02:00:00Z")).unwrap();
        assert_eq!(cut.until.as_deref(), Some("2026-11-09"));
        assert!(truncated(&s, s.start).is_none());
    }
}
