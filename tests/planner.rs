//! The planner services on real database files: the range a calendar shows (series expanded, exceptions applied),
//! conflicts, changes and their inverses, free slots, workload and the .ics export parsed back.

mod common;

use common::*;
use liaison_desk::domain::recurrence::{Day, Frequency, Recurrence};
use liaison_desk::domain::*;
use liaison_desk::error::{AppError, Rule};
use liaison_desk::services::planner::{
    self, ConflictKind, FreeSlotQuery, PartyKind, PlannerChange, PlannerEvent, RangeQuery,
};
use liaison_desk::services::{directory, meetings, projects};
use liaison_desk::store::Db;

/// The week of Monday 2026-11-23 in Shanghai.
fn week() -> RangeQuery {
    RangeQuery {
        from: "2026-11-23T00:00:00+08:00".into(),
        to: "2026-11-30T00:00:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
    }
}

fn events(db: &Db, q: &RangeQuery) -> Vec<PlannerEvent> {
    db.read(|c| planner::range(c, q)).unwrap().events
}

fn apply(db: &Db, change: PlannerChange) -> PlannerChange {
    db.write(|c| planner::apply(c, &change)).unwrap()
}

fn kinds(e: &PlannerEvent) -> Vec<ConflictKind> {
    e.conflicts.iter().map(|c| c.kind).collect()
}

fn weekly_sync(db: &Db, attendee: &str) -> Meeting {
    let mut m = meeting("跨部门周例会");
    m.starts_at = "2026-11-02T09:30:00+08:00".into();
    m.ends_at = "2026-11-02T10:15:00+08:00".into();
    m.attendee_ids = vec![attendee.to_string()];
    m.recurrence = Some(Recurrence {
        freq: Frequency::Weekly,
        interval: 1,
        weekdays: vec![Day::Mo, Day::Th],
        until: None,
        count: None,
    });
    db.write(|c| meetings::create_meeting(c, m)).unwrap()
}

#[test]
fn scheduling_a_backlog_task_and_sending_it_back() {
    let (_d, db) = temp_db();
    let t = db
        .write(|c| projects::create_task(c, task("确认样品交期")))
        .unwrap();
    let backlog = |db: &Db| {
        db.read(|c| planner::backlog(c, &BacklogQuery::default()))
            .unwrap()
    };
    assert_eq!(backlog(&db).len(), 1);

    let inverse = apply(
        &db,
        PlannerChange::ScheduleTask {
            task_id: t.id.clone(),
            start: "2026-11-24T10:00:00+08:00".into(),
            end: "2026-11-24T12:00:00+08:00".into(),
        },
    );
    assert_eq!(
        inverse,
        PlannerChange::UnscheduleTask {
            task_id: t.id.clone()
        }
    );
    assert!(backlog(&db).is_empty());
    let stored = db
        .read(|c| liaison_desk::store::tasks::get(c, &t.id))
        .unwrap();
    assert_eq!(
        stored.scheduled_start.as_deref(),
        Some("2026-11-24T02:00:00Z")
    );
    assert_eq!(
        stored.scheduled_end.as_deref(),
        Some("2026-11-24T04:00:00Z")
    );
    let shown = events(&db, &week());
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].key, format!("task:{}", t.id));

    // Undoing is applying the inverse, which returns the redo.
    let redo = apply(&db, inverse);
    assert_eq!(backlog(&db).len(), 1);
    assert!(events(&db, &week()).is_empty());
    apply(&db, redo);
    assert!(backlog(&db).is_empty());
}

#[test]
fn bad_changes_are_refused_and_write_nothing() {
    let (_d, db) = temp_db();
    let t = db
        .write(|c| projects::create_task(c, task("确认样品交期")))
        .unwrap();
    let before = row_counts(&db);
    let bad = PlannerChange::ScheduleTask {
        task_id: t.id.clone(),
        start: "2026-11-24T12:00:00+08:00".into(),
        end: "2026-11-24T10:00:00+08:00".into(),
    };
    let e = db.write(|c| planner::apply(c, &bad)).unwrap_err();
    assert!(rules(e).contains(&("end".to_string(), Rule::EndBeforeStart)));
    let unknown = PlannerChange::ScheduleTask {
        task_id: "nope".into(),
        start: "2026-11-24T10:00:00+08:00".into(),
        end: "2026-11-24T12:00:00+08:00".into(),
    };
    assert!(matches!(
        db.write(|c| planner::apply(c, &unknown)),
        Err(AppError::NotFound { .. })
    ));
    // An occurrence of a meeting that is not a series.
    let one_off = db
        .write(|c| meetings::create_meeting(c, meeting("评审")))
        .unwrap();
    let occ = PlannerChange::CancelOccurrence {
        meeting_id: one_off.id,
        occurrence: "2026-11-24T02:00:00Z".into(),
    };
    assert!(db.write(|c| planner::apply(c, &occ)).is_err());
    let after = row_counts(&db);
    // Only the one-off meeting (and nothing else) was added.
    for ((table, a), (_, b)) in before.iter().zip(after.iter()) {
        let expected = if table == "meetings" { a + 1 } else { *a };
        assert_eq!(*b, expected, "{table}");
    }
    let r = db.read(|c| {
        planner::range(
            c,
            &RangeQuery {
                from: "2026-11-30T00:00:00Z".into(),
                to: "2026-11-23T00:00:00Z".into(),
                time_zone: "Mars/Olympus".into(),
            },
        )
    });
    let got = rules(r.unwrap_err());
    assert!(got.contains(&("to".to_string(), Rule::EndBeforeStart)));
    assert!(got.contains(&("time_zone".to_string(), Rule::InvalidTimeZone)));
}

#[test]
fn a_series_is_expanded_and_its_exceptions_applied() {
    let (_d, db) = temp_db();
    let p = db
        .write(|c| directory::create_contact(c, contact("王晓明", None)))
        .unwrap();
    let m = weekly_sync(&db, &p.id);
    let shown = events(&db, &week());
    let starts: Vec<&str> = shown.iter().map(|e| e.start.as_str()).collect();
    assert_eq!(starts, ["2026-11-23T01:30:00Z", "2026-11-26T01:30:00Z"]);
    assert!(shown.iter().all(|e| e.recurring && e.id == m.id));
    assert_eq!(shown[0].occurrence.as_deref(), Some("2026-11-23T01:30:00Z"));

    // Move Monday's occurrence into the next week, cancel Thursday's.
    let moved = apply(
        &db,
        PlannerChange::MoveOccurrence {
            meeting_id: m.id.clone(),
            occurrence: "2026-11-23T01:30:00Z".into(),
            start: "2026-12-01T14:00:00+08:00".into(),
            end: "2026-12-01T14:45:00+08:00".into(),
        },
    );
    assert_eq!(
        moved,
        PlannerChange::RestoreOccurrence {
            meeting_id: m.id.clone(),
            occurrence: "2026-11-23T01:30:00Z".into()
        }
    );
    apply(
        &db,
        PlannerChange::CancelOccurrence {
            meeting_id: m.id.clone(),
            occurrence: "2026-11-26T01:30:00Z".into(),
        },
    );
    assert!(events(&db, &week()).is_empty());
    let next = RangeQuery {
        from: "2026-11-30T00:00:00+08:00".into(),
        to: "2026-12-07T00:00:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
    };
    let next_starts: Vec<(String, Option<String>)> = events(&db, &next)
        .into_iter()
        .map(|e| (e.start, e.occurrence))
        .collect();
    assert_eq!(
        next_starts,
        [
            (
                "2026-11-30T01:30:00Z".to_string(),
                Some("2026-11-30T01:30:00Z".to_string())
            ),
            (
                "2026-12-01T06:00:00Z".to_string(),
                Some("2026-11-23T01:30:00Z".to_string())
            ),
            (
                "2026-12-03T01:30:00Z".to_string(),
                Some("2026-12-03T01:30:00Z".to_string())
            ),
        ]
    );
    // Restoring puts Monday back.
    apply(&db, moved);
    assert_eq!(events(&db, &week()).len(), 1);
}

#[test]
fn conflicts_cover_people_departments_hours_and_due_dates() {
    let (_d, db) = temp_db();
    let dept = db
        .write(|c| directory::create_organization(c, org(OrgKind::Department, "研发部")))
        .unwrap();
    let p = db
        .write(|c| directory::create_contact(c, contact("王晓明", None)))
        .unwrap();
    let mut m = meeting("供应商评审");
    m.attendee_ids = vec![p.id.clone()];
    m.organization_ids = vec![dept.id.clone()];
    let m = db.write(|c| meetings::create_meeting(c, m)).unwrap();
    // Overlaps the meeting (10:00–11:00) for the same person and department, and ends after its due date.
    let mut t = task("准备评审材料");
    t.assignee_contact_id = Some(p.id.clone());
    t.assignee_department_id = Some(dept.id.clone());
    t.due_date = Some("2026-11-23".into());
    t.scheduled_start = Some("2026-11-24T10:30:00+08:00".into());
    t.scheduled_end = Some("2026-11-24T11:30:00+08:00".into());
    let t = db.write(|c| projects::create_task(c, t)).unwrap();
    // Late evening: outside the default 09:00–18:00.
    let mut late = task("整理纪要");
    late.due_date = None;
    late.scheduled_start = Some("2026-11-25T19:00:00+08:00".into());
    late.scheduled_end = Some("2026-11-25T20:00:00+08:00".into());
    let late = db.write(|c| projects::create_task(c, late)).unwrap();

    let shown = events(&db, &week());
    let by_key = |k: String| shown.iter().find(|e| e.key == k).unwrap();
    let meeting = by_key(format!("meeting:{}", m.id));
    let block = by_key(format!("task:{}", t.id));
    let evening = by_key(format!("task:{}", late.id));
    assert_eq!(
        kinds(meeting),
        [
            ConflictKind::PersonDoubleBooked,
            ConflictKind::DepartmentDoubleBooked
        ]
    );
    assert_eq!(meeting.conflicts[0].party.as_ref().unwrap().name, "王晓明");
    assert_eq!(
        meeting.conflicts[0].other_title.as_deref(),
        Some("准备评审材料")
    );
    assert_eq!(
        kinds(block),
        [
            ConflictKind::PersonDoubleBooked,
            ConflictKind::DepartmentDoubleBooked,
            ConflictKind::AfterDue
        ]
    );
    assert_eq!(kinds(evening), [ConflictKind::OutsideWorkingHours]);

    // Moving the block away clears the double booking; the due-date warning stays.
    apply(
        &db,
        PlannerChange::ScheduleTask {
            task_id: t.id.clone(),
            start: "2026-11-24T14:00:00+08:00".into(),
            end: "2026-11-24T15:00:00+08:00".into(),
        },
    );
    let shown = events(&db, &week());
    let block = shown.iter().find(|e| e.id == t.id).unwrap();
    assert_eq!(kinds(block), [ConflictKind::AfterDue]);
}

#[test]
fn free_slot_skips_everyone_s_bookings() {
    let (_d, db) = temp_db();
    let a = db
        .write(|c| directory::create_contact(c, contact("王晓明", None)))
        .unwrap();
    let b = db
        .write(|c| directory::create_contact(c, contact("李娜", None)))
        .unwrap();
    let mut m = meeting("评审");
    m.starts_at = "2026-11-24T09:00:00+08:00".into();
    m.ends_at = "2026-11-24T11:00:00+08:00".into();
    m.attendee_ids = vec![a.id.clone()];
    db.write(|c| meetings::create_meeting(c, m)).unwrap();
    let mut t = task("报价");
    t.assignee_contact_id = Some(b.id.clone());
    t.scheduled_start = Some("2026-11-24T11:00:00+08:00".into());
    t.scheduled_end = Some("2026-11-24T12:30:00+08:00".into());
    db.write(|c| projects::create_task(c, t)).unwrap();
    let q = |ids: Vec<String>, minutes| FreeSlotQuery {
        contact_ids: ids,
        department_ids: vec![],
        duration_minutes: minutes,
        after: "2026-11-24T08:50:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
        ignore_key: None,
        within_days: None,
        before: None,
    };
    let slot = |q| db.read(|c| planner::free_slot(c, &q)).unwrap().unwrap();
    assert_eq!(
        slot(q(vec![a.id.clone(), b.id.clone()], 60)).start,
        "2026-11-24T04:30:00Z"
    );
    assert_eq!(
        slot(q(vec![a.id.clone()], 60)).start,
        "2026-11-24T03:00:00Z"
    );
    // Nine hours fit only in a whole free working day; 18:00 Tuesday is too late, so Wednesday 09:00.
    assert_eq!(
        slot(q(vec![a.id.clone()], 9 * 60)).start,
        "2026-11-25T01:00:00Z"
    );
    assert!(db.read(|c| planner::free_slot(c, &q(vec![], 0))).is_err());
}

#[test]
fn workload_flags_a_department_over_capacity() {
    let (_d, db) = temp_db();
    let mut d = org(OrgKind::Department, "采购部");
    d.weekly_capacity_hours = Some(10.0); // 2 h per working day
    let dept = db.write(|c| directory::create_organization(c, d)).unwrap();
    let mut t = task("供应商比价");
    t.assignee_department_id = Some(dept.id.clone());
    t.scheduled_start = Some("2026-11-24T09:00:00+08:00".into());
    t.scheduled_end = Some("2026-11-24T12:00:00+08:00".into());
    let t = db.write(|c| projects::create_task(c, t)).unwrap();
    let w = db.read(|c| planner::workload(c, &week())).unwrap();
    assert_eq!(w.days.len(), 7);
    assert_eq!(w.days[0], "2026-11-23");
    let row = w.rows.iter().find(|r| r.id == dept.id).unwrap();
    assert_eq!(row.kind, PartyKind::Department);
    let tue = &row.cells[1];
    assert_eq!(
        (tue.booked_minutes, tue.capacity_minutes, tue.over),
        (180, Some(120), true)
    );
    assert_eq!(tue.event_keys, [format!("task:{}", t.id)]);
    assert!(!row.cells[0].over);
    assert_eq!(
        row.cells[5].capacity_minutes,
        Some(0),
        "Saturday is not a working day"
    );

    // Shortening the block to two hours brings the day back within capacity.
    apply(
        &db,
        PlannerChange::ScheduleTask {
            task_id: t.id,
            start: "2026-11-24T09:00:00+08:00".into(),
            end: "2026-11-24T11:00:00+08:00".into(),
        },
    );
    let w = db.read(|c| planner::workload(c, &week())).unwrap();
    assert!(!w.rows.iter().find(|r| r.id == dept.id).unwrap().cells[1].over);
}

#[test]
fn the_ics_export_parses_back_field_by_field() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let (_d, db) = temp_db();
    let p = db
        .write(|c| directory::create_contact(c, contact("王晓明", None)))
        .unwrap();
    let m = weekly_sync(&db, &p.id);
    apply(
        &db,
        PlannerChange::CancelOccurrence {
            meeting_id: m.id.clone(),
            occurrence: "2026-11-26T01:30:00Z".into(),
        },
    );
    apply(
        &db,
        PlannerChange::MoveOccurrence {
            meeting_id: m.id.clone(),
            occurrence: "2026-11-23T01:30:00Z".into(),
            start: "2026-11-23T14:00:00+08:00".into(),
            end: "2026-11-23T14:45:00+08:00".into(),
        },
    );
    let mut t = task("准备评审材料, 第一版; 附件");
    t.scheduled_start = Some("2026-11-24T10:00:00+08:00".into());
    t.scheduled_end = Some("2026-11-24T12:00:00+08:00".into());
    let t = db.write(|c| projects::create_task(c, t)).unwrap();

    let text = db
        .read(|c| planner::schedule_ics(c, &week(), planner::CALENDAR_NAME))
        .unwrap();
    let cal: Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 3, "series, moved occurrence, task block");
    let uid = format!("meeting-{}@liaison-desk", m.id);
    let series = events
        .iter()
        .find(|e| e.get_uid() == Some(&uid) && e.property_value("RRULE").is_some())
        .unwrap();
    assert_eq!(series.get_summary(), Some("跨部门周例会"));
    assert_eq!(
        series.property_value("RRULE"),
        Some("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH;WKST=MO")
    );
    let dtstart = series.properties().get("DTSTART").unwrap();
    assert_eq!(dtstart.value(), "20261102T093000");
    assert_eq!(
        dtstart.params().get("TZID").unwrap().value(),
        "Asia/Shanghai"
    );
    let exdates: Vec<&str> = series.multi_properties()["EXDATE"]
        .iter()
        .map(|p| p.value())
        .collect();
    assert_eq!(exdates, ["20261126T093000"]);
    let moved = events
        .iter()
        .find(|e| e.get_uid() == Some(&uid) && e.property_value("RECURRENCE-ID").is_some())
        .unwrap();
    assert_eq!(
        moved.property_value("RECURRENCE-ID"),
        Some("20261123T093000")
    );
    assert_eq!(moved.property_value("DTSTART"), Some("20261123T140000"));
    assert_eq!(moved.property_value("DTEND"), Some("20261123T144500"));
    let block = events
        .iter()
        .find(|e| e.get_uid() == Some(&format!("task-{}@liaison-desk", t.id)))
        .unwrap();
    assert_eq!(block.get_summary(), Some("准备评审材料, 第一版; 附件"));
    assert_eq!(block.property_value("DTSTART"), Some("20261124T100000"));
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
    assert!(text.lines().all(|l| l.len() <= 75));
}

#[test]
fn events_carry_the_colours_picked_for_their_project_and_department() {
    let (_d, db) = temp_db();
    let mut p = project("华东产线升级");
    p.color = Some("Teal ".into());
    let p = db.write(|c| projects::create_project(c, p)).unwrap();
    assert_eq!(p.color.as_deref(), Some("teal"), "normalized");
    let mut dept = org(OrgKind::Department, "研发部");
    dept.color = Some("grape".into());
    let dept = db
        .write(|c| directory::create_organization(c, dept))
        .unwrap();
    let mut t = task("准备评审材料");
    t.project_id = Some(p.id.clone());
    t.assignee_department_id = Some(dept.id.clone());
    t.scheduled_start = Some("2026-11-24T10:00:00+08:00".into());
    t.scheduled_end = Some("2026-11-24T11:00:00+08:00".into());
    db.write(|c| projects::create_task(c, t)).unwrap();
    let shown = events(&db, &week());
    assert_eq!(shown[0].project_color.as_deref(), Some("teal"));
    assert_eq!(shown[0].department_color.as_deref(), Some("grape"));

    let before = row_counts(&db);
    let mut bad = project("另一个项目");
    bad.color = Some("#ff0000".into());
    let e = db.write(|c| projects::create_project(c, bad)).unwrap_err();
    assert_eq!(rules(e), [("color".to_string(), Rule::OutOfRange)]);
    assert_eq!(row_counts(&db), before);
}

/// What a new meeting's form asks for: no one involved yet, so the first working-hours slot on a working day,
/// in 15-minute steps — Sunday evening gives Monday 09:00.
#[test]
fn with_no_one_involved_the_free_slot_is_the_next_working_time() {
    let (_d, db) = temp_db();
    let q = |after: &str| planner::FreeSlotQuery {
        contact_ids: vec![],
        department_ids: vec![],
        duration_minutes: 60,
        after: after.into(),
        time_zone: "Asia/Shanghai".into(),
        ignore_key: None,
        within_days: None,
        before: None,
    };
    let slot = |after: &str| {
        db.read(|c| planner::free_slot(c, &q(after)))
            .unwrap()
            .unwrap()
    };
    // Sunday 29 November, 18:07 in Shanghai.
    assert_eq!(
        slot("2026-11-29T18:07:00+08:00").start,
        "2026-11-30T01:00:00Z"
    );
    // Monday 10:07 → 10:15 the same morning.
    assert_eq!(
        slot("2026-11-30T10:07:00+08:00").start,
        "2026-11-30T02:15:00Z"
    );
}

/// A block that ends after its task is due is fixed by a slot before the due date, never by one later: `before`
/// bounds the search, and says "none" when the person is booked until then.
#[test]
fn a_slot_before_the_due_date_or_none() {
    let (_d, db) = temp_db();
    let q = |before: Option<&str>| planner::FreeSlotQuery {
        contact_ids: vec![],
        department_ids: vec![],
        duration_minutes: 120,
        after: "2026-11-30T09:00:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
        ignore_key: None,
        within_days: None,
        before: before.map(str::to_string),
    };
    let found = |before| db.read(|c| planner::free_slot(c, &q(before))).unwrap();
    // Due Monday: the block must end by Monday 24:00 in Shanghai; Monday 09:00–11:00 fits.
    let slot = found(Some("2026-12-01T00:00:00+08:00")).expect("a slot on Monday");
    assert_eq!(
        (slot.start.as_str(), slot.end.as_str()),
        ("2026-11-30T01:00:00Z", "2026-11-30T03:00:00Z")
    );
    // Due by Monday 10:30: two hours no longer fit.
    assert!(found(Some("2026-11-30T10:30:00+08:00")).is_none());
    // A malformed bound is a field error, not a panic.
    let bad = db.read(|c| planner::free_slot(c, &q(Some("Monday"))));
    assert_eq!(
        rules(bad.unwrap_err()),
        [("before".to_string(), Rule::InvalidDate)]
    );
}
