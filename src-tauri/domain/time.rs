//! Wall-clock arithmetic in a time zone: "today", the week, "the same time a week later" and local day ranges.
//!
//! Every rule that counts days goes through here, so the dashboard, the CLI, exports and recurring meetings agree on
//! what a local day is. The UI does the same arithmetic with Temporal (ui/src/lib/time.ts) under the same rules.
//! Pure: the zone comes from the caller (the user's setting), and chrono-tz supplies the offsets, so a day is 23 or
//! 25 hours long where the tz database says so rather than a fixed 24.
//!
//! A local reading that a DST change makes odd is resolved as RFC 5545 §3.3.5 and Temporal's "compatible"
//! disambiguation do: a reading that happens twice (clocks going back) means the earlier instant; one that never
//! happens (clocks going forward) is read with the offset in force before the gap, which lands it as far past the
//! gap's end as it was past the gap's start (02:30 on a spring-forward night becomes 03:30).

use chrono::{
    DateTime, Datelike, Days, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime,
    NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::{GapInfo, Tz};

/// An IANA zone name ("Asia/Shanghai"), or None when the tz database does not know it.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The wall-clock reading of an instant in `tz`. chrono's own conversion panics when the offset pushes an instant
/// at the very ends of its range past the last representable date; there we fall back to the UTC reading.
pub fn local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    let utc = t.naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc).fix();
    utc.checked_add_offset(offset).unwrap_or(utc)
}

/// The local date of an instant in `tz`.
pub fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    local(tz, t).date()
}

/// The instant a local wall-clock reading denotes in `tz`, by the rules in the module comment.
pub fn resolve(tz: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            let before: FixedOffset = GapInfo::new(&naive, &tz)
                .and_then(|gap| gap.begin)
                .map(|(_, offset)| offset.fix())
                // Only missing at the ends of the zone's table; a day earlier is then before the gap.
                .unwrap_or_else(|| {
                    let earlier = naive.checked_sub_signed(Duration::days(1)).unwrap_or(naive);
                    tz.offset_from_utc_datetime(&earlier).fix()
                });
            naive.checked_sub_offset(before).unwrap_or(naive).and_utc()
        }
    }
}

/// The first instant of a local date: its midnight, or the end of the gap when the clocks skip midnight itself
/// (São Paulo until 2019, Cairo, Beirut).
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    resolve(tz, date.and_time(NaiveTime::MIN))
}

/// The Monday of the week holding `date` (weeks start on Monday, as in ISO 8601 and zh-CN calendars).
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
        .unwrap_or(date)
}

/// The same wall-clock time `days` local days later (earlier when negative): 10:00 stays 10:00 across a DST change,
/// even though the real distance is then 23 or 25 hours per day crossed. Saturates at the calendar's ends.
pub fn add_days(tz: Tz, t: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let reading = local(tz, t);
    let moved = if days >= 0 {
        reading.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        reading.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.map_or(t, |m| resolve(tz, m))
}

/// The instants of the local days `first` through `last` (both included): [start of `first`, start of the day
/// after `last`). None past the calendar's end.
pub fn day_span(
    tz: Tz,
    first: NaiveDate,
    last: NaiveDate,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Some((start_of_day(tz, first), start_of_day(tz, last.succ_opt()?)))
}

/// The local week (Monday to Sunday) holding `now` as instants: [Monday 00:00, next Monday 00:00).
pub fn week_of(tz: Tz, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let monday = week_start(local_date(tz, now));
    let next = monday.checked_add_days(Days::new(7)).unwrap_or(monday);
    (start_of_day(tz, monday), start_of_day(tz, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Europe};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn shanghai_at_seven_in_the_morning_is_already_today() {
        // 07:00 on Monday in Shanghai is 23:00 UTC on Sunday.
        let now = utc("2026-11-22T23:00:00Z");
        assert_eq!(local_date(Asia::Shanghai, now), date(2026, 11, 23));
        assert_eq!(local_date(Tz::UTC, now), date(2026, 11, 22));
        let (from, to) = week_of(Asia::Shanghai, now);
        assert_eq!(from, utc("2026-11-22T16:00:00Z"));
        assert_eq!(to, utc("2026-11-29T16:00:00Z"));
    }

    #[test]
    fn a_week_keeps_its_wall_clock_across_dst() {
        // Berlin springs forward on 2027-03-28: the week holding it is 167 hours long.
        let (from, to) = week_of(Europe::Berlin, utc("2027-03-25T12:00:00Z"));
        assert_eq!(from, utc("2027-03-21T23:00:00Z"));
        assert_eq!(to, utc("2027-03-28T22:00:00Z"));
        assert_eq!((to - from).num_hours(), 167);
        // New York falls back on 2026-11-01: a week holding it is 169 hours long.
        let (from, to) = week_of(America::New_York, utc("2026-10-28T15:00:00Z"));
        assert_eq!((to - from).num_hours(), 169);
    }

    #[test]
    fn add_days_keeps_ten_oclock() {
        let tz = Europe::Berlin;
        // Monday 10:00 CET + 7 days = Monday 10:00 CEST, 167 real hours later.
        let before = utc("2027-03-22T09:00:00Z");
        let after = add_days(tz, before, 7);
        assert_eq!(after, utc("2027-03-29T08:00:00Z"));
        assert_eq!(
            local(tz, after).time(),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap()
        );
        // And back.
        assert_eq!(add_days(tz, after, -7), before);
        // New York, across the fall-back change: 09:30 EDT → 09:30 EST, 169 hours later.
        let ny = America::New_York;
        let start = utc("2026-10-28T13:30:00Z");
        assert_eq!(add_days(ny, start, 7), utc("2026-11-04T14:30:00Z"));
        // One day across the change is 25 real hours.
        assert_eq!(
            add_days(ny, utc("2026-10-31T13:30:00Z"), 1) - utc("2026-10-31T13:30:00Z"),
            Duration::hours(25)
        );
        // Zero is the identity, even inside a fold.
        let fold = utc("2026-11-01T06:30:00Z"); // 01:30 EST, the second 01:30 of the night
        assert_eq!(add_days(ny, fold, 0), utc("2026-11-01T05:30:00Z"));
    }

    #[test]
    fn odd_readings_resolve_like_temporal_compatible() {
        let tz = Europe::Berlin;
        // 02:30 does not exist on 2027-03-28: it is read as 03:30 CEST.
        let gap = date(2027, 3, 28).and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(resolve(tz, gap), utc("2027-03-28T01:30:00Z"));
        // 02:30 happens twice on 2027-10-31: the earlier (CEST) one.
        let fold = date(2027, 10, 31).and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(resolve(tz, fold), utc("2027-10-31T00:30:00Z"));
        // A day whose midnight is skipped starts when the clocks jump (São Paulo, 2018-11-04).
        assert_eq!(
            start_of_day(America::Sao_Paulo, date(2018, 11, 4)),
            utc("2018-11-04T03:00:00Z")
        );
    }

    #[test]
    fn day_spans_and_weeks() {
        let tz = Europe::Berlin;
        let (from, to) = day_span(tz, date(2027, 3, 28), date(2027, 3, 28)).unwrap();
        assert_eq!((to - from).num_hours(), 23);
        let (from, to) = day_span(tz, date(2027, 10, 31), date(2027, 10, 31)).unwrap();
        assert_eq!((to - from).num_hours(), 25);
        assert!(day_span(tz, NaiveDate::MAX, NaiveDate::MAX).is_none());
        assert_eq!(week_start(date(2026, 11, 29)), date(2026, 11, 23)); // Sunday → Monday before
        assert_eq!(week_start(date(2026, 11, 23)), date(2026, 11, 23));
        assert_eq!(parse_zone(" Asia/Shanghai "), Some(Asia::Shanghai));
        assert_eq!(parse_zone("Mars/Olympus"), None);
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        let _ = add_days(Tz::Pacific__Kiritimati, DateTime::<Utc>::MAX_UTC, 1);
        let _ = add_days(Tz::Pacific__Kiritimati, DateTime::<Utc>::MIN_UTC, -1);
        let _ = week_of(Tz::Pacific__Kiritimati, DateTime::<Utc>::MAX_UTC);
        let _ = local_date(Tz::Pacific__Kiritimati, DateTime::<Utc>::MAX_UTC);
    }
}
