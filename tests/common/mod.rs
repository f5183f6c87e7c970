//! Helpers shared by the integration tests: temp-file databases and valid inputs to vary.
#![allow(dead_code)]

pub mod radicale;

use liaison_desk::domain::*;
use liaison_desk::store::Db;
use tempfile::TempDir;

/// A fresh database in its own temp folder (kept alive by the returned TempDir).
pub fn temp_db() -> (TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_in(dir.path()).expect("open db");
    (dir, db)
}

pub fn org(kind: OrgKind, name: &str) -> OrganizationInput {
    OrganizationInput {
        kind,
        name: name.into(),
        tier: Some("A".into()),
        tags: vec!["精密".into()],
        address: Some("上海市浦东新区".into()),
        website: Some("https://hd-precision.cn".into()),
        notes: None,
        lead_contact_id: None,
        weekly_capacity_hours: None,
        color: None,
    }
}

pub fn contact(name: &str, org: Option<&str>) -> ContactInput {
    ContactInput {
        name: name.into(),
        title: Some("采购经理".into()),
        organization_id: org.map(String::from),
        emails: vec!["wang@hd-precision.cn".into()],
        phones: vec!["+86 138 0000 0000".into()],
        wechat: Some("wxm_hd".into()),
        notes: None,
    }
}

pub fn project(name: &str) -> ProjectInput {
    ProjectInput {
        name: name.into(),
        code: Some("PRJ-1".into()),
        status: ProjectStatus::Active,
        start_date: Some("2026-11-01".into()),
        due_date: Some("2027-01-31".into()),
        budget_planned: Some(12_000_050.0),
        budget_actual: Some(0.0),
        currency: "CNY".into(),
        owner_department_id: None,
        color: None,
        organizations: vec![],
    }
}

pub fn task(title: &str) -> TaskInput {
    TaskInput {
        title: title.into(),
        description: None,
        project_id: None,
        meeting_id: None,
        assignee_contact_id: None,
        assignee_department_id: None,
        due_date: Some("2026-11-30".into()),
        status: TaskStatus::Todo,
        progress: 0,
        priority: Priority::Normal,
        estimate_hours: Some(2.0),
        scheduled_start: None,
        scheduled_end: None,
    }
}

pub fn meeting(title: &str) -> MeetingInput {
    MeetingInput {
        title: title.into(),
        starts_at: "2026-11-24T10:00:00+08:00".into(),
        ends_at: "2026-11-24T11:00:00+08:00".into(),
        time_zone: "Asia/Shanghai".into(),
        location: Some("3F 会议室 A".into()),
        organizer_contact_id: None,
        attendee_ids: vec![],
        project_id: None,
        organization_ids: vec![],
        recurrence: None,
        previous_meeting_id: None,
        template_id: None,
    }
}

/// Every (table, live-row count) pair, to prove a refused write changed nothing.
pub fn row_counts(db: &Db) -> Vec<(String, i64)> {
    db.read(|c| {
        let mut out = Vec::new();
        for t in liaison_desk::store::tables::TABLES.iter().map(|t| t.name) {
            let n: i64 = c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            out.push((t.to_string(), n));
        }
        Ok(out)
    })
    .expect("counts")
}

pub fn rules(e: liaison_desk::error::AppError) -> Vec<(String, liaison_desk::error::Rule)> {
    match e {
        liaison_desk::error::AppError::Validation { fields } => {
            fields.into_iter().map(|f| (f.field, f.rule)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A series of two meetings for minutes tests: "first" (held, with notes, decisions, an unfinished agenda item and
/// action items of which one is done) and "second", which follows it.
pub struct MinutesFixture {
    pub project: String,
    pub purchasing: String,
    pub supplier: String,
    pub wang: String,
    pub emily: String,
    pub first: String,
    pub second: String,
}

pub fn minutes_fixture(db: &Db) -> MinutesFixture {
    use liaison_desk::services::{directory, meetings, minutes, projects};
    db.write(|c| {
        let purchasing = directory::create_organization(c, org(OrgKind::Department, "采购部"))?;
        let supplier = directory::create_organization(c, org(OrgKind::Supplier, "苏州恒通电子"))?;
        let wang = directory::create_contact(c, contact("王晓明", Some(&supplier.id)))?;
        let mut e = contact("Emily Carter", Some(&purchasing.id));
        e.emails = vec!["emily@example.com".into()];
        let emily = directory::create_contact(c, e)?;
        let p = projects::create_project(c, project("新品导入 NPI"))?;

        let mut m = meeting("供应商季度评审");
        m.project_id = Some(p.id.clone());
        m.organizer_contact_id = Some(emily.id.clone());
        m.attendee_ids = vec![wang.id.clone(), emily.id.clone()];
        m.organization_ids = vec![supplier.id.clone(), purchasing.id.clone()];
        let first = meetings::create_meeting(c, m.clone())?;
        for (title, minutes_, done) in [("交付与质量", 20, true), ("价格与成本", 30, false)]
        {
            let item = AgendaItemInput {
                title: title.into(),
                owner_contact_id: Some(wang.id.clone()),
                planned_minutes: Some(minutes_),
                done,
            };
            minutes::add_agenda_item(c, &first.id, item)?;
        }
        minutes::set_attendance(c, &first.id, &wang.id, Attendance::Present)?;
        minutes::set_attendance(c, &first.id, &emily.id, Attendance::Excused)?;
        minutes::set_notes(
            c,
            &first.id,
            Some("## 要点\n\n- 样品**已到**\n- 包装需*改进*\n\n> 客户关注交期".into()),
        )?;
        for (text, party) in [
            ("采用新包装方案", Some(supplier.id.clone())),
            ("下季度价格冻结", None),
            ("采购部负责月度对账", Some(purchasing.id.clone())),
        ] {
            minutes::add_decision(
                c,
                &first.id,
                DecisionInput {
                    text: text.into(),
                    organization_id: party,
                },
            )?;
        }
        let mut t = task("确认样品交期");
        t.meeting_id = Some(first.id.clone());
        t.project_id = Some(p.id.clone());
        t.assignee_contact_id = Some(wang.id.clone());
        t.due_date = Some("2026-11-20".into());
        projects::create_task(c, t)?;
        let mut t = task("提交对账单");
        t.meeting_id = Some(first.id.clone());
        t.project_id = Some(p.id.clone());
        t.assignee_department_id = Some(purchasing.id.clone());
        t.due_date = Some("2026-12-05".into());
        t.status = TaskStatus::InProgress;
        projects::create_task(c, t)?;
        let mut t = task("发送会议纪要");
        t.meeting_id = Some(first.id.clone());
        t.assignee_contact_id = Some(emily.id.clone());
        t.status = TaskStatus::Done;
        projects::create_task(c, t)?;

        let mut next = m;
        next.starts_at = "2026-12-01T10:00:00+08:00".into();
        next.ends_at = "2026-12-01T11:00:00+08:00".into();
        next.previous_meeting_id = Some(first.id.clone());
        let second = meetings::create_meeting(c, next)?;
        Ok(MinutesFixture {
            project: p.id,
            purchasing: purchasing.id,
            supplier: supplier.id,
            wang: wang.id,
            emily: emily.id,
            first: first.id,
            second: second.id,
        })
    })
    .expect("minutes fixture")
}

/// Every table sync shares, row by row in key order, as text: what "the same data" means for sync tests.
pub fn synced_rows(db: &Db) -> Vec<String> {
    db.read(|c| {
        let mut out = Vec::new();
        for t in liaison_desk::store::tables::synced() {
            let mut stmt = c.prepare(&format!(
                "SELECT * FROM {} ORDER BY {}",
                t.name,
                t.key.join(", ")
            ))?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                out.push(format!("{}: {}", t.name, cells.join(" | ")));
            }
        }
        Ok(out)
    })
    .unwrap()
}

/// Edits an organization the way its form does: load, change, save.
pub fn edit_org(db: &Db, id: &str, f: impl FnOnce(&mut OrganizationInput)) {
    db.write(|tx| {
        let o = liaison_desk::services::directory::get_organization(tx, id)?;
        let mut input = OrganizationInput {
            kind: o.kind,
            name: o.name,
            tier: o.tier,
            tags: o.tags,
            address: o.address,
            website: o.website,
            notes: o.notes,
            lead_contact_id: o.lead_contact_id,
            weekly_capacity_hours: o.weekly_capacity_hours,
            color: o.color,
        };
        f(&mut input);
        liaison_desk::services::directory::update_organization(tx, id, input)
    })
    .unwrap();
}

/// The rows a backup or an export of this data folder counts (every registered table), read from its file. The
/// demo's depend on the weekday it is loaded on (its meetings before today have minutes), so tests read them
/// rather than fix a number.
pub fn rows_in(dir: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join(liaison_desk::store::db::DB_FILE))
        .expect("open the database");
    liaison_desk::store::backup::row_counts(&conn)
        .expect("row counts")
        .values()
        .map(|n| i64::from(*n))
        .sum()
}
