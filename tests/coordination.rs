//! Coordination: the department conflict log (lifecycle, history, sides, search, reviews in the user's zone) and
//! the supplier scorecard (the formula on a fixture, the quarter trend, the suppliers list by score).

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::{contact, org, rules, temp_db};
use liaison_desk::domain::{
    ConflictInput, ConflictQuery, ConflictSideInput, ConflictStatus, ConflictStatusChange,
    DeliveryInput, IncidentInput, IncidentKind, OrgKind,
};
use liaison_desk::error::{AppError, Rule};
use liaison_desk::services::{conflicts, directory, scorecard};
use liaison_desk::store::Db;

/// 2026-03-10 00:30 in Shanghai: still 2026-03-09 in UTC.
fn early_morning_in_shanghai() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 9, 16, 30, 0).unwrap()
}

fn shanghai(db: &Db) {
    db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("Asia/Shanghai")))
        .unwrap();
}

struct Depts {
    rd: String,
    marketing: String,
    purchasing: String,
    mediator: String,
    supplier: String,
}

fn departments(db: &Db) -> Depts {
    db.write(|tx| {
        let rd = directory::create_organization(tx, org(OrgKind::Department, "研发部"))?.id;
        let marketing =
            directory::create_organization(tx, org(OrgKind::Department, "市场营销部"))?.id;
        let purchasing = directory::create_organization(tx, org(OrgKind::Department, "采购部"))?.id;
        let supplier =
            directory::create_organization(tx, org(OrgKind::Supplier, "苏州恒通电子"))?.id;
        let mediator = directory::create_contact(tx, contact("周立", Some(&rd)))?.id;
        Ok(Depts {
            rd,
            marketing,
            purchasing,
            mediator,
            supplier,
        })
    })
    .unwrap()
}

fn side(id: &str, position: &str) -> ConflictSideInput {
    ConflictSideInput {
        organization_id: id.into(),
        position: Some(position.into()),
    }
}

fn launch_dispute(d: &Depts) -> ConflictInput {
    ConflictInput {
        title: "新品发布日期之争".into(),
        sides: vec![
            side(&d.rd, "测试未完成，要求推迟两周"),
            side(&d.marketing, "渠道已排期，坚持 4 月 1 日发布"),
        ],
        mediator_contact_id: Some(d.mediator.clone()),
        options: Some("- 分批发布\n- 推迟一周".into()),
        resolution: None,
        review_date: Some("2026-03-10".into()),
    }
}

/// (from, to, by whom, note) of one history line.
type Change<'a> = (
    Option<ConflictStatus>,
    ConflictStatus,
    Option<&'a str>,
    Option<&'a str>,
);

fn change(status: ConflictStatus, by: Option<&str>, note: &str) -> ConflictStatusChange {
    ConflictStatusChange {
        status,
        by_contact_id: by.map(str::to_string),
        note: Some(note.into()),
        resolution: None,
    }
}

/// Every row of the conflict tables, deleted or not, as text: "nothing written" compares two of these.
fn conflict_rows(db: &Db) -> Vec<String> {
    db.read(|c| {
        liaison_desk::store::rows(
            c,
            "SELECT 'k ' || id || status || updated_at FROM conflicts
             UNION ALL SELECT 'd ' || conflict_id || organization_id || ifnull(position, '') FROM conflict_departments
             UNION ALL SELECT 'e ' || id FROM conflict_events ORDER BY 1",
            [],
            |r| r.get(0),
        )
    })
    .unwrap()
}

#[test]
fn a_conflict_is_mediated_resolved_and_reopened_with_every_change_in_its_history() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai();
    let k = db
        .write(|tx| conflicts::create(tx, launch_dispute(&d), now))
        .unwrap();
    assert_eq!(k.status, ConflictStatus::Open);
    let names: Vec<(&str, Option<&str>)> = k
        .sides
        .iter()
        .map(|s| (s.organization_name.as_str(), s.position.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("市场营销部", Some("渠道已排期，坚持 4 月 1 日发布")),
            ("研发部", Some("测试未完成，要求推迟两周"))
        ]
    );
    assert_eq!(k.mediator_name.as_deref(), Some("周立"));
    assert_eq!(k.history.len(), 1);
    assert_eq!(
        (k.history[0].from_status, k.history[0].to_status),
        (None, ConflictStatus::Open)
    );

    let k = db
        .write(|tx| {
            conflicts::set_status(
                tx,
                &k.id,
                change(
                    ConflictStatus::Mediating,
                    Some(&d.mediator),
                    "约双方周三面谈",
                ),
                now,
            )
        })
        .unwrap();
    let mut resolved = launch_dispute(&d);
    resolved.resolution = Some("待定".into());
    db.write(|tx| conflicts::update(tx, &k.id, resolved, now))
        .unwrap();
    let k = db
        .write(|tx| {
            conflicts::set_status(
                tx,
                &k.id,
                ConflictStatusChange {
                    resolution: Some(" 先发布基础版，4 月 15 日补齐 ".into()),
                    ..change(ConflictStatus::Resolved, None, "双方签字")
                },
                now,
            )
        })
        .unwrap();
    assert_eq!(k.status, ConflictStatus::Resolved);
    assert_eq!(
        k.resolution.as_deref(),
        Some("先发布基础版，4 月 15 日补齐")
    );
    assert!(!k.review_due, "a resolved conflict is not due for review");

    // Resolved → escalated is not a move: refused, nothing written.
    let before = conflict_rows(&db);
    let err = db
        .write(|tx| {
            conflicts::set_status(tx, &k.id, change(ConflictStatus::Escalated, None, "x"), now)
        })
        .unwrap_err();
    assert_eq!(rules(err), vec![("status".to_string(), Rule::OutOfRange)]);
    // Nor is staying where it is.
    let err = db
        .write(|tx| {
            conflicts::set_status(tx, &k.id, change(ConflictStatus::Resolved, None, "x"), now)
        })
        .unwrap_err();
    assert_eq!(rules(err), vec![("status".to_string(), Rule::OutOfRange)]);
    assert_eq!(conflict_rows(&db), before);

    // Reopened: the history has every change, oldest first, with who and a note.
    let k = db
        .write(|tx| {
            conflicts::set_status(
                tx,
                &k.id,
                change(ConflictStatus::Open, None, "基础版延期"),
                now,
            )
        })
        .unwrap();
    let history: Vec<Change> = k
        .history
        .iter()
        .map(|e| {
            (
                e.from_status,
                e.to_status,
                e.by_name.as_deref(),
                e.note.as_deref(),
            )
        })
        .collect();
    use ConflictStatus::*;
    assert_eq!(
        history,
        vec![
            (None, Open, None, None),
            (Some(Open), Mediating, Some("周立"), Some("约双方周三面谈")),
            (Some(Mediating), Resolved, None, Some("双方签字")),
            (Some(Resolved), Open, None, Some("基础版延期")),
        ]
    );
    assert!(k.history.iter().all(|e| e.at.ends_with('Z')));
    // Reopened and its review date is today in Shanghai (still yesterday in UTC): due.
    assert!(k.review_due);
}

#[test]
fn sides_must_be_two_live_departments_and_bad_input_writes_nothing() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai();
    let before = conflict_rows(&db);
    // A supplier is not a department.
    let mut input = launch_dispute(&d);
    input.sides[1].organization_id = d.supplier.clone();
    let err = db
        .write(|tx| conflicts::create(tx, input, now))
        .unwrap_err();
    assert_eq!(rules(err), vec![("sides".to_string(), Rule::UnknownId)]);
    // One side only.
    let mut input = launch_dispute(&d);
    input.sides.truncate(1);
    let err = db
        .write(|tx| conflicts::create(tx, input, now))
        .unwrap_err();
    assert_eq!(rules(err), vec![("sides".to_string(), Rule::Required)]);
    // A deleted department cannot be added.
    db.write(|tx| {
        liaison_desk::store::soft_delete(tx, "organizations", "organization", &d.purchasing)
    })
    .unwrap();
    let mut input = launch_dispute(&d);
    input.sides.push(side(&d.purchasing, "预算不足"));
    let err = db
        .write(|tx| conflicts::create(tx, input, now))
        .unwrap_err();
    assert_eq!(rules(err), vec![("sides".to_string(), Rule::UnknownId)]);
    assert_eq!(conflict_rows(&db), before);
    // An unknown conflict.
    assert!(matches!(
        db.write(|tx| conflicts::set_status(
            tx,
            "nope",
            change(ConflictStatus::Mediating, None, ""),
            now
        )),
        Err(AppError::NotFound { .. })
    ));

    // Editing drops a side (kept as a tombstone) and keeps a department deleted since.
    db.write(|tx| liaison_desk::store::restore(tx, "organizations", "organization", &d.purchasing))
        .unwrap();
    let mut three = launch_dispute(&d);
    three.sides.push(side(&d.purchasing, "预算不足"));
    let k = db.write(|tx| conflicts::create(tx, three, now)).unwrap();
    db.write(|tx| {
        liaison_desk::store::soft_delete(tx, "organizations", "organization", &d.purchasing)
    })
    .unwrap();
    let mut two = launch_dispute(&d);
    two.sides = vec![side(&d.rd, ""), side(&d.purchasing, "预算不足")];
    let k = db
        .write(|tx| conflicts::update(tx, &k.id, two, now))
        .unwrap();
    let sides: Vec<(&str, bool, Option<&str>)> = k
        .sides
        .iter()
        .map(|s| {
            (
                s.organization_name.as_str(),
                s.deleted,
                s.position.as_deref(),
            )
        })
        .collect();
    // By pinyin: cai before yan.
    assert_eq!(
        sides,
        vec![("采购部", true, Some("预算不足")), ("研发部", false, None)]
    );
    let tombstones: i64 = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM conflict_departments WHERE conflict_id = ?1 AND deleted_at IS NOT NULL",
                [&k.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(tombstones, 1);
}

#[test]
fn conflicts_are_listed_by_department_found_by_their_words_and_due_for_review_in_the_users_zone() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai();
    let first = db
        .write(|tx| conflicts::create(tx, launch_dispute(&d), now))
        .unwrap();
    let mut later = launch_dispute(&d);
    later.title = "采购预算分摊".into();
    later.sides = vec![
        side(&d.purchasing, "按人头分摊"),
        side(&d.marketing, "按收益分摊"),
    ];
    later.review_date = Some("2026-03-11".into());
    later.options = None;
    let second = db.write(|tx| conflicts::create(tx, later, now)).unwrap();

    let list = |q: ConflictQuery| -> Vec<String> {
        db.read(|c| conflicts::list(c, &q, now))
            .unwrap()
            .into_iter()
            .map(|k| k.title)
            .collect()
    };
    let of = |id: &str| ConflictQuery {
        organization_id: Some(id.into()),
        ..Default::default()
    };
    assert_eq!(list(of(&d.rd)), vec!["新品发布日期之争"]);
    assert_eq!(
        list(of(&d.marketing)),
        vec!["新品发布日期之争", "采购预算分摊"]
    );
    assert_eq!(list(of(&d.supplier)), Vec::<String>::new());
    // Found by a side's position, a department's name and the options.
    let search = |text: &str| {
        list(ConflictQuery {
            search: Some(text.into()),
            ..Default::default()
        })
    };
    assert_eq!(search("按收益"), vec!["采购预算分摊"]);
    assert_eq!(search("分批发布"), vec!["新品发布日期之争"]);
    assert_eq!(search("采购部"), vec!["采购预算分摊"]);
    assert_eq!(search("无关"), Vec::<String>::new());
    // Due: the review date is today in Shanghai (still the 9th in UTC); the 11th is not due.
    let due = list(ConflictQuery {
        review_due_only: true,
        ..Default::default()
    });
    assert_eq!(due, vec!["新品发布日期之争"]);
    // In UTC it is still the 9th: nothing is due.
    db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("UTC")))
        .unwrap();
    assert!(list(ConflictQuery {
        review_due_only: true,
        ..Default::default()
    })
    .is_empty());
    // A deleted conflict leaves lists and search; restored, it is back.
    db.write(|tx| conflicts::delete(tx, &first.id)).unwrap();
    assert_eq!(search("分批发布"), Vec::<String>::new());
    assert_eq!(list(of(&d.rd)), Vec::<String>::new());
    db.write(|tx| conflicts::restore(tx, &first.id, now).map(|_| ()))
        .unwrap();
    assert_eq!(search("分批发布"), vec!["新品发布日期之争"]);
    assert_eq!(second.history.len(), 1);
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn incident(org: &str, kind: IncidentKind, severity: i32, on: &str) -> IncidentInput {
    IncidentInput {
        organization_id: org.into(),
        kind,
        severity,
        occurred_on: on.into(),
        note: Some("备注".into()),
    }
}

fn delivery(org: &str, promised: &str, actual: Option<&str>) -> DeliveryInput {
    DeliveryInput {
        organization_id: org.into(),
        title: format!("批次 {promised}"),
        promised_on: promised.into(),
        delivered_on: actual.map(str::to_string),
    }
}

/// The fixture: twelve deliveries (the two oldest fall outside the last ten), incidents inside and outside the
/// 90 days, in the last quarter and this one.
#[test]
fn the_score_follows_its_formula_on_a_fixture() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai(); // 2026-03-10 in Shanghai
    let s = d.supplier.clone();
    db.write(|tx| {
        // Q4 2025: the two oldest, both late (outside the last ten).
        for (p, a) in [("2025-11-01", "2025-11-09"), ("2025-11-15", "2025-11-20")] {
            scorecard::record_delivery(tx, None, delivery(&s, p, Some(a)), now)?;
        }
        // Q4 2025: four on time.
        for p in ["2025-12-01", "2025-12-05", "2025-12-10", "2025-12-20"] {
            scorecard::record_delivery(tx, None, delivery(&s, p, Some(p)), now)?;
        }
        // Q1 2026: three on time, one a day late, one outstanding and overdue, one early.
        for p in ["2026-01-05", "2026-01-20", "2026-02-01"] {
            scorecard::record_delivery(tx, None, delivery(&s, p, Some(p)), now)?;
        }
        scorecard::record_delivery(
            tx,
            None,
            delivery(&s, "2026-02-10", Some("2026-02-11")),
            now,
        )?;
        scorecard::record_delivery(tx, None, delivery(&s, "2026-03-09", None), now)?;
        scorecard::record_delivery(
            tx,
            None,
            delivery(&s, "2026-02-20", Some("2026-02-18")),
            now,
        )?;
        // Not yet due (today in Shanghai): not counted.
        scorecard::record_delivery(tx, None, delivery(&s, "2026-03-10", None), now)?;
        // Incidents: one of 2025-12-10 (inside 90 days: Dec 11 onward is inside; this one is not), two this quarter.
        scorecard::record_incident(
            tx,
            None,
            incident(&s, IncidentKind::Quality, 3, "2025-12-10"),
        )?;
        scorecard::record_incident(
            tx,
            None,
            incident(&s, IncidentKind::LateDelivery, 2, "2026-02-11"),
        )?;
        scorecard::record_incident(
            tx,
            None,
            incident(&s, IncidentKind::Communication, 1, "2026-03-10"),
        )?;
        Ok(())
    })
    .unwrap();
    let card = db.read(|c| scorecard::scorecard(c, &s, now)).unwrap();
    // The last ten counted: 4 + 6 in Q1 (the not-yet-due one is not counted), 8 on time → 80 %.
    assert_eq!((card.current.counted, card.current.on_time), (10, 8));
    assert_eq!(card.current.on_time_rate, Some(80));
    // The 2025-12-10 incident is 90 days before 2026-03-10 → outside; 10 + 5 points inside.
    assert_eq!(card.current.incidents.late_delivery, 1);
    assert_eq!(card.current.incidents.quality, 0);
    assert_eq!(card.current.incidents.communication, 1);
    assert_eq!(card.current.penalty, 15);
    assert_eq!(card.current.score, 65);
    // Trend: Q2 and Q3 2025 empty (100); Q4: 4 of 6 on time = 67 %, minus 20 = 47; Q1 2026: 4 of 6 = 67 %, − 15.
    let trend: Vec<(&str, i32)> = card
        .trend
        .iter()
        .map(|q| (q.quarter.as_str(), q.parts.score))
        .collect();
    assert_eq!(
        trend,
        vec![
            ("2025-Q2", 100),
            ("2025-Q3", 100),
            ("2025-Q4", 47),
            ("2026-Q1", 52)
        ]
    );
    assert!(!card.dropped, "52 after 47 is a rise");
    assert_eq!(card.deliveries.len(), 13);
    assert_eq!(card.deliveries[0].promised_on, "2026-03-10");
    assert!(!card.deliveries[0].late);
    assert!(
        card.deliveries[1].late,
        "outstanding after its promised date"
    );
    assert_eq!(card.incidents[0].occurred_on, "2026-03-10");

    // Clamped at 0: four critical incidents today.
    db.write(|tx| {
        for _ in 0..4 {
            scorecard::record_incident(
                tx,
                None,
                incident(&s, IncidentKind::Quality, 3, "2026-03-10"),
            )?;
        }
        Ok(())
    })
    .unwrap();
    let card = db.read(|c| scorecard::scorecard(c, &s, now)).unwrap();
    assert_eq!((card.current.penalty, card.current.score), (95, 0));
    assert!(card.dropped, "0 after 47");
    let _ = day("2026-03-10");
}

#[test]
fn suppliers_are_listed_by_score_and_bad_records_are_refused() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai();
    let other = db
        .write(|tx| {
            directory::create_organization(tx, org(OrgKind::Supplier, "Brightline Packaging"))
        })
        .unwrap()
        .id;
    db.write(|tx| {
        scorecard::record_incident(
            tx,
            None,
            incident(&d.supplier, IncidentKind::Quality, 2, "2026-03-01"),
        )?;
        scorecard::record_delivery(
            tx,
            None,
            delivery(&other, "2026-03-01", Some("2026-03-01")),
            now,
        )?;
        Ok(())
    })
    .unwrap();
    let scores: Vec<(String, i32, Option<i32>, i32, bool)> = db
        .read(|c| scorecard::supplier_scores(c, now))
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                s.organization_name,
                s.score,
                s.on_time_rate,
                s.incident_count,
                s.dropped,
            )
        })
        .collect();
    assert_eq!(
        scores,
        vec![
            ("Brightline Packaging".to_string(), 100, Some(100), 0, false),
            ("苏州恒通电子".to_string(), 90, None, 1, true),
        ]
    );
    let count = |db: &Db| -> i64 {
        db.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM supplier_incidents) + (SELECT count(*) FROM supplier_deliveries)",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap()
    };
    let before = count(&db);
    // Severity out of range, a bad date, a department instead of a supplier.
    let err = db
        .write(|tx| {
            scorecard::record_incident(
                tx,
                None,
                incident(&d.supplier, IncidentKind::Quality, 4, "2026-02-30"),
            )
        })
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![
            ("severity".to_string(), Rule::OutOfRange),
            ("occurred_on".to_string(), Rule::InvalidDate)
        ]
    );
    let err = db
        .write(|tx| {
            scorecard::record_incident(
                tx,
                None,
                incident(&d.rd, IncidentKind::Quality, 1, "2026-03-01"),
            )
        })
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("organization_id".to_string(), Rule::UnknownId)]
    );
    let err = db
        .write(|tx| scorecard::record_delivery(tx, None, delivery(&other, "", None), now))
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("promised_on".to_string(), Rule::Required)]
    );
    assert_eq!(count(&db), before);
}

#[test]
fn a_department_lists_the_open_tasks_of_its_own_and_its_people_in_the_users_zone() {
    use liaison_desk::domain::TaskStatus;
    use liaison_desk::services::{departments, projects};
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    let now = early_morning_in_shanghai(); // 2026-03-10 in Shanghai, the 9th in UTC
    db.write(|tx| {
        let t = |title: &str, dept: Option<&str>, person: Option<&str>, due: &str, status| {
            let mut i = common::task(title);
            i.assignee_department_id = dept.map(str::to_string);
            i.assignee_contact_id = person.map(str::to_string);
            i.due_date = Some(due.into());
            i.status = status;
            projects::create_task(tx, i).map(|_| ())
        };
        t(
            "测试报告",
            Some(&d.rd),
            None,
            "2026-03-09",
            TaskStatus::Todo,
        )?;
        t(
            "样机评审",
            None,
            Some(&d.mediator),
            "2026-03-10",
            TaskStatus::InProgress,
        )?;
        t("已交付", Some(&d.rd), None, "2026-03-01", TaskStatus::Done)?;
        t(
            "市场方案",
            Some(&d.marketing),
            None,
            "2026-03-01",
            TaskStatus::Todo,
        )?;
        Ok(())
    })
    .unwrap();
    let w = db.read(|c| departments::work(c, &d.rd, now)).unwrap();
    let titles: Vec<&str> = w.open_tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, vec!["测试报告", "样机评审"]);
    // Due the 9th is overdue on the 10th in Shanghai; due the 10th is not.
    assert_eq!((w.open_count, w.overdue_count), (2, 1));
    // In UTC it is still the 9th: nothing is overdue yet.
    db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("UTC")))
        .unwrap();
    let w = db.read(|c| departments::work(c, &d.rd, now)).unwrap();
    assert_eq!((w.open_count, w.overdue_count), (2, 0));
    // A member who leaves is no longer counted.
    db.write(|tx| liaison_desk::store::soft_delete(tx, "contacts", "contact", &d.mediator))
        .unwrap();
    let w = db.read(|c| departments::work(c, &d.rd, now)).unwrap();
    assert_eq!(w.open_count, 1);
}

#[test]
fn a_deleted_mediator_is_kept_marked_and_cannot_be_chosen_anew() {
    let (_d, db) = temp_db();
    let d = departments(&db);
    let now = early_morning_in_shanghai();
    let k = db
        .write(|tx| conflicts::create(tx, launch_dispute(&d), now))
        .unwrap();
    db.write(|tx| liaison_desk::store::soft_delete(tx, "contacts", "contact", &d.mediator))
        .unwrap();
    let k = db.read(|c| conflicts::get(c, &k.id, now)).unwrap();
    assert_eq!(k.deleted_refs, vec!["mediator_contact_id"]);
    assert_eq!(k.mediator_name.as_deref(), Some("周立"));
    // Saving the conflict again keeps the reference it has…
    let saved = db
        .write(|tx| conflicts::update(tx, &k.id, launch_dispute(&d), now))
        .unwrap();
    assert_eq!(
        saved.mediator_contact_id.as_deref(),
        Some(d.mediator.as_str())
    );
    // …but a new conflict cannot name the deleted person, nor can a status change.
    let err = db
        .write(|tx| conflicts::create(tx, launch_dispute(&d), now))
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("mediator_contact_id".to_string(), Rule::UnknownId)]
    );
    let err = db
        .write(|tx| {
            conflicts::set_status(
                tx,
                &k.id,
                change(ConflictStatus::Mediating, Some(&d.mediator), "x"),
                now,
            )
        })
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("by_contact_id".to_string(), Rule::UnknownId)]
    );
}

/// A meeting of an hour from a local Shanghai time ("2026-03-10T09:00").
fn meeting_at(title: &str, local: &str) -> liaison_desk::domain::MeetingInput {
    let start = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").unwrap();
    let end = start + chrono::Duration::hours(1);
    liaison_desk::domain::MeetingInput {
        starts_at: format!("{}+08:00", start.format("%Y-%m-%dT%H:%M:%S")),
        ends_at: format!("{}+08:00", end.format("%Y-%m-%dT%H:%M:%S")),
        ..common::meeting(title)
    }
}

fn commitment_due(
    title: &str,
    org: &str,
    due: Option<&str>,
    direction: liaison_desk::domain::Direction,
) -> liaison_desk::domain::CommitmentInput {
    liaison_desk::domain::CommitmentInput {
        direction,
        title: title.into(),
        organization_id: Some(org.into()),
        contact_id: None,
        owner_contact_id: None,
        due_date: due.map(str::to_string),
        notes: None,
        meeting_id: None,
        decision_id: None,
        interaction_id: None,
        task_id: None,
    }
}

#[test]
fn the_dashboard_says_what_needs_me_today_in_the_users_zone_with_the_first_of_more() {
    use liaison_desk::domain::{CadenceInput, CommitmentStatus, Direction};
    use liaison_desk::services::{commitments, dashboard, meetings, relationships};
    let (_d, db) = temp_db();
    shanghai(&db);
    let d = departments(&db);
    // Tuesday 2026-03-10 00:30 in Shanghai (still Monday the 9th in UTC); the week ends on Sunday the 15th.
    let now = early_morning_in_shanghai();
    db.write(|tx| {
        // Nine meetings today, one late yesterday (today in UTC), one tomorrow.
        for h in 9..18 {
            meetings::create_meeting(
                tx,
                meeting_at(&format!("今天 {h}:00"), &format!("2026-03-10T{h:02}:00")),
            )?;
        }
        meetings::create_meeting(tx, meeting_at("昨晚", "2026-03-09T22:30"))?;
        meetings::create_meeting(tx, meeting_at("明天", "2026-03-11T09:00"))?;
        let c = |title: &str, due: Option<&str>, dir| {
            commitments::create(tx, commitment_due(title, &d.supplier, due, dir), now)
        };
        c("逾期样品", Some("2026-03-05"), Direction::WaitingOn)?;
        c("周日交付计划", Some("2026-03-15"), Direction::WeOwe)?;
        c("下周一报价", Some("2026-03-16"), Direction::WeOwe)?;
        c("无日期", None, Direction::WaitingOn)?;
        let done = c("已完成", Some("2026-03-12"), Direction::WeOwe)?;
        commitments::set_status(tx, &done.id, CommitmentStatus::Done, now)?;
        // Two cadences set two months ago without an interaction since: red; a third one green.
        for (org, every) in [(&d.supplier, 7), (&d.purchasing, 14), (&d.rd, 365)] {
            relationships::set_cadence(
                tx,
                CadenceInput {
                    organization_id: Some(org.clone()),
                    contact_id: None,
                    every_days: Some(every),
                },
                now - chrono::Duration::days(60),
            )?;
        }
        Ok(())
    })
    .unwrap();
    // set_cadence stamps its rows with the wall clock: date them back so the cadences are overdue.
    db.write(|tx| {
        tx.execute(
            "UPDATE cadences SET created_at = '2026-01-01T00:00:00Z'",
            [],
        )?;
        Ok(())
    })
    .unwrap();

    let s = db.read(|c| dashboard::summary(c, now)).unwrap();
    assert_eq!(s.counts.meetings_today, 9);
    let today: Vec<&str> = s.today_meetings.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        today,
        [
            "今天 9:00",
            "今天 10:00",
            "今天 11:00",
            "今天 12:00",
            "今天 13:00",
            "今天 14:00",
            "今天 15:00",
            "今天 16:00"
        ]
    );
    assert_eq!(s.week_end, "2026-03-15");
    assert_eq!(s.counts.commitments_due, 2);
    let due: Vec<(&str, bool)> = s
        .commitments_due
        .iter()
        .map(|k| (k.title.as_str(), k.overdue))
        .collect();
    assert_eq!(due, [("逾期样品", true), ("周日交付计划", false)]);
    assert_eq!(s.counts.losing_touch, 2);
    assert_eq!(s.losing_touch.len(), 2);
    // The most overdue first: the weekly one (due 2026-01-08) before the fortnightly one (due 2026-01-15).
    assert_eq!(
        s.losing_touch[0].organization_id.as_deref(),
        Some(d.supplier.as_str())
    );

    // In UTC it is still Monday the 9th: yesterday evening's meeting is today's, the week still ends on the 15th.
    db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("UTC")))
        .unwrap();
    let s = db.read(|c| dashboard::summary(c, now)).unwrap();
    let today: Vec<&str> = s.today_meetings.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(today, ["昨晚"]);
    assert_eq!((s.counts.meetings_today, s.counts.commitments_due), (1, 2));

    // Marked done in place, a commitment leaves the panel and its count.
    let first = s.commitments_due[0].id.clone();
    db.write(|tx| commitments::set_status(tx, &first, CommitmentStatus::Done, now).map(|_| ()))
        .unwrap();
    let s = db.read(|c| dashboard::summary(c, now)).unwrap();
    assert_eq!(s.counts.commitments_due, 1);
    // An interaction resets a cadence: the supplier leaves the losing-touch panel.
    db.write(|tx| {
        relationships::log_interaction(
            tx,
            liaison_desk::domain::InteractionInput {
                kind: liaison_desk::domain::InteractionKind::Call,
                occurred_at: "2026-03-09T16:00:00Z".into(),
                summary: Some("电话确认 Called".into()),
                follow_up_date: None,
                follow_up_title: None,
                organization_ids: vec![d.supplier.clone()],
                contact_ids: vec![],
            },
        )
        .map(|_| ())
    })
    .unwrap();
    let s = db.read(|c| dashboard::summary(c, now)).unwrap();
    assert_eq!(s.counts.losing_touch, 1);
    assert_eq!(
        s.losing_touch[0].organization_id.as_deref(),
        Some(d.purchasing.as_str())
    );
}

#[test]
fn an_empty_dashboard_has_nothing_today() {
    use liaison_desk::services::dashboard;
    let (_d, db) = temp_db();
    let s = db
        .read(|c| dashboard::summary(c, early_morning_in_shanghai()))
        .unwrap();
    assert!(s.is_empty);
    assert_eq!(
        (
            s.counts.meetings_today,
            s.counts.commitments_due,
            s.counts.losing_touch
        ),
        (0, 0, 0)
    );
    assert!(
        s.today_meetings.is_empty() && s.commitments_due.is_empty() && s.losing_touch.is_empty()
    );
}

#[test]
fn an_organization_shows_the_decisions_of_its_meetings_and_a_department_its_own_projects() {
    use liaison_desk::domain::{DecisionInput, ProjectQuery, TimelineKind};
    use liaison_desk::services::relationships::{self, TimelineQuery};
    use liaison_desk::services::{meetings, minutes, projects};
    let (_d, db) = temp_db();
    let d = departments(&db);
    let (decisions, project_names) = db
        .write(|tx| {
            let person =
                directory::create_contact(tx, contact("华东 王经理", Some(&d.supplier)))?.id;
            // Linked to the supplier; attended by its person; unrelated (but one decision recorded for it).
            let linked = meetings::create_meeting(
                tx,
                liaison_desk::domain::MeetingInput {
                    organization_ids: vec![d.supplier.clone()],
                    ..meeting_at("供应商季度会", "2026-03-02T10:00")
                },
            )?;
            let attended = meetings::create_meeting(
                tx,
                liaison_desk::domain::MeetingInput {
                    attendee_ids: vec![person.clone()],
                    ..meeting_at("样品评审", "2026-03-03T10:00")
                },
            )?;
            let other = meetings::create_meeting(tx, meeting_at("内部周会", "2026-03-04T10:00"))?;
            let decide = |m: &str, text: &str, org: Option<&String>| {
                minutes::add_decision(
                    tx,
                    m,
                    DecisionInput {
                        text: text.into(),
                        organization_id: org.cloned(),
                    },
                )
            };
            decide(&linked.id, "下季度备货 20% Stock up 20%", None)?;
            decide(&attended.id, "样品通过 Samples accepted", None)?;
            decide(&other.id, "向华东追加订单 More orders", Some(&d.supplier))?;
            decide(&other.id, "内部排班 Rota", None)?;
            let gone = decide(&linked.id, "已撤回 Withdrawn", None)?;
            liaison_desk::services::delete(tx, liaison_desk::domain::Entity::Decision, &gone.id)?;

            // A department's projects: owned by it, or linked to it; not another department's.
            let owned = liaison_desk::domain::ProjectInput {
                owner_department_id: Some(d.rd.clone()),
                ..common::project("研发部自有项目")
            };
            projects::create_project(tx, owned)?;
            let mut linked_project = common::project("联合项目");
            linked_project.organizations = vec![liaison_desk::domain::ProjectOrganizationInput {
                organization_id: d.rd.clone(),
                role: "合作 Partner".into(),
            }];
            let linked_ok = projects::create_project(tx, linked_project);
            let others = liaison_desk::domain::ProjectInput {
                owner_department_id: Some(d.marketing.clone()),
                ..common::project("市场部项目")
            };
            projects::create_project(tx, others)?;
            let q = ProjectQuery {
                organization_id: Some(d.rd.clone()),
                ..Default::default()
            };
            let mut names: Vec<String> = projects::list_projects(tx, &q)?
                .items
                .into_iter()
                .map(|p| p.name)
                .collect();
            names.sort();
            linked_ok?;
            Ok((
                minutes::organization_decisions(tx, &d.supplier, Some(2))?,
                names,
            ))
        })
        .unwrap();
    // Newest meeting first; the first two of three.
    assert_eq!(decisions.total, 3);
    let texts: Vec<&str> = decisions
        .items
        .iter()
        .map(|h| h.decision.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["向华东追加订单 More orders", "样品通过 Samples accepted"]
    );
    assert_eq!(decisions.items[1].meeting_title, "样品评审");
    assert_eq!(project_names, ["研发部自有项目", "联合项目"]);

    // The timeline holds the same three decisions.
    let timeline = db
        .read(|c| {
            relationships::timeline(
                c,
                &TimelineQuery {
                    organization_id: Some(d.supplier.clone()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let kinds = |k: TimelineKind| timeline.iter().filter(|i| i.kind == k).count();
    assert_eq!(
        (kinds(TimelineKind::Decision), kinds(TimelineKind::Meeting)),
        (3, 2)
    );
    // An organization with no meetings has no decisions.
    let none = db
        .read(|c| minutes::organization_decisions(c, &d.marketing, None))
        .unwrap();
    assert_eq!((none.items.len(), none.total), (0, 0));
}
