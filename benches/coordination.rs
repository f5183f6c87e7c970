//! Coordination at scale: 200 suppliers with 60 deliveries and 20 incidents each (12,000 deliveries, 4,000
//! incidents), and 2,000 conflicts among 20 departments (three sides each, four history lines each). Times what the
//! commands run inside `db.read`: every supplier's score (the suppliers list by score and the dashboard's "score
//! dropped" panel), one supplier's scorecard, a department's conflicts, a conflict search, the conflicts due for
//! review, and a department's open tasks; prints mean, p50 and p99 in ms.
//!
//! Run with `cargo bench --bench coordination`. Without `--bench` (`cargo test --benches`) each step runs once.

use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use liaison_desk::domain::*;
use liaison_desk::services::{conflicts, departments, directory, scorecard};
use liaison_desk::store::Db;

const SUPPLIERS: usize = 200;
const DELIVERIES: usize = 60;
const INCIDENTS: usize = 20;
const DEPARTMENTS: usize = 20;
const CONFLICTS: usize = 2_000;

fn now() -> DateTime<Utc> {
    "2026-11-26T02:00:00Z".parse().expect("a time")
}

fn org(kind: OrgKind, name: String) -> OrganizationInput {
    OrganizationInput {
        kind,
        name,
        tier: None,
        tags: vec![],
        address: None,
        website: None,
        notes: None,
        lead_contact_id: None,
        weekly_capacity_hours: None,
        color: None,
    }
}

/// Returns (a supplier, a department) to time single-record reads with.
fn build(db: &Db) -> (String, String) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date");
    let day = |ago: usize| (today - Duration::days(ago as i64)).to_string();
    db.write(|c| {
        let mut supplier = String::new();
        for s in 0..SUPPLIERS {
            let id = directory::create_organization(
                c,
                org(OrgKind::Supplier, format!("供应商 {s} Supplier")),
            )?
            .id;
            for d in 0..DELIVERIES {
                let promised = d * 6;
                scorecard::record_delivery(
                    c,
                    None,
                    DeliveryInput {
                        organization_id: id.clone(),
                        title: format!("第 {d} 批"),
                        promised_on: day(promised),
                        delivered_on: Some(day(promised.saturating_sub((s + d) % 3))),
                    },
                    now(),
                )?;
            }
            for i in 0..INCIDENTS {
                scorecard::record_incident(
                    c,
                    None,
                    IncidentInput {
                        organization_id: id.clone(),
                        kind: IncidentKind::ALL[i % 3],
                        severity: (i % 3) as i32 + 1,
                        occurred_on: day(i * 17 + s % 11),
                        note: Some("来料不良 Incoming defects".into()),
                    },
                )?;
            }
            supplier = id;
        }
        let mut depts = Vec::new();
        for d in 0..DEPARTMENTS {
            depts.push(
                directory::create_organization(c, org(OrgKind::Department, format!("部门 {d}")))?
                    .id,
            );
        }
        for k in 0..CONFLICTS {
            let side = |n: usize| ConflictSideInput {
                organization_id: depts[(k + n * 7) % DEPARTMENTS].clone(),
                position: Some(format!("立场 {k}-{n}：坚持原定排期 keep the schedule")),
            };
            let x = conflicts::create(
                c,
                ConflictInput {
                    title: format!("排期之争 {k} Schedule dispute"),
                    sides: vec![side(0), side(1), side(2)],
                    mediator_contact_id: None,
                    options: Some("分批发布 staged launch".into()),
                    resolution: None,
                    review_date: Some(day(k % 60)),
                },
                now(),
            )?;
            for status in [
                ConflictStatus::Mediating,
                ConflictStatus::Resolved,
                ConflictStatus::Open,
            ] {
                if k % 4 == 0 && status == ConflictStatus::Open {
                    break;
                }
                conflicts::set_status(
                    c,
                    &x.id,
                    ConflictStatusChange {
                        status,
                        by_contact_id: None,
                        note: Some("面谈 meeting".into()),
                        resolution: None,
                    },
                    now(),
                )?;
            }
        }
        Ok((supplier, depts[0].clone()))
    })
    .expect("build the data")
}

/// Runs `f` `runs` times; (mean, p50, p99) in ms, nearest-rank percentiles.
fn measure(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f();
        ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    let rank = |p: f64| ms[((p * ms.len() as f64).ceil() as usize).max(1) - 1];
    (
        ms.iter().sum::<f64>() / ms.len() as f64,
        rank(0.5),
        rank(0.99),
    )
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_in(dir.path()).expect("db");
    let started = Instant::now();
    let (supplier, department) = build(&db);
    println!(
        "built {SUPPLIERS} suppliers ({DELIVERIES} deliveries, {INCIDENTS} incidents each) and {CONFLICTS} conflicts \
         among {DEPARTMENTS} departments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let runs = if bench_mode { 100 } else { 1 };
    let query = |q: ConflictQuery| move |c: &rusqlite::Connection| conflicts::list(c, &q, now());
    let of_department = ConflictQuery {
        organization_id: Some(department.clone()),
        ..Default::default()
    };
    let searched = ConflictQuery {
        search: Some("排期 1999".into()),
        ..Default::default()
    };
    let due = ConflictQuery {
        review_due_only: true,
        limit: Some(5),
        ..Default::default()
    };
    let rows: Vec<(&str, (f64, f64, f64))> = vec![
        (
            "every supplier's score (200)",
            measure(runs, || {
                db.read(|c| scorecard::supplier_scores(c, now()))
                    .expect("scores");
            }),
        ),
        (
            "one supplier's scorecard",
            measure(runs, || {
                db.read(|c| scorecard::scorecard(c, &supplier, now()))
                    .expect("scorecard");
            }),
        ),
        (
            "a department's conflicts (up to 200)",
            measure(runs, || {
                db.read(query(of_department.clone())).expect("list");
            }),
        ),
        (
            "conflict search",
            measure(runs, || {
                db.read(query(searched.clone())).expect("search");
            }),
        ),
        (
            "conflicts due for review (first 5)",
            measure(runs, || {
                db.read(query(due.clone())).expect("due");
            }),
        ),
        (
            "a department's open tasks",
            measure(runs, || {
                db.read(|c| departments::work(c, &department, now()))
                    .expect("work");
            }),
        ),
    ];
    println!(
        "{:<40} {:>9} {:>9} {:>9}",
        "measure", "mean ms", "p50 ms", "p99 ms"
    );
    for (name, (mean, p50, p99)) in rows {
        println!("{name:<40} {mean:>9.2} {p50:>9.2} {p99:>9.2}");
    }
}
