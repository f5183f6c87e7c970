//! Sample data: `demo` fills an empty database with a realistic bilingual week; `seed` writes scale data fast.

use super::{
    commitments, conflicts, directory, meetings, minutes, projects, relationships, scorecard,
};
use crate::domain::recurrence::{Day, Frequency, Recurrence};
use crate::domain::{
    new_id, utc_string, AgendaItemInput, Attendance, CadenceInput, CommitmentInput, ConflictInput,
    ConflictSideInput, ConflictStatus, ConflictStatusChange, ContactInput, DecisionInput,
    DeliveryInput, Direction, IncidentInput, IncidentKind, InteractionInput, InteractionKind,
    MeetingInput, OrgKind, OrganizationInput, Priority, ProjectInput, ProjectOrganizationInput,
    ProjectStatus, TaskInput, TaskStatus,
};
use crate::domain::{time, PALETTE};
use crate::error::{AppError, Result};
use crate::store::{
    self, contacts, meetings as meeting_store, organizations, projects as project_store, tasks, Db,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct DemoReport {
    pub organizations: i32,
    pub contacts: i32,
    pub projects: i32,
    pub tasks: i32,
    pub meetings: i32,
}

const ORGS: &[(OrgKind, &str, &str, &str)] = &[
    (
        OrgKind::Partner,
        "华东精密制造有限公司",
        "A",
        "hd-precision.cn",
    ),
    (
        OrgKind::Partner,
        "Northwind Logistics",
        "A",
        "northwind-logistics.com",
    ),
    (OrgKind::Partner, "深蓝数据科技", "B", "deepblue-data.cn"),
    (
        OrgKind::Partner,
        "Alder & Finch Design",
        "B",
        "alderfinch.design",
    ),
    (OrgKind::Supplier, "苏州恒通电子", "A", "hengtong-elec.cn"),
    (
        OrgKind::Supplier,
        "Brightline Packaging",
        "B",
        "brightline-pack.com",
    ),
    (OrgKind::Supplier, "宁波港联物流", "B", "nb-ganglian.com"),
    (
        OrgKind::Supplier,
        "Kestrel Components GmbH",
        "C",
        "kestrel-components.de",
    ),
    (
        OrgKind::Client,
        "上海星河零售集团",
        "A",
        "xinghe-retail.com",
    ),
    (
        OrgKind::Client,
        "Maple Health Clinics",
        "A",
        "maplehealth.ca",
    ),
    (OrgKind::Client, "杭州云帆教育", "B", "yunfan-edu.cn"),
    (OrgKind::Client, "Orbit Telecom", "C", "orbit-telecom.net"),
];

/// Each department's own people, its lead first.
const STAFF: &[[(&str, &str); 2]] = &[
    [("周立", "研发总监"), ("钱文", "软件工程师")],
    [("Grace Lin", "Marketing Director"), ("许婷", "市场专员")],
    [("冯刚", "采购总监"), ("陆敏", "采购专员")],
    [("蒋丽", "财务经理"), ("Mark Evans", "Financial Analyst")],
    [("沈洁", "客户成功总监"), ("曹阳", "客户经理")],
];

const DEPARTMENTS: &[(&str, f64)] = &[
    ("研发部", 320.0),
    ("市场部 Marketing", 160.0),
    ("采购部", 120.0),
    // Finance lends a few hours a week to projects, so its days fill up first in the planner's workload.
    ("财务部 Finance", 20.0),
    ("客户成功部", 200.0),
];

const PEOPLE: &[(&str, &str)] = &[
    ("王晓明", "采购经理"),
    ("Emily Carter", "Account Director"),
    ("李娜", "项目经理"),
    ("陈静", "质量工程师"),
    ("James Okafor", "Operations Lead"),
    ("张伟", "销售总监"),
    ("刘洋", "物流主管"),
    ("Sophie Martin", "Design Lead"),
    ("赵磊", "研发工程师"),
    ("孙悦", "市场专员"),
    ("Daniel Schmidt", "Key Account Manager"),
    ("周婷", "财务分析师"),
    ("吴昊", "技术总监"),
    ("Olivia Chen", "Partnership Manager"),
    ("郑凯", "供应链经理"),
    ("黄蕾", "客户成功经理"),
    ("Lucas Moreau", "Procurement Specialist"),
    ("何静怡", "法务顾问"),
    ("马俊", "生产主管"),
    ("Hannah Lee", "Product Manager"),
    ("林峰", "数据工程师"),
    ("高洁", "行政主管"),
    ("Noah Williams", "Logistics Coordinator"),
    ("罗晨", "测试经理"),
    ("梁雪", "品牌经理"),
    ("Ava Thompson", "Clinic Operations Manager"),
    ("谢东", "IT 经理"),
    ("韩梅", "人力资源经理"),
    ("Ethan Brooks", "Network Engineer"),
    ("唐宁", "商务经理"),
];

const PROJECTS: &[(&str, &str, ProjectStatus)] = &[
    (
        "华东产线升级 Line upgrade",
        "PRJ-HD-01",
        ProjectStatus::Active,
    ),
    ("星河零售会员系统", "PRJ-XH-02", ProjectStatus::Active),
    (
        "Maple Health patient portal",
        "PRJ-MH-03",
        ProjectStatus::Planned,
    ),
    (
        "包装供应商切换 Packaging switch",
        "PRJ-PK-04",
        ProjectStatus::OnHold,
    ),
    ("云帆教育年度续约", "PRJ-YF-05", ProjectStatus::Active),
];

const TASKS: &[&str] = &[
    "确认样品交期",
    "Review supplier quotation",
    "整理跨部门需求清单",
    "Draft kickoff agenda",
    "更新项目风险登记册",
    "Confirm budget with Finance",
    "安排工厂验收",
    "Send meeting minutes to partners",
    "协调测试环境资源",
    "Collect client sign-off",
    "核对合同付款节点",
    "Prepare steering committee deck",
    "跟进物流清关进度",
    "Align release dates with Marketing",
    "评估备选供应商",
    "Book venue for partner summit",
    "汇总本周进度周报",
    "Resolve invoice discrepancy",
    "确认培训排期",
    "Update partner contact list",
];

const TASKS_PER_PROJECT: usize = 8;

const MEETINGS: &[(&str, &str)] = &[
    ("跨部门周会", "Weekly cross-department sync"),
    ("供应商季度评审", "Supplier quarterly review"),
    ("项目启动会", "Project kickoff"),
    ("客户需求澄清", "Client requirements walkthrough"),
    ("预算复盘", "Budget review"),
];

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn task_input(title: &str) -> TaskInput {
    TaskInput {
        title: title.to_string(),
        description: None,
        project_id: None,
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

fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM organizations) AND NOT EXISTS (SELECT 1 FROM contacts)
             AND NOT EXISTS (SELECT 1 FROM projects) AND NOT EXISTS (SELECT 1 FROM meetings)
             AND NOT EXISTS (SELECT 1 FROM tasks)",
        [],
        |r| r.get(0),
    )?)
}

/// Fills an empty database with the sample week around `today`. Refuses (`not_empty`) when anything is there, so
/// it can never mix with the user's own records.
/// Loads the sample data around the current week of the user's zone.
pub fn load_now(conn: &Connection, now: DateTime<Utc>) -> Result<DemoReport> {
    let today = time::local_date(super::settings::time_zone(conn)?, now);
    load(conn, today)
}

pub fn load(conn: &Connection, today: NaiveDate) -> Result<DemoReport> {
    if !is_empty(conn)? {
        return Err(AppError::NotEmpty);
    }
    let mut report = DemoReport::default();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));

    let mut org_ids = Vec::new();
    for (kind, name, tier, site) in ORGS {
        let o = directory::create_organization(
            conn,
            OrganizationInput {
                kind: *kind,
                name: name.to_string(),
                tier: Some(tier.to_string()),
                tags: vec![],
                address: None,
                website: Some(format!("https://{site}")),
                notes: None,
                lead_contact_id: None,
                weekly_capacity_hours: None,
                color: None,
            },
        )?;
        org_ids.push(o.id);
    }
    let mut people = Vec::new();
    for (i, (name, title)) in PEOPLE.iter().enumerate() {
        let org = &org_ids[i % org_ids.len()];
        let ascii: String = name
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_lowercase();
        let email = if ascii.is_empty() {
            format!("contact{}@example.cn", i + 1)
        } else {
            format!("{ascii}@example.com")
        };
        let c = directory::create_contact(
            conn,
            ContactInput {
                name: name.to_string(),
                title: Some(title.to_string()),
                organization_id: Some(org.clone()),
                emails: vec![email],
                phones: vec![format!("+86 138 {:04} {:04}", 1000 + i * 37, 2000 + i * 53)],
                wechat: None,
                notes: None,
            },
        )?;
        people.push(c.id);
    }
    let mut dept_ids = Vec::new();
    let mut leads = Vec::new();
    for (i, (name, hours)) in DEPARTMENTS.iter().enumerate() {
        let mut input = OrganizationInput {
            kind: OrgKind::Department,
            name: name.to_string(),
            tier: None,
            tags: vec![],
            address: None,
            website: None,
            notes: None,
            lead_contact_id: None,
            weekly_capacity_hours: Some(*hours),
            // The second half of the palette, so departments and projects differ when coloured side by side.
            color: Some(PALETTE[5 + i % 5].to_string()),
        };
        let d = directory::create_organization(conn, input.clone())?;
        // Our own people work in the department; the first of them leads it.
        let mut staff = Vec::new();
        for (k, (person, title)) in STAFF[i % STAFF.len()].iter().enumerate() {
            let c = directory::create_contact(
                conn,
                ContactInput {
                    name: person.to_string(),
                    title: Some(title.to_string()),
                    organization_id: Some(d.id.clone()),
                    emails: vec![format!("staff{}@liaison.example.cn", i * 10 + k + 1)],
                    phones: vec![format!("+86 21 5080 {:04}", 100 + i * 10 + k)],
                    wechat: None,
                    notes: None,
                },
            )?;
            staff.push(c.id);
        }
        input.lead_contact_id = staff.first().cloned();
        directory::update_organization(conn, &d.id, input)?;
        report.contacts += staff.len() as i32;
        leads.extend(staff.first().cloned());
        dept_ids.push(d.id);
    }
    report.organizations = (org_ids.len() + dept_ids.len()) as i32;
    report.contacts += people.len() as i32;

    let mut project_ids = Vec::new();
    for (i, (name, code, status)) in PROJECTS.iter().enumerate() {
        let p = projects::create_project(
            conn,
            ProjectInput {
                name: name.to_string(),
                code: Some(code.to_string()),
                status: *status,
                start_date: Some(date(monday - Duration::days(30 + 7 * i as i64))),
                due_date: Some(date(monday + Duration::days(45 + 14 * i as i64))),
                budget_planned: Some((200_000 + 150_000 * i as i64) as f64 * 100.0),
                budget_actual: Some((80_000 + 40_000 * i as i64) as f64 * 100.0),
                currency: if i == 2 { "USD".into() } else { "CNY".into() },
                owner_department_id: Some(dept_ids[i % dept_ids.len()].clone()),
                color: Some(PALETTE[i % 5].to_string()),
                organizations: vec![
                    ProjectOrganizationInput {
                        organization_id: org_ids[i].clone(),
                        role: "合作伙伴 Partner".into(),
                    },
                    ProjectOrganizationInput {
                        organization_id: org_ids[4 + i % 4].clone(),
                        role: "供应商 Supplier".into(),
                    },
                ],
            },
        )?;
        let mut task_ids = Vec::new();
        for j in 0..TASKS_PER_PROJECT {
            let mut t = task_input(TASKS[(i * TASKS_PER_PROJECT + j) % TASKS.len()]);
            t.project_id = Some(p.id.clone());
            t.assignee_contact_id = Some(people[(i * 3 + j) % people.len()].clone());
            t.assignee_department_id = Some(dept_ids[(i + j) % dept_ids.len()].clone());
            t.due_date = Some(date(monday + Duration::days(j as i64 * 2 - 4)));
            t.status = [
                TaskStatus::Todo,
                TaskStatus::InProgress,
                TaskStatus::Done,
                TaskStatus::Blocked,
            ][j % 4];
            t.progress = [0, 40, 100, 20][j % 4];
            t.priority = [
                Priority::Normal,
                Priority::High,
                Priority::Low,
                Priority::Urgent,
            ][j % 4];
            t.estimate_hours = Some(1.0 + (j % 3) as f64);
            // Work in progress already has a time block this week; the rest waits in the planner's backlog.
            if t.status == TaskStatus::InProgress {
                let day = monday + Duration::days(((i + j) % 5) as i64);
                let start = shanghai(day, 13 + (i % 3) as u32, 30);
                t.scheduled_start = Some(utc_string(start));
                t.scheduled_end = Some(utc_string(start + Duration::hours(2)));
            }
            task_ids.push(projects::create_task(conn, t)?.id);
            report.tasks += 1;
        }
        demo_plan(conn, i, &p.id, &task_ids, &people, monday)?;
        project_ids.push(p.id);
    }
    report.projects = project_ids.len() as i32;

    // Ten meetings over three weeks; the same kind of meeting five places later follows the earlier one, so the
    // later minutes carry its open items.
    let mut made: Vec<String> = Vec::new();
    // Meetings before today have been held: they have notes, attendance and decisions.
    let now_utc = shanghai(today, 0, 0);
    for i in 0..10usize {
        let (zh, en) = MEETINGS[i % MEETINGS.len()];
        let day = monday
            + Duration::days(
                (i as i64 % 5) + if i >= 5 { 7 } else { 0 } - if i == 0 { 7 } else { 0 },
            );
        let hour = [9, 10, 14, 15, 16][i % 5];
        let start = shanghai(day, hour, 0);
        let previous = i.checked_sub(MEETINGS.len()).map(|p| made[p].clone());
        let attendee_ids: Vec<String> = (0..4)
            .map(|k| people[(i * 2 + k) % people.len()].clone())
            .collect();
        let m = meetings::create_meeting(
            conn,
            MeetingInput {
                title: format!("{zh} {en}"),
                starts_at: utc_string(start),
                ends_at: utc_string(start + Duration::minutes(60)),
                time_zone: "Asia/Shanghai".into(),
                location: Some(if i % 2 == 0 {
                    "3F 会议室 A".into()
                } else {
                    "https://meet.example.com/liaison".into()
                }),
                organizer_contact_id: Some(people[i % people.len()].clone()),
                attendee_ids: attendee_ids.clone(),
                project_id: Some(project_ids[i % project_ids.len()].clone()),
                organization_ids: vec![
                    org_ids[i % org_ids.len()].clone(),
                    dept_ids[i % dept_ids.len()].clone(),
                ],
                recurrence: None,
                previous_meeting_id: previous.clone(),
                template_id: None,
            },
        )?;
        if previous.is_none() {
            for (k, (title, minutes)) in [
                ("进展回顾 Progress review", 15),
                ("风险与问题 Risks and issues", 20),
                ("下一步 Next steps", 10),
            ]
            .into_iter()
            .enumerate()
            {
                let item = AgendaItemInput {
                    title: title.into(),
                    owner_contact_id: Some(attendee_ids[k % attendee_ids.len()].clone()),
                    planned_minutes: Some(minutes),
                    // The last item of past meetings stayed open, so it carries forward.
                    done: start < now_utc && k < 2,
                };
                minutes::add_agenda_item(conn, &m.id, item)?;
            }
        }
        if start < now_utc {
            minutes::set_notes(
                conn,
                &m.id,
                Some(format!(
                    "## 纪要 Notes\n\n- 各方确认了本周交付范围。\n- {en}: scope confirmed for this week.\n- 待财务确认预算调整。"
                )),
            )?;
            for (k, a) in attendee_ids.iter().enumerate() {
                let status = if k == 3 {
                    Attendance::Excused
                } else {
                    Attendance::Present
                };
                minutes::set_attendance(conn, &m.id, a, status)?;
            }
            // A held meeting is an interaction with everyone in it.
            relationships::log_meeting(conn, &m.id)?;
            minutes::add_decision(
                conn,
                &m.id,
                DecisionInput {
                    text: "按计划推进第二阶段 Proceed with phase 2 as planned".into(),
                    organization_id: None,
                },
            )?;
            minutes::add_decision(
                conn,
                &m.id,
                DecisionInput {
                    text: "样品交期提前一周 Samples due one week earlier".into(),
                    organization_id: Some(org_ids[i % org_ids.len()].clone()),
                },
            )?;
        }
        for k in 0..2 {
            let mut t = task_input(if k == 0 {
                "跟进会议纪要 Follow up on minutes"
            } else {
                "更新交付计划"
            });
            t.meeting_id = Some(m.id.clone());
            t.project_id = m.project_id.clone();
            t.assignee_contact_id = Some(people[(i + k) % people.len()].clone());
            t.assignee_department_id = (k == 1).then(|| dept_ids[i % dept_ids.len()].clone());
            t.due_date = Some(date(day + Duration::days(3)));
            projects::create_task(conn, t)?;
            report.tasks += 1;
        }
        made.push(m.id);
        report.meetings += 1;
    }

    // A weekly series every Monday morning with the department leads, started four weeks ago.
    let first = shanghai(monday - Duration::days(28), 9, 30);
    meetings::create_meeting(
        conn,
        MeetingInput {
            title: "部门负责人周例会 Leads weekly sync".into(),
            starts_at: utc_string(first),
            ends_at: utc_string(first + Duration::minutes(45)),
            time_zone: "Asia/Shanghai".into(),
            location: Some("3F 会议室 A".into()),
            organizer_contact_id: leads.first().cloned(),
            attendee_ids: leads.clone(),
            project_id: None,
            organization_ids: dept_ids.clone(),
            previous_meeting_id: None,
            template_id: Some("builtin:weekly-sync:zh-CN".into()),
            recurrence: Some(Recurrence {
                freq: Frequency::Weekly,
                interval: 1,
                weekdays: vec![Day::Mo],
                until: None,
                count: None,
            }),
        },
    )?;
    report.meetings += 1;

    // Keeping in touch: a key partner every two weeks, a key supplier weekly (last heard from by e-mail ten days
    // ago), and the partner's buyer monthly.
    let (partner, supplier) = (&org_ids[0], &org_ids[4]);
    relationships::log_interaction(
        conn,
        InteractionInput {
            kind: InteractionKind::Email,
            occurred_at: utc_string(shanghai(today - Duration::days(10), 11, 0)),
            summary: Some("确认下季度备货计划 Confirmed next quarter's stock plan".into()),
            follow_up_date: None,
            follow_up_title: None,
            organization_ids: vec![supplier.clone()],
            contact_ids: vec![],
        },
    )?;
    let now = shanghai(today, 12, 0);
    // Commitments both ways: the supplier's overdue samples, and what we promised the partner.
    for (direction, title, org, owner, due_in) in [
        (
            Direction::WaitingOn,
            "寄送第二批样品 Ship the second batch of samples",
            supplier,
            &people[0],
            -3,
        ),
        (
            Direction::WeOwe,
            "提供更新后的交付计划 Send the updated delivery plan",
            partner,
            &people[1],
            2,
        ),
    ] {
        commitments::create(
            conn,
            CommitmentInput {
                direction,
                title: title.into(),
                organization_id: Some(org.clone()),
                contact_id: None,
                owner_contact_id: Some(owner.clone()),
                due_date: Some(date(today + Duration::days(due_in))),
                notes: None,
                meeting_id: None,
                decision_id: None,
                interaction_id: None,
                task_id: None,
            },
            now,
        )?;
    }
    for (organization_id, contact_id, every_days) in [
        (Some(partner.clone()), None, 14),
        (Some(supplier.clone()), None, 7),
        (None, Some(people[0].clone()), 30),
    ] {
        relationships::set_cadence(
            conn,
            CadenceInput {
                organization_id,
                contact_id,
                every_days: Some(every_days),
            },
            now,
        )?;
    }
    demo_coordination(conn, today, &org_ids[4..], &dept_ids, &leads, now)?;
    Ok(report)
}

/// Two department conflicts (one under mediation and due for review today, one resolved) and a scorecard for three
/// suppliers: 苏州恒通电子 slipping this quarter, Brightline always on time, 宁波港联 once late.
fn demo_coordination(
    conn: &Connection,
    today: NaiveDate,
    suppliers: &[String],
    depts: &[String],
    leads: &[String],
    now: DateTime<Utc>,
) -> Result<()> {
    let side = |d: &String, position: &str| ConflictSideInput {
        organization_id: d.clone(),
        position: Some(position.into()),
    };
    let launch = conflicts::create(
        conn,
        ConflictInput {
            title: "新品发布日期之争 Launch date dispute".into(),
            sides: vec![
                side(
                    &depts[0],
                    "测试未完成，要求推迟两周 Testing is not finished: two more weeks",
                ),
                side(
                    &depts[1],
                    "渠道已排期，坚持原定日期 Channels are booked: keep the date",
                ),
            ],
            mediator_contact_id: leads.get(4).cloned(),
            options: Some("- 分批发布 Staged launch\n- 推迟一周 One week later".into()),
            resolution: None,
            review_date: Some(date(today)),
        },
        now,
    )?;
    conflicts::set_status(
        conn,
        &launch.id,
        ConflictStatusChange {
            status: ConflictStatus::Mediating,
            by_contact_id: leads.get(4).cloned(),
            note: Some("约双方周三面谈 Both sides meet on Wednesday".into()),
            resolution: None,
        },
        now,
    )?;
    let budget = conflicts::create(
        conn,
        ConflictInput {
            title: "采购预算分摊 Purchasing budget split".into(),
            sides: vec![
                side(&depts[2], "按人头分摊 By headcount"),
                side(&depts[3], "按收益分摊 By revenue"),
            ],
            mediator_contact_id: leads.get(4).cloned(),
            options: None,
            resolution: Some("按收益分摊，每季度复核 By revenue, reviewed each quarter".into()),
            review_date: Some(date(today - Duration::days(5))),
        },
        now,
    )?;
    for status in [ConflictStatus::Mediating, ConflictStatus::Resolved] {
        conflicts::set_status(
            conn,
            &budget.id,
            ConflictStatusChange {
                status,
                by_contact_id: None,
                note: None,
                resolution: None,
            },
            now,
        )?;
    }
    // (supplier, promised days from today, days late or None while outstanding)
    let deliveries: [(usize, i64, Option<i64>); 11] = [
        (0, -150, Some(0)),
        (0, -120, Some(0)),
        (0, -90, Some(0)),
        (0, -60, Some(2)),
        (0, -20, Some(5)),
        (0, 10, None),
        (1, -100, Some(0)),
        (1, -45, Some(-1)),
        (1, -12, Some(0)),
        (2, -70, Some(1)),
        (2, -30, Some(0)),
    ];
    for (n, (s, promised, late)) in deliveries.into_iter().enumerate() {
        let promised_on = today + Duration::days(promised);
        scorecard::record_delivery(
            conn,
            None,
            DeliveryInput {
                organization_id: suppliers[s].clone(),
                title: format!("第 {} 批 Batch {}", n + 1, n + 1),
                promised_on: date(promised_on),
                delivered_on: late.map(|l| date(promised_on + Duration::days(l))),
            },
            now,
        )?;
    }
    for (s, kind, severity, ago, note) in [
        (
            0,
            IncidentKind::LateDelivery,
            2,
            15,
            "第 5 批晚到 5 天 Batch 5 five days late",
        ),
        (
            0,
            IncidentKind::Quality,
            3,
            40,
            "来料不良率 3% Incoming defect rate 3%",
        ),
        (
            0,
            IncidentKind::Communication,
            1,
            100,
            "报价迟复 Late reply to a quote",
        ),
        (
            2,
            IncidentKind::Communication,
            1,
            30,
            "未提前告知船期变更 Schedule change not announced",
        ),
    ] {
        scorecard::record_incident(
            conn,
            None,
            IncidentInput {
                organization_id: suppliers[s].clone(),
                kind,
                severity,
                occurred_on: date(today - Duration::days(ago)),
                note: Some(note.into()),
            },
        )?;
    }
    Ok(())
}

/// A project's plan: two milestones (one reached), a dependency and a subtask, risks with reviews (the first
/// project's supplier risk stayed high across two), budget lines with spend dates, and this week's report summary.
fn demo_plan(
    conn: &Connection,
    i: usize,
    project_id: &str,
    task_ids: &[String],
    people: &[String],
    monday: NaiveDate,
) -> Result<()> {
    use crate::domain::{
        BudgetLineInput, MilestoneInput, MilestoneStatus, Minor, RiskInput, RiskReviewInput,
        RiskStatus,
    };
    use crate::store::plan;
    plan::insert_milestone(
        conn,
        project_id,
        &MilestoneInput {
            title: "需求冻结 Requirements frozen".into(),
            target_date: date(monday - Duration::days(3)),
            status: MilestoneStatus::Done,
            done_on: Some(date(monday - Duration::days(2))),
        },
    )?;
    let samples = plan::insert_milestone(
        conn,
        project_id,
        &MilestoneInput {
            title: "样品交付 Samples delivered".into(),
            target_date: date(monday + Duration::days(10 + 7 * i as i64)),
            status: MilestoneStatus::Open,
            done_on: None,
        },
    )?;
    for t in task_ids.iter().take(3) {
        plan::set_task_plan(conn, t, None, Some(&samples))?;
    }
    if let [a, b, c, ..] = task_ids {
        plan::add_dependency(conn, a, b)?;
        plan::set_task_plan(conn, c, Some(b), Some(&samples))?;
    }
    let (title, p, im) = if i == 0 {
        ("关键供应商交期延误 Key supplier late", 4, 4)
    } else {
        ("汇率波动 Exchange rate swings", 2, 3)
    };
    let risk = plan::insert_risk(
        conn,
        project_id,
        &RiskInput {
            title: title.into(),
            description: None,
            probability: p,
            impact: im,
            owner_contact_id: Some(people[i % people.len()].clone()),
            mitigation: Some(
                "备选供应商，提前两周下单 Second source; order two weeks early".into(),
            ),
            due_date: Some(date(monday + Duration::days(14))),
            status: RiskStatus::Open,
            task_ids: None,
        },
    )?;
    // The risk threatens the first task (the samples' supplier work).
    if let Some(first) = task_ids.first() {
        plan::set_risk_tasks(conn, &risk, std::slice::from_ref(first))?;
    }
    for weeks in [2, 1] {
        plan::add_review(
            conn,
            &risk,
            &RiskReviewInput {
                reviewed_on: date(monday - Duration::days(7 * weeks)),
                probability: p,
                impact: im,
                note: None,
                next_due: None,
            },
        )?;
    }
    let currency = if i == 2 { "USD" } else { "CNY" };
    for (k, (category, planned, actual)) in [
        (
            "设备 Equipment",
            12_000_000,
            9_500_000 + 1_000_000 * i as i64,
        ),
        ("差旅 Travel", 800_000, 350_000),
    ]
    .into_iter()
    .enumerate()
    {
        plan::insert_line(
            conn,
            project_id,
            &BudgetLineInput {
                category: category.into(),
                description: None,
                planned: Minor(planned),
                actual: Minor(actual),
                currency: currency.into(),
                spent_on: Some(date(monday - Duration::days(20 - 9 * k as i64))),
            },
        )?;
    }
    if i == 0 {
        plan::save_report_summary(
            conn,
            "project",
            project_id,
            &crate::domain::week_name(monday),
            "样品按计划推进；关键供应商交期仍是本周最大风险。",
        )?;
    }
    Ok(())
}

/// A wall-clock time in Shanghai (UTC+8 all year), where the sample organizations work.
fn shanghai(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .map(|d| d.and_utc())
        .unwrap_or_default()
        - Duration::hours(8)
}

/// How many records of each kind `seed` writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeedPlan {
    pub orgs: usize,
    pub contacts: usize,
    pub projects: usize,
    pub tasks: usize,
    pub meetings: usize,
}

impl SeedPlan {
    pub fn total(&self) -> usize {
        self.orgs + self.contacts + self.projects + self.tasks + self.meetings
    }
}

/// Tables `seed` writes; their indexes are rebuilt once after the load instead of maintained row by row.
const SEEDED: [&str; 6] = [
    "organizations",
    "contacts",
    "projects",
    "meetings",
    "meeting_attendees",
    "tasks",
];

/// Writes scale data through the same store inserts the app uses, in one transaction (a failure leaves nothing
/// behind). Deterministic per `seed` so benchmarks compare like with like. Returns the number of rows written.
///
/// A database without data (a fresh or scratch folder, what benchmarks use) is loaded without syncs and with a
/// rollback journal (`Db::write_unsynced`, which says what a crash does); one that holds anything is loaded with
/// the app's normal, fully synced setup, so a crash can never damage existing records.
pub fn seed(db: &Db, plan: SeedPlan, seed: u64, today: NaiveDate) -> Result<usize> {
    let started = std::time::Instant::now();
    let mut done = started.elapsed();
    let mut analyzed = done;
    let load = |tx: &Transaction| {
        let written = store::bulk_load(tx, &SEEDED, |tx| write_seed(tx, plan, seed, today))?;
        let before = std::time::Instant::now();
        // Fresh statistics so the planner picks the intended indexes on the new volume.
        tx.execute_batch("ANALYZE")?;
        analyzed = before.elapsed();
        done = started.elapsed();
        Ok(written)
    };
    let empty = !db.read(super::archive::has_data)?;
    let written = if empty {
        db.write_unsynced(load)?
    } else {
        db.write(load)?
    };
    tracing::info!(?analyzed, commit = ?(started.elapsed() - done), unsynced = empty, "seed written");
    Ok(written)
}

fn write_seed(tx: &Connection, plan: SeedPlan, seed: u64, today: NaiveDate) -> Result<usize> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let syllables = [
        "华", "东", "精", "密", "星", "河", "云", "帆", "恒", "通", "北", "风", "深", "蓝", "联",
        "达",
    ];
    let words = [
        "Northwind",
        "Maple",
        "Orbit",
        "Kestrel",
        "Alder",
        "Bright",
        "Harbor",
        "Summit",
    ];
    let name = |rng: &mut fastrand::Rng, i: usize| -> String {
        if i.is_multiple_of(2) {
            (0..4)
                .map(|_| syllables[rng.usize(..syllables.len())])
                .collect::<String>()
                + &i.to_string()
        } else {
            format!(
                "{} {} {i}",
                words[rng.usize(..words.len())],
                words[rng.usize(..words.len())]
            )
        }
    };
    let mut org_ids: Vec<String> = Vec::with_capacity(plan.orgs);
    let mut dept_ids: Vec<String> = Vec::new();
    for i in 0..plan.orgs {
        let kind = OrgKind::ALL[i % 4];
        let input = OrganizationInput {
            kind,
            name: name(&mut rng, i),
            tier: Some(["A", "B", "C"][i % 3].into()),
            tags: vec![],
            address: None,
            website: None,
            notes: None,
            lead_contact_id: None,
            weekly_capacity_hours: (kind == OrgKind::Department).then_some(160.0),
            color: None,
        };
        let id = organizations::insert(tx, &input)?;
        if kind == OrgKind::Department {
            dept_ids.push(id.clone());
        }
        org_ids.push(id);
    }
    let mut contact_ids: Vec<String> = Vec::with_capacity(plan.contacts);
    for i in 0..plan.contacts {
        let input = ContactInput {
            name: name(&mut rng, i),
            title: None,
            organization_id: pick(&mut rng, &org_ids),
            emails: vec![format!("person{i}@example.com")],
            phones: vec![],
            wechat: None,
            notes: None,
        };
        contact_ids.push(contacts::insert(tx, &input)?);
    }
    let mut project_ids: Vec<String> = Vec::with_capacity(plan.projects);
    for i in 0..plan.projects {
        let input = ProjectInput {
            name: name(&mut rng, i),
            code: Some(format!("P-{i:05}")),
            status: ProjectStatus::ALL[i % 5],
            start_date: Some(date(today - Duration::days(rng.i64(0..200)))),
            due_date: Some(date(today + Duration::days(rng.i64(0..300)))),
            budget_planned: Some(f64::from(rng.u32(1_000..10_000_000)) * 100.0),
            budget_actual: None,
            currency: "CNY".into(),
            owner_department_id: pick(&mut rng, &dept_ids),
            color: None,
            organizations: vec![],
        };
        project_ids.push(project_store::insert(tx, &input)?);
    }
    let base = today
        .and_hms_opt(9, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or_default();
    // A year either side of `today` in half-hour steps: a week holds a few hundred meetings and blocks, like a
    // busy liaison's calendar over two years.
    const HALF_HOURS_PER_YEAR: i64 = 2 * 24 * 365;
    let mut meeting_ids: Vec<String> = Vec::with_capacity(plan.meetings);
    for i in 0..plan.meetings {
        let start =
            base + Duration::minutes(30 * rng.i64(-HALF_HOURS_PER_YEAR..HALF_HOURS_PER_YEAR));
        // One meeting in 400 is a weekly series on its weekday, open-ended.
        let recurrence = (i % 400 == 0).then(|| Recurrence {
            freq: Frequency::Weekly,
            interval: 1,
            weekdays: vec![],
            until: None,
            count: None,
        });
        let input = MeetingInput {
            title: name(&mut rng, i),
            starts_at: utc_string(start),
            ends_at: utc_string(start + Duration::minutes(60)),
            time_zone: "Asia/Shanghai".into(),
            location: None,
            organizer_contact_id: pick(&mut rng, &contact_ids),
            attendee_ids: pick(&mut rng, &contact_ids).into_iter().collect(),
            project_id: pick(&mut rng, &project_ids),
            organization_ids: vec![],
            recurrence,
            previous_meeting_id: None,
            template_id: None,
        };
        let id = meeting_store::insert(tx, &input)?;
        // Minutes of three sentences in Chinese and English, so search has real text to segment and find.
        let notes: Vec<&str> = (0..3)
            .map(|_| NOTE_SENTENCES[rng.usize(..NOTE_SENTENCES.len())])
            .collect();
        meeting_store::set_notes(tx, &id, Some(&notes.join(" ")))?;
        meeting_ids.push(id);
    }
    let first_key: f64 =
        tx.query_row("SELECT ifnull(max(sort_key), 0) + 1 FROM tasks", [], |r| {
            r.get(0)
        })?;
    for i in 0..plan.tasks {
        let mut t = task_input(&name(&mut rng, i));
        t.project_id = pick(&mut rng, &project_ids);
        t.meeting_id = if i % 10 == 0 {
            pick(&mut rng, &meeting_ids)
        } else {
            None
        };
        t.assignee_contact_id = pick(&mut rng, &contact_ids);
        t.due_date = Some(date(today + Duration::days(rng.i64(-30..90))));
        t.status = TaskStatus::ALL[i % 5];
        t.estimate_hours = Some(f64::from(rng.u8(1..8)));
        // A quarter of the tasks have a time block of their estimate's length somewhere in the two years.
        if i % 4 == 1 {
            let start =
                base + Duration::minutes(30 * rng.i64(-HALF_HOURS_PER_YEAR..HALF_HOURS_PER_YEAR));
            let hours = i64::from(rng.u8(1..4));
            t.scheduled_start = Some(utc_string(start));
            t.scheduled_end = Some(utc_string(start + Duration::hours(hours)));
        }
        tasks::insert_with_key(tx, &new_id(), &t, first_key + i as f64)?;
    }
    Ok(plan.total())
}

/// What seeded meetings' minutes are made of.
const NOTE_SENTENCES: [&str; 12] = [
    "研发部确认样品测试计划，下周提交测试报告。",
    "供应商交期推迟三天，采购部跟进替代方案。",
    "项目预算需要重新评估，财务部本周给出意见。",
    "质量部发现包装破损问题，要求供应商整改。",
    "市场部希望提前发布，需要协调生产排期。",
    "客户提出新的验收标准，项目组评估影响。",
    "Supplier confirmed the revised delivery schedule.",
    "Review of the packaging design; the decision is deferred to next week.",
    "Budget variance discussed with finance; no change to the forecast.",
    "Action: send the updated test plan to the client.",
    "Risk: customs clearance may delay the shipment.",
    "Agreed to hold a weekly sync until the launch.",
];

fn pick(rng: &mut fastrand::Rng, ids: &[String]) -> Option<String> {
    (!ids.is_empty()).then(|| ids[rng.usize(..ids.len())].clone())
}
