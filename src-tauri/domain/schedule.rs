//! The planner's scheduling rules: working hours, overlap detection, the free-slot finder and per-day workload.
//!
//! Everything here is pure. Instants are `DateTime<Utc>` and intervals are half-open `[start, end)`; local days
//! and hours are read in the caller's `Tz` (the user's zone), so DST comes from the tz database rather than from
//! a fixed offset that is wrong half the year.
//!
//! Local wall-clock readings that a DST change makes odd are resolved the same way everywhere:
//! - a reading that never happens (spring-forward gap) means the first instant after the gap;
//! - a reading that happens twice (fall-back fold) opens a window at its first occurrence and closes one at its
//!   second, so a window covers every instant whose clock reads inside the working hours.
//!
//! Nothing here panics on odd input: empty or inverted intervals, invalid hours, non-positive durations and
//! instants at the ends of chrono's range give "nothing" answers instead.

use super::time::local_date;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::{GapInfo, Tz};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const MINUTES_PER_DAY: i32 = 1440;

/// The widest swing between two UTC offsets a zone has ever made in one step is about a day (LMT-era date-line
/// moves), so no working window can outlast its nominal length by more than this.
const MAX_OFFSET_SWING_MINUTES: i64 = 48 * 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct WorkingHours {
    /// Minutes after local midnight when the working day opens, e.g. 540 = 09:00.
    pub start_minute: i32,
    /// Minutes after local midnight when it closes, e.g. 1080 = 18:00; 1440 is the following midnight.
    pub end_minute: i32,
    /// ISO weekdays worked: 1 = Monday … 7 = Sunday.
    pub days: Vec<i32>,
}

impl Default for WorkingHours {
    /// 09:00–18:00, Monday–Friday.
    fn default() -> Self {
        WorkingHours {
            start_minute: 540,
            end_minute: 1080,
            days: vec![1, 2, 3, 4, 5],
        }
    }
}

impl WorkingHours {
    /// `0 <= start_minute < end_minute <= 1440` and every day in 1..=7. An empty `days` is valid (nobody is
    /// working, e.g. on leave) and duplicates are harmless. Everything below treats invalid hours as "no working
    /// time at all" rather than guessing what the user meant.
    pub fn is_valid(&self) -> bool {
        0 <= self.start_minute
            && self.start_minute < self.end_minute
            && self.end_minute <= MINUTES_PER_DAY
            && self.days.iter().all(|d| (1..=7).contains(d))
    }

    fn works_on(&self, date: NaiveDate) -> bool {
        // number_from_monday is 1..=7, so the cast cannot truncate.
        let weekday = date.weekday().number_from_monday() as i32;
        self.is_valid() && self.days.contains(&weekday)
    }

    /// Working minutes on a local date (0 on a non-working day).
    ///
    /// This is the nominal wall-clock length; on a DST day the real window is shorter or longer, and `windows`
    /// gives the true instants.
    pub fn minutes_on(&self, date: NaiveDate) -> i32 {
        if self.works_on(date) {
            self.end_minute - self.start_minute
        } else {
            0
        }
    }

    /// The working windows [open, close) as UTC instants for each local date in [from_date, to_date]
    /// (DST-correct). Non-working days, and days whose window a DST gap swallows whole, yield nothing.
    /// One entry per working day, so callers should keep the range to what they display.
    pub fn windows(
        &self,
        tz: Tz,
        from_date: NaiveDate,
        to_date: NaiveDate,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        self.windows_iter(tz, from_date, to_date).collect()
    }

    /// Lazy form of `windows`, so the checks below can stop at the first answer instead of building every day.
    fn windows_iter(
        &self,
        tz: Tz,
        from_date: NaiveDate,
        to_date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        std::iter::successors(Some(from_date), |d| d.succ_opt())
            .take_while(move |d| *d <= to_date)
            .filter_map(move |d| self.window_on(tz, d))
    }

    fn window_on(&self, tz: Tz, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.works_on(date) {
            return None;
        }
        let midnight = date.and_time(NaiveTime::MIN);
        // Adding to the naive midnight (not to an instant) is what makes 09:00 mean 09:00 on a DST day.
        let open = midnight.checked_add_signed(Duration::minutes(self.start_minute.into()))?;
        let close = midnight.checked_add_signed(Duration::minutes(self.end_minute.into()))?;
        let open = resolve(tz, open, Pick::Earliest)?;
        let close = resolve(tz, close, Pick::Latest)?;
        (open < close).then_some((open, close))
    }
}

/// True when any part of [start, end) falls outside the working windows (including any part on a non-working day).
///
/// An empty or inverted interval is judged by its `start` instant, so a zero-length marker at 22:00 still reads as
/// after hours.
pub fn outside_working_hours(
    wh: &WorkingHours,
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    // One day of slack either side: a window belongs to its local date, but a window closing at 24:00 (or one
    // stretched by a fold) reaches past that date's last instant.
    let first = day_before(local_date(tz, start));
    let last = day_after(local_date(tz, end.max(start)));
    let mut windows = wh.windows_iter(tz, first, last);
    if end <= start {
        return !windows.any(|(open, close)| open <= start && start < close);
    }
    // Windows come in date order, hence in order of opening: walk them, pushing `covered` forward, and stop at the
    // first hole.
    let mut covered = start;
    for (open, close) in windows {
        if close <= covered {
            continue;
        }
        if open > covered {
            return true;
        }
        covered = close;
        if covered >= end {
            return false;
        }
    }
    true
}

/// Every pair (i, j), i < j, of intervals that overlap (touching ends do not overlap). Sweep line: O(n log n + k).
///
/// Empty and inverted intervals overlap nothing. Pairs come out sorted by (i, j) so the answer does not depend on
/// how ties in the sweep happened to break.
pub fn overlapping_pairs(items: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, (start, end))| start < end)
        .map(|(i, _)| i)
        .collect();
    order.sort_by_key(|&i| (items[i].0, i));

    // Intervals that started at or before the current start, keyed by end so finished ones pop off the top.
    let mut active: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
    let mut firsts_by_second: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for &i in &order {
        let (start, end) = items[i];
        while let Some(Reverse((active_end, _))) = active.peek() {
            if *active_end > start {
                break;
            }
            active.pop();
        }
        // Everything still active started no later than `start` and ends after it: each one is an overlap, so
        // this loop costs O(k) over the whole sweep.
        for Reverse((_, j)) in active.iter() {
            firsts_by_second[i.max(*j)].push(i.min(*j));
        }
        active.push(Reverse((end, i)));
    }

    // Two bucket passes (by j, then by i) sort the pairs in O(n + k) rather than O(k log k).
    let mut seconds_by_first: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (j, firsts) in firsts_by_second.iter().enumerate() {
        for &i in firsts {
            seconds_by_first[i].push(j);
        }
    }
    seconds_by_first
        .into_iter()
        .enumerate()
        .flat_map(|(i, seconds)| seconds.into_iter().map(move |j| (i, j)))
        .collect()
}

/// Earliest start `s >= after` on the `step_minutes` grid with `s + duration <= horizon`, such that
/// [s, s + duration) lies inside ONE working window and overlaps no busy interval. None if there is no such slot
/// before the horizon.
///
/// The grid counts whole multiples of `step_minutes` from the Unix epoch (1970-01-01T00:00Z), and `after` is
/// rounded up onto it. The epoch grid does not move on DST days, and in any zone whose offset is a whole multiple
/// of the step (every whole-hour zone for 15-minute steps, and :30/:45 zones too) it lands on the same marks as
/// the local calendar. A window that opens off the grid is entered at its first grid mark.
///
/// Busy intervals may be unsorted, overlapping, empty or outside the windows. A duration longer than every window,
/// a zero or negative duration or step, or invalid working hours give None. Cost is O(b log b) for the busy list
/// plus one step per local day up to the horizon (days fully covered by a busy block are skipped).
pub fn first_free_slot(
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    wh: &WorkingHours,
    tz: Tz,
    after: DateTime<Utc>,
    duration: chrono::Duration,
    step_minutes: i64,
    horizon: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if duration <= Duration::zero() || step_minutes <= 0 || !wh.is_valid() || wh.days.is_empty() {
        return None;
    }
    // Without this, a meeting longer than the working day would walk every day up to the horizon to say None.
    let nominal = i64::from(wh.end_minute - wh.start_minute);
    if duration > Duration::minutes(nominal + MAX_OFFSET_SWING_MINUTES) {
        return None;
    }
    let step_seconds = step_minutes.checked_mul(60)?;
    let busy = merge(busy);

    // Invariant: no acceptable slot starts before `lo`. It only moves past busy blocks, never past a window's
    // close, because a start too late for one window can still fit the next.
    let mut lo = after;
    let mut date = day_before(local_date(tz, after));
    let last = day_after(local_date(tz, horizon));
    while date <= last {
        if let Some((open, close)) = wh.window_on(tz, date) {
            loop {
                let start = round_up(open.max(lo), step_seconds)?;
                let end = start.checked_add_signed(duration)?;
                if end > close || end > horizon {
                    break;
                }
                // Merged blocks are disjoint and sorted, so their ends are sorted too.
                let next = busy.partition_point(|&(_, block_end)| block_end <= start);
                match busy.get(next) {
                    // Every start in [start, block_end) would run into this block: jump past it.
                    Some(&(block_start, block_end)) if block_start < end => lo = block_end,
                    _ => return Some(start),
                }
            }
        }
        let Some(next_date) = date.succ_opt() else {
            break;
        };
        // A long busy block may have carried `lo` days ahead; skip the dates it covers.
        date = next_date.max(day_before(local_date(tz, lo)));
    }
    None
}

/// Splits [start, end) across local dates: returns (date, minutes) for each local date it touches.
///
/// Dates ascend. Minutes are counted from `start` and floored only once, so the entries always sum to
/// `(end - start).num_minutes()` even when the instants carry seconds; a date holding only seconds shows 0.
/// DST days are real lengths: a whole Berlin spring-forward day is 1380 minutes, its fall-back day 1500.
/// An empty or inverted interval gives an empty list.
pub fn minutes_per_day(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(NaiveDate, i64)> {
    let mut out: Vec<(NaiveDate, i64)> = Vec::new();
    let mut cursor = start;
    while cursor < end {
        let date = local_date(tz, cursor);
        let boundary = next_day_start(tz, date, cursor).map_or(end, |b| b.min(end));
        let minutes = (boundary - start).num_minutes() - (cursor - start).num_minutes();
        match out.last_mut() {
            Some((last, total)) if *last == date => *total += minutes,
            _ => out.push((date, minutes)),
        }
        cursor = boundary;
    }
    out
}

#[derive(Clone, Copy)]
enum Pick {
    Earliest,
    Latest,
}

/// The instant a local wall-clock reading means, by the rules in the module comment.
fn resolve(tz: Tz, local: NaiveDateTime, pick: Pick) -> Option<DateTime<Utc>> {
    let mapped = tz.from_local_datetime(&local);
    let hit = match pick {
        Pick::Earliest => mapped.earliest(),
        Pick::Latest => mapped.latest(),
    };
    match hit {
        Some(t) => Some(t.with_timezone(&Utc)),
        // In a gap: the clock jumps straight from before `local` to after it, so the first instant after the
        // jump is the first one whose reading is not earlier than `local`.
        None => GapInfo::new(&local, &tz)?
            .end
            .map(|t| t.with_timezone(&Utc)),
    }
}

fn day_before(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

fn day_after(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// The first instant after `after` at which `date` is over. Normally the earliest reading of the next midnight;
/// the later reading only matters if a fold were to carry the clock back across midnight.
fn next_day_start(tz: Tz, date: NaiveDate, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let midnight = date.succ_opt()?.and_time(NaiveTime::MIN);
    [Pick::Earliest, Pick::Latest]
        .into_iter()
        .filter_map(|pick| resolve(tz, midnight, pick))
        .find(|&b| b > after)
}

/// `t` rounded up to a whole multiple of `step_seconds` since the Unix epoch; None past chrono's range.
fn round_up(t: DateTime<Utc>, step_seconds: i64) -> Option<DateTime<Utc>> {
    let secs = t.timestamp();
    let floor = secs.checked_sub(secs.rem_euclid(step_seconds))?;
    let up = if floor == secs && t.timestamp_subsec_nanos() == 0 {
        floor
    } else {
        floor.checked_add(step_seconds)?
    };
    DateTime::from_timestamp(up, 0)
}

/// Busy intervals sorted by start and merged into disjoint blocks; empty and inverted ones are dropped because
/// they cannot block anything.
fn merge(busy: &[(DateTime<Utc>, DateTime<Utc>)]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut sorted: Vec<_> = busy.iter().copied().filter(|(s, e)| s < e).collect();
    sorted.sort_unstable();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match merged.last_mut() {
            Some((_, last_end)) if start <= *last_end => *last_end = (*last_end).max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Australia, Europe, Pacific};
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn all_week(start_minute: i32, end_minute: i32) -> WorkingHours {
        WorkingHours {
            start_minute,
            end_minute,
            days: (1..=7).collect(),
        }
    }

    fn mins(n: i64) -> Duration {
        Duration::minutes(n)
    }

    #[test]
    fn default_is_nine_to_six_on_weekdays() {
        let wh = WorkingHours::default();
        assert_eq!((wh.start_minute, wh.end_minute), (540, 1080));
        assert_eq!(wh.days, vec![1, 2, 3, 4, 5]);
        assert!(wh.is_valid());
        assert_eq!(wh.minutes_on(date(2027, 3, 22)), 540); // Monday
        assert_eq!(wh.minutes_on(date(2027, 3, 26)), 540); // Friday
        assert_eq!(wh.minutes_on(date(2027, 3, 27)), 0); // Saturday
        assert_eq!(wh.minutes_on(date(2027, 3, 28)), 0); // Sunday
    }

    #[test]
    fn invalid_hours_are_refused_and_give_no_time() {
        let bad = [
            WorkingHours {
                start_minute: 600,
                end_minute: 600,
                ..Default::default()
            },
            WorkingHours {
                start_minute: 700,
                end_minute: 600,
                ..Default::default()
            },
            WorkingHours {
                start_minute: -1,
                end_minute: 600,
                ..Default::default()
            },
            WorkingHours {
                start_minute: 0,
                end_minute: 1441,
                ..Default::default()
            },
            WorkingHours {
                days: vec![0, 1],
                ..Default::default()
            },
            WorkingHours {
                days: vec![8],
                ..Default::default()
            },
        ];
        for wh in bad {
            assert!(!wh.is_valid(), "{wh:?}");
            assert_eq!(wh.minutes_on(date(2027, 3, 22)), 0);
            assert!(wh
                .windows(Tz::UTC, date(2027, 3, 22), date(2027, 3, 28))
                .is_empty());
            let (s, e) = (utc("2027-03-22T10:00:00Z"), utc("2027-03-22T11:00:00Z"));
            assert!(outside_working_hours(&wh, Tz::UTC, s, e));
            assert_eq!(
                first_free_slot(&[], &wh, Tz::UTC, s, mins(30), 15, e + mins(9999)),
                None
            );
        }
        assert!(all_week(0, 1440).is_valid());
        assert!(WorkingHours {
            days: vec![],
            ..Default::default()
        }
        .is_valid());
    }

    #[test]
    fn windows_follow_the_berlin_spring_forward() {
        let tz = Europe::Berlin;
        let got = all_week(540, 1080).windows(tz, date(2027, 3, 27), date(2027, 3, 29));
        assert_eq!(
            got,
            vec![
                (utc("2027-03-27T08:00:00Z"), utc("2027-03-27T17:00:00Z")),
                (utc("2027-03-28T07:00:00Z"), utc("2027-03-28T16:00:00Z")),
                (utc("2027-03-29T07:00:00Z"), utc("2027-03-29T16:00:00Z")),
            ]
        );
        // Weekdays only: Friday before opens at 08:00Z, Monday after at 07:00Z.
        let got = WorkingHours::default().windows(tz, date(2027, 3, 26), date(2027, 3, 29));
        assert_eq!(
            got,
            vec![
                (utc("2027-03-26T08:00:00Z"), utc("2027-03-26T17:00:00Z")),
                (utc("2027-03-29T07:00:00Z"), utc("2027-03-29T16:00:00Z")),
            ]
        );
        assert!(all_week(540, 1080)
            .windows(tz, date(2027, 3, 29), date(2027, 3, 28))
            .is_empty());
    }

    #[test]
    fn windows_resolve_gaps_and_folds() {
        let tz = Europe::Berlin;
        // 02:30 does not exist on 2027-03-28: the window opens when the clock lands on 03:00 CEST.
        let got = all_week(150, 210).windows(tz, date(2027, 3, 28), date(2027, 3, 28));
        assert_eq!(
            got,
            vec![(utc("2027-03-28T01:00:00Z"), utc("2027-03-28T01:30:00Z"))]
        );
        // A window entirely inside the gap vanishes.
        assert!(all_week(130, 170)
            .windows(tz, date(2027, 3, 28), date(2027, 3, 28))
            .is_empty());
        // 02:00–02:30 happens twice on 2027-10-31: open at the first 02:00, close at the second 02:30.
        let got = all_week(120, 150).windows(tz, date(2027, 10, 31), date(2027, 10, 31));
        assert_eq!(
            got,
            vec![(utc("2027-10-31T00:00:00Z"), utc("2027-10-31T01:30:00Z"))]
        );
        // Brazil (2018) sprang forward at midnight: the day starts at 01:00 and is 23 hours long.
        let got =
            all_week(0, 1440).windows(America::Sao_Paulo, date(2018, 11, 4), date(2018, 11, 4));
        assert_eq!(
            got,
            vec![(utc("2018-11-04T03:00:00Z"), utc("2018-11-05T02:00:00Z"))]
        );
        // Samoa skipped 2011-12-30 entirely.
        let got =
            all_week(540, 1080).windows(Pacific::Apia, date(2011, 12, 29), date(2011, 12, 31));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn outside_working_hours_cases() {
        let wh = WorkingHours::default();
        let tz = Europe::Berlin;
        let check = |s: &str, e: &str| outside_working_hours(&wh, tz, utc(s), utc(e));
        // Monday 2027-03-22, CET: hours are 08:00Z–17:00Z.
        assert!(
            !check("2027-03-22T08:00:00Z", "2027-03-22T17:00:00Z"),
            "exactly the window"
        );
        assert!(
            !check("2027-03-22T10:00:00Z", "2027-03-22T11:00:00Z"),
            "inside"
        );
        assert!(
            check("2027-03-22T16:30:00Z", "2027-03-22T17:30:00Z"),
            "straddles the close"
        );
        assert!(
            check("2027-03-22T07:30:00Z", "2027-03-22T08:30:00Z"),
            "straddles the open"
        );
        assert!(
            check("2027-03-27T10:00:00Z", "2027-03-27T11:00:00Z"),
            "Saturday"
        );
        assert!(
            check("2027-03-26T16:00:00Z", "2027-03-29T09:00:00Z"),
            "over the weekend"
        );
        assert!(
            check("2027-03-22T16:00:00Z", "2027-03-23T09:00:00Z"),
            "overnight block"
        );
        // Zero-length markers are judged by their instant.
        assert!(!check("2027-03-22T10:00:00Z", "2027-03-22T10:00:00Z"));
        assert!(check("2027-03-22T21:00:00Z", "2027-03-22T21:00:00Z"));
        assert!(
            check("2027-03-22T17:00:00Z", "2027-03-22T16:00:00Z"),
            "inverted, at the close"
        );
        // The Monday after the change: 09:00 local is 07:00Z now.
        assert!(!check("2027-03-29T07:00:00Z", "2027-03-29T08:00:00Z"));
        // Round-the-clock hours: an overnight block runs across two touching windows.
        let always = all_week(0, 1440);
        assert!(!outside_working_hours(
            &always,
            tz,
            utc("2027-03-22T20:00:00Z"),
            utc("2027-03-24T04:00:00Z")
        ));
        let night = all_week(1320, 1440); // 22:00–24:00 every day
        assert!(outside_working_hours(
            &night,
            tz,
            utc("2027-03-22T22:00:00Z"),
            utc("2027-03-22T23:30:00Z")
        ));
    }

    #[test]
    fn overlapping_pairs_cases() {
        let t = |h: i64| utc("2027-03-22T00:00:00Z") + Duration::hours(h);
        let items = [
            (t(0), t(2)),
            (t(2), t(3)), // touches 0: no overlap
            (t(1), t(5)),
            (t(4), t(4)), // empty, inside 2: no overlap
            (t(6), t(5)), // inverted
            (t(1), t(2)),
            (t(1), t(2)),
        ];
        assert_eq!(
            overlapping_pairs(&items),
            vec![(0, 2), (0, 5), (0, 6), (1, 2), (2, 5), (2, 6), (5, 6)]
        );
        assert!(overlapping_pairs(&[]).is_empty());
    }

    #[test]
    fn first_free_slot_cases() {
        let wh = WorkingHours::default();
        let tz = Europe::Berlin;
        let monday = utc("2027-03-22T08:00:00Z"); // 09:00 local
        let far = utc("2027-04-30T00:00:00Z");
        let find = |busy: &[(DateTime<Utc>, DateTime<Utc>)], after: DateTime<Utc>, minutes: i64| {
            first_free_slot(busy, &wh, tz, after, mins(minutes), 15, far)
        };
        assert_eq!(find(&[], monday, 60), Some(monday));
        // `after` is rounded up to the grid.
        assert_eq!(
            find(&[], utc("2027-03-22T09:07:30Z"), 60),
            Some(utc("2027-03-22T09:15:00Z"))
        );
        assert_eq!(
            find(&[], utc("2027-03-22T09:00:00.001Z"), 60),
            Some(utc("2027-03-22T09:15:00Z"))
        );
        // Unsorted and overlapping busy blocks, plus one nowhere near a window.
        let busy = [
            (utc("2027-03-22T09:30:00Z"), utc("2027-03-22T10:10:00Z")),
            (utc("2027-03-22T08:00:00Z"), utc("2027-03-22T09:00:00Z")),
            (utc("2027-03-22T08:30:00Z"), utc("2027-03-22T09:45:00Z")),
            (utc("2027-03-22T01:00:00Z"), utc("2027-03-22T03:00:00Z")),
        ];
        assert_eq!(find(&busy, monday, 60), Some(utc("2027-03-22T10:15:00Z")));
        // Too late on Friday: the next chance is Monday, after the DST change, at 07:00Z.
        assert_eq!(
            find(&[], utc("2027-03-26T16:30:00Z"), 60),
            Some(utc("2027-03-29T07:00:00Z"))
        );
        // A week-long block is jumped in one go.
        let week = [(monday, utc("2027-03-31T12:00:00Z"))];
        assert_eq!(find(&week, monday, 30), Some(utc("2027-03-31T12:00:00Z")));
        // Longer than any window.
        assert_eq!(find(&[], monday, 541), None);
        assert_eq!(find(&[], monday, 540), Some(monday));
        // Bad duration or step.
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(0), 15, far),
            None
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(-30), 15, far),
            None
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(30), 0, far),
            None
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(30), -15, far),
            None
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(30), i64::MAX, far),
            None
        );
        // The horizon bounds the end of the slot.
        let horizon = monday + mins(59);
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(60), 15, horizon),
            None
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, monday, mins(60), 15, monday + mins(60)),
            Some(monday)
        );
        assert_eq!(
            first_free_slot(&[], &wh, tz, far, mins(60), 15, monday),
            None
        );
        // No working days at all.
        let none = WorkingHours {
            days: vec![],
            ..Default::default()
        };
        assert_eq!(
            first_free_slot(&[], &none, tz, monday, mins(30), 15, far),
            None
        );
        // The ends of chrono's range do not panic.
        let slot = first_free_slot(
            &[],
            &all_week(0, 1440),
            Pacific::Kiritimati,
            DateTime::<Utc>::MAX_UTC - Duration::hours(3),
            mins(30),
            15,
            DateTime::<Utc>::MAX_UTC,
        );
        assert!(slot.is_none_or(|s| s < DateTime::<Utc>::MAX_UTC));
        let _ = minutes_per_day(
            Pacific::Kiritimati,
            DateTime::<Utc>::MAX_UTC - Duration::hours(3),
            DateTime::<Utc>::MAX_UTC,
        );
        let _ = outside_working_hours(
            &wh,
            Pacific::Kiritimati,
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        );
    }

    #[test]
    fn minutes_per_day_cases() {
        let tz = Europe::Berlin;
        let split = |s: &str, e: &str| minutes_per_day(tz, utc(s), utc(e));
        assert_eq!(
            split("2027-03-22T09:00:00Z", "2027-03-22T10:30:00Z"),
            vec![(date(2027, 3, 22), 90)]
        );
        // 22:00–02:00 local across midnight (CET).
        assert_eq!(
            split("2027-03-22T21:00:00Z", "2027-03-23T01:00:00Z"),
            vec![(date(2027, 3, 22), 120), (date(2027, 3, 23), 120)]
        );
        // Whole local days: the spring-forward day has 23 hours, the fall-back day 25.
        assert_eq!(
            split("2027-03-27T23:00:00Z", "2027-03-28T22:00:00Z"),
            vec![(date(2027, 3, 28), 23 * 60)]
        );
        assert_eq!(
            split("2027-10-30T22:00:00Z", "2027-10-31T23:00:00Z"),
            vec![(date(2027, 10, 31), 25 * 60)]
        );
        // Friday 22:00 local to Monday 02:00 local, across the change.
        assert_eq!(
            split("2027-03-26T21:00:00Z", "2027-03-29T00:00:00Z"),
            vec![
                (date(2027, 3, 26), 120),
                (date(2027, 3, 27), 24 * 60),
                (date(2027, 3, 28), 23 * 60),
                (date(2027, 3, 29), 120),
            ]
        );
        // Midnight inside a gap (Brazil 2018): 23:00 -03 to 02:00 -02 is two real hours.
        assert_eq!(
            minutes_per_day(
                America::Sao_Paulo,
                utc("2018-11-04T02:00:00Z"),
                utc("2018-11-04T04:00:00Z")
            ),
            vec![(date(2018, 11, 3), 60), (date(2018, 11, 4), 60)]
        );
        // Seconds are floored once, so the parts still add up.
        let got = split("2027-03-22T22:59:30Z", "2027-03-22T23:01:00Z");
        assert_eq!(got, vec![(date(2027, 3, 22), 0), (date(2027, 3, 23), 1)]);
        assert!(split("2027-03-22T10:00:00Z", "2027-03-22T10:00:00Z").is_empty());
        assert!(split("2027-03-22T11:00:00Z", "2027-03-22T10:00:00Z").is_empty());
    }

    // ---- property tests -------------------------------------------------------------------------------------

    const ZONES: [Tz; 7] = [
        Tz::UTC,
        Europe::Berlin,
        America::New_York,
        America::Sao_Paulo,
        Asia::Kolkata,
        Australia::Lord_Howe,
        Pacific::Apia,
    ];

    /// Mondays-ish a few days before a DST change in one of the zones above, so the generated weeks cross it.
    const BASES: [&str; 5] = [
        "2027-03-24T00:00:00Z", // Berlin springs forward on the 28th
        "2027-10-27T00:00:00Z", // Berlin falls back on the 31st
        "2027-11-03T00:00:00Z", // New York falls back on the 7th
        "2018-11-01T00:00:00Z", // Sao Paulo springs forward at midnight on the 4th
        "2011-12-27T00:00:00Z", // Samoa skips the 30th
    ];

    fn zone() -> impl Strategy<Value = Tz> {
        (0..ZONES.len()).prop_map(|i| ZONES[i])
    }

    fn base() -> impl Strategy<Value = DateTime<Utc>> {
        (0..BASES.len()).prop_map(|i| utc(BASES[i]))
    }

    fn hours() -> impl Strategy<Value = WorkingHours> {
        (
            0..1440i32,
            1..=1440i32,
            proptest::collection::vec(any::<bool>(), 7),
        )
            .prop_map(|(a, len, days)| {
                let start_minute = a.min(1439);
                WorkingHours {
                    start_minute,
                    end_minute: (start_minute + len).min(1440),
                    days: (1..=7).filter(|d| days[*d as usize - 1]).collect(),
                }
            })
    }

    /// Intervals within a week of `base`, some empty or inverted.
    fn intervals(max: usize) -> impl Strategy<Value = Vec<(i64, i64)>> {
        proptest::collection::vec((0..7 * 1440i64, -60..600i64), 0..max)
    }

    fn at(base: DateTime<Utc>, raw: &[(i64, i64)]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        raw.iter()
            .map(|&(s, len)| (base + mins(s), base + mins(s + len)))
            .collect()
    }

    fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
        a.0.max(b.0) < a.1.min(b.1)
    }

    /// Walks the grid one step at a time from the first mark at or after `after`.
    fn brute_slot(
        busy: &[(DateTime<Utc>, DateTime<Utc>)],
        wh: &WorkingHours,
        tz: Tz,
        after: DateTime<Utc>,
        duration: Duration,
        step_minutes: i64,
        horizon: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if duration <= Duration::zero() || step_minutes <= 0 {
            return None;
        }
        let windows = wh.windows(
            tz,
            after.date_naive() - Duration::days(3),
            horizon.date_naive() + Duration::days(3),
        );
        let step = step_minutes * 60;
        let mut s = DateTime::from_timestamp(after.timestamp().div_euclid(step) * step, 0).unwrap();
        while s < after {
            s += mins(step_minutes);
        }
        while s + duration <= horizon {
            let slot = (s, s + duration);
            let in_window = windows.iter().any(|&(o, c)| o <= slot.0 && slot.1 <= c);
            if in_window && !busy.iter().any(|&b| overlaps(b, slot)) {
                return Some(s);
            }
            s += mins(step_minutes);
        }
        None
    }

    proptest! {
        #[test]
        fn overlapping_pairs_match_brute_force(raw in intervals(40)) {
            let items = at(utc("2027-03-22T00:00:00Z"), &raw);
            let mut expected = Vec::new();
            for i in 0..items.len() {
                for j in i + 1..items.len() {
                    if overlaps(items[i], items[j]) {
                        expected.push((i, j));
                    }
                }
            }
            prop_assert_eq!(overlapping_pairs(&items), expected);
        }

        #[test]
        fn first_free_slot_matches_brute_force(
            tz in zone(),
            base in base(),
            wh in hours(),
            raw_busy in intervals(12),
            after_secs in 0..3 * 86_400i64,
            horizon_minutes in 0..4 * 1440i64,
            duration_minutes in 1..600i64,
            step_minutes in prop::sample::select(vec![1i64, 5, 7, 15, 30, 45, 60]),
        ) {
            let busy = at(base, &raw_busy);
            let after = base + Duration::seconds(after_secs);
            let horizon = after + mins(horizon_minutes);
            let duration = mins(duration_minutes);
            let got = first_free_slot(&busy, &wh, tz, after, duration, step_minutes, horizon);
            if let Some(s) = got {
                let slot = (s, s + duration);
                prop_assert!(s >= after);
                prop_assert!(slot.1 <= horizon);
                prop_assert_eq!(s.timestamp().rem_euclid(step_minutes * 60), 0);
                prop_assert_eq!(s.timestamp_subsec_nanos(), 0);
                prop_assert!(busy.iter().all(|&b| !overlaps(b, slot)), "slot {:?} hits a busy block", slot);
                let windows = wh.windows(tz, s.date_naive() - Duration::days(2), s.date_naive() + Duration::days(2));
                prop_assert!(windows.iter().any(|&(o, c)| o <= slot.0 && slot.1 <= c), "slot {:?} not in a window", slot);
                prop_assert!(!outside_working_hours(&wh, tz, slot.0, slot.1));
            }
            // Equality with the step-by-step walk also proves no earlier grid slot qualifies.
            prop_assert_eq!(got, brute_slot(&busy, &wh, tz, after, duration, step_minutes, horizon));
        }

        #[test]
        fn outside_working_hours_matches_minute_walk(
            tz in zone(),
            base in base(),
            wh in hours(),
            offset in 0..5 * 1440i64,
            len in 1..3 * 1440i64,
        ) {
            let (start, end) = (base + mins(offset), base + mins(offset + len));
            let windows = wh.windows(tz, start.date_naive() - Duration::days(2), end.date_naive() + Duration::days(2));
            let mut t = start;
            let mut expected = false;
            while t < end {
                if !windows.iter().any(|&(o, c)| o <= t && t < c) {
                    expected = true;
                    break;
                }
                t += mins(1);
            }
            prop_assert_eq!(outside_working_hours(&wh, tz, start, end), expected);
        }

        #[test]
        fn minutes_per_day_adds_up(
            tz in zone(),
            base in base(),
            offset in 0..7 * 86_400i64,
            len in 0..5 * 86_400i64,
        ) {
            let start = base + Duration::seconds(offset);
            let end = start + Duration::seconds(len);
            let days = minutes_per_day(tz, start, end);
            prop_assert_eq!(days.iter().map(|(_, m)| m).sum::<i64>(), (end - start).num_minutes());
            prop_assert!(days.windows(2).all(|w| w[0].0 < w[1].0));
            prop_assert!(days.iter().all(|&(_, m)| (0..=25 * 60).contains(&m)));
            if len > 0 {
                prop_assert_eq!(days.first().map(|d| d.0), Some(local_date(tz, start)));
                prop_assert_eq!(days.last().map(|d| d.0), Some(local_date(tz, end - Duration::nanoseconds(1))));
            } else {
                prop_assert!(days.is_empty());
            }
        }
    }
}
