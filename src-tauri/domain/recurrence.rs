//! Recurring meetings: a small subset of RFC 5545 RRULE (daily, weekly on chosen days, monthly on the start's day),
//! expanded here in Rust so the calendar view, range queries and the .ics export all agree on which instants a
//! series produces. Pure functions, no IO.
//!
//! Occurrences keep the start's wall-clock time in the meeting's zone, exactly as a calendar app reading
//! `DTSTART;TZID=…` plus the RRULE from [`Recurrence::to_rrule`] would expand them (RFC 5545 §3.3.5, §3.3.10).

use super::time::{local, resolve};
use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

pub const MAX_INTERVAL: i32 = 99;
pub const MAX_COUNT: i32 = 999;

/// Periods (days, weeks or months) one expansion walks at most, so no query can hang whatever the rule or window.
/// A COUNT series needs far fewer (999 occurrences, at worst one month in six holding the start's day), and a
/// window is reached by jumping, not walking, when there is no COUNT.
const MAX_STEPS: i64 = 10_000;

/// Periods looked back from UNTIL for the last occurrence. Monthly rules skip at most a handful of months in a row
/// (a 29th with a 96-month interval skips one, a 31st with a 7-month interval five), so this is ample.
const MAX_LOOKBACK: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Day {
    pub fn from_weekday(w: Weekday) -> Day {
        match w {
            Weekday::Mon => Day::Mo,
            Weekday::Tue => Day::Tu,
            Weekday::Wed => Day::We,
            Weekday::Thu => Day::Th,
            Weekday::Fri => Day::Fr,
            Weekday::Sat => Day::Sa,
            Weekday::Sun => Day::Su,
        }
    }

    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mo => Weekday::Mon,
            Day::Tu => Weekday::Tue,
            Day::We => Weekday::Wed,
            Day::Th => Weekday::Thu,
            Day::Fr => Weekday::Fri,
            Day::Sa => Weekday::Sat,
            Day::Su => Weekday::Sun,
        }
    }

    /// The two-letter code RFC 5545 uses in BYDAY and WKST.
    pub fn code(self) -> &'static str {
        match self {
            Day::Mo => "MO",
            Day::Tu => "TU",
            Day::We => "WE",
            Day::Th => "TH",
            Day::Fr => "FR",
            Day::Sa => "SA",
            Day::Su => "SU",
        }
    }
}

impl From<Weekday> for Day {
    fn from(w: Weekday) -> Day {
        Day::from_weekday(w)
    }
}

impl From<Day> for Weekday {
    fn from(d: Day) -> Weekday {
        d.weekday()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Recurrence {
    pub freq: Frequency,
    /// Every N days, weeks or months, 1..=99.
    pub interval: i32,
    /// Weekly only; empty means the start's weekday. Order and repeats do not matter.
    pub weekdays: Vec<Day>,
    /// YYYY-MM-DD, inclusive, a local date in the meeting's zone.
    pub until: Option<String>,
    /// 1..=999 occurrences in total, counting the series start. Exclusive with `until`.
    pub count: Option<i32>,
}

/// Why a field of a [`Recurrence`] is refused; the caller maps these onto its own validation errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    OutOfRange,
    InvalidDate,
    UntilAndCount,
}

impl Recurrence {
    /// Field problems, empty when the rule is valid. `until` before the start is not a problem: the series is then
    /// just its start, as in RFC 5545 where DTSTART is always the first instance.
    pub fn problems(&self) -> Vec<(&'static str, Problem)> {
        let mut out = Vec::new();
        if !(1..=MAX_INTERVAL).contains(&self.interval) {
            out.push(("interval", Problem::OutOfRange));
        }
        if self.freq != Frequency::Weekly && !self.weekdays.is_empty() {
            out.push(("weekdays", Problem::OutOfRange));
        }
        if let Some(until) = &self.until {
            if parse_until(until).is_none() {
                out.push(("until", Problem::InvalidDate));
            }
        }
        if let Some(count) = self.count {
            if !(1..=MAX_COUNT).contains(&count) {
                out.push(("count", Problem::OutOfRange));
            }
        }
        if self.until.is_some() && self.count.is_some() {
            out.push(("count", Problem::UntilAndCount));
        }
        out
    }

    /// The RFC 5545 RRULE value (without "RRULE:") for a series starting at `start` in `tz`, to pair with a
    /// `DTSTART;TZID=<tz>` of the start's local time. Out-of-range values are clamped as in [`occurrences`], so
    /// the string is always a valid rule describing what this module expands.
    pub fn to_rrule(&self, start: DateTime<Utc>, tz: Tz) -> String {
        let plan = Plan::new(self, start, tz);
        let freq = match plan.freq {
            Frequency::Daily => "DAILY",
            Frequency::Weekly => "WEEKLY",
            Frequency::Monthly => "MONTHLY",
        };
        let mut parts = vec![
            format!("FREQ={freq}"),
            format!("INTERVAL={}", plan.interval),
        ];
        if plan.freq == Frequency::Weekly {
            let days: Vec<&str> = plan.weekdays.iter().map(|d| d.code()).collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if let Some(count) = plan.count {
            parts.push(format!("COUNT={count}"));
        } else if let Some(until) = plan.until {
            // With a TZID on DTSTART, UNTIL must be UTC (RFC 5545 §3.3.10): the last second of the until date there.
            let end = until
                .succ_opt()
                .and_then(|next| {
                    resolve(tz, next.and_time(NaiveTime::MIN))
                        .checked_sub_signed(Duration::seconds(1))
                })
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            parts.push(format!("UNTIL={}", end.format("%Y%m%dT%H%M%SZ")));
        }
        if plan.freq == Frequency::Weekly {
            // Weeks start on Monday here; WKST says so, since with INTERVAL>1 it decides which weeks count.
            parts.push("WKST=MO".to_string());
        }
        parts.join(";")
    }
}

/// The start instants of every occurrence whose [start, start + duration) overlaps [from, to), ascending. A
/// zero-length occurrence counts when it starts inside the window. An invalid rule (see [`Recurrence::problems`])
/// is clamped into range rather than refused, so expansion never fails.
pub fn occurrences(
    rule: &Recurrence,
    start: DateTime<Utc>,
    duration: Duration,
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    let plan = Plan::new(rule, start, tz);
    let span = duration.max(Duration::zero());
    let overlaps = |s: DateTime<Utc>| {
        s < to && (s >= from || s.checked_add_signed(span).is_some_and(|end| end > from))
    };
    // Without COUNT nothing before the window matters, so jump to the period holding the earliest start that could
    // still overlap; a day of slack absorbs the zone's offset. With COUNT the walk must start at the series start.
    let first = match (plan.count, from.checked_sub_signed(span)) {
        (None, Some(earliest)) => local(tz, earliest)
            .date()
            .pred_opt()
            .map(|d| plan.period_of(d).max(0))
            .unwrap_or(0),
        _ => 0,
    };
    let stop = local(tz, to).date().succ_opt();
    plan.walk(tz, start, first, stop, |s| {
        if overlaps(s) {
            out.push(s);
        }
    });
    // Already ordered for any real zone; sorting keeps the promise even if a zone's clock ever jumped back a day.
    out.sort();
    out.dedup();
    out
}

/// The end instant of the series' last occurrence, or None when it never ends.
pub fn series_end(
    rule: &Recurrence,
    start: DateTime<Utc>,
    duration: Duration,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let plan = Plan::new(rule, start, tz);
    let last = if plan.count.is_some() {
        let mut last = start;
        plan.walk(tz, start, 0, None, |s| last = s);
        last
    } else if let Some(until) = plan.until {
        plan.last_until(tz, start, until)
    } else {
        return None;
    };
    Some(last.checked_add_signed(duration).unwrap_or(last))
}

fn parse_until(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // chrono also takes one-digit months and days; the contract is exactly YYYY-MM-DD.
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn floor_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b.max(1))
}

/// A rule normalized against its start: clamped values, resolved weekdays, and the local date/time everything is
/// counted from. The series is cut into periods (a day, a week from Monday, or a month) numbered from the one
/// holding the start; period k + 1 is `interval` periods after period k.
struct Plan {
    freq: Frequency,
    interval: i64,
    /// Weekly: the days to meet, Monday first, without repeats.
    weekdays: Vec<Day>,
    time: NaiveTime,
    start_date: NaiveDate,
    /// First day of period 0: the start's date, the Monday of its week, or the 1st of its month.
    origin: NaiveDate,
    until: Option<NaiveDate>,
    count: Option<u32>,
}

impl Plan {
    fn new(rule: &Recurrence, start: DateTime<Utc>, tz: Tz) -> Plan {
        let start_local = local(tz, start);
        let start_date = start_local.date();
        let mut weekdays = rule.weekdays.clone();
        if weekdays.is_empty() {
            weekdays.push(Day::from_weekday(start_date.weekday()));
        }
        weekdays.sort();
        weekdays.dedup();
        let origin = match rule.freq {
            Frequency::Daily => start_date,
            Frequency::Weekly => start_date
                .checked_sub_days(Days::new(u64::from(
                    start_date.weekday().num_days_from_monday(),
                )))
                .unwrap_or(start_date),
            Frequency::Monthly => start_date.with_day(1).unwrap_or(start_date),
        };
        let count = rule.count.map(|c| c.clamp(1, MAX_COUNT).unsigned_abs());
        Plan {
            freq: rule.freq,
            interval: i64::from(rule.interval.clamp(1, MAX_INTERVAL)),
            weekdays,
            time: start_local.time(),
            start_date,
            origin,
            // COUNT wins when both are set, as in to_rrule, so expansion and export describe the same series.
            until: if count.is_some() {
                None
            } else {
                rule.until.as_deref().and_then(parse_until)
            },
            count,
        }
    }

    /// First day of period k, None past the calendar's range.
    fn anchor(&self, k: i64) -> Option<NaiveDate> {
        let steps = u64::try_from(k.checked_mul(self.interval)?).ok()?;
        match self.freq {
            Frequency::Daily => self.origin.checked_add_days(Days::new(steps)),
            Frequency::Weekly => self
                .origin
                .checked_add_days(Days::new(steps.checked_mul(7)?)),
            Frequency::Monthly => self
                .origin
                .checked_add_months(Months::new(u32::try_from(steps).ok()?)),
        }
    }

    /// The period holding date d (negative before the start's).
    fn period_of(&self, d: NaiveDate) -> i64 {
        match self.freq {
            Frequency::Daily => floor_div((d - self.origin).num_days(), self.interval),
            Frequency::Weekly => floor_div((d - self.origin).num_days(), 7 * self.interval),
            Frequency::Monthly => {
                let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
                floor_div(months(d) - months(self.origin), self.interval)
            }
        }
    }

    /// The rule's dates in the period starting at `anchor`, ascending. Monthly periods whose month lacks the start's
    /// day have none (RFC 5545 skips invalid dates rather than moving them).
    fn dates(&self, anchor: NaiveDate, out: &mut Vec<NaiveDate>) {
        out.clear();
        match self.freq {
            Frequency::Daily => out.push(anchor),
            Frequency::Weekly => {
                for day in &self.weekdays {
                    let offset = u64::from(day.weekday().num_days_from_monday());
                    if let Some(d) = anchor.checked_add_days(Days::new(offset)) {
                        out.push(d);
                    }
                }
            }
            Frequency::Monthly => {
                if let Some(d) = anchor.with_day(self.start_date.day()) {
                    out.push(d);
                }
            }
        }
    }

    /// Visits the series start, then every occurrence from period `first` on, in order, until UNTIL, COUNT, the
    /// local date `stop` or the step limit ends it. COUNT is only right when `first` is 0.
    fn walk(
        &self,
        tz: Tz,
        start: DateTime<Utc>,
        first: i64,
        stop: Option<NaiveDate>,
        mut visit: impl FnMut(DateTime<Utc>),
    ) {
        visit(start);
        let limit = self.count.unwrap_or(u32::MAX);
        let mut seen: u32 = 1;
        let mut dates = Vec::with_capacity(7);
        for k in first..first.saturating_add(MAX_STEPS) {
            let Some(anchor) = self.anchor(k) else {
                return;
            };
            if self.until.is_some_and(|u| anchor > u) || stop.is_some_and(|s| anchor > s) {
                return;
            }
            self.dates(anchor, &mut dates);
            for &d in &dates {
                // The start is already visited, and a weekly rule's first week may hold days before it.
                if d <= self.start_date {
                    continue;
                }
                if self.until.is_some_and(|u| d > u) || seen >= limit {
                    return;
                }
                visit(resolve(tz, d.and_time(self.time)));
                seen += 1;
            }
        }
    }

    /// Start of the last occurrence on or before the local date `until`, found from the end so a long series costs
    /// no more than a short one.
    fn last_until(&self, tz: Tz, start: DateTime<Utc>, until: NaiveDate) -> DateTime<Utc> {
        let mut dates = Vec::with_capacity(7);
        let last = self.period_of(until).max(0);
        for k in (last.saturating_sub(MAX_LOOKBACK).max(0)..=last).rev() {
            let Some(anchor) = self.anchor(k) else {
                continue;
            };
            self.dates(anchor, &mut dates);
            if let Some(d) = dates
                .iter()
                .rev()
                .find(|&&d| d > self.start_date && d <= until)
            {
                return resolve(tz, d.and_time(self.time));
            }
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{LocalResult, TimeZone};
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn rule(freq: Frequency, interval: i32) -> Recurrence {
        Recurrence {
            freq,
            interval,
            weekdays: vec![],
            until: None,
            count: None,
        }
    }

    fn hour() -> Duration {
        Duration::hours(1)
    }

    fn strs(v: &[DateTime<Utc>]) -> Vec<String> {
        v.iter()
            .map(|t| t.format("%Y-%m-%dT%H:%MZ").to_string())
            .collect()
    }

    fn local_strs(v: &[DateTime<Utc>], tz: Tz) -> Vec<String> {
        v.iter()
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %a %H:%M").to_string())
            .collect()
    }

    const SH: Tz = chrono_tz::Asia::Shanghai;
    const BER: Tz = chrono_tz::Europe::Berlin;
    const NY: Tz = chrono_tz::America::New_York;

    #[test]
    fn daily_every_day_and_every_third_day() {
        let start = utc("2027-01-05T02:00:00Z"); // 10:00 Shanghai
        let got = occurrences(
            &rule(Frequency::Daily, 1),
            start,
            hour(),
            SH,
            start,
            utc("2027-01-09T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-01-05T02:00Z",
                "2027-01-06T02:00Z",
                "2027-01-07T02:00Z",
                "2027-01-08T02:00Z"
            ]
        );
        let got = occurrences(
            &rule(Frequency::Daily, 3),
            start,
            hour(),
            SH,
            start,
            utc("2027-01-15T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-01-05T02:00Z",
                "2027-01-08T02:00Z",
                "2027-01-11T02:00Z",
                "2027-01-14T02:00Z"
            ]
        );
    }

    #[test]
    fn weekly_on_several_days() {
        // Tuesday 2027-01-05; Monday of that week is skipped because it precedes the start.
        let start = utc("2027-01-05T02:00:00Z");
        let r = Recurrence {
            weekdays: vec![Day::Fr, Day::Mo, Day::Tu, Day::Mo],
            ..rule(Frequency::Weekly, 1)
        };
        let got = occurrences(
            &r,
            start,
            hour(),
            SH,
            utc("2027-01-01T00:00:00Z"),
            utc("2027-01-16T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-05 Tue 10:00",
                "2027-01-08 Fri 10:00",
                "2027-01-11 Mon 10:00",
                "2027-01-12 Tue 10:00",
                "2027-01-15 Fri 10:00"
            ]
        );
    }

    #[test]
    fn start_is_the_first_occurrence_even_off_pattern() {
        // Starts on a Tuesday, meets Mondays and Wednesdays.
        let start = utc("2027-01-05T02:00:00Z");
        let r = Recurrence {
            weekdays: vec![Day::Mo, Day::We],
            ..rule(Frequency::Weekly, 1)
        };
        let got = occurrences(&r, start, hour(), SH, start, utc("2027-01-12T00:00:00Z"));
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-05 Tue 10:00",
                "2027-01-06 Wed 10:00",
                "2027-01-11 Mon 10:00"
            ]
        );
    }

    #[test]
    fn every_two_weeks_counts_weeks_from_the_start_week() {
        // Thursday 2027-01-07, meets Mondays and Thursdays every other week: the start week's Monday is before
        // the start, the next meeting week begins Monday 2027-01-18.
        let start = utc("2027-01-07T02:00:00Z");
        let r = Recurrence {
            weekdays: vec![Day::Mo, Day::Th],
            ..rule(Frequency::Weekly, 2)
        };
        let got = occurrences(&r, start, hour(), SH, start, utc("2027-02-05T00:00:00Z"));
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-07 Thu 10:00",
                "2027-01-18 Mon 10:00",
                "2027-01-21 Thu 10:00",
                "2027-02-01 Mon 10:00",
                "2027-02-04 Thu 10:00"
            ]
        );
    }

    #[test]
    fn monthly_on_the_31st_skips_short_months() {
        let start = utc("2027-01-31T02:00:00Z");
        let got = occurrences(
            &rule(Frequency::Monthly, 1),
            start,
            hour(),
            SH,
            start,
            utc("2027-09-01T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-31 Sun 10:00",
                "2027-03-31 Wed 10:00",
                "2027-05-31 Mon 10:00",
                "2027-07-31 Sat 10:00",
                "2027-08-31 Tue 10:00"
            ]
        );
        // Every 3rd month from January: April lacks a 31st, July and October have one.
        let got = occurrences(
            &rule(Frequency::Monthly, 3),
            start,
            hour(),
            SH,
            start,
            utc("2028-02-01T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-31 Sun 10:00",
                "2027-07-31 Sat 10:00",
                "2027-10-31 Sun 10:00",
                "2028-01-31 Mon 10:00"
            ]
        );
    }

    #[test]
    fn until_is_an_inclusive_local_date() {
        // 23:30 Shanghai on Jan 10 is 15:30 UTC the same day; 00:30 on Jan 11 local would be Jan 10 in UTC but is
        // past the until date.
        let start = utc("2027-01-05T15:30:00Z");
        let r = Recurrence {
            until: Some("2027-01-08".into()),
            ..rule(Frequency::Daily, 1)
        };
        let got = occurrences(&r, start, hour(), SH, start, utc("2027-02-01T00:00:00Z"));
        assert_eq!(
            local_strs(&got, SH),
            [
                "2027-01-05 Tue 23:30",
                "2027-01-06 Wed 23:30",
                "2027-01-07 Thu 23:30",
                "2027-01-08 Fri 23:30"
            ]
        );
        assert_eq!(
            series_end(&r, start, hour(), SH),
            Some(utc("2027-01-08T16:30:00Z"))
        );
        // An until before the start leaves the start alone.
        let r = Recurrence {
            until: Some("2026-12-01".into()),
            ..rule(Frequency::Daily, 1)
        };
        assert_eq!(
            occurrences(&r, start, hour(), SH, start, utc("2027-02-01T00:00:00Z")),
            vec![start]
        );
        assert_eq!(series_end(&r, start, hour(), SH), Some(start + hour()));
    }

    #[test]
    fn count_counts_from_the_series_start_whatever_the_window() {
        let start = utc("2027-01-04T02:00:00Z"); // Monday
        let r = Recurrence {
            count: Some(5),
            weekdays: vec![Day::Mo, Day::We],
            ..rule(Frequency::Weekly, 1)
        };
        let all = occurrences(&r, start, hour(), SH, start, utc("2030-01-01T00:00:00Z"));
        assert_eq!(all.len(), 5);
        assert_eq!(all[4], utc("2027-01-18T02:00:00Z"));
        // A window after the third occurrence still sees only the fourth and fifth.
        let late = occurrences(
            &r,
            start,
            hour(),
            SH,
            utc("2027-01-11T03:00:00Z"),
            utc("2030-01-01T00:00:00Z"),
        );
        assert_eq!(late, all[3..].to_vec());
        assert_eq!(series_end(&r, start, hour(), SH), Some(all[4] + hour()));
        let once = Recurrence {
            count: Some(1),
            ..rule(Frequency::Daily, 1)
        };
        assert_eq!(
            occurrences(&once, start, hour(), SH, start, utc("2030-01-01T00:00:00Z")),
            vec![start]
        );
    }

    #[test]
    fn window_far_in_the_future_is_reached_by_jumping() {
        let start = utc("2027-01-04T09:00:00Z"); // Monday 10:00 Berlin
        let r = Recurrence {
            weekdays: vec![Day::Mo, Day::Fr],
            ..rule(Frequency::Weekly, 1)
        };
        let begun = std::time::Instant::now();
        let got = occurrences(
            &r,
            start,
            hour(),
            BER,
            utc("2500-06-01T00:00:00Z"),
            utc("2500-06-15T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&got, BER),
            [
                "2500-06-04 Fri 10:00",
                "2500-06-07 Mon 10:00",
                "2500-06-11 Fri 10:00",
                "2500-06-14 Mon 10:00"
            ]
        );
        let daily = occurrences(
            &rule(Frequency::Daily, 7),
            start,
            hour(),
            BER,
            utc("9000-01-01T00:00:00Z"),
            utc("9000-01-15T00:00:00Z"),
        );
        assert_eq!(daily.len(), 2);
        assert!(daily
            .iter()
            .all(|t| t.with_timezone(&BER).weekday() == Weekday::Mon));
        let monthly = occurrences(
            &rule(Frequency::Monthly, 1),
            start,
            hour(),
            BER,
            utc("3000-01-01T00:00:00Z"),
            utc("3000-03-01T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&monthly, BER),
            ["3000-01-04 Sat 10:00", "3000-02-04 Tue 10:00"]
        );
        assert!(begun.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(series_end(&r, start, hour(), BER), None);
    }

    #[test]
    fn berlin_keeps_ten_oclock_across_both_dst_changes() {
        let start = utc("2027-03-21T09:00:00Z"); // Sunday 10:00 CET
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            BER,
            start,
            utc("2027-04-05T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-03-21T09:00Z",
                "2027-03-28T08:00Z",
                "2027-04-04T08:00Z"
            ]
        );
        let start = utc("2027-10-24T08:00:00Z"); // Sunday 10:00 CEST
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            BER,
            start,
            utc("2027-11-01T00:00:00Z"),
        );
        assert_eq!(strs(&got), ["2027-10-24T08:00Z", "2027-10-31T09:00Z"]);
        assert!(got
            .iter()
            .all(|t| t.with_timezone(&BER).format("%H:%M").to_string() == "10:00"));
    }

    #[test]
    fn new_york_keeps_ten_oclock_across_both_dst_changes() {
        // 2027: clocks go forward on 14 March and back on 7 November.
        let start = utc("2027-03-08T15:00:00Z"); // Monday 10:00 EST
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            NY,
            start,
            utc("2027-03-16T00:00:00Z"),
        );
        assert_eq!(strs(&got), ["2027-03-08T15:00Z", "2027-03-15T14:00Z"]);
        let start = utc("2027-11-05T14:00:00Z"); // Friday 10:00 EDT
        let got = occurrences(
            &rule(Frequency::Daily, 1),
            start,
            hour(),
            NY,
            start,
            utc("2027-11-09T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-11-05T14:00Z",
                "2027-11-06T14:00Z",
                "2027-11-07T15:00Z",
                "2027-11-08T15:00Z"
            ]
        );
    }

    #[test]
    fn half_past_two_on_the_spring_forward_day_moves_forward_by_the_gap() {
        // 02:30 does not exist in Berlin on 2027-03-28; it becomes 03:30 CEST (01:30 UTC), like 02:30 CET would.
        let start = utc("2027-03-21T01:30:00Z"); // Sunday 02:30 CET
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            BER,
            start,
            utc("2027-04-05T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-03-21T01:30Z",
                "2027-03-28T01:30Z",
                "2027-04-04T00:30Z"
            ]
        );
        assert_eq!(
            local_strs(&got, BER),
            [
                "2027-03-21 Sun 02:30",
                "2027-03-28 Sun 03:30",
                "2027-04-04 Sun 02:30"
            ]
        );
        // Same in New York on 2027-03-14.
        let start = utc("2027-03-13T07:30:00Z"); // Saturday 02:30 EST
        let got = occurrences(
            &rule(Frequency::Daily, 1),
            start,
            hour(),
            NY,
            start,
            utc("2027-03-16T00:00:00Z"),
        );
        assert_eq!(
            local_strs(&got, NY),
            [
                "2027-03-13 Sat 02:30",
                "2027-03-14 Sun 03:30",
                "2027-03-15 Mon 02:30"
            ]
        );
    }

    #[test]
    fn an_ambiguous_local_time_takes_the_earlier_instant() {
        // 02:30 happens twice in Berlin on 2027-10-31; the CEST one (00:30 UTC) is taken.
        let start = utc("2027-10-24T00:30:00Z"); // Sunday 02:30 CEST
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            BER,
            start,
            utc("2027-11-08T00:00:00Z"),
        );
        assert_eq!(
            strs(&got),
            [
                "2027-10-24T00:30Z",
                "2027-10-31T00:30Z",
                "2027-11-07T01:30Z"
            ]
        );
    }

    #[test]
    fn shanghai_has_no_dst() {
        let start = utc("2027-03-01T02:00:00Z");
        let got = occurrences(
            &rule(Frequency::Weekly, 1),
            start,
            hour(),
            SH,
            start,
            utc("2027-12-01T00:00:00Z"),
        );
        assert_eq!(got.len(), 40);
        assert!(got.iter().all(|t| t.format("%H:%M").to_string() == "02:00"));
    }

    #[test]
    fn window_overlap_includes_a_meeting_already_running() {
        let start = utc("2027-01-05T02:00:00Z");
        let r = rule(Frequency::Daily, 1);
        // Window opens 30 minutes into the Jan 6 meeting and closes at the Jan 7 start (exclusive).
        let got = occurrences(
            &r,
            start,
            hour(),
            SH,
            utc("2027-01-06T02:30:00Z"),
            utc("2027-01-07T02:00:00Z"),
        );
        assert_eq!(strs(&got), ["2027-01-06T02:00Z"]);
        // Window opening exactly at an end excludes that occurrence.
        let got = occurrences(
            &r,
            start,
            hour(),
            SH,
            utc("2027-01-06T03:00:00Z"),
            utc("2027-01-07T02:00:00Z"),
        );
        assert!(got.is_empty());
        assert!(occurrences(
            &r,
            start,
            hour(),
            SH,
            utc("2027-01-07T00:00:00Z"),
            utc("2027-01-06T00:00:00Z")
        )
        .is_empty());
    }

    #[test]
    fn to_rrule_strings() {
        let start = utc("2027-01-04T02:00:00Z"); // Monday 10:00 Shanghai
        let r = Recurrence {
            weekdays: vec![Day::We, Day::Mo],
            until: Some("2027-01-31".into()),
            ..rule(Frequency::Weekly, 2)
        };
        assert_eq!(
            r.to_rrule(start, SH),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270131T155959Z;WKST=MO"
        );
        let r = Recurrence {
            count: Some(10),
            ..rule(Frequency::Weekly, 1)
        };
        assert_eq!(
            r.to_rrule(start, SH),
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=10;WKST=MO"
        );
        assert_eq!(
            rule(Frequency::Daily, 3).to_rrule(start, SH),
            "FREQ=DAILY;INTERVAL=3"
        );
        // Berlin in summer: the end of 2027-07-01 is 21:59:59 UTC.
        let r = Recurrence {
            until: Some("2027-07-01".into()),
            ..rule(Frequency::Monthly, 1)
        };
        assert_eq!(
            r.to_rrule(start, BER),
            "FREQ=MONTHLY;INTERVAL=1;UNTIL=20270701T215959Z"
        );
        // The start's weekday is taken in the zone: 2027-01-04T23:00Z is Tuesday in Shanghai.
        let late = utc("2027-01-04T23:00:00Z");
        assert_eq!(
            rule(Frequency::Weekly, 1).to_rrule(late, SH),
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;WKST=MO"
        );
        // Invalid values are clamped; COUNT wins over UNTIL.
        let bad = Recurrence {
            interval: 0,
            count: Some(5000),
            until: Some("2027-01-31".into()),
            ..rule(Frequency::Daily, 1)
        };
        assert_eq!(bad.to_rrule(start, SH), "FREQ=DAILY;INTERVAL=1;COUNT=999");
    }

    #[test]
    fn problems_name_each_bad_field() {
        assert!(rule(Frequency::Daily, 1).problems().is_empty());
        assert!(Recurrence {
            until: Some("2027-02-28".into()),
            ..rule(Frequency::Monthly, 99)
        }
        .problems()
        .is_empty());
        assert!(Recurrence {
            count: Some(999),
            weekdays: vec![Day::Su],
            ..rule(Frequency::Weekly, 1)
        }
        .problems()
        .is_empty());
        assert_eq!(
            rule(Frequency::Daily, 0).problems(),
            [("interval", Problem::OutOfRange)]
        );
        assert_eq!(
            rule(Frequency::Daily, 100).problems(),
            [("interval", Problem::OutOfRange)]
        );
        for bad in ["2027-02-30", "2027-2-3", "tomorrow", ""] {
            let r = Recurrence {
                until: Some(bad.into()),
                ..rule(Frequency::Daily, 1)
            };
            assert_eq!(r.problems(), [("until", Problem::InvalidDate)], "{bad}");
        }
        for bad in [0, -1, 1000] {
            let r = Recurrence {
                count: Some(bad),
                ..rule(Frequency::Daily, 1)
            };
            assert_eq!(r.problems(), [("count", Problem::OutOfRange)], "{bad}");
        }
        let both = Recurrence {
            until: Some("2027-02-28".into()),
            count: Some(3),
            ..rule(Frequency::Daily, 1)
        };
        assert_eq!(both.problems(), [("count", Problem::UntilAndCount)]);
        let days = Recurrence {
            weekdays: vec![Day::Mo],
            ..rule(Frequency::Monthly, 1)
        };
        assert_eq!(days.problems(), [("weekdays", Problem::OutOfRange)]);
    }

    #[test]
    fn invalid_rules_expand_without_panicking() {
        let start = utc("2027-01-04T02:00:00Z");
        let window = (start, utc("2027-01-08T00:00:00Z"));
        let r = Recurrence {
            interval: -3,
            count: Some(-1),
            until: Some("nope".into()),
            ..rule(Frequency::Daily, 1)
        };
        assert_eq!(
            occurrences(&r, start, hour(), SH, window.0, window.1),
            vec![start]
        );
        let r = Recurrence {
            interval: i32::MAX,
            ..rule(Frequency::Monthly, 1)
        };
        assert_eq!(
            occurrences(&r, start, hour(), SH, window.0, window.1),
            vec![start]
        );
        // The ends of chrono's range.
        let r = rule(Frequency::Daily, 1);
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let _ = occurrences(
            &r,
            min,
            Duration::MAX,
            chrono_tz::Pacific::Kiritimati,
            min,
            max,
        );
        let _ = occurrences(
            &r,
            max - Duration::days(2),
            Duration::MIN,
            chrono_tz::Pacific::Kiritimati,
            min,
            max,
        );
        let _ = series_end(
            &Recurrence {
                count: Some(999),
                ..r.clone()
            },
            max - Duration::days(2),
            hour(),
            NY,
        );
        let _ = rule(Frequency::Weekly, 1).to_rrule(max, chrono_tz::Pacific::Kiritimati);
    }

    #[test]
    fn serde_shape_matches_the_ui() {
        let r = Recurrence {
            weekdays: vec![Day::Mo, Day::Fr],
            count: Some(4),
            ..rule(Frequency::Weekly, 1)
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"freq": "weekly", "interval": 1, "weekdays": ["mo", "fr"], "until": null, "count": 4})
        );
        let back: Recurrence = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        for w in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ] {
            assert_eq!(Weekday::from(Day::from(w)), w);
        }
    }

    #[test]
    fn series_end_for_each_kind() {
        let start = utc("2027-01-31T02:00:00Z");
        let monthly = Recurrence {
            until: Some("2027-06-30".into()),
            ..rule(Frequency::Monthly, 1)
        };
        assert_eq!(
            series_end(&monthly, start, hour(), SH),
            Some(utc("2027-05-31T03:00:00Z"))
        );
        let monthly = Recurrence {
            count: Some(4),
            ..rule(Frequency::Monthly, 1)
        };
        assert_eq!(
            series_end(&monthly, start, hour(), SH),
            Some(utc("2027-07-31T03:00:00Z"))
        );
        let weekly = Recurrence {
            weekdays: vec![Day::Mo, Day::Tu],
            until: Some("2127-12-31".into()),
            ..rule(Frequency::Weekly, 3)
        };
        let end = series_end(&weekly, start, hour(), SH).unwrap();
        let all = occurrences(
            &weekly,
            start,
            hour(),
            SH,
            start,
            utc("2200-01-01T00:00:00Z"),
        );
        // The walk stops at MAX_STEPS periods (10 000 × 3 weeks reaches 2602), so this still sees the whole series.
        assert_eq!(all.last().copied().map(|s| s + hour()), Some(end));
        assert_eq!(
            series_end(&rule(Frequency::Daily, 1), start, hour(), SH),
            None
        );
    }

    fn zones() -> Vec<Tz> {
        vec![
            BER,
            NY,
            SH,
            chrono_tz::UTC,
            chrono_tz::Australia::Sydney,
            chrono_tz::Asia::Kolkata,
            chrono_tz::America::Santiago,
            chrono_tz::Europe::London,
        ]
    }

    fn arb_rule() -> impl Strategy<Value = Recurrence> {
        (
            prop_oneof![
                Just(Frequency::Daily),
                Just(Frequency::Weekly),
                Just(Frequency::Monthly)
            ],
            1..5i32,
            proptest::collection::vec(0..7usize, 0..4),
            prop_oneof![Just(None), (0..800i64).prop_map(Some)],
            prop_oneof![Just(None), (1..60i32).prop_map(Some)],
        )
            .prop_map(|(freq, interval, days, until_days, count)| {
                let all = [
                    Day::Mo,
                    Day::Tu,
                    Day::We,
                    Day::Th,
                    Day::Fr,
                    Day::Sa,
                    Day::Su,
                ];
                let weekdays = if freq == Frequency::Weekly {
                    days.into_iter().map(|i| all[i]).collect()
                } else {
                    vec![]
                };
                let until = match count {
                    Some(_) => None,
                    None => until_days.and_then(|d| {
                        NaiveDate::from_ymd_opt(2026, 1, 1)
                            .and_then(|base| base.checked_add_days(Days::new(d as u64)))
                            .map(|d| d.format("%Y-%m-%d").to_string())
                    }),
                };
                Recurrence {
                    freq,
                    interval,
                    weekdays,
                    until,
                    count,
                }
            })
    }

    /// Start in 2026, at a minute of the day, in one of the test zones.
    fn arb_series() -> impl Strategy<Value = (Recurrence, DateTime<Utc>, Duration, Tz)> {
        (
            arb_rule(),
            0..(365 * 24 * 60i64),
            0..(3 * 24 * 60i64),
            0..zones().len(),
        )
            .prop_map(|(rule, minute, length, zone)| {
                let start = utc("2026-01-01T00:00:00Z") + Duration::minutes(minute);
                (rule, start, Duration::minutes(length), zones()[zone])
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn occurrences_overlap_ascend_and_keep_the_local_time(
            (r, start, len, tz) in arb_series(),
            from_min in -30 * 24 * 60i64..(3 * 365 * 24 * 60i64),
            width_min in 1..(90 * 24 * 60i64),
        ) {
            prop_assert!(r.problems().is_empty());
            let from = start + Duration::minutes(from_min);
            let to = from + Duration::minutes(width_min);
            let got = occurrences(&r, start, len, tz, from, to);
            let start_local = start.with_timezone(&tz);
            for pair in got.windows(2) {
                prop_assert!(pair[0] < pair[1]);
            }
            for &s in &got {
                prop_assert!(s < to);
                prop_assert!(s + len > from || (s >= from));
                prop_assert!(s >= start);
                let l = s.with_timezone(&tz);
                if l.time() != start_local.time() {
                    // Only a start in a spring-forward gap moves.
                    let gap = [l.date_naive(), l.date_naive().pred_opt().unwrap()]
                        .iter()
                        .any(|d| tz.from_local_datetime(&d.and_time(start_local.time())) == LocalResult::None);
                    prop_assert!(gap, "{s} is {l}, start {start_local}");
                }
            }
            // Jumping ahead finds what walking from the start finds.
            let walked: Vec<_> = occurrences(&r, start, len, tz, start - Duration::days(1), to)
                .into_iter()
                .filter(|&s| s < to && (s >= from || s + len > from))
                .collect();
            prop_assert_eq!(&got, &walked);
        }

        #[test]
        fn splitting_a_window_loses_and_invents_nothing(
            (r, start, len, tz) in arb_series(),
            a_min in -30 * 24 * 60i64..(2 * 365 * 24 * 60i64),
            ab in 0..(40 * 24 * 60i64),
            bc in 1..(40 * 24 * 60i64),
        ) {
            let a = start + Duration::minutes(a_min);
            let b = a + Duration::minutes(ab);
            let c = b + Duration::minutes(bc);
            let whole = occurrences(&r, start, len, tz, a, c);
            let mut parts = occurrences(&r, start, len, tz, a, b);
            let right = occurrences(&r, start, len, tz, b, c);
            // Only an occurrence straddling b appears in both halves.
            for s in parts.iter().filter(|s| right.contains(s)) {
                prop_assert!(*s < b && *s + len > b);
            }
            parts.extend(right);
            parts.sort();
            parts.dedup();
            prop_assert_eq!(whole, parts);
        }

        #[test]
        fn series_end_is_the_last_occurrence_end((r, start, len, tz) in arb_series()) {
            let far = utc("2100-01-01T00:00:00Z");
            let all = occurrences(&r, start, len, tz, start, far);
            match series_end(&r, start, len, tz) {
                None => prop_assert!(r.until.is_none() && r.count.is_none()),
                Some(end) => {
                    prop_assert_eq!(Some(end), all.last().map(|&s| s + len));
                    if let Some(n) = r.count {
                        prop_assert_eq!(all.len(), n as usize);
                    }
                }
            }
        }
    }
}
