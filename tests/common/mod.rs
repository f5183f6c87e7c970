//! Helpers shared by the integration tests: temp-file databases and valid inputs to vary.
#![allow(dead_code)]

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
        for t in [
            "organizations",
            "contacts",
            "projects",
            "project_organizations",
            "tasks",
            "meetings",
            "meeting_attendees",
            "meeting_organizations",
            "meeting_decisions",
            "meeting_exceptions",
            "meeting_agenda_items",
            "meeting_templates",
            "settings",
        ] {
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
