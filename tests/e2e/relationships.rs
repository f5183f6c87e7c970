//! Relationships on the real app, in the Chinese UI: import a phone's vCard through the contacts list's dialog
//! (preview, then import, then the same file again matches everyone), a bad CSV refused with its line and column,
//! the directory exported as vCard 4.0; then a partner losing touch (red on the dashboard and its page) gets a call
//! logged and turns green; its overdue commitment is marked done from the dashboard.

use std::path::Path;

use liaison_desk::domain::{
    CadenceInput, CommitmentInput, DeliveryInput, Direction, IncidentInput, IncidentKind, OrgKind,
};
use liaison_desk::services::{
    commitments, directory, meetings, projects, relationships as rel, scorecard,
};
use liaison_desk::store::Db;

use super::harness::Harness;
use super::ui::{pick, App};
use super::{common, run, Steps, FIRST_PAINT, PARTNER};

const SAMPLES: &str = "寄送第二批样品";
const RD: &str = "研发部";
const MARKETING: &str = "市场营销部";
const DISPUTE: &str = "新品发布日期之争";
const SUPPLIER: &str = "苏州恒通电子";
const REVIEW: &str = "供应商季度评审";
const LATE_TASK: &str = "提交整改报告";
const LATE_ACTION: &str = "发送协调会纪要";
const CLIENT: &str = "宁波港联物流";

fn count(dir: &Path, sql: &str) -> u32 {
    Db::open_in(dir)
        .expect("open the database")
        .read(|c| Ok(c.query_row(sql, [], |r| r.get::<_, u32>(0))?))
        .expect("count in the database")
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/contacts")
        .join(name)
}

/// The id of the task called `title`.
fn task_id(dir: &Path, title: &str) -> String {
    Db::open_in(dir)
        .expect("open the database")
        .read(|c| {
            Ok(
                c.query_row("SELECT id FROM tasks WHERE title = ?1", [title], |r| {
                    r.get::<_, String>(0)
                })?,
            )
        })
        .expect("the task")
}

/// Clicks the button `button` inside the element matching `css`.
async fn click_in(app: &App, css: &str, button: &str) {
    use fantoccini::Locator;
    let selector = format!("{css} [data-testid=\"{button}\"]");
    let el = app
        .poll(
            &format!("{selector} on screen"),
            super::ui::WAIT,
            || async { app.client.find(Locator::Css(&selector)).await.ok() },
        )
        .await;
    app.click_element(&el, &selector).await;
}

/// The dashboard's "what needs me today" acted on in place: an overdue task marked done, an overdue action item
/// snoozed to tomorrow, an interaction logged with a client losing touch; each leaves its panel and its count.
async fn dashboard_acts_in_place(app: &App, dir: &Path, steps: &mut Steps) {
    app.click("nav-dashboard").await;
    app.text_contains("page-title", "概览").await;
    app.text_contains("overdue-tasks", LATE_TASK).await;
    app.text_contains("overdue-tasks", LATE_ACTION).await;
    app.text_contains("losing-touch", CLIENT).await;
    app.screenshot("dashboard-what-needs-me-zh").await;
    let late = task_id(dir, LATE_TASK);
    click_in(
        app,
        &format!("[data-testid=\"overdue-row\"][data-id=\"{late}\"]"),
        "overdue-done",
    )
    .await;
    app.poll(
        "the task gone from the overdue panel",
        super::ui::WAIT,
        || async { (!app.body_text().await.contains(LATE_TASK)).then_some(()) },
    )
    .await;
    assert_eq!(
        count(
            dir,
            &format!("SELECT count(*) FROM tasks WHERE id = '{late}' AND status = 'done'")
        ),
        1
    );
    steps.step("an overdue task marked done from the dashboard");
    let action = task_id(dir, LATE_ACTION);
    click_in(
        app,
        &format!("[data-testid=\"overdue-row\"][data-id=\"{action}\"]"),
        "overdue-snooze",
    )
    .await;
    app.poll(
        "the action item gone from the overdue panel",
        super::ui::WAIT,
        || async { (!app.body_text().await.contains(LATE_ACTION)).then_some(()) },
    )
    .await;
    // Snoozed to tomorrow in the user's zone: due after today, and open still.
    let db = Db::open_in(dir).expect("open the database");
    let (due, today): (String, String) = db
        .read(|c| {
            let due = c.query_row(
                "SELECT due_date FROM tasks WHERE id = ?1 AND status = 'todo'",
                [&action],
                |r| r.get(0),
            )?;
            Ok((
                due,
                liaison_desk::services::settings::today(c, chrono::Utc::now())?,
            ))
        })
        .expect("the snoozed action item");
    assert!(due > today, "snoozed to {due}, today is {today}");
    app.poll("the overdue card at 0", super::ui::WAIT, || async {
        use fantoccini::Locator;
        let el = app
            .client
            .find(Locator::Css("[data-count=\"overdue_tasks\"]"))
            .await
            .ok()?;
        (el.attr("data-value").await.ok().flatten()? == "0").then_some(())
    })
    .await;
    steps.step("an overdue action item snoozed to tomorrow; the overdue card says 0");

    let row = app.row_with("losing-touch-row", CLIENT).await;
    let log = row
        .find(fantoccini::Locator::Css(
            "[data-testid=\"losing-touch-log\"]",
        ))
        .await
        .expect("the row's log button");
    app.click_element(&log, "log an interaction").await;
    app.visible("entity-form").await;
    app.fill("field-summary", "电话确认下周到港").await;
    app.screenshot("dashboard-log-interaction-zh").await;
    app.click("form-submit").await;
    app.gone("entity-form").await;
    app.poll(
        "the client gone from losing touch",
        super::ui::WAIT,
        || async { (!app.body_text().await.contains(CLIENT)).then_some(()) },
    )
    .await;
    assert_eq!(
        count(
            dir,
            &format!(
                "SELECT count(*) FROM interactions i JOIN interaction_organizations io ON io.interaction_id = i.id
                 JOIN organizations o ON o.id = io.organization_id WHERE o.name = '{CLIENT}'"
            )
        ),
        1
    );
    app.screenshot("dashboard-after-actions-zh").await;
    steps.step(
        "an interaction logged with a client from the losing-touch panel; the client left it",
    );
}

#[test]
fn import_a_vcard_and_export_the_directory() {
    let picks = tempfile::tempdir().expect("a folder for the dialogs' stand-in");
    std::fs::copy(
        fixture("iphone-v3.vcf"),
        picks.path().join("liaison-desk.vcf"),
    )
    .expect("the vCard to import");
    run(async {
        let mut steps = Steps::new();
        let reminder_log = picks.path().join("reminders.jsonl");
        let harness = Harness::start(
            "relationships",
            &[
                (
                    liaison_desk::app::dialogs::STAND_IN_ENV,
                    picks.path().to_str().expect("a UTF-8 temp path"),
                ),
                (
                    liaison_desk::app::reminders::LOG_ENV,
                    reminder_log.to_str().expect("a UTF-8 temp path"),
                ),
            ],
        );
        let data = tempfile::tempdir().expect("a temporary data folder");
        let dir = data.path();
        // A partner we promised to call every two weeks, a month ago, and have not called since.
        Db::open_in(dir)
            .expect("open the database")
            .write(|tx| {
                // A meeting in ten minutes: inside the 15-minute lead, so the start's summary reminds of it.
                let soon = chrono::Utc::now() + chrono::Duration::minutes(10);
                let mut m = common::meeting(REVIEW);
                m.starts_at = liaison_desk::domain::utc_string(soon);
                m.ends_at = liaison_desk::domain::utc_string(soon + chrono::Duration::hours(1));
                meetings::create_meeting(tx, m)?;
                // Two departments that will disagree.
                for name in [RD, MARKETING] {
                    directory::create_organization(tx, common::org(OrgKind::Department, name))?;
                }
                // A supplier that delivered on time three weeks ago and had a critical quality incident since.
                let s =
                    directory::create_organization(tx, common::org(OrgKind::Supplier, SUPPLIER))?;
                let day = |ago: i64| {
                    (chrono::Utc::now() - chrono::Duration::days(ago))
                        .format("%Y-%m-%d")
                        .to_string()
                };
                scorecard::record_delivery(
                    tx,
                    None,
                    DeliveryInput {
                        organization_id: s.id.clone(),
                        title: "第一批电路板".into(),
                        promised_on: day(21),
                        delivered_on: Some(day(21)),
                    },
                    chrono::Utc::now(),
                )?;
                scorecard::record_incident(
                    tx,
                    None,
                    IncidentInput {
                        organization_id: s.id,
                        kind: IncidentKind::Quality,
                        severity: 3,
                        occurred_on: day(10),
                        note: Some("来料不良率 3%".into()),
                    },
                )?;
                // An overdue task of a project and an overdue action item of last week's meeting.
                let late = |ago: i64| {
                    (chrono::Utc::now() - chrono::Duration::days(ago))
                        .format("%Y-%m-%d")
                        .to_string()
                };
                let p = projects::create_project(tx, common::project("华东产线升级"))?;
                let mut t = common::task(LATE_TASK);
                t.project_id = Some(p.id);
                t.due_date = Some(late(3));
                projects::create_task(tx, t)?;
                let held = chrono::Utc::now() - chrono::Duration::days(7);
                let mut m = common::meeting("上周协调会");
                m.starts_at = liaison_desk::domain::utc_string(held);
                m.ends_at = liaison_desk::domain::utc_string(held + chrono::Duration::hours(1));
                let m = meetings::create_meeting(tx, m)?;
                let mut a = common::task(LATE_ACTION);
                a.meeting_id = Some(m.id);
                a.due_date = Some(late(2));
                projects::create_task(tx, a)?;
                // A client we meant to call weekly, a month ago.
                let client =
                    directory::create_organization(tx, common::org(OrgKind::Client, CLIENT))?;
                rel::set_cadence(
                    tx,
                    CadenceInput {
                        organization_id: Some(client.id),
                        contact_id: None,
                        every_days: Some(7),
                    },
                    chrono::Utc::now() - chrono::Duration::days(30),
                )?;
                let o = directory::create_organization(tx, common::org(OrgKind::Partner, PARTNER))?;
                rel::set_cadence(
                    tx,
                    CadenceInput {
                        organization_id: Some(o.id.clone()),
                        contact_id: None,
                        every_days: Some(14),
                    },
                    chrono::Utc::now() - chrono::Duration::days(30),
                )?;
                // Samples they promised, due three days ago (counted from any zone's today).
                let due = (chrono::Utc::now() - chrono::Duration::days(3))
                    .format("%Y-%m-%d")
                    .to_string();
                commitments::create(
                    tx,
                    CommitmentInput {
                        direction: Direction::WaitingOn,
                        title: SAMPLES.into(),
                        organization_id: Some(o.id),
                        contact_id: None,
                        owner_contact_id: None,
                        due_date: Some(due),
                        notes: None,
                        meeting_id: None,
                        decision_id: None,
                        interaction_id: None,
                        task_id: None,
                    },
                    chrono::Utc::now(),
                )
            })
            .expect("a partner with a cadence and an overdue commitment");
        let app = App::launch(&harness, dir, "relationships").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-settings").await;
        app.click("settings-language-zh-CN").await;
        app.text_contains("nav-contacts", "联系人").await;
        app.click("nav-contacts").await;
        app.text_contains("page-title", "联系人").await;
        app.visible("list-empty").await;
        steps.step("Chinese UI, no contacts yet");

        // The reminder raised at start: one summary naming the meeting in ten minutes (through the test hook).
        let raised = app
            .poll("the start's reminder summary", super::ui::WAIT, || async {
                std::fs::read_to_string(&reminder_log)
                    .ok()
                    .filter(|t| t.contains(REVIEW))
            })
            .await;
        assert_eq!(
            raised.lines().count(),
            1,
            "one summary, not a flood: {raised}"
        );
        assert!(raised.contains("\"path\":\"/meetings/"), "{raised}");
        // The window shows it too, and Open goes to the meeting.
        app.text_contains("reminder-toast", REVIEW).await;
        app.screenshot("reminder-toast").await;
        app.click("reminder-open").await;
        app.text_contains("detail-title", REVIEW).await;
        steps.step("a reminder notification was raised at start for the meeting in ten minutes; Open showed it");
        app.click("nav-contacts").await;
        app.text_contains("page-title", "联系人").await;

        // Preview: the file's two cards, what each becomes; nothing is written yet.
        app.click("contacts-import").await;
        app.visible("import-modal").await;
        app.click("import-pick").await;
        app.text_contains("import-file", "liaison-desk.vcf").await;
        app.text_contains("import-summary", "共 2 条记录：新建 2")
            .await;
        app.row_with("import-row", "王小明").await;
        app.row_with("import-row", "上海云启科技有限公司").await;
        app.screenshot("import-preview-zh").await;
        assert_eq!(
            count(dir, "SELECT count(*) FROM contacts"),
            0,
            "the preview writes nothing"
        );
        steps.step("the preview lists the vCard's person and company");

        app.click("import-run").await;
        app.gone("import-modal").await;
        app.row_with("list-row", "王小明").await;
        app.list_total_is(1).await;
        assert_eq!(
            count(
                dir,
                "SELECT count(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id
                 WHERE c.name = '王小明' AND o.name = '华东精密制造有限公司'"
            ),
            1
        );
        app.screenshot("imported-contacts-zh").await;
        steps.step("imported: 王小明 of 华东精密制造有限公司 is in the list and the database");

        // The same file again: everyone matches, by e-mail.
        app.click("contacts-import").await;
        app.click("import-pick").await;
        app.text_contains("import-summary", "新建 0").await;
        app.text_contains("import-rows", "按邮箱匹配到 王小明")
            .await;
        app.screenshot("import-again-matches-zh").await;
        app.click("import-run").await;
        app.gone("import-modal").await;
        app.list_total_is(1).await;
        assert_eq!(count(dir, "SELECT count(*) FROM contacts"), 1);
        steps.step("importing the same file again matches 王小明 by e-mail and adds nobody");

        // A bad CSV: its line and column named, nothing written.
        std::fs::write(
            picks.path().join("liaison-desk.csv"),
            "姓名,邮箱\n甲,a@example.cn\n乙,不是邮箱\n",
        )
        .expect("a bad CSV");
        app.click("contacts-import").await;
        app.click("import-pick").await;
        app.text_contains("import-error", "第 3 行，邮箱").await;
        app.screenshot("import-bad-csv-zh").await;
        app.click("import-cancel").await;
        app.gone("import-modal").await;
        assert_eq!(count(dir, "SELECT count(*) FROM contacts"), 1);
        steps.step("a bad CSV is refused naming line 3 and the column 邮箱");

        // Export as vCard 4.0 into the stand-in folder.
        app.click("contacts-export").await;
        app.click("contacts-export-vcf").await;
        let written = app
            .poll("the exported vCard", super::ui::WAIT, || async {
                std::fs::read_dir(picks.path())
                    .ok()?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .find(|p| {
                        p.extension().is_some_and(|x| x == "vcf")
                            && p.file_name().is_some_and(|n| n != "liaison-desk.vcf")
                    })
            })
            .await;
        let text = std::fs::read_to_string(&written).expect("read the export");
        assert!(text.contains("VERSION:4.0"), "{text}");
        assert!(text.contains("FN:王小明"), "{text}");
        assert!(text.contains("KIND:ORG"), "{text}");
        steps.step(&format!("exported the directory to {}", written.display()));

        // The partner is losing touch: on the dashboard and on its page.
        app.click("nav-dashboard").await;
        app.text_contains("losing-touch", PARTNER).await;
        app.click("nav-partners").await;
        app.text_contains("page-title", "合作伙伴").await;
        app.click_row_with("list-row", PARTNER).await;
        app.text_contains("detail-title", PARTNER).await;
        app.text_contains("cadence-status", "疏于联系").await;
        app.screenshot("partner-losing-touch-zh").await;
        steps.step("华东精密制造有限公司 is red: 16 days overdue, on the dashboard and its page");

        app.click("log-interaction").await;
        app.visible("entity-form").await;
        app.fill("field-summary", "确认 12 月交期，样品下周寄出")
            .await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.text_contains("cadence-status", "联系正常").await;
        app.text_contains("timeline", "确认 12 月交期").await;
        app.screenshot("partner-call-logged-zh").await;
        assert_eq!(
            count(
                dir,
                "SELECT count(*) FROM interactions i JOIN interaction_organizations io ON io.interaction_id = i.id
                 JOIN organizations o ON o.id = io.organization_id
                 WHERE i.kind = 'call' AND o.name = '华东精密制造有限公司'"
            ),
            1
        );
        app.click("nav-dashboard").await;
        app.visible("losing-touch").await;
        app.text_contains("commitments-due", SAMPLES).await;
        app.visible("commitment-overdue").await;
        app.screenshot("dashboard-overdue-commitment-zh").await;
        app.click("commitment-done").await;
        app.poll(
            "the commitment gone from the panel",
            super::ui::WAIT,
            || async { (!app.body_text().await.contains(SAMPLES)).then_some(()) },
        )
        .await;
        assert_eq!(
            count(
                dir,
                "SELECT count(*) FROM commitments WHERE status = 'done'"
            ),
            1
        );
        steps.step("the dashboard showed the overdue commitment and marked it done in place");
        app.poll(
            "the partner gone from the losing-touch list",
            super::ui::WAIT,
            || async { (!app.body_text().await.contains(PARTNER)).then_some(()) },
        )
        .await;
        steps.step(
            "logged a call: the cadence turned green and the partner left the losing-touch list",
        );
        dashboard_acts_in_place(&app, dir, &mut steps).await;

        // A conflict between 研发部 and 市场营销部, recorded from 研发部's page.
        app.click("nav-departments").await;
        app.text_contains("page-title", "部门").await;
        app.click_row_with("list-row", RD).await;
        app.text_contains("detail-title", RD).await;
        app.text_contains("department-tasks", "没有未完成的任务")
            .await;
        app.visible("conflicts-empty").await;
        app.click("conflict-add").await;
        app.visible("entity-form").await;
        app.fill("field-title", DISPUTE).await;
        pick(&app, "field-sides", "市场", MARKETING).await;
        app.fill("field-position-0", "测试未完成，要求推迟两周")
            .await;
        app.fill("field-position-1", "渠道已排期，坚持 4 月 1 日发布")
            .await;
        app.fill("field-options", "分批发布，或推迟一周").await;
        app.screenshot("conflict-form-zh").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.text_contains("conflict-row", DISPUTE).await;
        app.text_contains("conflict-sides", "市场营销部：渠道已排期")
            .await;
        app.text_contains("conflict-status", "未解决").await;
        steps.step("recorded a conflict between 研发部 and 市场营销部 with each side's position");

        // Resolved with the agreed resolution.
        app.click("conflict-status").await;
        app.click("conflict-to-resolved").await;
        app.visible("entity-form").await;
        app.fill("field-resolution", "先发布基础版，4 月 15 日补齐")
            .await;
        app.fill("field-note", "双方签字确认").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.text_contains("conflict-status", "已解决").await;
        app.text_contains("conflict-resolution", "先发布基础版")
            .await;
        app.click("conflict-history-toggle").await;
        app.text_contains("conflict-history", "未解决 → 已解决")
            .await;
        app.text_contains("conflict-history", "双方签字确认").await;
        app.screenshot("conflict-resolved-history-zh").await;
        assert_eq!(
            count(
                dir,
                "SELECT count(*) FROM conflict_events e JOIN conflicts k ON k.id = e.conflict_id
                 WHERE k.status = 'resolved'"
            ),
            2,
            "recorded, then resolved"
        );
        steps.step("resolved it: the history shows 未解决 → 已解决 with the note");

        // Reopened from the other department's page, where it is listed too; searchable on the conflicts page.
        app.click("nav-departments").await;
        app.text_contains("page-title", "部门").await;
        app.click_row_with("list-row", MARKETING).await;
        app.text_contains("detail-title", MARKETING).await;
        app.text_contains("conflict-row", DISPUTE).await;
        app.click("conflict-status").await;
        app.click("conflict-to-open").await;
        app.visible("entity-form").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.text_contains("conflict-status", "未解决").await;
        app.click("conflict-history-toggle").await;
        app.text_contains("conflict-history", "已解决 → 未解决")
            .await;
        app.click("nav-conflicts").await;
        app.text_contains("page-title", "部门冲突").await;
        app.fill("list-search", "渠道已排期").await;
        app.text_contains("conflict-list", DISPUTE).await;
        app.click("conflict-history-toggle").await;
        app.text_contains("conflict-history", "已解决 → 未解决")
            .await;
        app.screenshot("conflicts-page-history-zh").await;
        app.fill("list-search", "无此内容").await;
        app.visible("list-empty").await;
        app.screenshot("conflicts-search-zh").await;
        assert_eq!(
            count(dir, "SELECT count(*) FROM conflict_events"),
            3,
            "recorded, resolved, reopened"
        );
        steps.step(
            "reopened it from 市场营销部's page; the conflicts page finds it by a side's position",
        );

        // The supplier's scorecard: 100 % on time − 20 points for the critical incident = 80, with the formula.
        app.click("nav-dashboard").await;
        app.visible("scores-dropped").await;
        app.visible("conflicts-due").await;
        app.click("scores-all").await;
        app.text_contains("page-title", "供应商").await;
        app.text_contains("supplier-scores", SUPPLIER).await;
        app.text_contains("supplier-score-row", "80 · 良好").await;
        app.screenshot("suppliers-by-score-zh").await;
        app.click("nav-suppliers").await;
        app.text_contains("page-title", "供应商").await;
        app.click_row_with("list-row", SUPPLIER).await;
        app.text_contains("detail-title", SUPPLIER).await;
        app.text_contains("score-formula", "评分 = 准时率 100% − 事件扣分 20 = 80")
            .await;
        app.text_contains("incident-row", "来料不良率 3%").await;
        app.client
            .execute(
                "document.querySelector('[data-testid=\"scorecard\"]').scrollIntoView()",
                vec![],
            )
            .await
            .expect("scroll to the scorecard");
        app.screenshot("supplier-scorecard-zh").await;
        steps.step("the suppliers list by score shows 苏州恒通电子 at 80; its page shows the formula with its numbers");
        app.click("nav-dashboard").await;
        app.visible("recent-decisions").await;
        app.client
            .execute(
                "document.querySelector('[data-testid=\"conflicts-due\"]').scrollIntoView()",
                vec![],
            )
            .await
            .expect("scroll to the dashboard's coordination panels");
        app.screenshot("dashboard-coordination-zh").await;
        // The commitments panel links to every open commitment: none is left.
        app.click("commitments-due-more").await;
        app.text_contains("page-title", "承诺").await;
        app.text_contains("list-empty", "没有进行中的承诺").await;

        // The same pages in English.
        app.click("nav-settings").await;
        app.click("settings-language-en").await;
        app.text_contains("nav-conflicts", "Conflicts").await;
        app.text_contains("settings-reminders", "Meeting reminder lead time")
            .await;
        app.client
            .execute(
                "document.querySelector('[data-testid=\"settings-reminders\"]').scrollIntoView()",
                vec![],
            )
            .await
            .expect("scroll to the reminder settings");
        app.screenshot("settings-reminders-en").await;
        app.click("nav-conflicts").await;
        app.text_contains("page-title", "Department conflicts")
            .await;
        app.text_contains("conflict-status", "Open").await;
        app.click("conflict-history-toggle").await;
        app.text_contains("conflict-history", "Resolved → Open")
            .await;
        app.screenshot("conflicts-en").await;
        app.click("nav-suppliers").await;
        app.click_row_with("list-row", SUPPLIER).await;
        app.text_contains(
            "score-formula",
            "Score = on-time rate 100% − incident points 20 = 80",
        )
        .await;
        app.screenshot("supplier-scorecard-en").await;
        steps.step("the conflicts page and the scorecard read in English too");
        app.close().await;
    });
}
