//! Time is the user's time: the saved zone drives the dashboard's "today", "overdue" and "this week" and the seven
//! days ahead; recurring series count once per occurrence, and weeks that hold a DST change still run Monday to
//! Monday.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use liaison_desk::domain::recurrence::{Frequency, Recurrence};
use liaison_desk::domain::*;
use liaison_desk::error::Rule;
use liaison_desk::services::planner::{self, PlannerChange};
use liaison_desk::services::{dashboard, meetings, projects, settings};
use liaison_desk::store::Db;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn set_zone(db: &Db, zone: &str) {
    db.write(|c| {
        let mut s = settings::get(c)?;
        s.time_zone = Some(zone.into());
        settings::set(c, s)
    })
    .expect("save the zone");
}

fn at(title: &str, start: &str, end: &str, zone: &str) -> MeetingInput {
    let mut m = meeting(title);
    m.starts_at = start.into();
    m.ends_at = end.into();
    m.time_zone = zone.into();
    m
}

fn weekly(count: i32) -> Recurrence {
    Recurrence {
        freq: Frequency::Weekly,
        interval: 1,
        weekdays: vec![],
        until: None,
        count: Some(count),
    }
}

/// The meetings of the seven days from `now` in the saved zone (seven local days, 167 or 169 hours across a DST
/// change), each occurrence of a series as its own entry: (title, start, end).
fn next_week(db: &Db, now: DateTime<Utc>) -> Vec<(String, String, String)> {
    db.read(|c| {
        let until = time::add_days(settings::time_zone(c)?, now, 7);
        planner::meeting_occurrences(c, now, until)
    })
    .unwrap()
    .into_iter()
    .map(|e| (e.title, e.start, e.end))
    .collect()
}

fn titles(db: &Db, now: DateTime<Utc>) -> Vec<(String, String)> {
    next_week(db, now)
        .into_iter()
        .map(|(title, start, _)| (title, start))
        .collect()
}

#[test]
fn the_zone_is_saved_checked_and_cleared() {
    let (_d, db) = temp_db();
    assert_eq!(db.read(settings::get).unwrap().time_zone, None);
    set_zone(&db, "Asia/Shanghai");
    assert_eq!(
        db.read(settings::get).unwrap().time_zone.as_deref(),
        Some("Asia/Shanghai")
    );
    assert_eq!(
        db.read(settings::time_zone).unwrap(),
        chrono_tz::Asia::Shanghai
    );
    let mut bad = db.read(settings::get).unwrap();
    bad.time_zone = Some("Asia/Beijing".into());
    let err = db.write(|c| settings::set(c, bad)).unwrap_err();
    assert_eq!(
        rules(err),
        vec![("time_zone".to_string(), Rule::InvalidTimeZone)]
    );
    assert_eq!(
        db.read(settings::get).unwrap().time_zone.as_deref(),
        Some("Asia/Shanghai"),
        "a refused save keeps the saved zone"
    );
    // Blank means "follow the system" again.
    let mut clear = db.read(settings::get).unwrap();
    clear.time_zone = Some("  ".into());
    assert_eq!(
        db.write(|c| settings::set(c, clear)).unwrap().time_zone,
        None
    );
    assert_eq!(
        db.read(settings::time_zone).unwrap(),
        settings::system_zone()
    );
}

#[test]
fn at_seven_in_the_morning_in_shanghai_today_is_shanghais_today() {
    let (_d, db) = temp_db();
    set_zone(&db, "Asia/Shanghai");
    // Monday 2026-11-23 07:00 in Shanghai = Sunday 23:00 UTC.
    let now = utc("2026-11-22T23:00:00Z");
    db.write(|c| {
        let mut due_yesterday = task("昨天到期");
        due_yesterday.due_date = Some("2026-11-22".into());
        projects::create_task(c, due_yesterday)?;
        let mut due_today = task("今天到期");
        due_today.due_date = Some("2026-11-23".into());
        projects::create_task(c, due_today)?;
        // Sunday 10:00 in Shanghai: last week there, but this week for a user in UTC.
        meetings::create_meeting(
            c,
            at(
                "上周日例会",
                "2026-11-22T10:00:00+08:00",
                "2026-11-22T11:00:00+08:00",
                "Asia/Shanghai",
            ),
        )?;
        // Monday 09:00 Shanghai: this week, upcoming.
        meetings::create_meeting(
            c,
            at(
                "周一晨会",
                "2026-11-23T09:00:00+08:00",
                "2026-11-23T09:30:00+08:00",
                "Asia/Shanghai",
            ),
        )?;
        // Sunday 2026-11-29 23:00 Shanghai: still this week (it is Sunday 15:00 UTC).
        meetings::create_meeting(
            c,
            at(
                "周日晚间对账",
                "2026-11-29T23:00:00+08:00",
                "2026-11-29T23:30:00+08:00",
                "Asia/Shanghai",
            ),
        )?;
        // Monday 2026-11-30 07:30 Shanghai: next week, and more than seven days from now.
        meetings::create_meeting(
            c,
            at(
                "下周一早会",
                "2026-11-30T07:30:00+08:00",
                "2026-11-30T08:00:00+08:00",
                "Asia/Shanghai",
            ),
        )?;
        Ok(())
    })
    .unwrap();
    let d = db.read(|c| dashboard::summary(c, now)).unwrap();
    // In UTC it would still be the 22nd: nothing overdue and the week of the 16th.
    assert_eq!(d.counts.overdue_tasks, 1);
    assert_eq!(d.overdue_tasks.len(), 1);
    assert_eq!(d.overdue_tasks[0].title, "昨天到期");
    assert_eq!(d.counts.open_tasks, 2);
    assert_eq!(d.counts.meetings_this_week, 2);
    // The dashboard's cards open lists that hold exactly what they count.
    let listed = |scope| {
        let q = TaskQuery {
            scope: Some(scope),
            ..Default::default()
        };
        let page = db.read(|c| projects::list_tasks_at(c, &q, now)).unwrap();
        let titles: Vec<String> = page.items.into_iter().map(|t| t.title).collect();
        (titles.len() as i32, page.total, titles)
    };
    let (n, total, overdue) = listed(TaskScope::Overdue);
    assert_eq!((n, total), (1, Some(1)));
    assert_eq!(overdue, vec!["昨天到期".to_string()]);
    assert_eq!(listed(TaskScope::Open).1, Some(d.counts.open_tasks));
    assert_eq!(
        titles(&db, now),
        vec![
            ("周一晨会".to_string(), "2026-11-23T01:00:00Z".to_string()),
            (
                "周日晚间对账".to_string(),
                "2026-11-29T15:00:00Z".to_string()
            ),
        ]
    );

    // The same instant for a user in UTC: Sunday the 22nd, the week of the 16th.
    set_zone(&db, "UTC");
    let d = db.read(|c| dashboard::summary(c, now)).unwrap();
    assert_eq!(d.counts.overdue_tasks, 0);
    assert_eq!(listed(TaskScope::Overdue).1, Some(0));
    assert_eq!(d.counts.meetings_this_week, 1, "only Sunday's meeting");
}

#[test]
fn this_week_and_upcoming_expand_series_across_a_dst_change() {
    let (_d, db) = temp_db();
    set_zone(&db, "Europe/Berlin");
    let (series, cancelled) = db
        .write(|c| {
            // Daily stand-up at 09:00 Berlin from Thursday 2027-03-25, ten times: crosses the change on Sunday the 28th.
            let mut daily = at(
                "Stand-up",
                "2027-03-25T09:00:00+01:00",
                "2027-03-25T09:15:00+01:00",
                "Europe/Berlin",
            );
            daily.recurrence = Some(Recurrence {
                freq: Frequency::Daily,
                count: Some(10),
                ..weekly(10)
            });
            let daily = meetings::create_meeting(c, daily)?;
            // Cancel Saturday's.
            let saturday = "2027-03-27T08:00:00Z".to_string();
            planner::apply(
                c,
                &PlannerChange::CancelOccurrence {
                    meeting_id: daily.id.clone(),
                    occurrence: saturday.clone(),
                },
            )?;
            // A weekly review on Mondays at 10:00 Berlin, starting the week before.
            let mut review = at(
                "Weekly review",
                "2027-03-15T10:00:00+01:00",
                "2027-03-15T11:00:00+01:00",
                "Europe/Berlin",
            );
            review.recurrence = Some(weekly(6));
            meetings::create_meeting(c, review)?;
            Ok((daily.id, saturday))
        })
        .unwrap();
    // Friday 2027-03-26 12:00 Berlin. This week: Monday the 22nd 00:00 CET to Monday the 29th 00:00 CEST.
    let now = utc("2027-03-26T11:00:00Z");
    let d = db.read(|c| dashboard::summary(c, now)).unwrap();
    // Stand-ups Thu, Fri, (Sat cancelled), Sun = 3; the review on Monday the 22nd = 1.
    assert_eq!(d.counts.meetings_this_week, 4);
    // Upcoming, from Friday 12:00 to next Friday 12:00: stand-ups Sun..Fri (Saturday cancelled) keep 09:00 local,
    // which is 08:00Z before the change and 07:00Z after it; the review on Monday the 29th keeps 10:00.
    let got = titles(&db, now);
    assert_eq!(
        got,
        vec![
            ("Stand-up".to_string(), "2027-03-28T07:00:00Z".to_string()),
            ("Stand-up".to_string(), "2027-03-29T07:00:00Z".to_string()),
            (
                "Weekly review".to_string(),
                "2027-03-29T08:00:00Z".to_string()
            ),
            ("Stand-up".to_string(), "2027-03-30T07:00:00Z".to_string()),
            ("Stand-up".to_string(), "2027-03-31T07:00:00Z".to_string()),
            ("Stand-up".to_string(), "2027-04-01T07:00:00Z".to_string()),
            ("Stand-up".to_string(), "2027-04-02T07:00:00Z".to_string()),
        ]
    );
    assert!(got.iter().all(|(_, s)| s != &cancelled));
    let events = db
        .read(|c| planner::meeting_occurrences(c, now, utc("2027-04-02T10:00:00Z")))
        .unwrap();
    assert!(events
        .iter()
        .all(|e| e.id == series || e.title == "Weekly review"));
    // Each entry carries its occurrence's end too.
    assert_eq!(next_week(&db, now)[0].2, "2027-03-28T07:15:00Z");
}

#[test]
fn a_new_york_week_holding_the_fall_back_change() {
    let (_d, db) = temp_db();
    set_zone(&db, "America/New_York");
    db.write(|c| {
        // Sunday 2026-11-08 23:30 New York (EST) = Monday 04:30 UTC: still this week in New York, next week in UTC.
        meetings::create_meeting(
            c,
            at(
                "Late call",
                "2026-11-08T23:30:00-05:00",
                "2026-11-08T23:45:00-05:00",
                "America/New_York",
            ),
        )?;
        // Monday 2026-11-02 00:30 EST (05:30 UTC): this week.
        meetings::create_meeting(
            c,
            at(
                "Early call",
                "2026-11-02T00:30:00-05:00",
                "2026-11-02T00:45:00-05:00",
                "America/New_York",
            ),
        )?;
        Ok(())
    })
    .unwrap();
    // Wednesday 2026-11-04 12:00 EST; the week ran from Monday 2026-11-02 00:00 EST to Monday 2026-11-09 00:00 EST.
    let d = db
        .read(|c| dashboard::summary(c, utc("2026-11-04T17:00:00Z")))
        .unwrap();
    assert_eq!(d.counts.meetings_this_week, 2);
    // The week of Sunday 2026-11-01 holds the change itself: 169 hours, Monday 2026-10-26 00:00 EDT onwards.
    let d = db
        .read(|c| dashboard::summary(c, utc("2026-11-01T12:00:00Z")))
        .unwrap();
    assert_eq!(d.counts.meetings_this_week, 0);
    // Seven days from Sunday 07:00 EST is the next Sunday 07:00 EST: the early call is in, the late one is not.
    assert_eq!(
        titles(&db, utc("2026-11-01T12:00:00Z")),
        vec![("Early call".to_string(), "2026-11-02T05:30:00Z".to_string())]
    );
}

#[test]
fn an_empty_database_counts_nothing_in_any_zone() {
    for zone in [
        "Asia/Shanghai",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Kiritimati",
    ] {
        let (_d, db) = temp_db();
        set_zone(&db, zone);
        let d = db
            .read(|c| dashboard::summary(c, utc("2027-03-28T01:30:00Z")))
            .unwrap();
        assert!(d.is_empty, "{zone}");
        assert_eq!(d.counts.meetings_this_week, 0);
        assert_eq!(d.counts.overdue_tasks, 0);
        assert!(d.today_meetings.is_empty());
        assert!(d.overdue_tasks.is_empty());
    }
}

#[test]
fn export_file_names_carry_the_users_day() {
    use liaison_desk::export::summary::Lang;
    use liaison_desk::services::exports::{self, ExportFormat};
    let (dir, db) = temp_db();
    // 21:00 in New York on the 24th is 10:00 on the 25th in Shanghai.
    db.write(|c| {
        meetings::create_meeting(
            c,
            at(
                "Supplier review",
                "2026-11-24T21:00:00-05:00",
                "2026-11-24T22:00:00-05:00",
                "America/New_York",
            ),
        )
    })
    .unwrap();
    let out = dir.path().join("packs");
    std::fs::create_dir_all(&out).unwrap();
    let never = std::sync::atomic::AtomicBool::new(false);
    let batch = |db: &Db| {
        let q = exports::BatchQuery {
            project_id: None,
            from: Some("2026-11-01T00:00:00Z".into()),
            to: Some("2026-12-01T00:00:00Z".into()),
        };
        exports::export_batch(
            db,
            &q,
            ExportFormat::Md,
            Lang::En,
            &out,
            &never,
            &mut |_| {},
        )
        .unwrap()
    };
    set_zone(&db, "Asia/Shanghai");
    let r = batch(&db);
    assert!(
        r.written[0].ends_with("2026-11-25 Supplier review.md"),
        "{:?}",
        r.written
    );
    set_zone(&db, "America/New_York");
    let r = batch(&db);
    assert!(
        r.written[0].ends_with("2026-11-24 Supplier review.md"),
        "{:?}",
        r.written
    );
}
