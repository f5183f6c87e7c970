//! The exported .ics in a real calendar server. Radicale (started here on 127.0.0.1, as the CalDAV work will) parses
//! uploads with vobject and refuses what it cannot read: it must accept the planner's export, give it back, and place
//! a series' occurrences where the planner does — across a DST change, without the cancelled one, with the moved one
//! at its new time. Fails, never skips, when Radicale is missing (scripts/install-deps.sh installs it).

mod common;

use common::radicale::*;
use common::*;
use liaison_desk::services::planner::{self, PlannerChange, RangeQuery};
use liaison_desk::services::{meetings, projects};

#[test]
fn radicale_accepts_the_export_and_places_the_series_like_the_planner() {
    let (dir, db) = temp_db();
    let series = radicale::berlin_series(&db, "跨时区周会, Berlin; weekly");
    let mut t = task("准备评审材料，第一版");
    t.scheduled_start = Some("2027-03-02T09:00:00+01:00".into());
    t.scheduled_end = Some("2027-03-02T11:00:00+01:00".into());
    let block = db.write(|c| projects::create_task(c, t)).unwrap();
    let range = RangeQuery {
        from: "2027-03-01T00:00:00+01:00".into(),
        to: "2027-05-01T00:00:00+02:00".into(),
        time_zone: "Europe/Berlin".into(),
    };
    let ics = dir.path().join("schedule.ics");
    db.read(|c| planner::export_ics_file(c, &range, &ics))
        .unwrap();

    let server = start_radicale();
    let calendar = ["Content-Type: text/calendar; charset=utf-8"];
    // Control: Radicale does refuse a calendar it cannot parse, so its acceptance below means something.
    let broken = dir.path().join("broken.ics");
    std::fs::write(
        &broken,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:nonsense\r\n",
    )
    .unwrap();
    let (status, _) = http(&server, "PUT", "/desk/broken/", &calendar, Some(&broken));
    assert_eq!(status, 400, "Radicale refuses a broken calendar");

    let (status, body) = http(&server, "PUT", "/desk/planner/", &calendar, Some(&ics));
    assert_eq!(status, 201, "Radicale accepts the export: {body}");
    let (status, stored) = http(&server, "GET", "/desk/planner/", &[], None);
    assert_eq!(status, 200);
    let stored = unfold(&stored);
    let uid = format!("meeting-{}@liaison-desk", series.id);
    for needle in [
        format!("UID:{uid}"),
        format!("UID:task-{}@liaison-desk", block.id),
        "SUMMARY:跨时区周会\\, Berlin\\; weekly".to_string(),
        "SUMMARY:准备评审材料，第一版".to_string(),
        "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20270430T215959Z;WKST=MO".to_string(),
        "EXDATE;TZID=Europe/Berlin:20270315T100000".to_string(),
        "RECURRENCE-ID;TZID=Europe/Berlin:20270322T100000".to_string(),
    ] {
        assert!(
            stored.contains(&needle),
            "the stored calendar has {needle}:\n{stored}"
        );
    }

    // Where the server puts the occurrences (UTC ranges):
    let has_series = |start: &str, end: &str| query(&server, dir.path(), start, end).contains(&uid);
    // after the DST change, 10:00 in Berlin is 08:00 UTC, not 09:00
    assert!(has_series("20270405T080000Z", "20270405T083000Z"));
    assert!(!has_series("20270405T090000Z", "20270405T093000Z"));
    // before it, 10:00 is 09:00 UTC
    assert!(has_series("20270308T090000Z", "20270308T093000Z"));
    // the cancelled occurrence is gone
    assert!(!has_series("20270315T090000Z", "20270315T093000Z"));
    // the moved one is at 14:00 (13:00 UTC), not at 10:00
    assert!(has_series("20270322T130000Z", "20270322T133000Z"));
    assert!(!has_series("20270322T090000Z", "20270322T093000Z"));
    // and the series ends with April
    assert!(!has_series("20270503T080000Z", "20270503T083000Z"));
}

/// After series edits (all occurrences to a new time, then this and the following ones to another) the export still
/// places every occurrence where the planner does: its EXDATE and RECURRENCE-ID name real occurrences of the changed
/// rule, and the split-off series is a calendar series of its own.
#[test]
fn radicale_places_a_series_after_edits_for_all_and_following_occurrences() {
    use liaison_desk::domain::series::SeriesScope;
    use liaison_desk::services::series::{self, SeriesEdit};
    let (dir, db) = temp_db();
    let m = berlin_weekly("周例会 Weekly, edited");
    let first = db
        .write(|c| meetings::create_meeting(c, m.clone()))
        .unwrap();
    for change in [
        PlannerChange::CancelOccurrence {
            meeting_id: first.id.clone(),
            occurrence: "2027-03-15T09:00:00Z".into(),
        },
        PlannerChange::MoveOccurrence {
            meeting_id: first.id.clone(),
            occurrence: "2027-03-22T09:00:00Z".into(),
            start: "2027-03-22T14:00:00+01:00".into(),
            end: "2027-03-22T15:00:00+01:00".into(),
        },
    ] {
        db.write(|c| planner::apply(c, &change)).unwrap();
    }
    // Every Monday from 10:00 to 11:00, edited from the first occurrence.
    let mut all = m.clone();
    all.starts_at = "2027-03-01T11:00:00+01:00".into();
    all.ends_at = "2027-03-01T12:00:00+01:00".into();
    db.write(|c| {
        series::save_edit(
            c,
            &first.id,
            SeriesEdit {
                scope: SeriesScope::All,
                occurrence: "2027-03-01T09:00:00Z".into(),
                input: all.clone(),
            },
        )
    })
    .unwrap();
    // From 12 April on, 16:00 (summer time: 11:00 is 09:00 UTC).
    let mut following = all.clone();
    following.starts_at = "2027-04-12T16:00:00+02:00".into();
    following.ends_at = "2027-04-12T17:00:00+02:00".into();
    let second = db
        .write(|c| {
            series::save_edit(
                c,
                &first.id,
                SeriesEdit {
                    scope: SeriesScope::Following,
                    occurrence: "2027-04-12T09:00:00Z".into(),
                    input: following,
                },
            )
        })
        .unwrap();
    let second_id = second.series_id.expect("an occurrence of the new series");
    let range = RangeQuery {
        from: "2027-03-01T00:00:00+01:00".into(),
        to: "2027-05-01T00:00:00+02:00".into(),
        time_zone: "Europe/Berlin".into(),
    };
    let ics = dir.path().join("edited.ics");
    db.read(|c| planner::export_ics_file(c, &range, &ics))
        .unwrap();

    let server = start_radicale();
    let calendar = ["Content-Type: text/calendar; charset=utf-8"];
    let (status, body) = http(&server, "PUT", "/desk/edited/", &calendar, Some(&ics));
    assert_eq!(status, 201, "Radicale accepts the export: {body}");
    let (_, stored) = http(&server, "GET", "/desk/edited/", &[], None);
    let stored = unfold(&stored);
    for needle in [
        "EXDATE;TZID=Europe/Berlin:20270315T110000",
        "RECURRENCE-ID;TZID=Europe/Berlin:20270322T110000",
        "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20270405T215959Z;WKST=MO",
    ] {
        assert!(
            stored.contains(needle),
            "the stored calendar has {needle}:\n{stored}"
        );
    }
    let old = format!("meeting-{}@liaison-desk", first.id);
    let new = format!("meeting-{second_id}@liaison-desk");
    let at = |start: &str, end: &str| query_in(&server, dir.path(), "/desk/edited/", start, end);
    // 11:00 in winter is 10:00 UTC; the old 10:00 is gone.
    assert!(at("20270308T100000Z", "20270308T103000Z").contains(&old));
    assert!(!at("20270308T090000Z", "20270308T093000Z").contains(&old));
    // The cancelled date stays cancelled, the moved one keeps its 3 hours after its slot: 14:00 UTC.
    assert!(!at("20270315T000000Z", "20270316T000000Z").contains(&old));
    assert!(at("20270322T140000Z", "20270322T143000Z").contains(&old));
    assert!(!at("20270322T100000Z", "20270322T103000Z").contains(&old));
    // The old series ends before 12 April; the new one takes over at 16:00 (14:00 UTC).
    assert!(at("20270405T090000Z", "20270405T093000Z").contains(&old));
    let split = at("20270412T000000Z", "20270413T000000Z");
    assert!(!split.contains(&old) && split.contains(&new), "{split}");
    assert!(at("20270419T140000Z", "20270419T143000Z").contains(&new));
    assert!(!at("20270503T000000Z", "20270504T000000Z").contains(&new));
}
