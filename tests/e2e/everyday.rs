//! A liaison's everyday tasks on the real app with the demo data, in the Chinese UI, each checked on screen and in
//! the database: the dashboard's overdue card, everything about a supplier (its meetings, a contact and back), a
//! review from a template inviting the supplier's whole team, a block after its due date put right, a meeting
//! moved with its attendees asked about and sent the new invitation, an export with Open and Show in folder, a new
//! contact, and the switch to English.

use std::path::Path;

use fantoccini::Locator;
use liaison_desk::domain::*;
use liaison_desk::services::{meetings, projects};
use liaison_desk::store::Db;

use super::harness::Harness;
use super::planner::{keys, rect, ARROW_DOWN};
use super::ui::{drag, element_text, first_number, pick, sel, App, WAIT};
use super::{run, Steps, FIRST_PAINT};

const SUPPLIER: &str = "苏州恒通电子";
const TEMPLATE: &str = "builtin:supplier-review:zh-CN";
const NEW_CONTACT: &str = "周敏";

fn db(dir: &Path) -> Db {
    Db::open_in(dir).expect("open the database")
}

/// One number from the database.
fn count(dir: &Path, sql: &str, params: &[&str]) -> u32 {
    db(dir)
        .read(|c| {
            Ok(c.query_row(sql, rusqlite::params_from_iter(params), |r| {
                r.get::<_, u32>(0)
            })?)
        })
        .expect("count in the database")
}

fn one(dir: &Path, sql: &str, params: &[&str]) -> String {
    db(dir)
        .read(|c| {
            Ok(c.query_row(sql, rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(0)
            })?)
        })
        .expect("a value from the database")
}

/// Selects a calendar event as a hand does: a click near its top-left corner, which overlapping events (drawn to
/// the right of it) never cover; clicked again until its panel (`panel`) shows.
async fn select_event(app: &App, css: &str, panel: &str) {
    app.poll(
        &format!("{css} selected, showing {panel}"),
        WAIT,
        || async {
            let (l, t, _, _) = rect(app, css).await;
            drag(app, (l + 6.0, t + 6.0), (l + 6.0, t + 6.0), 1).await;
            for _ in 0..10 {
                if app.is_visible_now(panel).await {
                    return Some(());
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            None
        },
    )
    .await;
}

async fn open_supplier(app: &App) {
    app.click("nav-suppliers").await;
    app.click_row_with("list-row", SUPPLIER).await;
    app.text_contains("detail-title", SUPPLIER).await;
}

#[test]
fn everyday_tasks_in_the_chinese_ui() {
    let out = tempfile::tempdir().expect("a folder for the save dialog's stand-in");
    run(async {
        let mut steps = Steps::new();
        let harness = Harness::start(
            "everyday",
            &[
                ("TZ", "Asia/Shanghai"),
                (
                    liaison_desk::app::dialogs::STAND_IN_ENV,
                    out.path().to_str().expect("a UTF-8 temp path"),
                ),
            ],
        );
        let data = tempfile::tempdir().expect("a temporary data folder");
        let dir = data.path();
        let app = App::launch(&harness, dir, "everyday").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-settings").await;
        app.click("settings-language-zh-CN").await;
        app.text_contains("nav-suppliers", "供应商").await;
        app.click("nav-dashboard").await;
        app.click("demo-load").await;
        app.gone("demo-offer").await;
        steps.step("Chinese UI, demo data loaded");

        // 0. The overdue card opens the list of exactly the overdue tasks.
        let overdue = app
            .client
            .find(Locator::Css("[data-count=\"overdue_tasks\"]"))
            .await
            .expect("the overdue card");
        let shown = overdue
            .attr("data-value")
            .await
            .ok()
            .flatten()
            .and_then(|v| v.parse::<u32>().ok())
            .expect("the overdue count");
        assert!(shown > 0, "the demo has overdue tasks");
        app.click_element(&overdue, "the overdue card").await;
        app.text_contains("page-title", "任务").await;
        app.list_total_is(shown).await;
        steps.step(&format!(
            "the overdue card opened the {shown} overdue tasks"
        ));

        // 1. Everything about a supplier: its meetings (filtered list) and back, a contact and back by name.
        let supplier = one(
            dir,
            "SELECT id FROM organizations WHERE name = ?1",
            &[SUPPLIER],
        );
        let its_meetings = count(
            dir,
            "SELECT count(*) FROM meetings m WHERE m.deleted_at IS NULL AND m.series_id IS NULL AND m.id IN (
               SELECT meeting_id FROM meeting_organizations WHERE organization_id = ?1 AND deleted_at IS NULL
               UNION SELECT a.meeting_id FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
               WHERE c.organization_id = ?1 AND a.deleted_at IS NULL)",
            &[&supplier],
        );
        assert!(its_meetings > 0, "the demo supplier takes part in meetings");
        open_supplier(&app).await;
        app.poll(
            &format!("{its_meetings} meetings counted on the supplier's page"),
            WAIT,
            || async {
                let el = app
                    .client
                    .find(Locator::Css(&sel("org-meetings")))
                    .await
                    .ok()?;
                (first_number(&element_text(&el).await)? == its_meetings).then_some(())
            },
        )
        .await;
        app.settle_toasts().await;
        let mut shots = vec![(app.screenshot("organization").await, "organization-zh.png")];
        app.click("org-meetings").await;
        app.text_contains("page-title", "会议").await;
        app.list_total_is(its_meetings).await;
        assert_eq!(app.value_of("filter-organization").await, SUPPLIER);
        app.screenshot("supplier-meetings").await;
        app.client.back().await.expect("go back");
        app.text_contains("detail-title", SUPPLIER).await;
        let contact = one(
            dir,
            "SELECT name FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL ORDER BY name LIMIT 1",
            &[&supplier],
        );
        app.click_row_with("contact-row", &contact).await;
        app.text_contains("detail-title", &contact).await;
        app.text_contains("detail-back", SUPPLIER).await;
        app.click("detail-back").await;
        app.text_contains("detail-title", SUPPLIER).await;
        steps.step(
            "the supplier's page: its meetings filtered and back, a contact and back by name",
        );

        // 2. A supplier review from the template, inviting the supplier's whole team in one pick.
        let team = count(
            dir,
            "SELECT count(*) FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
            &[&supplier],
        );
        app.click("nav-meetings").await;
        app.click("meeting-new-from-template").await;
        let option = format!("[data-testid=\"template-option\"][data-template-id=\"{TEMPLATE}\"]");
        let el = app
            .poll("the supplier review template", WAIT, || async {
                app.client.find(Locator::Css(&option)).await.ok()
            })
            .await;
        app.click_element(&el, "the template").await;
        pick(
            &app,
            "field-attendee_ids",
            "恒通",
            &format!("添加 {SUPPLIER} 的全部"),
        )
        .await;
        // Each person is a pill "name · 苏州恒通电子"; the supplier itself joins the related organizations.
        app.poll(
            "the supplier's people and the supplier as pills",
            WAIT,
            || async {
                let pills = app
                    .client
                    .find_all(Locator::Css(&format!(
                        "{} .mantine-Pill-label",
                        sel("entity-form")
                    )))
                    .await
                    .ok()?;
                let mut people = 0;
                let mut org = false;
                for p in pills {
                    let text = element_text(&p).await;
                    people += usize::from(text.ends_with(&format!(" · {SUPPLIER}")));
                    org |= text == SUPPLIER;
                }
                (people == team as usize && org).then_some(())
            },
        )
        .await;
        // The rest of the form, as a person fills it: the project and who organizes it.
        pick(&app, "field-project_id", "华东", "华东产线升级").await;
        pick(&app, "field-organizer_contact_id", "James", "James Okafor").await;
        app.click("field-title").await;
        let scroll_top =
            "document.querySelector('.mantine-Modal-body')?.scrollTo(0, 0); return null;";
        let _ = app.client.execute(scroll_top, vec![]).await;
        assert_eq!(
            app.value_of("field-project_id").await,
            "华东产线升级 Line upgrade"
        );
        assert!(app
            .value_of("field-organizer_contact_id")
            .await
            .starts_with("James Okafor"));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        shots.push((app.screenshot("meeting-form").await, "meeting-form-zh.png"));
        app.click("meeting-form-submit").await;
        app.visible("agenda-item").await;
        let review = app
            .poll("the review in the database", WAIT, || async {
                let q = MeetingQuery {
                    search: Some("供应商评审会".into()),
                    ..Default::default()
                };
                let page = db(dir).read(|c| meetings::list_meetings(c, &q)).ok()?;
                let id = page.items.into_iter().next()?.id;
                db(dir).read(|c| meetings::get_meeting(c, &id)).ok()
            })
            .await;
        assert_eq!(
            review.attendees.len(),
            team as usize,
            "everyone from the supplier"
        );
        assert!(review
            .attendees
            .iter()
            .all(|a| a.organization_id.as_deref() == Some(supplier.as_str())));
        assert!(review
            .organizations
            .iter()
            .any(|o| o.organization_id == supplier));
        steps.step(&format!(
            "a review from the template with all {team} people of the supplier"
        ));

        // 3. Export it: the toast offers Open and Show in folder; the file is where the dialog said.
        app.click("meeting-export").await;
        app.click("export-save").await;
        app.visible("export-done").await;
        app.visible("export-open").await;
        app.visible("export-reveal").await;
        let written: Vec<_> = std::fs::read_dir(out.path())
            .expect("the export folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(
            written
                .iter()
                .any(|p| p.to_string_lossy().contains("供应商评审会")),
            "the exported summary: {written:?}"
        );
        app.screenshot("exported").await;
        app.settle_toasts().await;
        steps.step("exported the review; the toast offers Open and Show in folder");

        // 4. A block after its task's due date: the planner says why and moves the due date to the block's day.
        let (task_id, block_day) = db(dir)
            .read(|c| {
                Ok(c.query_row(
                    "SELECT id, date(scheduled_end, '+8 hours') FROM tasks
                     WHERE deleted_at IS NULL AND scheduled_end IS NOT NULL AND due_date < date(scheduled_end, '+8 hours')
                       AND status IN ('todo', 'in_progress', 'blocked')
                     ORDER BY scheduled_start LIMIT 1",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )?)
            })
            .expect("a demo block after its due date");
        app.click("nav-planner").await;
        let block_css = format!("[data-testid=\"planner-event\"][data-key=\"task:{task_id}\"]");
        select_event(&app, &block_css, "after-due").await;
        app.text_contains("after-due", "往后挪只会更晚").await;
        // The side panel slides in: photograph it once it is there.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        app.screenshot("after-due").await;
        app.click("move-due").await;
        app.poll("the due date moved to the block's day", WAIT, || async {
            let t = db(dir).read(|c| projects::get_task(c, &task_id)).ok()?;
            (t.due_date.as_deref() == Some(block_day.as_str())).then_some(())
        })
        .await;
        app.gone("after-due").await;
        steps.step("a block after its due date: the due date now falls on the block's day");

        // 5. A meeting with attendees moved half an hour by keyboard: asked first, naming them; then the invitation.
        let (meeting_id, starts_at, first_person) = db(dir)
            .read(|c| {
                Ok(c.query_row(
                    "SELECT m.id, m.starts_at, (SELECT c.name FROM meeting_attendees a JOIN contacts c ON c.id = a.contact_id
                        WHERE a.meeting_id = m.id ORDER BY a.position LIMIT 1)
                     FROM meetings m
                     WHERE m.deleted_at IS NULL AND m.recurrence IS NULL AND m.series_id IS NULL
                       AND date(m.starts_at, '+8 hours') >= date('now', '+8 hours', '-6 days', 'weekday 1')
                       AND date(m.starts_at, '+8 hours') < date('now', '+8 hours', '-6 days', 'weekday 1', '+7 days')
                       AND EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id)
                     ORDER BY m.starts_at LIMIT 1",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
                )?)
            })
            .expect("a meeting with attendees this week");
        let meeting_css =
            format!("[data-testid=\"planner-event\"][data-key=\"meeting:{meeting_id}\"]");
        // Esc clears the block's selection (and its panel) first.
        keys(&app, &['\u{E00C}']).await;
        app.gone("event-panel").await;
        select_event(&app, &meeting_css, "event-panel").await;
        keys(&app, &[ARROW_DOWN]).await;
        app.text_contains("reschedule-people", &first_person).await;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        app.screenshot("reschedule-confirm").await;
        app.click("reschedule-ok").await;
        let moved = chrono::DateTime::parse_from_rfc3339(&starts_at).expect("a start")
            + chrono::Duration::minutes(30);
        app.poll("the meeting half an hour later", WAIT, || async {
            let m = db(dir)
                .read(|c| meetings::get_meeting(c, &meeting_id))
                .ok()?;
            (chrono::DateTime::parse_from_rfc3339(&m.starts_at).ok()? == moved).then_some(())
        })
        .await;
        app.visible("reschedule-offer").await;
        app.click("invite-ics").await;
        let ics = app
            .poll("the updated invitation", WAIT, || async {
                std::fs::read_dir(out.path())
                    .ok()?
                    .flatten()
                    .map(|e| e.path())
                    .find(|p| p.extension().is_some_and(|x| x == "ics"))
            })
            .await;
        let text = std::fs::read_to_string(&ics).expect("read the invitation");
        assert!(text.contains("BEGIN:VEVENT"), "{text}");
        steps.step("moved a meeting: asked first with its attendees named, then wrote the updated invitation");

        // 6. A contact for the supplier: the form shows the organization chosen and asks for 姓名.
        app.settle_toasts().await;
        open_supplier(&app).await;
        app.click("org-add-contact").await;
        app.visible("entity-form").await;
        assert_eq!(app.value_of("field-organization_id").await, SUPPLIER);
        app.text_contains("entity-form", "姓名").await;
        app.fill("field-name", NEW_CONTACT).await;
        app.click("form-submit").await;
        app.gone("entity-form").await;
        app.poll("the contact in the database", WAIT, || async {
            (count(
                dir,
                "SELECT count(*) FROM contacts WHERE name = ?1 AND organization_id = ?2 AND deleted_at IS NULL",
                &[NEW_CONTACT, &supplier],
            ) == 1)
                .then_some(())
        })
        .await;
        steps.step("added a contact to the supplier");

        // 7. Ctrl+K finds 研发 inside 研发部: the department and its people; Enter opens the first.
        app.click("palette-open").await;
        let input = app
            .poll("the palette's search field", WAIT, || async {
                app.client
                    .find(Locator::Css("[role=\"dialog\"] input"))
                    .await
                    .ok()
            })
            .await;
        input
            .send_keys("研发")
            .await
            .expect("type into the palette");
        app.poll("研发部 among the results", WAIT, || async {
            let actions = app
                .client
                .find_all(Locator::Css("[data-action][data-kind]"))
                .await
                .ok()?;
            let mut kinds = Vec::new();
            for a in actions {
                let text = element_text(&a).await;
                kinds.push((a.attr("data-kind").await.ok()??, text));
            }
            let first = kinds.first()?;
            (first.0 == "organization"
                && first.1.contains("研发部")
                && kinds.iter().any(|(k, _)| k == "contact"))
            .then_some(())
        })
        .await;
        app.screenshot("palette").await;
        input.send_keys("\u{E007}").await.expect("Enter");
        app.text_contains("detail-title", "研发部").await;
        steps.step("Ctrl+K 研发 listed the R&D department and its people; Enter opened it");

        // 8. English: the same page in the other language.
        app.click("nav-settings").await;
        app.click("settings-language-en").await;
        app.text_contains("nav-suppliers", "Suppliers").await;
        open_supplier(&app).await;
        app.text_contains("org-meetings", "Meetings").await;
        app.text_contains("org-projects", "Projects").await;
        app.settle_toasts().await;
        shots.push((
            app.screenshot("organization-en").await,
            "organization-en.png",
        ));
        steps.step("switched to English");
        app.close().await;
        if std::env::var_os("LIAISON_DESK_UPDATE_DOCS").is_some() {
            let docs =
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
            for (shot, file) in shots {
                std::fs::copy(&shot, docs.join(file))
                    .expect("copy a screenshot into docs/screenshots");
            }
        }
    });
}
