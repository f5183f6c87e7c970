//! A weekly meeting on the real app: different notes written in two of its occurrences, then the whole series moved
//! to a new time through the edit form's "all occurrences" answer. Both notes stay with their dates, and a cancelled
//! date stays cancelled.

use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use fantoccini::Locator;
use liaison_desk::domain::recurrence::{Day, Frequency, Recurrence};
use liaison_desk::domain::*;
use liaison_desk::services::planner::{self, PlannerChange, RangeQuery};
use liaison_desk::services::{meetings, series, settings};
use liaison_desk::store::Db;

use super::harness::Harness;
use super::planner::{grab, show_date, slat};
use super::ui::{drag, element_text, sel, App, WAIT};
use super::{run, Steps, FIRST_PAINT};

const TITLE: &str = "跨部门周例会 Weekly sync";
const NOTES_EARLIER: &str = "Week one: sample dates agreed";
const NOTES_LATER: &str = "Week two: quality plan reviewed";

fn shanghai() -> Tz {
    "Asia/Shanghai".parse().expect("a zone")
}

/// Monday `weeks` after the last Monday 10:00 in Shanghai that is already past, at `hour`.
fn monday(weeks: i64, hour: u32) -> DateTime<Utc> {
    let tz = shanghai();
    let now = Utc::now().with_timezone(&tz);
    let mut d = now.date_naive();
    while d.weekday() != Weekday::Mon
        || tz
            .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(10, 0, 0).expect("10:00")))
            .single()
            .expect("no DST in Shanghai")
            >= now
    {
        d = d.pred_opt().expect("a day before");
    }
    let d = d + Duration::weeks(weeks);
    tz.from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("hour")))
        .single()
        .expect("no DST in Shanghai")
        .with_timezone(&Utc)
}

/// A weekly series held for the last three Mondays; next Monday is cancelled. Chinese UI.
fn fixture(dir: &Path) -> String {
    let db = Db::open_in(dir).expect("open the test database");
    db.write(|c| {
        let m = meetings::create_meeting(
            c,
            MeetingInput {
                recurrence: Some(Recurrence {
                    freq: Frequency::Weekly,
                    interval: 1,
                    weekdays: vec![Day::Mo],
                    until: None,
                    count: None,
                }),
                ..super::shanghai_meeting(
                    TITLE,
                    utc_string(monday(-3, 10)),
                    utc_string(monday(-3, 11)),
                )
            },
        )?;
        planner::apply(
            c,
            &PlannerChange::CancelOccurrence {
                meeting_id: m.id.clone(),
                occurrence: utc_string(monday(1, 10)),
            },
        )?;
        settings::set(
            c,
            settings::Settings {
                locale: Some("zh-CN".into()),
                ..Default::default()
            },
        )?;
        Ok(m.id)
    })
    .expect("write the series fixture")
}

fn notes_of(dir: &Path, key: &str) -> Option<String> {
    let db = Db::open_in(dir).ok()?;
    db.read(|c| meetings::get_meeting(c, key)).ok()?.notes
}

/// Types into the notes editor of the page and waits until the text is saved in the database under `key`.
async fn write_notes(app: &App, dir: &Path, key: &str, text: &str) {
    app.type_notes(text).await;
    app.text_contains("notes-preview", text).await;
    app.poll(&format!("the notes of {key} saved"), WAIT, || async {
        notes_of(dir, key)?.contains(text).then_some(())
    })
    .await;
}

#[test]
fn notes_of_two_occurrences_survive_moving_the_whole_series() {
    run(async {
        let mut steps = Steps::new();
        let harness = Harness::start("series", &[("TZ", "Asia/Shanghai")]);
        let data = tempfile::tempdir().expect("a temporary data folder");
        let dir = data.path();
        let id = fixture(dir);
        let key = |t: DateTime<Utc>| series::occurrence_key(&id, &utc_string(t));

        let app = App::launch(&harness, dir, "series").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-meetings").await;
        app.click_row_with("list-row", TITLE).await;

        // 1. The series opens at the occurrence held last; its notes are its own.
        app.text_contains(
            "occurrence-date",
            &monday(0, 10)
                .with_timezone(&shanghai())
                .format("%-d")
                .to_string(),
        )
        .await;
        write_notes(&app, dir, &key(monday(0, 10)), NOTES_LATER).await;
        steps.step("wrote notes in the occurrence held last");

        // 2. The occurrence before it has its own, empty minutes: read once the page shows the earlier occurrence
        // (its date line changed), not only its address, which changes a render before its data arrives.
        let later_date = app.text_contains("occurrence-date", "").await;
        app.click("occurrence-previous").await;
        app.poll("the earlier occurrence's page", WAIT, || async {
            let url = app.client.current_url().await.ok()?;
            let date = app
                .client
                .find(Locator::Css(&sel("occurrence-date")))
                .await
                .ok()?;
            (url.as_str().contains(&utc_string(monday(-1, 10)))
                && element_text(&date).await != later_date)
                .then_some(())
        })
        .await;
        let preview = app.visible("notes-preview").await;
        assert!(
            !preview
                .text()
                .await
                .unwrap_or_default()
                .contains(NOTES_LATER),
            "the earlier occurrence does not show the later one's notes"
        );
        write_notes(&app, dir, &key(monday(-1, 10)), NOTES_EARLIER).await;
        app.screenshot("earlier-occurrence").await;
        steps.step("wrote other notes in the occurrence before it");

        // 3. Every occurrence moves from 10:00 to 14:00, answering "all occurrences".
        app.click("occurrence-next").await;
        app.text_contains("notes-preview", NOTES_LATER).await;
        app.click("detail-edit").await;
        let day = |t: DateTime<Utc>| t.with_timezone(&shanghai()).format("%Y-%m-%d").to_string();
        app.fill("field-starts_at", &format!("{} 14:00", day(monday(0, 10))))
            .await;
        app.fill("field-ends_at", &format!("{} 15:00", day(monday(0, 10))))
            .await;
        app.click("meeting-form-submit").await;
        app.visible("series-scope-dialog").await;
        app.visible("series-scope-this").await;
        app.screenshot("series-scope-dialog").await;
        app.click("series-scope-all").await;
        app.click("series-scope-confirm").await;
        app.gone("entity-form").await;
        steps.step("moved the series to 14:00 for all occurrences");

        // 4. Both notes kept their dates at the new time; the cancelled date stayed cancelled.
        app.poll("the series at 14:00", WAIT, || async {
            notes_of(dir, &key(monday(0, 14)))
                .filter(|n| n.contains(NOTES_LATER))
                .map(|_| ())
        })
        .await;
        assert_eq!(
            notes_of(dir, &key(monday(-1, 14))).as_deref(),
            Some(NOTES_EARLIER)
        );
        let db = Db::open_in(dir).expect("open the database");
        let shown: Vec<String> = db
            .read(|c| {
                planner::range(
                    c,
                    &RangeQuery {
                        from: utc_string(monday(-4, 0)),
                        to: utc_string(monday(4, 0)),
                        time_zone: "Asia/Shanghai".into(),
                    },
                )
            })
            .expect("the planner range")
            .events
            .into_iter()
            .map(|e| e.start)
            .collect();
        let expected: Vec<String> = [-3, -2, -1, 0, 2, 3]
            .into_iter()
            .map(|w| utc_string(monday(w, 14)))
            .collect();
        assert_eq!(
            shown, expected,
            "next Monday stays cancelled, nothing at 10:00"
        );
        drop(db);

        // The page now shows the occurrence at its new time, with its notes; the one before keeps its own.
        app.text_contains("notes-preview", NOTES_LATER).await;
        app.text_contains("meeting-time", "14:00").await;
        app.click("occurrence-previous").await;
        app.text_contains("notes-preview", NOTES_EARLIER).await;
        app.screenshot("after-move").await;
        steps.step("both notes and the cancelled date survived the move");

        // 5. In the planner, dragging the occurrence an hour later asks the same question; "this occurrence" moves
        //    only it, and its minutes go with it.
        app.click("nav-planner").await;
        let held = monday(0, 14);
        let date = held.with_timezone(&shanghai()).date_naive();
        let css = format!(
            "[data-testid=\"planner-event\"][data-key=\"meeting:{}\"]",
            key(held)
        );
        show_date(&app, date).await;
        let row = slat(&app, date).await;
        let from = grab(&app, &css, row).await;
        drag(&app, from, (from.0, from.1 + 2.0 * row), 20).await;
        app.visible("series-scope-dialog").await;
        app.screenshot("planner-scope-dialog").await;
        app.click("series-scope-this").await;
        app.click("series-scope-confirm").await;
        app.poll("the occurrence moved to 15:00 alone", WAIT, || async {
            let db = Db::open_in(dir).ok()?;
            let m = db.read(|c| meetings::get_meeting(c, &key(held))).ok()?;
            (m.starts_at == utc_string(monday(0, 15)) && m.notes.as_deref() == Some(NOTES_LATER))
                .then_some(())
        })
        .await;
        let db = Db::open_in(dir).expect("open the database");
        let earlier = db
            .read(|c| meetings::get_meeting(c, &key(monday(-1, 14))))
            .expect("the earlier occurrence");
        assert_eq!(
            earlier.starts_at,
            utc_string(monday(-1, 14)),
            "the others stay"
        );
        drop(db);
        steps.step("dragged one occurrence in the planner, answering this occurrence");
        app.close().await;
    });
}
