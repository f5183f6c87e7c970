//! Project planning rules and services: dependencies and loops, subtasks, the board's fractional order, milestones,
//! risk scores and the two-review flag, budget arithmetic (with property tests), health (a table of RAG cases, the
//! override and its expiry), and the weekly status report (insta goldens for Markdown in both languages,
//! pdftotext for PDF and pandoc for DOCX with the Chinese read back verbatim).

mod common;

use chrono::{DateTime, Utc};
use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::{AppError, Rule};
use liaison_desk::export::summary::Lang;
use liaison_desk::services::exports::ExportFormat;
use liaison_desk::services::reports::{self, ReportScope};
use liaison_desk::services::{plan, projects, settings};
use liaison_desk::store::tasks::BoardFilter;
use liaison_desk::store::Db;
use proptest::prelude::*;
use std::process::Command;

/// Thursday of 2026-W48, 10:00 in Shanghai.
fn now() -> DateTime<Utc> {
    "2026-11-26T02:00:00Z".parse().unwrap()
}

fn shanghai(db: &Db) {
    db.write(|c| {
        let mut s = settings::get(c)?;
        s.time_zone = Some("Asia/Shanghai".into());
        settings::set(c, s)
    })
    .unwrap();
}

fn new_project(db: &Db, name: &str) -> Project {
    db.write(|c| projects::create_project(c, project(name)))
        .unwrap()
}

fn new_task(db: &Db, project: &str, title: &str, status: TaskStatus, due: Option<&str>) -> Task {
    let mut t = task(title);
    t.project_id = Some(project.into());
    t.status = status;
    t.due_date = due.map(String::from);
    db.write(|c| projects::create_task(c, t)).unwrap()
}

/// An open milestone of the project, due on `target`.
fn open_milestone(db: &Db, project: &str, title: &str, target: &str) -> Milestone {
    db.write(|c| {
        plan::create_milestone(
            c,
            project,
            MilestoneInput {
                title: title.into(),
                target_date: target.into(),
                status: MilestoneStatus::Open,
                done_on: None,
            },
            now(),
        )
    })
    .unwrap()
}

fn risk_input(title: &str, p: i32, i: i32) -> RiskInput {
    RiskInput {
        title: title.into(),
        description: None,
        probability: p,
        impact: i,
        owner_contact_id: None,
        mitigation: Some("备选供应商 backup supplier".into()),
        due_date: Some("2026-12-15".into()),
        status: RiskStatus::Open,
        task_ids: None,
    }
}

fn line(
    category: &str,
    planned: i64,
    actual: i64,
    currency: &str,
    day: Option<&str>,
) -> BudgetLineInput {
    BudgetLineInput {
        category: category.into(),
        description: None,
        planned: Minor(planned),
        actual: Minor(actual),
        currency: currency.into(),
        spent_on: day.map(String::from),
    }
}

// ---- Dependencies, subtasks, board

#[test]
fn dependency_loops_are_refused_with_a_cycle_error_and_nothing_written() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::Todo, None);
    let c3 = new_task(&db, &p.id, "C", TaskStatus::Todo, None);
    db.write(|c| plan::add_dependency(c, &a.id, &b.id, now()))
        .unwrap();
    db.write(|c| plan::add_dependency(c, &b.id, &c3.id, now()))
        .unwrap();
    let before = row_counts(&db);
    for (pred, succ) in [(&c3.id, &a.id), (&b.id, &a.id), (&a.id, &a.id)] {
        let e = db
            .write(|c| plan::add_dependency(c, pred, succ, now()))
            .unwrap_err();
        assert_eq!(rules(e), vec![("predecessor_id".to_string(), Rule::Cycle)]);
    }
    assert_eq!(row_counts(&db), before);
    // A → C directly is no loop (it is implied, and allowed).
    db.write(|c| plan::add_dependency(c, &a.id, &c3.id, now()))
        .unwrap();
    // Without B → C, C → B closes no loop (A → B and A → C only meet at A).
    db.write(|c| plan::remove_dependency(c, &b.id, &c3.id))
        .unwrap();
    db.write(|c| plan::add_dependency(c, &c3.id, &b.id, now()))
        .unwrap();
    // An unknown task is an unknown id, not a loop.
    let e = db
        .write(|c| plan::add_dependency(c, "nope", &a.id, now()))
        .unwrap_err();
    assert_eq!(
        rules(e),
        vec![("predecessor_id".to_string(), Rule::UnknownId)]
    );
}

#[test]
fn cycle_detection_walks_long_chains() {
    let edges: Vec<(String, String)> = (0..1000)
        .map(|i| (i.to_string(), (i + 1).to_string()))
        .collect();
    assert!(creates_cycle(&edges, "1000", "0"));
    assert!(creates_cycle(&edges, "500", "10"));
    assert!(!creates_cycle(&edges, "0", "1000"));
    assert!(!creates_cycle(&edges, "x", "y"));
    assert!(creates_cycle(&[], "x", "x"));
}

#[test]
fn successor_planned_before_its_predecessor_ends_is_warned_in_the_users_zone() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::InProgress, Some("2026-12-03"));
    let mut b = task("B");
    b.project_id = Some(p.id.clone());
    b.due_date = Some("2026-12-10".into());
    // 00:30 on 3 December in Shanghai is still 2 December in UTC: the day that counts is the 3rd.
    b.scheduled_start = Some("2026-12-03T00:30:00+08:00".into());
    b.scheduled_end = Some("2026-12-03T02:00:00+08:00".into());
    let b = db.write(|c| projects::create_task(c, b)).unwrap();
    let dep = db
        .write(|c| plan::add_dependency(c, &a.id, &b.id, now()))
        .unwrap();
    assert_eq!(
        dep.warning, None,
        "starting on the predecessor's due day is fine"
    );
    let d2 = new_task(&db, &p.id, "D", TaskStatus::Todo, Some("2026-12-01"));
    let dep = db
        .write(|c| plan::add_dependency(c, &a.id, &d2.id, now()))
        .unwrap();
    assert_eq!(dep.warning, Some(ScheduleWarning::DueBeforePredecessorEnds));
    // Once the predecessor is done, nothing to warn about.
    let mut done = task("A");
    done.project_id = Some(p.id.clone());
    done.status = TaskStatus::Done;
    done.due_date = Some("2026-12-03".into());
    db.write(|c| projects::update_task(c, &a.id, done)).unwrap();
    let deps = db.read(|c| plan::dependencies(c, &p.id, now())).unwrap();
    assert!(deps.iter().all(|d| d.warning.is_none()), "{deps:?}");
    // The pure rule: scheduled start before the end.
    let pred = TaskDates {
        due: Some("2026-12-05".into()),
        ..Default::default()
    };
    let succ = TaskDates {
        scheduled_start: Some("2026-12-04".into()),
        due: Some("2026-12-09".into()),
        ..Default::default()
    };
    assert_eq!(
        schedule_warning(&pred, &succ),
        Some(ScheduleWarning::ScheduledBeforePredecessorEnds)
    );
}

#[test]
fn a_task_cannot_become_its_own_ancestor() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::Todo, None);
    let plan_of = |parent: &str| TaskPlanInput {
        parent_id: Some(parent.into()),
        milestone_id: None,
        predecessor_ids: None,
    };
    let b2 = db
        .write(|c| plan::set_task_plan(c, &b.id, plan_of(&a.id)))
        .unwrap();
    assert_eq!(b2.parent_id.as_deref(), Some(a.id.as_str()));
    let e = db
        .write(|c| plan::set_task_plan(c, &a.id, plan_of(&b.id)))
        .unwrap_err();
    assert_eq!(rules(e), vec![("parent_id".to_string(), Rule::Cycle)]);
    let e = db
        .write(|c| plan::set_task_plan(c, &a.id, plan_of(&a.id)))
        .unwrap_err();
    assert_eq!(rules(e), vec![("parent_id".to_string(), Rule::Cycle)]);
    // The parent is deleted: the link is kept on save, a new one to a deleted task is refused.
    db.write(|c| liaison_desk::services::delete(c, Entity::Task, &a.id))
        .unwrap();
    db.write(|c| plan::set_task_plan(c, &b.id, plan_of(&a.id)))
        .unwrap();
    let c3 = new_task(&db, &p.id, "C", TaskStatus::Todo, None);
    let e = db
        .write(|c| plan::set_task_plan(c, &c3.id, plan_of(&a.id)))
        .unwrap_err();
    assert_eq!(rules(e), vec![("parent_id".to_string(), Rule::UnknownId)]);
}

fn manual_titles(db: &Db, project: &str) -> Vec<String> {
    let q = TaskQuery {
        project_id: Some(project.into()),
        sort: Some(TaskSort::Manual),
        ..Default::default()
    };
    db.read(|c| projects::list_tasks(c, &q))
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.title)
        .collect()
}

#[test]
fn a_subtask_moves_under_its_parent_in_the_manual_order() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    new_task(&db, &p.id, "B", TaskStatus::Todo, None);
    let a1 = new_task(&db, &p.id, "A1", TaskStatus::Todo, None);
    let a2 = new_task(&db, &p.id, "A2", TaskStatus::Todo, None);
    let a11 = new_task(&db, &p.id, "A1a", TaskStatus::Todo, None);
    let under = |parent: &str| TaskPlanInput {
        parent_id: Some(parent.into()),
        milestone_id: None,
        predecessor_ids: None,
    };
    db.write(|c| plan::set_task_plan(c, &a1.id, under(&a.id)))
        .unwrap();
    assert_eq!(manual_titles(&db, &p.id), ["A", "A1", "B", "A2", "A1a"]);
    db.write(|c| plan::set_task_plan(c, &a11.id, under(&a1.id)))
        .unwrap();
    // A2 goes after A's whole family, grandchild included.
    db.write(|c| plan::set_task_plan(c, &a2.id, under(&a.id)))
        .unwrap();
    assert_eq!(manual_titles(&db, &p.id), ["A", "A1", "A1a", "A2", "B"]);
    // Saving the same parent again does not move the task (a drag on the board may have placed it).
    let before = db.read(|c| projects::get_task(c, &a1.id)).unwrap().sort_key;
    db.write(|c| plan::set_task_plan(c, &a1.id, under(&a.id)))
        .unwrap();
    let after = db.read(|c| projects::get_task(c, &a1.id)).unwrap().sort_key;
    assert_eq!(before, after);
}

#[test]
fn predecessors_are_set_as_a_list_and_a_loop_writes_nothing() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::Todo, None);
    let c3 = new_task(&db, &p.id, "C", TaskStatus::Todo, None);
    let m = open_milestone(&db, &p.id, "M", "2026-12-10");
    let with = |parent: Option<&str>, preds: &[&str]| TaskPlanInput {
        parent_id: parent.map(String::from),
        milestone_id: Some(m.id.clone()),
        predecessor_ids: Some(preds.iter().map(|s| s.to_string()).collect()),
    };
    // C after A and B (a repeated id counts once).
    db.write(|c| plan::set_task_plan(c, &c3.id, with(None, &[&a.id, &b.id, &a.id])))
        .unwrap();
    let pairs = |db: &Db| -> Vec<(String, String)> {
        db.read(|c| plan::dependencies(c, &p.id, now()))
            .unwrap()
            .into_iter()
            .map(|d| (d.predecessor_title, d.successor_title))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(
        pairs(&db),
        [("A".to_string(), "C".to_string()), ("B".into(), "C".into())]
    );
    // Only B now: A → C is removed.
    db.write(|c| plan::set_task_plan(c, &c3.id, with(None, &[&b.id])))
        .unwrap();
    assert_eq!(pairs(&db), [("B".to_string(), "C".to_string())]);
    // A parent or milestone of another project is refused.
    let q = new_project(&db, "Q");
    let q1 = new_task(&db, &q.id, "Q1", TaskStatus::Todo, None);
    let qm = open_milestone(&db, &q.id, "QM", "2026-12-10");
    let e = db
        .write(|c| plan::set_task_plan(c, &q1.id, with(Some(&a.id), &[])))
        .unwrap_err();
    assert_eq!(rules(e), vec![("parent_id".to_string(), Rule::OutOfRange)]);
    let foreign = TaskPlanInput {
        parent_id: None,
        milestone_id: Some(qm.id.clone()),
        predecessor_ids: None,
    };
    let e = db
        .write(|c| plan::set_task_plan(c, &a.id, foreign))
        .unwrap_err();
    assert_eq!(
        rules(e),
        vec![("milestone_id".to_string(), Rule::OutOfRange)]
    );
    // B after C closes a loop (B → C exists); the parent and milestone given with it are not written either.
    let before = row_counts(&db);
    let e = db
        .write(|c| plan::set_task_plan(c, &b.id, with(Some(&a.id), &[&c3.id])))
        .unwrap_err();
    assert_eq!(rules(e), vec![("predecessor_id".to_string(), Rule::Cycle)]);
    assert_eq!(row_counts(&db), before);
    let b_now = db.read(|c| projects::get_task(c, &b.id)).unwrap();
    assert_eq!((b_now.parent_id, b_now.milestone_id), (None, None));
    // A task is not its own predecessor.
    let e = db
        .write(|c| plan::set_task_plan(c, &a.id, with(None, &[&a.id])))
        .unwrap_err();
    assert_eq!(rules(e), vec![("predecessor_id".to_string(), Rule::Cycle)]);
    // None leaves the links alone.
    db.write(|c| {
        plan::set_task_plan(
            c,
            &c3.id,
            TaskPlanInput {
                parent_id: None,
                milestone_id: None,
                predecessor_ids: None,
            },
        )
    })
    .unwrap();
    assert_eq!(pairs(&db), [("B".to_string(), "C".to_string())]);
    // An empty list removes them all.
    db.write(|c| plan::set_task_plan(c, &c3.id, with(None, &[])))
        .unwrap();
    assert!(pairs(&db).is_empty());
}

#[test]
fn bulk_edit_changes_every_selected_task_or_none() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let other = new_project(&db, "Q");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::Blocked, Some("2026-12-01"));
    let q1 = new_task(&db, &other.id, "Q1", TaskStatus::Todo, None);
    let person = db
        .write(|c| liaison_desk::services::directory::create_contact(c, contact("王芳", None)))
        .unwrap();
    let m = open_milestone(&db, &p.id, "M", "2026-12-10");
    let edit = |ids: Vec<String>| TaskBulkEdit {
        ids,
        status: Some(TaskStatus::InProgress),
        assignee_contact_id: Some(person.id.clone()),
        due_date: Some("2026-12-05".into()),
        milestone_id: Some(m.id.clone()),
    };
    let done = db
        .write(|c| plan::bulk_edit(c, edit(vec![a.id.clone(), b.id.clone()])))
        .unwrap();
    assert_eq!(done.len(), 2);
    for t in &done {
        assert_eq!(t.status, TaskStatus::InProgress);
        assert_eq!(t.assignee_contact_name.as_deref(), Some("王芳"));
        assert_eq!(t.due_date.as_deref(), Some("2026-12-05"));
        assert_eq!(t.milestone_id.as_deref(), Some(m.id.as_str()));
    }
    // Only the status: the rest of each task stays as it is.
    let only_status = TaskBulkEdit {
        ids: vec![b.id.clone()],
        status: Some(TaskStatus::Done),
        ..Default::default()
    };
    let b2 = db.write(|c| plan::bulk_edit(c, only_status)).unwrap();
    assert_eq!(b2[0].status, TaskStatus::Done);
    assert_eq!(b2[0].due_date.as_deref(), Some("2026-12-05"));
    assert_eq!(b2[0].title, "B");
    // A task of another project cannot take this project's milestone: nothing is written, not even for A.
    let before = row_counts(&db);
    let a_before = db.read(|c| projects::get_task(c, &a.id)).unwrap();
    let mixed = TaskBulkEdit {
        ids: vec![a.id.clone(), q1.id.clone()],
        status: Some(TaskStatus::Cancelled),
        milestone_id: Some(m.id.clone()),
        ..Default::default()
    };
    let e = db.write(|c| plan::bulk_edit(c, mixed)).unwrap_err();
    assert_eq!(
        rules(e),
        vec![("milestone_id".to_string(), Rule::OutOfRange)]
    );
    assert_eq!(row_counts(&db), before);
    assert_eq!(
        db.read(|c| projects::get_task(c, &a.id)).unwrap().status,
        a_before.status
    );
    // Bad input: no task, no change, a date that is not one.
    let e = db
        .write(|c| plan::bulk_edit(c, TaskBulkEdit::default()))
        .unwrap_err();
    assert_eq!(
        rules(e),
        vec![
            ("ids".to_string(), Rule::Required),
            ("status".to_string(), Rule::Required)
        ]
    );
    let bad_day = TaskBulkEdit {
        ids: vec![a.id.clone()],
        due_date: Some("2026-02-30".into()),
        ..Default::default()
    };
    let e = db.write(|c| plan::bulk_edit(c, bad_day)).unwrap_err();
    assert_eq!(rules(e), vec![("due_date".to_string(), Rule::InvalidDate)]);
    let gone = TaskBulkEdit {
        ids: vec![a.id.clone()],
        milestone_id: Some("nope".into()),
        ..Default::default()
    };
    let e = db.write(|c| plan::bulk_edit(c, gone)).unwrap_err();
    assert_eq!(
        rules(e),
        vec![("milestone_id".to_string(), Rule::UnknownId)]
    );
}

#[test]
fn board_moves_change_status_and_order_with_fractional_keys() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let a = new_task(&db, &p.id, "A", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::InProgress, None);
    let c3 = new_task(&db, &p.id, "C", TaskStatus::InProgress, None);
    // A goes between B and C in "in progress".
    let moved = db
        .write(|c| {
            plan::move_on_board(
                c,
                BoardMove {
                    task_id: a.id.clone(),
                    status: TaskStatus::InProgress,
                    after_id: Some(b.id.clone()),
                    before_id: Some(c3.id.clone()),
                },
            )
        })
        .unwrap();
    assert_eq!(moved.status, TaskStatus::InProgress);
    assert_eq!(
        moved.sort_key,
        b.sort_key + (c3.sort_key - b.sort_key) / 2.0
    );
    let board = db
        .read(|c| plan::board(c, &p.id, &BoardFilter::default()))
        .unwrap();
    let titles = |s: TaskStatus| -> Vec<String> {
        board
            .iter()
            .find(|col| col.status == s)
            .unwrap()
            .tasks
            .iter()
            .map(|t| t.title.clone())
            .collect()
    };
    assert_eq!(titles(TaskStatus::InProgress), ["B", "A", "C"]);
    assert!(titles(TaskStatus::Todo).is_empty());
    assert_eq!(key_between(None, None), 1.0);
    assert_eq!(key_between(Some(3.0), None), 4.0);
    assert_eq!(key_between(None, Some(3.0)), 2.0);
}

// ---- Milestones

#[test]
fn milestones_count_their_tasks_and_know_when_they_slip() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let p = new_project(&db, "P");
    let m = open_milestone(&db, &p.id, "样品确认", "2026-11-30");
    let t = new_task(&db, &p.id, "A", TaskStatus::Todo, Some("2026-12-02"));
    db.write(|c| {
        plan::set_task_plan(
            c,
            &t.id,
            TaskPlanInput {
                parent_id: None,
                milestone_id: Some(m.id.clone()),
                predecessor_ids: None,
            },
        )
    })
    .unwrap();
    let ms = db.read(|c| plan::milestones(c, &p.id)).unwrap();
    assert_eq!((ms[0].task_count, ms[0].open_task_count), (1, 1));
    assert_eq!(ms[0].latest_open_due.as_deref(), Some("2026-12-02"));
    assert_eq!(
        milestone_state(&ms[0], "2026-11-26"),
        MilestoneState::AtRisk
    );
    assert_eq!(
        milestone_state(&ms[0], "2026-12-01"),
        MilestoneState::Slipped
    );
    // Marked done without a day: today in the user's zone (early on the 27th in Shanghai is the 26th in UTC).
    let early: DateTime<Utc> = "2026-11-26T16:30:00Z".parse().unwrap();
    let done = db
        .write(|c| {
            plan::update_milestone(
                c,
                &m.id,
                MilestoneInput {
                    title: "样品确认".into(),
                    target_date: "2026-11-30".into(),
                    status: MilestoneStatus::Done,
                    done_on: None,
                },
                early,
            )
        })
        .unwrap();
    assert_eq!(done.done_on.as_deref(), Some("2026-11-27"));
    assert_eq!(milestone_state(&done, "2026-12-05"), MilestoneState::Hit);
    let e = db
        .write(|c| {
            plan::create_milestone(
                c,
                &p.id,
                MilestoneInput {
                    title: " ".into(),
                    target_date: "2026-02-30".into(),
                    status: MilestoneStatus::Open,
                    done_on: None,
                },
                now(),
            )
        })
        .unwrap_err();
    let r = rules(e);
    assert!(r.contains(&("title".into(), Rule::Required)), "{r:?}");
    assert!(
        r.contains(&("target_date".into(), Rule::InvalidDate)),
        "{r:?}"
    );
}

// ---- Risks

#[test]
fn a_risk_links_tasks_of_its_project_and_keeps_a_link_to_a_task_deleted_later() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let q = new_project(&db, "Q");
    let a = new_task(&db, &p.id, "备选供应商询价", TaskStatus::Todo, None);
    let b = new_task(&db, &p.id, "B", TaskStatus::Done, None);
    let elsewhere = new_task(&db, &q.id, "Q1", TaskStatus::Todo, None);
    let with = |ids: Option<Vec<&String>>| RiskInput {
        task_ids: ids.map(|v| v.into_iter().cloned().collect()),
        ..risk_input("交期延误", 4, 4)
    };
    let r = db
        .write(|c| plan::create_risk(c, &p.id, with(Some(vec![&b.id, &a.id, &a.id]))))
        .unwrap();
    let titles = |r: &Risk| -> Vec<(String, bool)> {
        r.tasks
            .iter()
            .map(|t| (t.title.clone(), t.deleted))
            .collect()
    };
    assert_eq!(
        titles(&r),
        [("B".to_string(), false), ("备选供应商询价".into(), false)]
    );
    assert_eq!(r.tasks[0].status, TaskStatus::Done);
    // The project's list reads the same links (in one query for all its risks).
    let listed = db.read(|c| plan::risks(c, &p.id)).unwrap();
    assert_eq!(titles(&listed[0]), titles(&r));
    // A status change that does not send the links keeps them.
    let closed = RiskInput {
        status: RiskStatus::Closed,
        ..with(None)
    };
    let r2 = db.write(|c| plan::update_risk(c, &r.id, closed)).unwrap();
    assert_eq!(titles(&r2), titles(&r));
    // A task of another project, or an unknown one, is refused and nothing is written.
    let before = row_counts(&db);
    for bad in [&elsewhere.id, &"nope".to_string()] {
        let e = db
            .write(|c| plan::update_risk(c, &r.id, with(Some(vec![&a.id, bad]))))
            .unwrap_err();
        assert_eq!(rules(e), vec![("task_ids".to_string(), Rule::UnknownId)]);
    }
    assert_eq!(row_counts(&db), before);
    // Deleting a linked task first says which risks point at it.
    let pointing = db
        .read(|c| liaison_desk::store::references::counts(c, "tasks", &a.id))
        .unwrap();
    assert_eq!(pointing, [("linked_risks".to_string(), 1)]);
    // A task deleted later stays linked, marked deleted, and may be kept on save but not linked anew.
    db.write(|c| liaison_desk::services::delete(c, Entity::Task, &a.id))
        .unwrap();
    let r3 = db
        .write(|c| plan::update_risk(c, &r.id, with(Some(vec![&a.id]))))
        .unwrap();
    assert_eq!(titles(&r3), [("备选供应商询价".to_string(), true)]);
    let r4 = db
        .write(|c| plan::update_risk(c, &r.id, with(Some(vec![]))))
        .unwrap();
    assert!(r4.tasks.is_empty());
    let e = db
        .write(|c| plan::update_risk(c, &r.id, with(Some(vec![&a.id]))))
        .unwrap_err();
    assert_eq!(rules(e), vec![("task_ids".to_string(), Rule::UnknownId)]);
}

#[test]
fn risk_scores_levels_and_the_two_review_flag() {
    assert_eq!(risk_score(3, 5), 15);
    for (score, level) in [
        (1, RiskLevel::Low),
        (6, RiskLevel::Low),
        (7, RiskLevel::Medium),
        (14, RiskLevel::Medium),
        (15, RiskLevel::High),
        (25, RiskLevel::High),
    ] {
        assert_eq!(risk_level(score), level, "score {score}");
    }
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    let r = db
        .write(|c| plan::create_risk(c, &p.id, risk_input("交期延误", 4, 4)))
        .unwrap();
    assert_eq!((r.score, r.level, r.flagged), (16, RiskLevel::High, false));
    let review = |day: &str, p: i32, i: i32| RiskReviewInput {
        reviewed_on: day.into(),
        probability: p,
        impact: i,
        note: None,
        next_due: None,
    };
    let r1 = db
        .write(|c| plan::review_risk(c, &r.id, review("2026-11-10", 4, 4)))
        .unwrap();
    assert!(!r1.flagged, "one high review is not yet a pattern");
    let r2 = db
        .write(|c| plan::review_risk(c, &r.id, review("2026-11-24", 5, 3)))
        .unwrap();
    assert!(r2.flagged);
    assert_eq!(
        (r2.probability, r2.impact, r2.score),
        (5, 3, 15),
        "a review sets the current scores"
    );
    let r3 = db
        .write(|c| plan::review_risk(c, &r.id, review("2026-11-25", 2, 3)))
        .unwrap();
    assert!(!r3.flagged, "the last review is no longer high");
    assert_eq!(r3.reviews.len(), 3);
    assert_eq!(
        r3.due_date.as_deref(),
        Some("2026-12-15"),
        "kept without next_due"
    );
    // A review may say when to look again: that becomes the risk's due date. A day that is not one is refused.
    let again = RiskReviewInput {
        next_due: Some("2026-12-08".into()),
        note: Some("供应商已确认新交期".into()),
        ..review("2026-11-26", 2, 3)
    };
    let r4 = db.write(|c| plan::review_risk(c, &r.id, again)).unwrap();
    assert_eq!(r4.due_date.as_deref(), Some("2026-12-08"));
    assert_eq!(
        r4.reviews.last().and_then(|v| v.note.as_deref()),
        Some("供应商已确认新交期")
    );
    let before = row_counts(&db);
    let bad = RiskReviewInput {
        next_due: Some("2026-13-01".into()),
        ..review("2026-11-27", 2, 3)
    };
    let e = db.write(|c| plan::review_risk(c, &r.id, bad)).unwrap_err();
    assert_eq!(rules(e), vec![("next_due".to_string(), Rule::InvalidDate)]);
    assert_eq!(row_counts(&db), before);
    // Out-of-range scores: a clear field error, nothing written.
    let before = row_counts(&db);
    let e = db
        .write(|c| plan::create_risk(c, &p.id, risk_input("x", 0, 6)))
        .unwrap_err();
    let r = rules(e);
    assert!(
        r.contains(&("probability".into(), Rule::OutOfRange)),
        "{r:?}"
    );
    assert!(r.contains(&("impact".into(), Rule::OutOfRange)), "{r:?}");
    assert_eq!(row_counts(&db), before);
    // A closed risk is never flagged.
    let reviews = r3.reviews.clone();
    assert!(!flagged(RiskStatus::Closed, &reviews[..2]));
    assert!(flagged(RiskStatus::Mitigating, &reviews[..2]));
}

#[test]
fn risks_due_for_review_count_days_in_the_users_zone() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let p = new_project(&db, "华东产线升级");
    let gone = new_project(&db, "已删除");
    let due = |title: &str, day: Option<&str>, status: RiskStatus| RiskInput {
        due_date: day.map(String::from),
        status,
        ..risk_input(title, 4, 4)
    };
    for (title, day, status) in [
        ("昨天到期", Some("2026-11-25"), RiskStatus::Open),
        ("一周后", Some("2026-12-03"), RiskStatus::Mitigating),
        ("八天后", Some("2026-12-04"), RiskStatus::Open),
        ("已关闭", Some("2026-11-20"), RiskStatus::Closed),
        ("没有日期", None, RiskStatus::Open),
    ] {
        db.write(|c| plan::create_risk(c, &p.id, due(title, day, status)))
            .unwrap();
    }
    db.write(|c| {
        plan::create_risk(
            c,
            &gone.id,
            due("删除的项目", Some("2026-11-26"), RiskStatus::Open),
        )
    })
    .unwrap();
    db.write(|c| liaison_desk::services::delete(c, Entity::Project, &gone.id))
        .unwrap();
    // 01:30 on Thursday 26 November in Shanghai is still Wednesday in UTC: "today" is the 26th.
    let early: DateTime<Utc> = "2026-11-25T17:30:00Z".parse().unwrap();
    let d = db.read(|c| plan::risks_due(c, early, 8)).unwrap();
    let got: Vec<(&str, &str, bool)> = d
        .items
        .iter()
        .map(|r| (r.title.as_str(), r.due_date.as_str(), r.overdue))
        .collect();
    assert_eq!(
        got,
        [
            ("昨天到期", "2026-11-25", true),
            ("一周后", "2026-12-03", false)
        ]
    );
    assert_eq!(d.total, 2);
    assert_eq!(d.items[0].project_name, "华东产线升级");
    let one = db.read(|c| plan::risks_due(c, early, 1)).unwrap();
    assert_eq!((one.items.len(), one.total), (1, 2));
    // An empty database has none.
    let (_e, empty) = temp_db();
    let none = empty.read(|c| plan::risks_due(c, early, 8)).unwrap();
    assert_eq!((none.items.len(), none.total), (0, 0));
}

#[test]
fn partners_and_suppliers_are_linked_and_unlinked_one_at_a_time() {
    let (_d, db) = temp_db();
    let mut input = project("P");
    input.budget_planned = Some(1_200_000.0);
    let p = db.write(|c| projects::create_project(c, input)).unwrap();
    let make = |kind: OrgKind, name: &str| {
        db.write(|c| liaison_desk::services::directory::create_organization(c, org(kind, name)))
            .unwrap()
    };
    let supplier = make(OrgKind::Supplier, "华东精密制造");
    let partner = make(OrgKind::Partner, "Maple Health");
    let link = |id: &str, role: &str| ProjectOrganizationInput {
        organization_id: id.into(),
        role: role.into(),
    };
    db.write(|c| projects::link_organization(c, &p.id, link(&supplier.id, "供应商")))
        .unwrap();
    let after = db
        .write(|c| projects::link_organization(c, &p.id, link(&partner.id, "partner")))
        .unwrap();
    let roles = |p: &Project| -> Vec<(String, String, bool)> {
        let mut v: Vec<_> = p
            .organizations
            .iter()
            .map(|o| (o.organization_name.clone(), o.role.clone(), o.deleted))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        roles(&after),
        [
            ("Maple Health".to_string(), "partner".to_string(), false),
            ("华东精密制造".into(), "供应商".into(), false)
        ]
    );
    // The rest of the project is untouched.
    assert_eq!(after.budget_planned, Some(1_200_000.0));
    assert_eq!(after.name, "P");
    // Linking again changes the role, not the count.
    let again = db
        .write(|c| projects::link_organization(c, &p.id, link(&partner.id, "co-developer")))
        .unwrap();
    assert_eq!(again.organizations.len(), 2);
    assert!(roles(&again).contains(&("Maple Health".into(), "co-developer".into(), false)));
    // An unknown organization is refused, nothing written.
    let before = row_counts(&db);
    let e = db
        .write(|c| projects::link_organization(c, &p.id, link("nope", "x")))
        .unwrap_err();
    assert_eq!(
        rules(e),
        vec![("organizations".to_string(), Rule::UnknownId)]
    );
    assert_eq!(row_counts(&db), before);
    // A supplier deleted later stays linked (marked) until unlinked.
    db.write(|c| liaison_desk::services::delete(c, Entity::Organization, &supplier.id))
        .unwrap();
    let kept = db.read(|c| projects::get_project(c, &p.id)).unwrap();
    assert!(roles(&kept).contains(&("华东精密制造".into(), "供应商".into(), true)));
    let gone = db
        .write(|c| projects::unlink_organization(c, &p.id, &supplier.id))
        .unwrap();
    assert_eq!(
        roles(&gone),
        [(
            "Maple Health".to_string(),
            "co-developer".to_string(),
            false
        )]
    );
    // A deleted project takes no new link.
    db.write(|c| liaison_desk::services::delete(c, Entity::Project, &p.id))
        .unwrap();
    let e = db
        .write(|c| projects::link_organization(c, &p.id, link(&partner.id, "x")))
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound { .. }), "{e:?}");
}

#[test]
fn the_project_list_sorts_by_health_across_pages() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let make = |name: &str, status: ProjectStatus| {
        let mut input = project(name);
        input.status = status;
        db.write(|c| projects::create_project(c, input)).unwrap()
    };
    let slipped = |p: &Project| open_milestone(&db, &p.id, "样品", "2026-11-20");
    let a = make("A 红", ProjectStatus::Active);
    make("B 绿", ProjectStatus::Active);
    let c = make("C 黄", ProjectStatus::Active);
    make("D 绿", ProjectStatus::Active);
    let e = make("E 红", ProjectStatus::Active);
    let held = make("F 红 on hold", ProjectStatus::OnHold);
    slipped(&a);
    slipped(&e);
    slipped(&held);
    db.write(|x| plan::create_risk(x, &c.id, risk_input("高风险", 4, 4)))
        .unwrap();
    let query = |cursor: Option<String>| ProjectQuery {
        status: Some(ProjectStatus::Active),
        sort: Some(ProjectSort::Health),
        cursor,
        limit: Some(2),
        ..Default::default()
    };
    let mut names = Vec::new();
    let mut totals = Vec::new();
    let mut cursor = None;
    loop {
        let page = db
            .read(|x| projects::list_projects_at(x, &query(cursor.clone()), now()))
            .unwrap();
        totals.push(page.total);
        names.push(
            page.items
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>(),
        );
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(
        names,
        [vec!["A 红", "E 红"], vec!["C 黄", "B 绿"], vec!["D 绿"]]
    );
    assert_eq!(totals, [Some(5), None, None]);
    // A cursor that is not one of ours is refused.
    let e = db
        .read(|x| projects::list_projects_at(x, &query(Some("[1,2]".into())), now()))
        .unwrap_err();
    assert!(matches!(e, AppError::InvalidCursor), "{e:?}");
    // An empty database has an empty first page.
    let (_e, empty) = temp_db();
    let page = empty
        .read(|x| projects::list_projects_at(x, &query(None), now()))
        .unwrap();
    assert_eq!(
        (page.items.len(), page.total, page.next_cursor),
        (0, Some(0), None)
    );
}

// ---- Budget

#[test]
fn budget_totals_variance_and_burn_per_currency() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    for l in [
        line("设备", 1_000_000, 1_050_001, "cny", Some("2026-11-20")),
        line("差旅", 200_000, 0, "CNY", None),
        line("Licences", 50_000, 40_000, "USD", Some("2026-11-02")),
    ] {
        db.write(|c| plan::create_budget_line(c, &p.id, l)).unwrap();
    }
    let b = db.read(|c| plan::budget(c, &p.id, now())).unwrap();
    assert_eq!(b.totals.len(), 2);
    let cny = &b.totals[0];
    assert_eq!(
        (
            cny.currency.as_str(),
            cny.planned,
            cny.actual,
            cny.variance,
            cny.over_percent
        ),
        (
            "CNY",
            Minor(1_200_000),
            Minor(1_050_001),
            Minor(-149_999),
            Some(0)
        )
    );
    let usd = &b.totals[1];
    assert_eq!((usd.variance, usd.over_percent), (Minor(-10_000), Some(0)));
    // 1 minor unit over 1,000,000 is 1 % when rounded up: any overspend shows.
    let t = budget_totals([("CNY", Minor(1_000_000), Minor(1_000_001))]).unwrap();
    assert_eq!(t[0].over_percent, Some(1));
    assert_eq!(b.burn[0].points.last().unwrap().spent, Minor(1_050_001));
    assert_eq!(
        serde_json::to_string(&Minor(1_050_001)).unwrap(),
        "\"1050001\""
    );
    let e = db
        .write(|c| {
            plan::create_budget_line(c, &p.id, line("x", -1, MAX_LINE_MINOR + 1, "元", None))
        })
        .unwrap_err();
    let r = rules(e);
    assert!(r.contains(&("planned".into(), Rule::Negative)), "{r:?}");
    assert!(r.contains(&("actual".into(), Rule::OutOfRange)), "{r:?}");
    assert!(
        r.contains(&("currency".into(), Rule::InvalidCurrency)),
        "{r:?}"
    );
}

proptest! {
    /// Totals are the exact sums of their lines, variance is exactly actual − planned, and the per-line variances
    /// add up to the total's: not one minor unit appears or goes missing.
    #[test]
    fn budget_sums_never_lose_a_minor_unit(lines in prop::collection::vec((0..=MAX_LINE_MINOR, 0..=MAX_LINE_MINOR, 0..3usize), 0..60)) {
        let curs = ["CNY", "EUR", "USD"];
        let input: Vec<(&str, Minor, Minor)> = lines.iter().map(|(p, a, c)| (curs[*c], Minor(*p), Minor(*a))).collect();
        let totals = budget_totals(input.iter().copied()).unwrap();
        for t in &totals {
            let mine: Vec<_> = input.iter().filter(|(c, _, _)| *c == t.currency).collect();
            let planned: i128 = mine.iter().map(|(_, p, _)| i128::from(p.0)).sum();
            let actual: i128 = mine.iter().map(|(_, _, a)| i128::from(a.0)).sum();
            let var: i128 = mine.iter().map(|(_, p, a)| i128::from(variance(*p, *a).unwrap().0)).sum();
            prop_assert_eq!(i128::from(t.planned.0), planned);
            prop_assert_eq!(i128::from(t.actual.0), actual);
            prop_assert_eq!(i128::from(t.variance.0), var);
            prop_assert_eq!(i128::from(t.variance.0), actual - planned);
            if let Some(p) = t.over_percent {
                // Rounded up: p − 1 < over × 100 / planned ≤ p.
                let over = actual - planned;
                if over > 0 {
                    prop_assert!(over * 100 <= i128::from(p) * planned);
                    prop_assert!(over * 100 > i128::from(p - 1) * planned);
                } else {
                    prop_assert_eq!(p, 0);
                }
            }
        }
        let currencies: std::collections::BTreeSet<&str> = input.iter().map(|(c, _, _)| *c).collect();
        prop_assert_eq!(totals.len(), currencies.len());
    }
}

// ---- Health

fn facts(
    overdue: i32,
    states: &[MilestoneState],
    over: Option<i32>,
    high: i32,
    flagged: &[&str],
) -> HealthFacts {
    HealthFacts {
        overdue_tasks: overdue,
        milestones: states
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("M{i}"), "2026-11-20".to_string(), *s))
            .collect(),
        budget: over
            .map(|p| BudgetTotal {
                currency: "CNY".into(),
                planned: Minor(100),
                actual: Minor(100 + i64::from(p)),
                variance: Minor(i64::from(p)),
                over_percent: Some(p),
            })
            .into_iter()
            .collect(),
        open_high_risks: high,
        flagged_risks: flagged.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn rag_rules_table() {
    use MilestoneState::*;
    let cases: Vec<(&str, HealthFacts, Rag, usize)> = vec![
        (
            "nothing wrong",
            facts(0, &[OnTrack, Hit, HitLate, Cancelled], Some(0), 0, &[]),
            Rag::Green,
            0,
        ),
        (
            "one overdue task",
            facts(1, &[], None, 0, &[]),
            Rag::Amber,
            1,
        ),
        (
            "four overdue tasks",
            facts(4, &[], None, 0, &[]),
            Rag::Amber,
            1,
        ),
        (
            "five overdue tasks",
            facts(5, &[], None, 0, &[]),
            Rag::Red,
            1,
        ),
        (
            "milestone at risk",
            facts(0, &[AtRisk], None, 0, &[]),
            Rag::Amber,
            1,
        ),
        (
            "milestone slipped",
            facts(0, &[Slipped], None, 0, &[]),
            Rag::Red,
            1,
        ),
        (
            "1 % over budget",
            facts(0, &[], Some(1), 0, &[]),
            Rag::Amber,
            1,
        ),
        (
            "10 % over budget",
            facts(0, &[], Some(10), 0, &[]),
            Rag::Amber,
            1,
        ),
        (
            "11 % over budget",
            facts(0, &[], Some(11), 0, &[]),
            Rag::Red,
            1,
        ),
        (
            "an open high risk",
            facts(0, &[], None, 1, &[]),
            Rag::Amber,
            1,
        ),
        (
            "high across two reviews",
            facts(0, &[], None, 1, &["交期"]),
            Rag::Red,
            2,
        ),
        (
            "everything",
            facts(6, &[Slipped, AtRisk], Some(20), 2, &["交期"]),
            Rag::Red,
            6,
        ),
    ];
    for (name, f, want, n) in cases {
        let (rag, reasons) = compute_health(&f);
        assert_eq!(rag, want, "{name}: {reasons:?}");
        assert_eq!(reasons.len(), n, "{name}: {reasons:?}");
        // Worst first.
        let rags: Vec<Rag> = reasons.iter().map(reason_rag).collect();
        assert!(rags.windows(2).all(|w| w[0] >= w[1]), "{name}: {rags:?}");
    }
}

#[test]
fn override_holds_through_its_last_day_then_the_computed_colour_returns() {
    let f = facts(1, &[], None, 0, &[]);
    let o = HealthOverride {
        rag: Rag::Green,
        comment: "供应商已确认补货".into(),
        until: "2026-11-30".into(),
    };
    let h = health(&f, Some(o.clone()), "2026-11-30");
    assert_eq!(
        (h.rag, h.computed, h.override_active),
        (Rag::Green, Rag::Amber, true)
    );
    assert!(
        matches!(&h.reasons[0], HealthReason::Override { comment, .. } if comment == "供应商已确认补货")
    );
    let h = health(&f, Some(o.clone()), "2026-12-01");
    assert_eq!((h.rag, h.override_active), (Rag::Amber, false));
    assert!(
        h.manual.is_some(),
        "an expired override is still shown, to renew it"
    );
    // Validation: comment required, expiry not in the past.
    let e = HealthOverride {
        rag: Rag::Red,
        comment: " ".into(),
        until: "2026-11-25".into(),
    }
    .validate("2026-11-26")
    .unwrap_err();
    let r = rules(e);
    assert!(r.contains(&("comment".into(), Rule::Required)), "{r:?}");
    assert!(r.contains(&("until".into(), Rule::EndBeforeStart)), "{r:?}");
}

#[test]
fn a_high_risk_turns_the_project_amber_with_the_reason() {
    let (_d, db) = temp_db();
    shanghai(&db);
    let p = new_project(&db, "P");
    let h = db.read(|c| plan::project_health(c, &p.id, now())).unwrap();
    assert_eq!((h.rag, h.reasons.len()), (Rag::Green, 0));
    db.write(|c| plan::create_risk(c, &p.id, risk_input("关键供应商交期延误", 4, 4)))
        .unwrap();
    let h = db.read(|c| plan::project_health(c, &p.id, now())).unwrap();
    assert_eq!(h.rag, Rag::Amber);
    assert_eq!(h.reasons, vec![HealthReason::HighRisks { count: 1 }]);
    // A task due yesterday in Shanghai at 00:30 on the 26th local (still the 25th in UTC): overdue counts local days.
    new_task(&db, &p.id, "逾期", TaskStatus::Todo, Some("2026-11-25"));
    let early: DateTime<Utc> = "2026-11-25T16:30:00Z".parse().unwrap();
    let h = db.read(|c| plan::project_health(c, &p.id, early)).unwrap();
    assert!(
        h.reasons.contains(&HealthReason::OverdueTasks {
            count: 1,
            rag: Rag::Amber
        }),
        "{:?}",
        h.reasons
    );
    let h = db
        .write(|c| {
            plan::set_health_override(
                c,
                &p.id,
                Some(HealthOverride {
                    rag: Rag::Green,
                    comment: "已有应对".into(),
                    until: "2026-11-27".into(),
                }),
                now(),
            )
        })
        .unwrap();
    assert_eq!((h.rag, h.computed), (Rag::Green, Rag::Amber));
    let o = db.read(|c| plan::overview(c, &p.id, now())).unwrap();
    assert_eq!(o.health.rag, Rag::Green);
    assert_eq!(o.top_risks.len(), 1);
    assert_eq!(o.status_counts[0], (TaskStatus::Todo, 1));
    let h = db
        .write(|c| plan::set_health_override(c, &p.id, None, now()))
        .unwrap();
    assert_eq!(h.rag, Rag::Amber);
}

#[test]
fn plan_tables_are_in_the_json_export_and_deleted_projects_refuse_new_parts() {
    let (_d, db) = temp_db();
    let p = new_project(&db, "P");
    db.write(|c| liaison_desk::services::delete(c, Entity::Project, &p.id))
        .unwrap();
    let e = db
        .write(|c| plan::create_risk(c, &p.id, risk_input("x", 1, 1)))
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound { .. }), "{e:?}");
    for t in [
        "milestones",
        "task_dependencies",
        "risks",
        "risk_reviews",
        "budget_lines",
        "status_reports",
    ] {
        assert!(liaison_desk::store::tables::find(t).is_some(), "{t}");
    }
}

// ---- Status reports

struct ReportFixture {
    project: String,
    department: String,
}

fn report_fixture(db: &Db) -> ReportFixture {
    shanghai(db);
    let f = minutes_fixture(db);
    db.write(|c| {
        let mut input = project("新品导入 NPI");
        input.owner_department_id = Some(f.purchasing.clone());
        projects::update_project(c, &f.project, input)?;
        for (title, target, status, done_on) in [
            (
                "立项评审",
                "2026-11-24",
                MilestoneStatus::Done,
                Some("2026-11-24"),
            ),
            ("样品确认", "2026-11-25", MilestoneStatus::Open, None),
            ("试产", "2026-12-20", MilestoneStatus::Open, None),
        ] {
            plan::create_milestone(
                c,
                &f.project,
                MilestoneInput {
                    title: title.into(),
                    target_date: target.into(),
                    status,
                    done_on: done_on.map(String::from),
                },
                now(),
            )?;
        }
        let mut r = risk_input("关键供应商交期延误", 4, 4);
        r.owner_contact_id = Some(f.wang.clone());
        plan::create_risk(c, &f.project, r)?;
        plan::create_risk(c, &f.project, risk_input("汇率波动 FX", 2, 3))?;
        plan::create_budget_line(
            c,
            &f.project,
            line("模具", 1_000_000, 1_050_000, "CNY", Some("2026-11-23")),
        )?;
        let mut t = task("完成样品测试");
        t.project_id = Some(f.project.clone());
        t.status = TaskStatus::Done;
        let t = projects::create_task(c, t)?;
        let mut b = task("等待海关放行");
        b.project_id = Some(f.project.clone());
        b.status = TaskStatus::Blocked;
        b.due_date = Some("2026-12-04".into());
        projects::create_task(c, b)?;
        // Finished on Tuesday of the report's week (the clock of the test run must not matter).
        c.execute(
            "UPDATE tasks SET updated_at = '2026-11-24T07:00:00.000Z' WHERE id = ?1",
            [&t.id],
        )?;
        Ok(())
    })
    .unwrap();
    ReportFixture {
        project: f.project,
        department: f.purchasing,
    }
}

fn report(db: &Db, scope: ReportScope, id: &str, format: ExportFormat, lang: Lang) -> Vec<u8> {
    let doc = db
        .read(|c| reports::compose(c, scope, id, "2026-W48", lang, None, now()))
        .unwrap();
    reports::render(&doc, format).unwrap()
}

#[test]
fn project_report_markdown_matches_its_golden_files() {
    let (_d, db) = temp_db();
    let f = report_fixture(&db);
    db.write(|c| {
        reports::save_summary(
            c,
            ReportScope::Project,
            &f.project,
            "2026-w48",
            "样品已到，交期仍是*主要*风险。",
        )
    })
    .unwrap();
    for (lang, tag) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let md = String::from_utf8(report(
            &db,
            ReportScope::Project,
            &f.project,
            ExportFormat::Md,
            lang,
        ))
        .unwrap();
        insta::assert_snapshot!(format!("report_project_md_{tag}"), md);
    }
    let md = String::from_utf8(report(
        &db,
        ReportScope::Department,
        &f.department,
        ExportFormat::Md,
        Lang::ZhCn,
    ))
    .unwrap();
    insta::assert_snapshot!("report_department_md_zh", md);
}

#[test]
fn report_pdf_and_docx_read_back_with_the_chinese_verbatim() {
    let (_d, db) = temp_db();
    let f = report_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let wants = [
        "新品导入 NPI",
        "项目周报",
        "已延误：样品确认（目标 2026-11-25）",
        "关键供应商交期延误",
        "采用新包装方案",
        "等待海关放行",
        "完成样品测试",
    ];
    let pdf = dir.path().join("r.pdf");
    db.read(|c| {
        reports::export_report(
            c,
            ReportScope::Project,
            &f.project,
            "2026-W48",
            ExportFormat::Pdf,
            Lang::ZhCn,
            &pdf,
            now(),
        )
    })
    .unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (scripts/install-deps.sh)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in wants {
        assert!(text.contains(want), "{want} missing from the PDF:\n{text}");
    }
    let docx = dir.path().join("r.docx");
    db.read(|c| {
        reports::export_report(
            c,
            ReportScope::Project,
            &f.project,
            "2026-W48",
            ExportFormat::Docx,
            Lang::ZhCn,
            &docx,
            now(),
        )
    })
    .unwrap();
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(&docx)
        .output()
        .expect("pandoc must be installed (scripts/install-deps.sh)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in wants {
        assert!(text.contains(want), "{want} missing from the DOCX:\n{text}");
    }
    // English PDF: English labels, Chinese names kept.
    let en = report(
        &db,
        ReportScope::Project,
        &f.project,
        ExportFormat::Pdf,
        Lang::En,
    );
    std::fs::write(&pdf, en).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "Status report",
        "Slipped: 样品确认 (target 2026-11-25)",
        "Generated by Liaison Desk",
    ] {
        assert!(
            text.contains(want),
            "{want} missing from the English PDF:\n{text}"
        );
    }
}

#[test]
fn bad_report_requests_are_refused_and_write_nothing() {
    let (_d, db) = temp_db();
    let f = report_fixture(&db);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    for week in ["2026-W54", "2025-W53", "48", "2026-Wx"] {
        let e = db
            .read(|c| {
                reports::export_report(
                    c,
                    ReportScope::Project,
                    &f.project,
                    week,
                    ExportFormat::Md,
                    Lang::En,
                    &path,
                    now(),
                )
            })
            .unwrap_err();
        assert_eq!(
            rules(e),
            vec![("week".to_string(), Rule::InvalidDate)],
            "{week}"
        );
    }
    let e = db
        .read(|c| {
            reports::export_report(
                c,
                ReportScope::Project,
                "nope",
                "2026-W48",
                ExportFormat::Md,
                Lang::En,
                &path,
                now(),
            )
        })
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound { .. }), "{e:?}");
    // A project id is not a department.
    let e = db
        .read(|c| {
            reports::export_report(
                c,
                ReportScope::Department,
                &f.project,
                "2026-W48",
                ExportFormat::Md,
                Lang::En,
                &path,
                now(),
            )
        })
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound { .. }), "{e:?}");
    let e = db
        .read(|c| {
            reports::export_report(
                c,
                ReportScope::Project,
                &f.project,
                "2026-W48",
                ExportFormat::Ics,
                Lang::En,
                &path,
                now(),
            )
        })
        .unwrap_err();
    assert_eq!(rules(e), vec![("format".to_string(), Rule::OutOfRange)]);
    assert!(!path.exists());
}
