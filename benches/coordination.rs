//! Coordination at scale: 200 suppliers with 60 deliveries and 20 incidents each (12,000 deliveries, 4,000
//! incidents), and 2,000 conflicts among 20 departments (three sides each, four history lines each). Times what the
//! commands run inside `db.read`: every supplier's score (the suppliers list by score and the dashboard's "score
//! dropped" panel), one supplier's scorecard, a department's conflicts, a conflict search, the conflicts due for
//! review, and a department's open tasks; prints mean, p50 and p99 in ms, by the wall clock and on the CPU.
//!
//! Relationships at scale (the table): the scale database (`demo::seed`: 20k organizations, 50k contacts,
//! 5k projects, 100k tasks, 20k meetings) with 100,000 interactions (each with an organization and a contact; one
//! busy organization has 2,000 of them), 20,000 commitments (both ways, due within two months either side, a third
//! done) and 1,000 cadences added. Times the dashboard handler (`dashboard::summary`: counts, today's meetings,
//! overdue tasks, commitments due this week, losing touch), the busy organization's timeline (first page of 50)
//! and a contact's, and the import of a 10,000-contact vCard into it (rolled back after each run).
//!
//! Run with `cargo bench --bench coordination`. Without `--bench` (`cargo test --benches`) each step runs once, on a
//! small database.

use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use liaison_desk::domain::*;
use liaison_desk::services::contacts_io::{self, ImportOptions};
use liaison_desk::services::demo::{self, SeedPlan};
use liaison_desk::services::relationships::{self, TimelineQuery};
use liaison_desk::services::{conflicts, dashboard, departments, directory, scorecard};
use liaison_desk::store::{self, Db};

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

/// Wall-clock mean, p50 and p99 (nearest rank), and the mean time on a CPU, of the same runs, in ms. On a machine
/// busy with other work the wall clock also counts the time this thread waited for a core; the time on a CPU does
/// not, so it is the one to compare across runs on a loaded machine. The kernel accounts it in scheduler ticks, so
/// only its mean over many runs is meaningful, not its percentiles.
type Timing = (f64, f64, f64, f64);

/// The time this thread has spent on a CPU, in ms (the first field of /proc/thread-self/schedstat, in ns; Linux).
fn on_cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e6)
}

/// Runs `f` `runs` times.
fn measure(runs: usize, mut f: impl FnMut()) -> Timing {
    let mut wall: Vec<f64> = Vec::with_capacity(runs);
    let mut cpu = 0.0;
    for _ in 0..runs {
        let (started, cpu_before) = (Instant::now(), on_cpu_ms());
        f();
        wall.push(started.elapsed().as_secs_f64() * 1e3);
        cpu += on_cpu_ms() - cpu_before;
    }
    wall.sort_by(f64::total_cmp);
    let rank = |p: f64| wall[((p * wall.len() as f64).ceil() as usize).max(1) - 1];
    (
        wall.iter().sum::<f64>() / wall.len() as f64,
        rank(0.5),
        rank(0.99),
        cpu / runs as f64,
    )
}

/// The scale database of the issue, and a smoke-test one.
const SCALE: (SeedPlan, usize, usize, usize) = (
    SeedPlan {
        orgs: 20_000,
        contacts: 50_000,
        projects: 5_000,
        tasks: 100_000,
        meetings: 20_000,
    },
    100_000,
    20_000,
    200,
);
const SMOKE: (SeedPlan, usize, usize, usize) = (
    SeedPlan {
        orgs: 400,
        contacts: 1_000,
        projects: 100,
        tasks: 2_000,
        meetings: 400,
    },
    2_000,
    400,
    20,
);
const VCARDS: usize = 10_000;

/// Seeds the scale data and adds the relationships; returns (the busy organization, a contact of it).
fn build_relationships(db: &Db, size: (SeedPlan, usize, usize, usize)) -> (String, String) {
    let (plan, interactions, commitments, cadences) = size;
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("a date");
    demo::seed(db, plan, 42, today).expect("seed");
    db.write(|c| {
        store::settings::set(c, "time_zone", Some("Asia/Shanghai"))?;
        let ids = |sql: &str| -> Vec<String> {
            let mut st = c.prepare(sql).expect("a query");
            st.query_map([], |r| r.get(0))
                .expect("rows")
                .map(|r| r.expect("an id"))
                .collect()
        };
        let orgs = ids("SELECT id FROM organizations WHERE kind <> 'department' ORDER BY id");
        let busy = orgs[0].clone();
        let people = ids(&format!(
            "SELECT id FROM contacts WHERE organization_id = '{busy}' ORDER BY id"
        ));
        let contacts = ids("SELECT id FROM contacts ORDER BY id");
        let person = people.first().unwrap_or(&contacts[0]).clone();
        for i in 0..interactions {
            // Every 50th is with the busy organization (2,000 at scale); the others spread over all of them.
            let org = if i % 50 == 0 {
                &busy
            } else {
                &orgs[i % orgs.len()]
            };
            let input = InteractionInput {
                kind: InteractionKind::ALL[i % InteractionKind::ALL.len()],
                occurred_at: (now() - Duration::minutes(i as i64 * 7)).to_rfc3339(),
                summary: Some(format!(
                    "第 {i} 次沟通：确认交期 Confirmed the delivery date"
                )),
                follow_up_date: None,
                follow_up_title: None,
                organization_ids: vec![org.clone()],
                contact_ids: vec![contacts[(i * 7) % contacts.len()].clone()],
            };
            store::relationships::save_interaction(c, None, &input, None, None)?;
        }
        for i in 0..commitments {
            let input = CommitmentInput {
                direction: if i % 2 == 0 {
                    Direction::WaitingOn
                } else {
                    Direction::WeOwe
                },
                title: format!("承诺 {i} Commitment"),
                organization_id: Some(orgs[(i * 3) % orgs.len()].clone()),
                contact_id: None,
                owner_contact_id: Some(contacts[i % contacts.len()].clone()),
                due_date: Some((today + Duration::days((i % 120) as i64 - 60)).to_string()),
                notes: None,
                meeting_id: None,
                decision_id: None,
                interaction_id: None,
                task_id: None,
            };
            let id = store::commitments::save(c, None, &input)?;
            if i % 3 == 0 {
                store::commitments::set_status(c, &id, CommitmentStatus::Done)?;
            }
        }
        let set_at = (now() - Duration::days(90)).to_rfc3339();
        for i in 0..cadences {
            let every = [7, 14, 30, 60][i % 4];
            store::relationships::set_cadence(
                c,
                Some(&orgs[i * 11 % orgs.len()]),
                None,
                every,
                &set_at,
            )?;
        }
        c.execute_batch("ANALYZE")?;
        Ok((busy, person))
    })
    .expect("add the relationships")
}

/// Cadences for organizations number `range` (every 11th), every 7 to 60 days, set 90 days ago.
fn add_cadences(
    c: &rusqlite::Connection,
    orgs: &[String],
    range: std::ops::Range<usize>,
) -> liaison_desk::error::Result<()> {
    let set_at = (now() - Duration::days(90)).to_rfc3339();
    for i in range {
        let every = [7, 14, 30, 60][i % 4];
        store::relationships::set_cadence(
            c,
            Some(&orgs[i * 11 % orgs.len()]),
            None,
            every,
            &set_at,
        )?;
    }
    Ok(())
}

/// A vCard 3.0 file of `n` people at `n / 10` companies.
fn vcards(n: usize) -> Vec<u8> {
    let mut out = String::with_capacity(n * 200);
    for i in 0..n {
        out.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:导入联系人 {i}\r\nN:{i};导入联系人;;;\r\nORG:导入公司 {}\r\n\
             TITLE:采购经理\r\nEMAIL;TYPE=INTERNET:import{i}@example.cn\r\nTEL;TYPE=CELL:+86 138 {:04} {:04}\r\n\
             END:VCARD\r\n",
            i / 10,
            i / 10_000,
            i % 10_000
        ));
    }
    out.into_bytes()
}

/// Times the relationships part on the scale database; prints its rows.
fn relationships_at_scale(bench_mode: bool) {
    let size = if bench_mode { SCALE } else { SMOKE };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_in(dir.path()).expect("db");
    let started = Instant::now();
    let (busy, person) = build_relationships(&db, size);
    println!(
        "seeded {} records and added {} interactions, {} commitments, {} cadences in {:.1} s",
        size.0.total(),
        size.1,
        size.2,
        size.3,
        started.elapsed().as_secs_f64()
    );
    let d = db
        .read(|c| dashboard::summary(c, now()))
        .expect("dashboard");
    println!(
        "dashboard: {} overdue tasks, {} commitments due by {}, {} losing touch, {} meetings today",
        d.counts.overdue_tasks,
        d.counts.commitments_due,
        d.week_end,
        d.counts.losing_touch,
        d.counts.meetings_today
    );
    let runs = if bench_mode { 200 } else { 1 };
    let page = |organization_id: Option<String>, contact_id: Option<String>| TimelineQuery {
        organization_id,
        contact_id,
        before: None,
        limit: Some(50),
    };
    let of_org = page(Some(busy.clone()), None);
    let of_person = page(None, Some(person.clone()));
    let first = db
        .read(|c| relationships::timeline(c, &of_org))
        .expect("timeline");
    let second = TimelineQuery {
        before: first.last().map(|i| i.cursor.clone()),
        ..of_org.clone()
    };
    let people = if bench_mode { VCARDS } else { 200 };
    let file = vcards(people);
    println!("vCard file: {people} people, {} bytes", file.len());
    let import_runs = if bench_mode { 5 } else { 1 };
    let mut rows = dashboard_and_losing_touch(&db, runs);
    rows.extend(vec![
        (
            "organization timeline, first page",
            measure(runs, || {
                db.read(|c| relationships::timeline(c, &of_org))
                    .expect("timeline");
            }),
        ),
        (
            "organization timeline, second page",
            measure(runs, || {
                db.read(|c| relationships::timeline(c, &second))
                    .expect("timeline");
            }),
        ),
        (
            "contact timeline, first page",
            measure(runs, || {
                db.read(|c| relationships::timeline(c, &of_person))
                    .expect("timeline");
            }),
        ),
        (
            "vCard import (preview)",
            measure(import_runs, || {
                db.read(|c| {
                    contacts_io::import_cards(c, &file, None, &ImportOptions::default(), false)
                })
                .expect("preview");
            }),
        ),
        (
            "vCard import (written, rolled back)",
            measure(import_runs, || {
                // Written and then rolled back (the closure fails on purpose), so each run imports into the same
                // database.
                let out = db.write(|c| {
                    let r =
                        contacts_io::import_cards(c, &file, None, &ImportOptions::default(), true)?;
                    assert!(r.created > 0, "the import created contacts");
                    Err::<(), _>(liaison_desk::error::AppError::not_found(
                        "rollback", "bench",
                    ))
                });
                assert!(out.is_err());
            }),
        ),
    ]);
    print_rows(rows);
    dashboard_parts(&db, runs);

    // The losing-touch list reads every cadence: how it grows with five times as many.
    let more = size.3 * 5;
    db.write(|c| {
        let mut st =
            c.prepare("SELECT id FROM organizations WHERE kind <> 'department' ORDER BY id")?;
        let orgs: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        add_cadences(c, &orgs, size.3..more)
    })
    .expect("more cadences");
    println!("with {more} cadences:");
    print_rows(dashboard_and_losing_touch(&db, runs));
}

/// What the dashboard handler spends its time on, part by part.
fn dashboard_parts(db: &Db, runs: usize) {
    use liaison_desk::domain::{time, ProjectQuery, ProjectSort, ProjectStatus};
    use liaison_desk::services::{planner, settings};
    use liaison_desk::store::{organizations, projects, tasks};
    let tz = db.read(settings::time_zone).expect("zone");
    let today = db.read(|c| settings::today(c, now())).expect("today");
    let (from, to) = time::week_of(tz, now());
    let part =
        |name: &'static str,
         f: &dyn Fn(&rusqlite::Connection) -> liaison_desk::error::Result<()>| {
            (name, measure(runs, || db.read(|c| f(c)).expect("a part")))
        };
    println!("parts of the dashboard handler:");
    print_rows(vec![
        part("counts (organizations, contacts, projects)", &|c| {
            organizations::count_by_kind(c)?;
            c.query_row(
                "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
                [],
                |r| r.get::<_, i64>(0),
            )?;
            projects::count(c, None)?;
            projects::count(c, Some(ProjectStatus::Active))?;
            Ok(())
        }),
        part("open and overdue task counts", &|c| {
            tasks::open_and_overdue(c, &today).map(|_| ())
        }),
        part("meetings of this week", &|c| {
            planner::meeting_occurrences(c, from, to).map(|_| ())
        }),
        part("overdue tasks (first 8)", &|c| {
            tasks::top(c, tasks::OVERDUE, [&today], 8).map(|_| ())
        }),
        part("active projects (first 8)", &|c| {
            let q = ProjectQuery {
                status: Some(ProjectStatus::Active),
                sort: Some(ProjectSort::Due),
                limit: Some(8),
                ..Default::default()
            };
            projects::list(c, &q).map(|_| ())
        }),
        part("commitments due this week", &|c| {
            store::commitments::due_by(c, "2026-11-29", &today, 8).map(|_| ())
        }),
    ]);
}

/// The dashboard handler and the losing-touch list it includes, timed `runs` times each.
fn dashboard_and_losing_touch(db: &Db, runs: usize) -> Vec<(&'static str, Timing)> {
    vec![
        (
            "dashboard handler",
            measure(runs, || {
                db.read(|c| dashboard::summary(c, now()))
                    .expect("dashboard");
            }),
        ),
        (
            "losing touch (every cadence)",
            measure(runs, || {
                db.read(|c| relationships::losing_touch(c, now()))
                    .expect("losing touch");
            }),
        ),
    ]
}

fn print_rows(rows: Vec<(&str, Timing)>) {
    println!(
        "{:<40} {:>9} {:>9} {:>9} {:>9}",
        "measure", "mean ms", "p50 ms", "p99 ms", "cpu ms"
    );
    for (name, (mean, p50, p99, cpu)) in rows {
        println!("{name:<40} {mean:>9.2} {p50:>9.2} {p99:>9.2} {cpu:>9.2}");
    }
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    relationships_at_scale(bench_mode);
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
    let rows: Vec<(&str, Timing)> = vec![
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
    print_rows(rows);
}
