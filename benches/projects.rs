//! Projects at scale: one project with 2,000 tasks (a quarter of them blocked, a hundred with dependencies), 300
//! risks (each reviewed twice) and 500 cost lines. Times the board and overview handlers (what the commands run
//! inside `db.read`) and the weekly status report as Markdown and as PDF, and prints mean, p50 and p99 in ms.
//! Goals (issue 12): board and overview p99 ≤ 10 ms, report Markdown ≤ 50 ms, report PDF ≤ 300 ms. Also timed (no
//! goal in the issue): a bulk edit of 100 tasks, and the first page of the project list sorted by health over the
//! big project and 200 small ones (every project's health is computed for that sort).
//!
//! Run with `cargo bench --bench projects`. Without `--bench` (`cargo test --benches`) each step runs once.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use liaison_desk::domain::*;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::exports::ExportFormat;
use liaison_desk::services::reports::{self, ReportScope};
use liaison_desk::services::{plan as plan_service, projects};
use liaison_desk::store::tasks::BoardFilter;
use liaison_desk::store::{plan, Db};

const TASKS: usize = 2_000;
const RISKS: usize = 300;
const LINES: usize = 500;
/// Small projects beside the big one, for the health-sorted list.
const SMALL: usize = 200;

fn now() -> DateTime<Utc> {
    "2026-11-26T02:00:00Z".parse().expect("a time")
}

fn build(db: &Db) -> String {
    db.write(|c| {
        let p = projects::create_project(
            c,
            ProjectInput {
                code: Some("HD-2026".into()),
                start_date: Some("2026-09-01".into()),
                due_date: Some("2027-03-31".into()),
                ..project_input("华东产线升级 Line upgrade")
            },
        )?;
        let mut milestones = Vec::new();
        for k in 0..12 {
            milestones.push(plan::insert_milestone(
                c,
                &p.id,
                &MilestoneInput {
                    title: format!("里程碑 {k} Milestone"),
                    target_date: format!("2026-{:02}-15", 9 + k % 4),
                    status: if k < 3 {
                        MilestoneStatus::Done
                    } else {
                        MilestoneStatus::Open
                    },
                    done_on: (k < 3).then(|| format!("2026-{:02}-14", 9 + k % 4)),
                },
            )?);
        }
        let mut ids = Vec::with_capacity(TASKS);
        for i in 0..TASKS {
            let t = projects::create_task(
                c,
                TaskInput {
                    due_date: Some(format!("2026-{:02}-{:02}", 10 + i % 3, 1 + i % 28)),
                    status: [
                        TaskStatus::Todo,
                        TaskStatus::InProgress,
                        TaskStatus::Blocked,
                        TaskStatus::Done,
                    ][i % 4],
                    ..task_input(
                        &p.id,
                        &format!("任务 {i}：确认替代料样品与交期 Confirm samples"),
                    )
                },
            )?;
            plan::set_task_plan(c, &t.id, None, Some(&milestones[i % milestones.len()]))?;
            ids.push(t.id);
        }
        for i in 0..100 {
            plan::add_dependency(c, &ids[i], &ids[i + 1])?;
        }
        for i in 0..RISKS {
            let r = plan::insert_risk(
                c,
                &p.id,
                &RiskInput {
                    title: format!("风险 {i}：关键供应商交期延误 Supplier late"),
                    description: None,
                    probability: 1 + (i % 5) as i32,
                    impact: 1 + (i / 5 % 5) as i32,
                    owner_contact_id: None,
                    mitigation: Some("备选供应商 second source".into()),
                    due_date: Some("2026-12-15".into()),
                    status: if i % 7 == 0 {
                        RiskStatus::Closed
                    } else {
                        RiskStatus::Open
                    },
                    task_ids: None,
                },
            )?;
            // Each risk is linked to two tasks, so reading risks reads their links too.
            plan::set_risk_tasks(c, &r, &[ids[i].clone(), ids[i + RISKS].clone()])?;
            for day in ["2026-11-10", "2026-11-24"] {
                plan::add_review(
                    c,
                    &r,
                    &RiskReviewInput {
                        reviewed_on: day.into(),
                        probability: 1 + (i % 5) as i32,
                        impact: 1 + (i / 5 % 5) as i32,
                        note: None,
                        next_due: None,
                    },
                )?;
            }
        }
        for i in 0..LINES {
            plan::insert_line(
                c,
                &p.id,
                &BudgetLineInput {
                    category: ["设备 Equipment", "差旅 Travel", "外包 Services"][i % 3].into(),
                    description: None,
                    planned: Minor(100_000 + (i as i64) * 37),
                    actual: Minor(90_000 + (i as i64) * 41),
                    currency: if i % 10 == 0 {
                        "USD".into()
                    } else {
                        "CNY".into()
                    },
                    spent_on: Some(format!("2026-{:02}-{:02}", 9 + i % 3, 1 + i % 28)),
                },
            )?;
        }
        for k in 0..SMALL {
            let q = projects::create_project(c, project_input(&format!("小项目 {k:03} Small")))?;
            for j in 0..5 {
                let mut t = task_input(&q.id, &format!("任务 {j}"));
                // Some overdue (red or amber), most not.
                t.due_date = Some(
                    if (k + j) % 9 == 0 {
                        "2026-11-01"
                    } else {
                        "2026-12-20"
                    }
                    .into(),
                );
                projects::create_task(c, t)?;
            }
        }
        Ok(p.id)
    })
    .expect("bench data")
}

fn project_input(name: &str) -> ProjectInput {
    ProjectInput {
        name: name.into(),
        code: None,
        status: ProjectStatus::Active,
        start_date: None,
        due_date: None,
        budget_planned: None,
        budget_actual: None,
        currency: "CNY".into(),
        owner_department_id: None,
        color: None,
        organizations: vec![],
    }
}

fn task_input(project: &str, title: &str) -> TaskInput {
    TaskInput {
        title: title.into(),
        description: None,
        project_id: Some(project.into()),
        meeting_id: None,
        assignee_contact_id: None,
        assignee_department_id: None,
        due_date: None,
        status: TaskStatus::Todo,
        progress: 0,
        priority: Priority::Normal,
        estimate_hours: None,
        scheduled_start: None,
        scheduled_end: None,
    }
}

struct Stats {
    mean: f64,
    p50: f64,
    p99: f64,
}

fn time(runs: usize, mut f: impl FnMut()) -> Stats {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| ms(t[((t.len() as f64 * q).ceil() as usize).clamp(1, t.len()) - 1]);
    Stats {
        mean: t.iter().map(|d| ms(*d)).sum::<f64>() / t.len() as f64,
        p50: at(0.5),
        p99: at(0.99),
    }
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_in(dir.path()).expect("db");
    let started = Instant::now();
    let id = build(&db);
    println!(
        "built a project with {TASKS} tasks, {RISKS} risks (2 reviews each), {LINES} cost lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let runs = if bench_mode { 200 } else { 1 };
    let pdf_runs = if bench_mode { 30 } else { 1 };
    let filter = BoardFilter::default();
    let week = "2026-W48";
    let report = |format: ExportFormat| {
        let doc = db
            .read(|c| reports::compose(c, ReportScope::Project, &id, week, Lang::ZhCn, None, now()))
            .expect("compose");
        reports::render(&doc, format).expect("render")
    };
    // Fonts are found once per process, as in the app: not part of the timed runs.
    let first = Instant::now();
    let pdf = report(ExportFormat::Pdf);
    println!(
        "first report PDF (finds the system fonts): {:.1} ms, {} bytes",
        first.elapsed().as_secs_f64() * 1e3,
        pdf.len()
    );
    let rows = [
        (
            "board handler (2,000 cards)",
            time(runs, || {
                db.read(|c| plan_service::board(c, &id, &filter))
                    .expect("board");
            }),
            10.0,
        ),
        (
            "overview handler (health + counts + risks)",
            time(runs, || {
                db.read(|c| plan_service::overview(c, &id, now()))
                    .expect("overview");
            }),
            10.0,
        ),
        (
            "bulk edit, 100 tasks (status + due date)",
            {
                let board = db
                    .read(|c| plan_service::board(c, &id, &filter))
                    .expect("board");
                let hundred: Vec<String> = board
                    .iter()
                    .flat_map(|col| col.tasks.iter().map(|t| t.id.clone()))
                    .take(100)
                    .collect();
                let mut flip = false;
                time(runs, || {
                    flip = !flip;
                    let edit = TaskBulkEdit {
                        ids: hundred.clone(),
                        status: Some(if flip {
                            TaskStatus::Blocked
                        } else {
                            TaskStatus::Todo
                        }),
                        due_date: Some("2026-12-05".into()),
                        ..Default::default()
                    };
                    db.write(|c| plan_service::bulk_edit(c, edit))
                        .expect("bulk edit");
                })
            },
            f64::NAN,
        ),
        (
            "project list by health, first page (201 projects)",
            time(runs, || {
                let q = ProjectQuery {
                    sort: Some(ProjectSort::Health),
                    limit: Some(100),
                    ..Default::default()
                };
                db.read(|c| projects::list_projects_at(c, &q, now()))
                    .expect("health sort");
            }),
            f64::NAN,
        ),
        (
            "report as Markdown",
            time(runs, || {
                report(ExportFormat::Md);
            }),
            50.0,
        ),
        (
            "report as PDF",
            time(pdf_runs, || {
                report(ExportFormat::Pdf);
            }),
            300.0,
        ),
    ];
    println!(
        "{:<46} {:>9} {:>9} {:>9} {:>7}",
        "measure", "mean ms", "p50 ms", "p99 ms", "goal"
    );
    for (name, s, goal) in rows {
        println!(
            "{name:<46} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            s.mean, s.p50, s.p99, goal
        );
    }
}
