//! Summary exports: one meeting whose PDF runs to about three A4 pages (checked and printed with `pdfinfo`), as
//! Markdown and as PDF, and a batch of 200 such meetings into a folder. Goals: Markdown ≤ 20 ms, PDF ≤ 500 ms per
//! meeting; the batch figure is reported.
//!
//! Each figure covers what the export command does after the user picked the file: read the meeting with its
//! minutes, build the summary, render it and write the file. Fonts for PDF are found once per process (as in the
//! app) and that first call is timed separately. Without `--bench` (`cargo test --benches`) it runs each step once.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use criterion::Criterion;
use liaison_desk::domain::*;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::exports::{self, BatchQuery, ExportFormat};
use liaison_desk::services::{directory, meetings, minutes, projects};
use liaison_desk::store::Db;

const BATCH: usize = 200;

/// About a page of Chinese minutes text per call.
fn notes() -> String {
    let mut s = String::from("## 会议背景\n\n");
    for i in 0..6 {
        s.push_str(&format!(
            "第{i}部分：各部门对新品导入项目的进展进行了逐项回顾。采购部说明了关键物料的到货情况，生产部确认了试产排期，\
             质量部提出了首件检验中发现的三个问题，并与供应商约定了整改时间。财务部提醒本季度预算已使用百分之七十二，\
             后续采购需提前申请。Project status is amber: two suppliers are late and the pilot run moves by one week.\n\n"
        ));
        s.push_str("- 需要在周五前确认替代料的样品\n- 客户要求每周提供一次进度报告\n  - 由联络人汇总后发送\n\n");
    }
    s
}

fn meeting_input(project: &str, people: &[String], orgs: &[String], day: u32) -> MeetingInput {
    let d = 1 + day % 28;
    MeetingInput {
        title: format!("新品导入周会 NPI weekly sync {day}"),
        starts_at: format!("2026-{:02}-{d:02}T10:00:00+08:00", 1 + (day / 28) % 12),
        ends_at: format!("2026-{:02}-{d:02}T11:30:00+08:00", 1 + (day / 28) % 12),
        time_zone: "Asia/Shanghai".into(),
        location: Some("3F 会议室 A".into()),
        organizer_contact_id: Some(people[0].clone()),
        attendee_ids: people.to_vec(),
        project_id: Some(project.to_string()),
        organization_ids: orgs.to_vec(),
        recurrence: None,
        previous_meeting_id: None,
        template_id: Some("builtin:weekly-sync:zh-CN".into()),
    }
}

/// A project with `n` meetings, each with ten agenda items, ten decisions, fifteen action items and long notes.
fn build(db: &Db, n: usize) -> Vec<String> {
    db.write(|c| {
        let mut orgs = Vec::new();
        let mut people = Vec::new();
        for (i, name) in ["采购部", "生产部", "质量部", "苏州恒通电子"].iter().enumerate() {
            let kind = if i < 3 { OrgKind::Department } else { OrgKind::Supplier };
            let o = directory::create_organization(
                c,
                OrganizationInput {
                    kind,
                    name: name.to_string(),
                    tier: None,
                    tags: vec![],
                    address: None,
                    website: None,
                    notes: None,
                    lead_contact_id: None,
                    weekly_capacity_hours: None,
                    color: None,
                },
            )?;
            for j in 0..2 {
                let p = directory::create_contact(
                    c,
                    ContactInput {
                        name: format!("{}{}", ["王", "李", "张", "陈"][i], ["明", "芳"][j]),
                        title: None,
                        organization_id: Some(o.id.clone()),
                        emails: vec![format!("p{i}{j}@example.com")],
                        phones: vec![],
                        wechat: None,
                        notes: None,
                    },
                )?;
                people.push(p.id);
            }
            orgs.push(o.id);
        }
        let project = projects::create_project(
            c,
            ProjectInput {
                name: "新品导入 NPI".into(),
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
            },
        )?;
        let mut ids = Vec::new();
        for day in 0..n {
            let m = meetings::create_meeting(c, meeting_input(&project.id, &people, &orgs, day as u32))?;
            for k in 0..5 {
                let item = AgendaItemInput {
                    title: format!("专题讨论 {k}：替代料与排期"),
                    owner_contact_id: Some(people[k % people.len()].clone()),
                    planned_minutes: Some(10),
                    done: k % 2 == 0,
                };
                minutes::add_agenda_item(c, &m.id, item)?;
            }
            minutes::set_notes(c, &m.id, Some(notes()))?;
            for k in 0..10 {
                let d = DecisionInput {
                    text: format!("决议 {k}：试产推迟一周，供应商须在月底前完成整改 Pilot run moves by one week"),
                    organization_id: Some(orgs[k % orgs.len()].clone()),
                };
                minutes::add_decision(c, &m.id, d)?;
            }
            for k in 0..15 {
                projects::create_task(
                    c,
                    TaskInput {
                        title: format!("行动项 {k}：确认替代料样品与交期"),
                        description: None,
                        project_id: Some(project.id.clone()),
                        meeting_id: Some(m.id.clone()),
                        assignee_contact_id: Some(people[k % people.len()].clone()),
                        assignee_department_id: None,
                        due_date: Some("2026-12-05".into()),
                        status: TaskStatus::Todo,
                        progress: 0,
                        priority: Priority::Normal,
                        estimate_hours: None,
                        scheduled_start: None,
                        scheduled_end: None,
                    },
                )?;
            }
            ids.push(m.id);
        }
        Ok(ids)
    })
    .expect("bench data")
}

fn export_one(db: &Db, id: &str, format: ExportFormat, path: &Path) {
    db.read(|c| exports::export_meeting(c, id, format, Lang::ZhCn, None, path))
        .expect("export");
}

fn pages(pdf: &Path) -> String {
    std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("Pages:"))
                .map(|l| l.trim_start_matches("Pages:").trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_in(dir.path()).expect("db");
    let n = if bench_mode { BATCH } else { 3 };
    let ids = build(&db, n);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let (md, pdf) = (out.join("m.md"), out.join("m.pdf"));

    let t = Instant::now();
    export_one(&db, &ids[0], ExportFormat::Pdf, &pdf);
    let first_pdf = t.elapsed();
    println!(
        "first PDF (finds the system fonts): {:.1} ms; the summary PDF has {} pages",
        first_pdf.as_secs_f64() * 1e3,
        pages(&pdf)
    );

    if bench_mode {
        let mut c = Criterion::default().configure_from_args();
        // Each iteration exports the next of the 200 meetings: Typst memoizes work on identical input, so
        // exporting one meeting again and again would measure its cache, not typesetting.
        let mut next = ids.iter().cycle();
        c.bench_function("export/markdown (3-page meeting)", |b| {
            b.iter(|| export_one(&db, next.next().expect("ids"), ExportFormat::Md, &md))
        });
        let mut next = ids.iter().cycle();
        c.bench_function("export/pdf (3-page meeting)", |b| {
            b.iter(|| export_one(&db, next.next().expect("ids"), ExportFormat::Pdf, &pdf))
        });
        c.final_summary();
    } else {
        export_one(&db, &ids[0], ExportFormat::Md, &md);
    }

    let q = BatchQuery {
        project_id: None,
        from: None,
        to: None,
    };
    let q = BatchQuery {
        project_id: db
            .read(|c| Ok(meetings::get_meeting(c, &ids[0])?.project_id))
            .expect("project"),
        ..q
    };
    for format in [
        ExportFormat::Md,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::Pdf,
    ] {
        let folder = out.join(format.ext());
        std::fs::create_dir_all(&folder).expect("folder");
        let t = Instant::now();
        let report = exports::export_batch(
            &db,
            &q,
            format,
            Lang::ZhCn,
            &folder,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .expect("batch");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "batch {}: {} meetings in {:.2} s ({:.1} ms per meeting)",
            format.ext(),
            report.written.len(),
            secs,
            secs * 1e3 / report.written.len().max(1) as f64
        );
    }
}
