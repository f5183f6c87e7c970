//! Running a meeting: agenda order, attendance, carry-forward along a series, the brief, templates, decision search
//! and the follow-up packs' contents, on temp-file databases.

mod common;

use common::*;
use liaison_desk::domain::*;
use liaison_desk::error::{AppError, Rule};
use liaison_desk::export::compose::FollowUpParty;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::{self, exports, meetings, minutes};

fn titles(items: &[AgendaItem]) -> Vec<&str> {
    items.iter().map(|i| i.title.as_str()).collect()
}

#[test]
fn agenda_items_reorder_and_survive_crowded_keys() {
    let (_d, db) = temp_db();
    let m = db
        .write(|c| meetings::create_meeting(c, meeting("周会")))
        .unwrap();
    let ids: Vec<String> = ["一", "二", "三"]
        .iter()
        .map(|t| {
            let input = AgendaItemInput {
                title: t.to_string(),
                owner_contact_id: None,
                planned_minutes: Some(10),
                done: false,
            };
            db.write(|c| minutes::add_agenda_item(c, &m.id, input))
                .unwrap()
                .id
        })
        .collect();
    let order = db
        .write(|c| minutes::move_agenda_item(c, &ids[2], None))
        .unwrap();
    assert_eq!(titles(&order), vec!["三", "一", "二"]);
    let order = db
        .write(|c| minutes::move_agenda_item(c, &ids[2], Some(&ids[0])))
        .unwrap();
    assert_eq!(titles(&order), vec!["一", "三", "二"]);
    // Bisecting the same gap again and again ends in a renumbering, never in two equal keys.
    for _ in 0..60 {
        db.write(|c| minutes::move_agenda_item(c, &ids[1], Some(&ids[0])))
            .unwrap();
        db.write(|c| minutes::move_agenda_item(c, &ids[2], Some(&ids[0])))
            .unwrap();
    }
    let order = db
        .read(|c| liaison_desk::store::minutes::agenda(c, &m.id))
        .unwrap();
    assert_eq!(titles(&order), vec!["一", "三", "二"]);
    let keys: Vec<f64> = order.iter().map(|i| i.sort_key).collect();
    assert!(keys.windows(2).all(|w| w[1] - w[0] > 1e-9), "{keys:?}");

    let err = db
        .write(|c| minutes::move_agenda_item(c, &ids[0], Some("nope")))
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }));
}

#[test]
fn bad_minutes_input_writes_nothing() {
    let (_d, db) = temp_db();
    let m = db
        .write(|c| meetings::create_meeting(c, meeting("周会")))
        .unwrap();
    let before = row_counts(&db);
    let bad = AgendaItemInput {
        title: " ".into(),
        owner_contact_id: Some("ghost".into()),
        planned_minutes: Some(5000),
        done: false,
    };
    let got = rules(
        db.write(|c| minutes::add_agenda_item(c, &m.id, bad))
            .unwrap_err(),
    );
    assert!(got.contains(&("title".into(), Rule::Required)));
    let ghost_owner = AgendaItemInput {
        title: "风险".into(),
        owner_contact_id: Some("ghost".into()),
        planned_minutes: None,
        done: false,
    };
    let got = rules(
        db.write(|c| minutes::add_agenda_item(c, &m.id, ghost_owner))
            .unwrap_err(),
    );
    assert_eq!(got, vec![("owner_contact_id".to_string(), Rule::UnknownId)]);
    let d = DecisionInput {
        text: "决议".into(),
        organization_id: Some("ghost".into()),
    };
    let got = rules(
        db.write(|c| minutes::add_decision(c, &m.id, d))
            .unwrap_err(),
    );
    assert_eq!(got, vec![("organization_id".to_string(), Rule::UnknownId)]);
    let d = DecisionInput {
        text: "决议".into(),
        organization_id: None,
    };
    assert!(matches!(
        db.write(|c| minutes::add_decision(c, "nope", d))
            .unwrap_err(),
        AppError::NotFound { .. }
    ));
    let mut follow = meeting("下次");
    follow.previous_meeting_id = Some("nope".into());
    let got = rules(
        db.write(|c| meetings::create_meeting(c, follow))
            .unwrap_err(),
    );
    assert_eq!(
        got,
        vec![("previous_meeting_id".to_string(), Rule::UnknownId)]
    );
    let mut templated = meeting("下次");
    templated.template_id = Some("builtin:nope:en".into());
    let got = rules(
        db.write(|c| meetings::create_meeting(c, templated))
            .unwrap_err(),
    );
    assert_eq!(got, vec![("template_id".to_string(), Rule::UnknownId)]);
    assert!(matches!(
        db.write(|c| minutes::set_attendance(c, &m.id, "nobody", Attendance::Present))
            .unwrap_err(),
        AppError::NotFound { .. }
    ));
    assert_eq!(row_counts(&db), before);
}

#[test]
fn a_following_meeting_carries_open_items_and_unfinished_agenda() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let second = db.read(|c| meetings::get_meeting(c, &f.second)).unwrap();
    assert_eq!(
        second.previous_meeting_title.as_deref(),
        Some("供应商季度评审")
    );
    // Only the unfinished agenda item moves on, remembering where it came from.
    assert_eq!(titles(&second.agenda), vec!["价格与成本"]);
    let first = db.read(|c| meetings::get_meeting(c, &f.first)).unwrap();
    let unfinished = first.agenda.iter().find(|i| !i.done).unwrap();
    assert_eq!(
        second.agenda[0].carried_from_id.as_deref(),
        Some(unfinished.id.as_str())
    );
    assert_eq!(
        second.agenda[0].owner_contact_id.as_deref(),
        Some(f.wang.as_str())
    );
    // Open action items of the earlier meeting show; the done one does not.
    let mut carried: Vec<&str> = second
        .carried_items
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    carried.sort();
    assert_eq!(carried, vec!["提交对账单", "确认样品交期"]);
    assert!(second.action_items.is_empty());

    // Closing an item removes it from what carries forward; a third meeting sees the whole chain.
    let open = second
        .carried_items
        .iter()
        .find(|t| t.title == "确认样品交期")
        .unwrap()
        .clone();
    let mut done = task(&open.title);
    done.meeting_id = open.meeting_id.clone();
    done.status = TaskStatus::Done;
    db.write(|c| services::projects::update_task(c, &open.id, done))
        .unwrap();
    let mut third = meeting("供应商季度评审");
    third.previous_meeting_id = Some(f.second.clone());
    let third = db.write(|c| meetings::create_meeting(c, third)).unwrap();
    let carried: Vec<&str> = third
        .carried_items
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(carried, vec!["提交对账单"]);
    assert_eq!(titles(&third.agenda), vec!["价格与成本"]);
}

#[test]
fn brief_lists_open_items_overdue_tasks_last_contact_and_previous_decisions() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let b = db
        .read(|c| minutes::brief(c, &f.second, "2026-11-28"))
        .unwrap();
    let wang = b.attendees.iter().find(|a| a.contact_id == f.wang).unwrap();
    assert_eq!(
        wang.open_items
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        vec!["确认样品交期"]
    );
    let emily = b
        .attendees
        .iter()
        .find(|a| a.contact_id == f.emily)
        .unwrap();
    assert!(emily.open_items.is_empty(), "her only item is done");
    // Due 2026-11-20 and open: overdue on the 28th; the one due in December is not.
    assert_eq!(
        b.overdue
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        vec!["确认样品交期"]
    );
    let supplier = b
        .organizations
        .iter()
        .find(|o| o.organization_id == f.supplier)
        .unwrap();
    assert_eq!(
        supplier.last_interaction.as_deref(),
        Some("2026-11-24T02:00:00Z")
    );
    assert_eq!(
        supplier.last_meeting_title.as_deref(),
        Some("供应商季度评审")
    );
    let prev = b.previous.unwrap();
    assert_eq!(prev.meeting_id, f.first);
    assert_eq!(
        prev.decisions
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>(),
        vec!["采用新包装方案", "下季度价格冻结", "采购部负责月度对账"]
    );
    // The first meeting has no earlier one and nothing before it.
    let b = db
        .read(|c| minutes::brief(c, &f.first, "2026-11-18"))
        .unwrap();
    assert!(b.previous.is_none());
    assert!(b.overdue.is_empty());
    assert!(b.organizations.iter().all(|o| o.last_interaction.is_none()));
}

#[test]
fn templates_start_a_meeting_and_users_can_save_their_own() {
    let (_d, db) = temp_db();
    for lang in [Lang::ZhCn, Lang::En] {
        let list = db.read(|c| minutes::templates(c, lang)).unwrap();
        let keys: Vec<&str> = list
            .iter()
            .map(|t| t.id.split(':').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(
            keys,
            vec!["weekly-sync", "supplier-review", "project-kickoff"]
        );
        assert!(list.iter().all(|t| t.builtin && !t.agenda.is_empty()));
    }
    let mut m = meeting("供应商评审会");
    m.template_id = Some("builtin:supplier-review:zh-CN".into());
    let created = db.write(|c| meetings::create_meeting(c, m)).unwrap();
    assert_eq!(titles(&created.agenda)[0], "交付与质量表现");
    assert_eq!(created.agenda.len(), 5);
    assert!(created.notes.as_deref().unwrap_or("").contains("评审结论"));

    let own = TemplateInput {
        name: "月度对账 Monthly reconciliation".into(),
        title: "月度对账".into(),
        duration_minutes: 30,
        agenda: vec![TemplateAgendaItem {
            title: "差异说明".into(),
            planned_minutes: Some(15),
        }],
        notes: None,
    };
    let saved = db.write(|c| minutes::create_template(c, own)).unwrap();
    let list = db.read(|c| minutes::templates(c, Lang::En)).unwrap();
    assert_eq!(list.last().map(|t| t.id.as_str()), Some(saved.id.as_str()));
    let mut m = meeting("月度对账");
    m.template_id = Some(saved.id.clone());
    let created = db.write(|c| meetings::create_meeting(c, m)).unwrap();
    assert_eq!(titles(&created.agenda), vec!["差异说明"]);
    db.write(|c| services::delete(c, Entity::Template, &saved.id))
        .unwrap();
    assert_eq!(
        db.read(|c| minutes::templates(c, Lang::En)).unwrap().len(),
        3
    );
}

#[test]
fn decisions_are_found_by_words_in_either_language() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let hits = db
        .read(|c| minutes::search_decisions(c, "包装", None))
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].decision.text, "采用新包装方案");
    assert_eq!(hits[0].meeting_title, "供应商季度评审");
    assert_eq!(hits[0].decision.meeting_id, f.first);
    let d = DecisionInput {
        text: "Freeze Q1 prices".into(),
        organization_id: None,
    };
    db.write(|c| minutes::add_decision(c, &f.second, d))
        .unwrap();
    let hits = db
        .read(|c| minutes::search_decisions(c, "q1 PRICES", None))
        .unwrap();
    assert_eq!(
        hits.iter()
            .map(|h| h.decision.text.as_str())
            .collect::<Vec<_>>(),
        vec!["Freeze Q1 prices"]
    );
    // Deleted decisions are not found; "%" is a literal, not a wildcard.
    let id = hits[0].decision.id.clone();
    db.write(|c| services::delete(c, Entity::Decision, &id))
        .unwrap();
    assert!(db
        .read(|c| minutes::search_decisions(c, "prices", None))
        .unwrap()
        .is_empty());
    assert!(db
        .read(|c| minutes::search_decisions(c, "%", None))
        .unwrap()
        .is_empty());
}

#[test]
fn follow_up_packs_hold_only_their_partys_items_and_decisions() {
    let (_d, db) = temp_db();
    let f = minutes_fixture(&db);
    let loaded = db.read(|c| exports::load(c, &f.first)).unwrap();
    let parties: Vec<String> = loaded.parties().into_iter().map(|p| p.id).collect();
    assert_eq!(parties, vec![f.supplier.clone(), f.purchasing.clone()]);
    let supplier = FollowUpParty {
        id: f.supplier.clone(),
        name: "苏州恒通电子".into(),
    };
    let s = loaded.summary(Lang::ZhCn, Some(&supplier));
    // 王晓明 works for the supplier: his item is in its pack; the department's is not.
    assert_eq!(
        s.actions
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>(),
        vec!["确认样品交期"]
    );
    assert_eq!(
        s.decisions
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>(),
        vec!["采用新包装方案", "下季度价格冻结"]
    );
    assert!(s.notes.is_none() && s.agenda.is_empty());
    assert_eq!(s.scope.as_deref(), Some("苏州恒通电子"));
    let purchasing = FollowUpParty {
        id: f.purchasing.clone(),
        name: "采购部".into(),
    };
    let s = loaded.summary(Lang::En, Some(&purchasing));
    // Emily (purchasing) has a done item, the department has one open item.
    let mut actions: Vec<&str> = s.actions.iter().map(|a| a.title.as_str()).collect();
    actions.sort();
    assert_eq!(actions, vec!["发送会议纪要", "提交对账单"]);
    assert_eq!(
        s.decisions
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>(),
        vec!["下季度价格冻结", "采购部负责月度对账"]
    );

    let dir = tempfile::tempdir().unwrap();
    let files = db
        .read(|c| {
            exports::export_follow_ups(
                c,
                &f.first,
                exports::ExportFormat::Md,
                Lang::ZhCn,
                dir.path(),
            )
        })
        .unwrap();
    assert_eq!(files.len(), 2);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("跟进事项：苏州恒通电子"));
    assert!(!text.contains("提交对账单"));
    let err = db
        .read(|c| {
            exports::export_meeting(
                c,
                &f.first,
                exports::ExportFormat::Md,
                Lang::En,
                Some("nobody"),
                &dir.path().join("x.md"),
            )
        })
        .unwrap_err();
    assert_eq!(rules(err), vec![("party_id".to_string(), Rule::UnknownId)]);
    assert!(!dir.path().join("x.md").exists());
}
