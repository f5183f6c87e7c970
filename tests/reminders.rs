//! Reminders: which come due between two checks (meetings with the lead time, follow-ups, commitments, cadences
//! turning red, conflict reviews), each once, in the user's zone, with kinds switched off; and the notices' words.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{meeting, org, rules, temp_db};
use liaison_desk::domain::{
    CadenceInput, CommitmentInput, ConflictInput, ConflictSideInput, Direction, InteractionInput,
    InteractionKind, OrgKind,
};
use liaison_desk::error::Rule;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::reminders::{self, Reminder, ReminderKind, ReminderSettings};
use liaison_desk::services::{commitments, conflicts, directory, meetings, relationships};
use liaison_desk::store::Db;

/// 2026-03-10 00:30 in Shanghai (2026-03-09 16:30 UTC): the first check of the day, just after midnight.
fn just_after_midnight() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 9, 16, 30, 0).unwrap()
}

fn kinds(list: &[Reminder]) -> Vec<(ReminderKind, String)> {
    list.iter().map(|r| (r.kind, r.title.clone())).collect()
}

/// Something of each kind due on 2026-03-10 in Shanghai, and a meeting at 09:00 that day.
fn fixture(db: &Db) {
    db.write(|tx| {
        liaison_desk::store::settings::set(tx, "time_zone", Some("Asia/Shanghai"))?;
        let partner = directory::create_organization(tx, org(OrgKind::Partner, "华东精密"))?.id;
        let rd = directory::create_organization(tx, org(OrgKind::Department, "研发部"))?.id;
        let mk = directory::create_organization(tx, org(OrgKind::Department, "市场部"))?.id;
        let mut m = meeting("供应商评审");
        m.starts_at = "2026-03-10T09:00:00+08:00".into();
        m.ends_at = "2026-03-10T10:00:00+08:00".into();
        meetings::create_meeting(tx, m)?;
        relationships::log_interaction(
            tx,
            InteractionInput {
                kind: InteractionKind::Call,
                occurred_at: "2026-03-01T10:00:00+08:00".into(),
                summary: Some("确认交期".into()),
                follow_up_date: Some("2026-03-10".into()),
                follow_up_title: None,
                organization_ids: vec![partner.clone()],
                contact_ids: vec![],
            },
        )?;
        commitments::create(
            tx,
            CommitmentInput {
                direction: Direction::WeOwe,
                title: "提供交付计划".into(),
                organization_id: Some(partner.clone()),
                contact_id: None,
                owner_contact_id: None,
                due_date: Some("2026-03-10".into()),
                notes: None,
                meeting_id: None,
                decision_id: None,
                interaction_id: None,
                task_id: None,
            },
            just_after_midnight(),
        )?;
        // Every 8 days from the call on the 1st: due the 9th, red from the 10th.
        relationships::set_cadence(
            tx,
            CadenceInput {
                organization_id: Some(partner),
                contact_id: None,
                every_days: Some(8),
            },
            just_after_midnight(),
        )?;
        let side = |id: &str| ConflictSideInput {
            organization_id: id.into(),
            position: None,
        };
        conflicts::create(
            tx,
            ConflictInput {
                title: "发布日期之争".into(),
                sides: vec![side(&rd), side(&mk)],
                mediator_contact_id: None,
                options: None,
                resolution: None,
                review_date: Some("2026-03-10".into()),
            },
            just_after_midnight(),
        )?;
        Ok(())
    })
    .unwrap();
}

fn due(db: &Db, since: DateTime<Utc>, now: DateTime<Utc>) -> Vec<Reminder> {
    db.read(|c| reminders::due(c, since, now)).unwrap()
}

#[test]
fn each_reminder_comes_due_once_on_its_day_in_the_users_zone() {
    let (_d, db) = temp_db();
    fixture(&db);
    let now = just_after_midnight();
    // The first check of the 10th in Shanghai (the previous one was late on the 9th): the day's four.
    let first = due(&db, now - Duration::hours(2), now);
    assert_eq!(
        kinds(&first),
        vec![
            (ReminderKind::FollowUp, "确认交期".to_string()),
            (ReminderKind::Commitment, "⇢ 提供交付计划".to_string()),
            (ReminderKind::Cadence, "华东精密".to_string()),
            (ReminderKind::ConflictReview, "发布日期之争".to_string()),
        ]
    );
    assert!(first[0].path.starts_with("/organizations/"), "{first:?}");
    assert!(first[3].path.starts_with("/conflicts?open="), "{first:?}");
    // A later check the same day raises nothing again.
    assert!(due(&db, now, now + Duration::hours(3)).is_empty());
    // In UTC the 10th has not begun at that instant: nothing yet.
    db.write(|tx| liaison_desk::store::settings::set(tx, "time_zone", Some("UTC")))
        .unwrap();
    assert!(due(&db, now - Duration::hours(2), now).is_empty());
}

#[test]
fn a_meeting_is_reminded_once_at_its_lead_time_and_kinds_can_be_switched_off() {
    let (_d, db) = temp_db();
    fixture(&db);
    // 09:00 in Shanghai is 01:00 UTC; the default lead is 15 minutes.
    let start = Utc.with_ymd_and_hms(2026, 3, 10, 1, 0, 0).unwrap();
    let meetings_in = |since: DateTime<Utc>, now: DateTime<Utc>| -> Vec<String> {
        due(&db, since, now)
            .into_iter()
            .filter(|r| r.kind == ReminderKind::Meeting)
            .map(|r| r.title)
            .collect()
    };
    assert!(meetings_in(start - Duration::minutes(20), start - Duration::minutes(16)).is_empty());
    assert_eq!(
        meetings_in(start - Duration::minutes(16), start - Duration::minutes(15)),
        vec!["供应商评审"]
    );
    assert!(meetings_in(start - Duration::minutes(15), start - Duration::minutes(5)).is_empty());
    // An hour's lead; meetings and commitments off.
    db.write(|tx| {
        reminders::set_settings(
            tx,
            ReminderSettings {
                meeting_lead_minutes: 60,
                off: vec![ReminderKind::Commitment, ReminderKind::Cadence],
            },
        )
    })
    .unwrap();
    assert_eq!(
        meetings_in(start - Duration::minutes(61), start - Duration::minutes(60)),
        vec!["供应商评审"]
    );
    let now = just_after_midnight();
    let kinds_on: Vec<ReminderKind> = due(&db, now - Duration::hours(2), now)
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds_on,
        vec![ReminderKind::FollowUp, ReminderKind::ConflictReview]
    );
    // A lead time out of range is refused and the saved one kept.
    let err = db
        .write(|tx| {
            reminders::set_settings(
                tx,
                ReminderSettings {
                    meeting_lead_minutes: 1441,
                    off: vec![],
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        rules(err),
        vec![("meeting_lead_minutes".to_string(), Rule::OutOfRange)]
    );
    assert_eq!(
        db.read(reminders::get_settings)
            .unwrap()
            .meeting_lead_minutes,
        60
    );
}

#[test]
fn what_came_due_while_closed_is_one_summary_in_either_language() {
    let r = |title: &str| Reminder {
        kind: ReminderKind::Commitment,
        id: title.into(),
        title: title.into(),
        when: "2026-03-10".into(),
        path: format!("/organizations/{title}"),
    };
    let list: Vec<Reminder> = ["甲", "乙", "丙", "丁", "戊", "己", "庚"].map(r).to_vec();
    let zh = reminders::summary(Lang::ZhCn, &list).unwrap();
    assert_eq!(zh.title, "离开期间有 7 条提醒");
    assert_eq!(zh.body, "甲、乙、丙、丁、戊 等另外 2 条");
    assert_eq!(zh.path, "/organizations/甲");
    let en = reminders::summary(Lang::En, &list[..1]).unwrap();
    assert_eq!(
        (en.title.as_str(), en.body.as_str()),
        ("1 reminder while you were away", "甲")
    );
    assert!(reminders::summary(Lang::En, &[]).is_none());
    let one = reminders::notice(Lang::En, &list[0]);
    assert_eq!(
        (one.title.as_str(), one.body.as_str()),
        ("Commitment due today", "甲")
    );
}
