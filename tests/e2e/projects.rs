//! Projects on the real app, in Chinese: a card dragged on the board from "todo" to "in progress" (still there after
//! a restart), a high risk added on the risks tab turning the project's health amber with the reason shown, a
//! milestone dragged on the timeline, and the weekly report exported as PDF and read back. Then a task's plan:
//! a parent and a predecessor set in the task form (the subtask shows nested), a loop refused with its message under
//! the field (the form opened from a board card), and a bulk edit of the selected tasks. Last, the risk edited
//! (a linked task, a due date), reviewed with a note and a next review date (its history shown), listed on the
//! dashboard as due for review, and a cost line edited with its amount kept in minor units. Then a supplier linked
//! on the partners tab (its people shown), the department's weekly report exported as Word from its page, and the
//! card's own task page with its subtask and the task that waits for it.

use std::path::Path;
use std::time::Duration;

use liaison_desk::domain::*;
use liaison_desk::services::{plan, projects, settings};
use liaison_desk::store::Db;
use serde_json::json;

use super::harness::Harness;
use super::ui::{drag, pick, sel, App, WAIT};
use super::{run, Steps, FIRST_PAINT};

const PROJECT: &str = "华东产线升级";
const CARD: &str = "确认样品交期";
const RISK: &str = "关键供应商交期延误";
const MILESTONE: &str = "样品确认";
const OTHER: &str = "准备评审材料";
const DEPARTMENT: &str = "研发部";
const SUPPLIER: &str = "华东精密制造";
const SUPPLIER_CONTACT: &str = "王工";

struct Fixture {
    project: String,
    card: String,
    other: String,
    milestone: String,
}

/// Days from today in Shanghai, so the timeline spans a few weeks around today whenever the test runs.
fn day(offset: i64) -> String {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    (today + chrono::Duration::days(offset)).to_string()
}

fn fixture(dir: &Path) -> Fixture {
    let db = Db::open_in(dir).expect("open the test database");
    db.write(|c| {
        use liaison_desk::services::directory;
        let dept =
            directory::create_organization(c, super::common::org(OrgKind::Department, DEPARTMENT))?;
        let supplier =
            directory::create_organization(c, super::common::org(OrgKind::Supplier, SUPPLIER))?;
        directory::create_contact(
            c,
            super::common::contact(SUPPLIER_CONTACT, Some(&supplier.id)),
        )?;
        let mut input = super::common::project(PROJECT);
        input.owner_department_id = Some(dept.id);
        let p = projects::create_project(c, input)?;
        let mut card = super::common::task(CARD);
        card.project_id = Some(p.id.clone());
        // Not overdue: the only health reason is the risk added below.
        card.due_date = Some(day(30));
        let card = projects::create_task(c, card)?;
        let mut other = super::common::task(OTHER);
        other.project_id = Some(p.id.clone());
        other.status = TaskStatus::InProgress;
        other.due_date = None;
        let other = projects::create_task(c, other)?;
        let m = plan::create_milestone(
            c,
            &p.id,
            MilestoneInput {
                title: MILESTONE.into(),
                target_date: day(20),
                status: MilestoneStatus::Open,
                done_on: None,
            },
            chrono::Utc::now(),
        )?;
        plan::create_budget_line(
            c,
            &p.id,
            BudgetLineInput {
                category: "设备".into(),
                description: None,
                planned: Minor(1_200_000),
                actual: Minor(500_000),
                currency: "CNY".into(),
                spent_on: Some(day(-3)),
            },
        )?;
        settings::set(
            c,
            settings::Settings {
                locale: Some("zh-CN".into()),
                ..Default::default()
            },
        )?;
        Ok(Fixture {
            project: p.id,
            card: card.id,
            other: other.id,
            milestone: m.id,
        })
    })
    .expect("write the projects fixture")
}

fn task_status(dir: &Path, id: &str) -> Option<TaskStatus> {
    stored_task(dir, id).map(|t| t.status)
}

fn stored_task(dir: &Path, id: &str) -> Option<Task> {
    let db = Db::open_in(dir).ok()?;
    db.read(|c| projects::get_task(c, id)).ok()
}

/// The project's dependencies as (predecessor, successor) ids.
fn stored_links(dir: &Path, project: &str) -> Option<Vec<(String, String)>> {
    let db = Db::open_in(dir).ok()?;
    let deps = db
        .read(|c| plan::dependencies(c, project, chrono::Utc::now()))
        .ok()?;
    Some(
        deps.into_iter()
            .map(|d| (d.predecessor_id, d.successor_id))
            .collect(),
    )
}

/// The viewport centre of the element with this test id, once it has held still (a list that is still laying
/// out moves its cards for a moment).
async fn still_centre(app: &App, testid: &str) -> (f64, f64) {
    const JS: &str = r#"
        const el = document.querySelector(arguments[0]);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
    "#;
    let read = || async {
        let v = app
            .client
            .execute(JS, vec![json!(sel(testid))])
            .await
            .ok()?;
        Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?))
    };
    app.poll(&format!("{testid} holding still"), WAIT, || async {
        let a = read().await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let b = read().await?;
        (a == b).then_some(a)
    })
    .await
}

async fn open_project(app: &App) {
    app.click("nav-projects").await;
    app.visible("page-title").await;
    app.click_row_with("list-row", PROJECT).await;
    app.text_contains("detail-title", PROJECT).await;
}

#[test]
fn board_drag_persists_a_high_risk_turns_health_amber_and_the_report_exports() {
    run(async {
        let mut steps = Steps::new();
        let data = tempfile::tempdir().expect("a temporary data folder");
        let out = tempfile::tempdir().expect("a folder the dialogs answer with");
        let harness = Harness::start(
            "projects",
            &[
                ("TZ", "Asia/Shanghai"),
                (
                    liaison_desk::app::dialogs::STAND_IN_ENV,
                    out.path().to_str().expect("a UTF-8 temp path"),
                ),
            ],
        );
        let dir = data.path();
        let fx = fixture(dir);

        let app = App::launch(&harness, dir, "projects").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        open_project(&app).await;
        app.text_contains("project-health", "绿").await;
        app.screenshot("overview-green").await;
        steps.step("opened the project: health green");

        // 1. Drag the card from "todo" to "in progress".
        app.click("project-tab-board").await;
        let card_id = format!("board-card-{}", fx.card);
        app.text_contains("board-column-todo", CARD).await;
        let from = still_centre(&app, &card_id).await;
        let to = still_centre(&app, "board-column-in_progress").await;
        drag(&app, from, to, 20).await;
        app.text_contains("board-column-in_progress", CARD).await;
        app.poll("the card in progress in the database", WAIT, || async {
            (task_status(dir, &fx.card)? == TaskStatus::InProgress).then_some(())
        })
        .await;
        app.screenshot("board-after-drag").await;
        steps.step("dragged the card to in progress");

        // 2. A high risk (4 × 4) on the risks tab: the overview turns amber and says why.
        app.click("project-tab-risks").await;
        app.fill("risk-title", RISK).await;
        pick(&app, "risk-probability", "4", "4").await;
        pick(&app, "risk-impact", "4", "4").await;
        app.click("risk-add").await;
        app.text_contains("risk-table", RISK).await;
        app.text_contains("heat-4-4", "1").await;
        app.screenshot("risks").await;
        app.click("project-tab-overview").await;
        app.text_contains("project-health", "黄").await;
        app.text_contains("health-reasons", "1 个高风险未关闭")
            .await;
        app.screenshot("overview-amber").await;
        steps.step("added a high risk: health amber with the reason shown");

        // 3. Drag the milestone on the timeline: its target date moves by whole days.
        app.click("project-tab-timeline").await;
        app.visible(&format!("timeline-milestone-{}", fx.milestone))
            .await;
        let start = {
            const JS: &str = r#"
                const el = document.querySelector(arguments[0]);
                if (!el) return null;
                const r = el.getBoundingClientRect();
                return [r.left + r.width / 2, r.top + r.height / 2];
            "#;
            let css = format!("[data-testid=\"timeline-milestone-{}\"] rect", fx.milestone);
            app.poll("the milestone on the timeline", WAIT, || async {
                let v = app.client.execute(JS, vec![json!(css)]).await.ok()?;
                Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?))
            })
            .await
        };
        drag(&app, start, (start.0 - 120.0, start.1), 15).await;
        let was = day(20);
        let moved = app
            .poll("the milestone's new date", WAIT, || async {
                let db = Db::open_in(dir).ok()?;
                let ms = db.read(|c| plan::milestones(c, &fx.project)).ok()?;
                let m = ms.into_iter().find(|m| m.id == fx.milestone)?;
                (m.target_date < was).then_some(m.target_date)
            })
            .await;
        app.screenshot("timeline").await;
        steps.step(&format!("dragged the milestone on the timeline to {moved}"));

        // 4. The weekly report as PDF, through the (stood-in) save dialog, read back.
        app.click("project-tab-report").await;
        app.text_contains("report-preview", PROJECT).await;
        app.screenshot("report").await;
        app.click("report-export-pdf").await;
        let pdf = app
            .poll("the exported PDF", WAIT, || async {
                let f = std::fs::read_dir(out.path())
                    .ok()?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|x| x == "pdf"))?;
                let bytes = std::fs::read(&f).ok()?;
                (bytes.len() > 5).then_some(f)
            })
            .await;
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        for want in ["项目周报", PROJECT, RISK, "黄（需关注）"] {
            assert!(text.contains(want), "{want} missing from the PDF:\n{text}");
        }
        steps.step("exported the report as PDF and read it back");

        // 5. Restart: the card is still in progress.
        app.close().await;
        let app = App::launch(&harness, dir, "projects-restart").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        open_project(&app).await;
        app.click("project-tab-board").await;
        app.text_contains("board-column-in_progress", CARD).await;
        // WebKit's screenshot can lag the DOM by a frame or two.
        tokio::time::sleep(Duration::from_millis(400)).await;
        app.screenshot("board-after-restart").await;
        steps.step("after a restart the card is still in progress");

        // 6. The other task becomes a subtask of the card and starts after it: set in the task form.
        app.click("project-tab-tasks").await;
        app.click_row_with("task-row", OTHER).await;
        app.visible("task-plan").await;
        pick(&app, "field-parent_id", "确认", CARD).await;
        pick(&app, "field-predecessor_ids", "确认", CARD).await;
        app.screenshot("task-plan").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.poll("the subtask and its predecessor stored", WAIT, || async {
            let t = stored_task(dir, &fx.other)?;
            let links = stored_links(dir, &fx.project)?;
            (t.parent_id.as_deref() == Some(fx.card.as_str())
                && links == [(fx.card.clone(), fx.other.clone())])
            .then_some(())
        })
        .await;
        let depth_js = r#"
            const el = document.querySelector(`[data-id="${arguments[0]}"] [data-depth]`);
            return el ? el.getAttribute("data-depth") : null;
        "#;
        app.poll("the subtask nested under its parent", WAIT, || async {
            let v = app
                .client
                .execute(depth_js, vec![json!(fx.other)])
                .await
                .ok()?;
            (v.as_str()? == "1").then_some(())
        })
        .await;
        app.screenshot("tasks-nested").await;
        steps.step("set a parent and a predecessor in the task form: the subtask shows nested");

        // 7. Opened from its board card, the card cannot wait for the task that waits for it: the loop is refused
        //    with the message under the field, and nothing is written.
        app.click("project-tab-board").await;
        app.click(&format!("board-card-{}", fx.card)).await;
        app.text_contains("task-subtasks", OTHER).await;
        pick(&app, "field-predecessor_ids", "准备", OTHER).await;
        app.click("form-submit").await;
        app.text_contains("field-error-predecessor_ids", "循环")
            .await;
        app.screenshot("task-loop-refused").await;
        assert_eq!(
            stored_links(dir, &fx.project),
            Some(vec![(fx.card.clone(), fx.other.clone())])
        );
        app.click("form-cancel").await;
        app.gone("entity-form").await;
        steps.step("a dependency loop is refused in the form opened from the board");

        // 8. Both tasks selected on the tasks tab and set to blocked at once.
        app.click("project-tab-tasks").await;
        app.row_with("task-row", OTHER).await;
        let boxes = app
            .poll("two task checkboxes", WAIT, || async {
                let found = app
                    .client
                    .find_all(fantoccini::Locator::Css(&sel("task-select")))
                    .await
                    .ok()?;
                (found.len() == 2).then_some(found)
            })
            .await;
        for b in &boxes {
            app.click_element(b, "a task checkbox").await;
        }
        app.text_contains("bulk-count", "已选 2 个任务").await;
        pick(&app, "bulk-status", "", "受阻").await;
        app.screenshot("bulk-edit").await;
        app.click("bulk-apply").await;
        app.poll("both tasks blocked", WAIT, || async {
            (task_status(dir, &fx.card)? == TaskStatus::Blocked
                && task_status(dir, &fx.other)? == TaskStatus::Blocked)
                .then_some(())
        })
        .await;
        app.gone("bulk-edit").await;
        steps.step("bulk-edited two tasks to blocked");

        // 9. The risk edited: linked to the card, due in three days.
        app.click("project-tab-risks").await;
        app.text_contains("risk-table", RISK).await;
        app.click("risk-edit").await;
        pick(&app, "field-task_ids", "确认", CARD).await;
        app.fill("field-due_date", &day(3)).await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.text_contains("risk-tasks", CARD).await;
        let risk = app
            .poll("the risk linked to the card", WAIT, || async {
                let db = Db::open_in(dir).ok()?;
                let r = db.read(|c| plan::risks(c, &fx.project)).ok()?.pop()?;
                (r.tasks.iter().any(|t| t.id == fx.card) && r.due_date == Some(day(3))).then_some(r)
            })
            .await;
        steps.step("edited the risk: a linked task and a due date");

        // 10. A review with a note and the next review date; the history shows it.
        app.click("risk-review").await;
        app.fill("field-note", "供应商已确认新交期").await;
        app.fill("field-due_date", &day(2)).await;
        app.click("risk-review-save").await;
        app.gone("entity-form").await;
        app.poll("the review stored", WAIT, || async {
            let db = Db::open_in(dir).ok()?;
            let r = db.read(|c| plan::risks(c, &fx.project)).ok()?.pop()?;
            (r.id == risk.id && r.reviews.len() == 1 && r.due_date == Some(day(2))).then_some(())
        })
        .await;
        app.click("risk-edit").await;
        app.text_contains("risk-reviews", "供应商已确认新交期")
            .await;
        app.screenshot("risk-edit").await;
        app.click("form-cancel").await;
        app.gone("entity-form").await;
        steps.step("reviewed the risk: the history shows the note");

        // 11. A cost line edited: 9,600.55 is stored as 960055 fen.
        app.click("project-tab-budget").await;
        app.click("budget-line-edit").await;
        app.fill("field-actual", "9600.55").await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.poll("the edited amount in minor units", WAIT, || async {
            let db = Db::open_in(dir).ok()?;
            let b = db
                .read(|c| plan::budget(c, &fx.project, chrono::Utc::now()))
                .ok()?;
            (b.lines.first()?.actual == Minor(960_055)).then_some(())
        })
        .await;
        app.text_contains("budget-lines", "9,600.55").await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        app.screenshot("budget-edit").await;
        steps.step("edited a cost line");

        // 12. The dashboard lists the risk as due for review.
        app.click("nav-dashboard").await;
        app.visible("page-title").await;
        app.text_contains("risks-due", RISK).await;
        app.screenshot("dashboard-risks-due").await;
        steps.step("the dashboard lists the risk due for review");

        // 13. The partners tab: the supplier linked with a role, its contact shown.
        open_project(&app).await;
        app.click("project-tab-partners").await;
        app.visible("partners-empty").await;
        pick(&app, "partner-organization", "华东", SUPPLIER).await;
        app.fill("partner-role", "主要供应商").await;
        app.click("partner-link").await;
        app.text_contains("partner-card", "主要供应商").await;
        app.text_contains("partner-contact", SUPPLIER_CONTACT).await;
        app.poll("the supplier linked", WAIT, || async {
            let db = Db::open_in(dir).ok()?;
            let p = db.read(|c| projects::get_project(c, &fx.project)).ok()?;
            p.organizations
                .iter()
                .any(|o| o.organization_name == SUPPLIER && o.role == "主要供应商")
                .then_some(())
        })
        .await;
        app.screenshot("partners").await;
        steps.step("linked a supplier on the partners tab: its contact is shown");

        // 14. The department's weekly report, exported as Word from its page and read back.
        app.click("nav-departments").await;
        app.visible("page-title").await;
        app.click_row_with("list-row", DEPARTMENT).await;
        app.text_contains("detail-title", DEPARTMENT).await;
        app.text_contains("report-preview", PROJECT).await;
        app.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({block: 'start'})",
                vec![json!(sel("department-report"))],
            )
            .await
            .ok();
        tokio::time::sleep(Duration::from_millis(400)).await;
        app.screenshot("department-report").await;
        app.click("report-export-docx").await;
        let docx = app
            .poll("the exported Word file", WAIT, || async {
                let f = std::fs::read_dir(out.path())
                    .ok()?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|x| x == "docx"))?;
                (std::fs::metadata(&f).ok()?.len() > 100).then_some(f)
            })
            .await;
        let text = std::process::Command::new("pandoc")
            .arg(&docx)
            .args(["-t", "plain"])
            .output()
            .expect("pandoc");
        let text = String::from_utf8_lossy(&text.stdout);
        for want in [DEPARTMENT, PROJECT, RISK] {
            assert!(
                text.contains(want),
                "{want} missing from the department report:\n{text}"
            );
        }
        steps.step("exported the department report as Word and read it back");

        // 15. The card's own page, opened from its task form: its subtask, and the task that waits for it.
        open_project(&app).await;
        app.click("project-tab-tasks").await;
        app.click_row_with("task-row", CARD).await;
        app.click("task-open-page").await;
        app.text_contains("detail-title", CARD).await;
        app.text_contains("task-page-subtasks", OTHER).await;
        app.text_contains("task-page-before", OTHER).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        app.screenshot("task-page").await;
        steps.step("the card's own page shows its subtask and its successor");
        app.close().await;
    });
}
