//! The planner on the real app: pointer drags (several small moves, as a hand makes them) from the backlog onto
//! the grid, moves, resizes, back to the backlog; conflict markers; undo; keyboard moves; the workload grid; and
//! the frame time of a drag with 500 events in the week.

use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::Locator;
use liaison_desk::domain::*;
use liaison_desk::services::{directory, meetings, projects, settings};
use liaison_desk::store::{tasks, Db};
use serde_json::{json, Value};

use super::harness::Harness;
use super::ui::{drag, sel, App, WAIT};
use super::{run, Steps, FIRST_PAINT};

const TASK: &str = "确认样品交期";
const MEETING: &str = "供应商评审 Supplier review";

/// Monday of the current week in Shanghai, where the harness runs the app (TZ=Asia/Shanghai).
fn monday() -> NaiveDate {
    let today = Utc::now().with_timezone(&Shanghai).date_naive();
    today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()))
}

/// A Shanghai wall-clock time on `day` as the UTC string the database stores.
fn at(day: NaiveDate, hour: u32, minute: u32) -> String {
    let local = day.and_hms_opt(hour, minute, 0).expect("a valid time");
    let utc = Shanghai
        .from_local_datetime(&local)
        .single()
        .expect("Shanghai has no DST")
        .with_timezone(&Utc);
    utc_string(utc)
}

struct Fixture {
    task_id: String,
    department_id: String,
}

/// 采购部 (10 h a week: 2 h a day), 王晓明 in a supplier review on Tuesday 14:00–15:00, and a 2-hour task for
/// him and the department waiting in the backlog. The UI is in Chinese.
fn fixture(dir: &Path) -> Fixture {
    let db = Db::open_in(dir).expect("open the test database");
    db.write(|c| {
        let d = OrganizationInput {
            kind: OrgKind::Department,
            name: "采购部".into(),
            tier: None,
            tags: vec![],
            address: None,
            website: None,
            notes: None,
            lead_contact_id: None,
            weekly_capacity_hours: Some(10.0),
            color: Some("orange".into()),
        };
        let dept = directory::create_organization(c, d)?;
        let person = directory::create_contact(
            c,
            ContactInput {
                name: "王晓明".into(),
                title: None,
                organization_id: None,
                emails: vec![],
                phones: vec![],
                wechat: None,
                notes: None,
            },
        )?;
        let tue = monday() + chrono::Duration::days(1);
        meetings::create_meeting(
            c,
            MeetingInput {
                attendee_ids: vec![person.id.clone()],
                ..super::shanghai_meeting(MEETING, at(tue, 14, 0), at(tue, 15, 0))
            },
        )?;
        let task = projects::create_task(
            c,
            TaskInput {
                title: TASK.into(),
                description: None,
                project_id: None,
                meeting_id: None,
                assignee_contact_id: Some(person.id),
                assignee_department_id: Some(dept.id.clone()),
                due_date: Some((monday() + chrono::Duration::days(4)).to_string()),
                status: TaskStatus::Todo,
                progress: 0,
                priority: Priority::High,
                estimate_hours: Some(2.0),
                scheduled_start: None,
                scheduled_end: None,
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
            task_id: task.id,
            department_id: dept.id,
        })
    })
    .expect("write the planner fixture")
}

/// The task's stored block, read through a second connection while the app runs (WAL allows it).
fn block(dir: &Path, id: &str) -> (Option<String>, Option<String>) {
    let db = Db::open_in(dir).expect("open the database");
    let t = db.read(|c| tasks::get(c, id)).expect("read the task");
    (t.scheduled_start, t.scheduled_end)
}

async fn block_becomes(app: &App, dir: &Path, id: &str, want: (Option<String>, Option<String>)) {
    let what = format!("the task block to be saved as {want:?}");
    app.poll(&what, WAIT, || async {
        let now = block(dir, id);
        (now == want).then_some(())
    })
    .await;
}

/// Pages the planner (prev / next) until `date` has a column. A test's dates can lie outside the week the planner
/// opens on: "the last Monday whose 10:00 has passed" is last week's Monday early on a Monday morning. The way to go
/// is read from the dates the grid shows, once it shows any: the planner is a chunk of its own, and a check made
/// before it rendered once sent this paging past the date for good.
pub async fn show_date(app: &App, date: NaiveDate) {
    const JS: &str = r#"return [...document.querySelectorAll("[data-date]")].map((e) => e.getAttribute("data-date"));"#;
    let shown = |not: Option<NaiveDate>| async move {
        app.poll("the planner's days", WAIT, || async {
            let v = app.client.execute(JS, vec![]).await.ok()?;
            let mut days: Vec<NaiveDate> = v
                .as_array()?
                .iter()
                .filter_map(|d| d.as_str()?.parse().ok())
                .collect();
            days.sort();
            // After a click, wait for the grid to move off the days it showed.
            (!days.is_empty() && days.first() != not.as_ref()).then_some(days)
        })
        .await
    };
    let mut days = shown(None).await;
    for _ in 0..8 {
        let (first, last) = (days[0], days[days.len() - 1]);
        if (first..=last).contains(&date) {
            return;
        }
        app.click(if date < first {
            "planner-prev"
        } else {
            "planner-next"
        })
        .await;
        days = shown(Some(first)).await;
    }
    app.fail::<()>(&format!("the planner never showed {date}"))
        .await;
}

/// Viewport point of the grid cell for `date` at `time` ("10:00:00"), `dy` pixels into the slot.
pub async fn slot_point(app: &App, date: NaiveDate, time: &str, dy: f64) -> (f64, f64) {
    const JS: &str = r#"
        const [date, time] = arguments;
        const cols = [...document.querySelectorAll(`[data-date="${date}"]`)]
            .map((e) => e.getBoundingClientRect()).filter((r) => r.height > 200);
        const rows = [...document.querySelectorAll(`[data-time="${time}"]`)]
            .map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
        if (!cols.length || !rows.length) return null;
        return [cols[0].left + cols[0].width / 2, rows[0].top];
    "#;
    // The grid scrolls to the working morning after its first paint: wait until two reads agree.
    let what = format!("the grid slot {date} {time} to hold still");
    let read = || async {
        let v = app
            .client
            .execute(JS, vec![json!(date.to_string()), json!(time)])
            .await
            .ok()?;
        Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?))
    };
    let (x, y) = app
        .poll(&what, WAIT, || async {
            let first = read().await?;
            tokio::time::sleep(Duration::from_millis(150)).await;
            (read().await? == first).then_some(first)
        })
        .await;
    (x, y + dy)
}

/// Viewport rectangle (left, top, width, height) of the first displayed element matching `css`.
pub async fn rect(app: &App, css: &str) -> (f64, f64, f64, f64) {
    const JS: &str = r#"
        const el = [...document.querySelectorAll(arguments[0])].find((e) => e.getClientRects().length > 0);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.width, r.height];
    "#;
    let read = || async {
        let v = app.client.execute(JS, vec![json!(css)]).await.ok()?;
        Some((
            v.get(0)?.as_f64()?,
            v.get(1)?.as_f64()?,
            v.get(2)?.as_f64()?,
            v.get(3)?.as_f64()?,
        ))
    };
    // Re-rendered events may still be settling: wait until two reads agree.
    app.poll(
        &format!("{css} on screen and holding still"),
        WAIT,
        || async {
            let first = read().await?;
            tokio::time::sleep(Duration::from_millis(150)).await;
            (read().await? == first).then_some(first)
        },
    )
    .await
}

pub async fn keys(app: &App, chord: &[char]) {
    let mut k = KeyActions::new("keyboard".into());
    for c in chord {
        k = k.then(KeyAction::Down { value: *c });
    }
    for c in chord.iter().rev() {
        k = k.then(KeyAction::Up { value: *c });
    }
    if let Err(e) = app.client.perform_actions(k).await {
        app.fail::<()>(&format!("the key chord {chord:?} failed: {e}"))
            .await;
    }
}

const CTRL: char = '\u{E009}';
pub const ARROW_DOWN: char = '\u{E015}';

fn event_css(task_id: &str) -> String {
    format!("[data-testid=\"planner-event\"][data-key=\"task:{task_id}\"]")
}

/// Height of one 30-minute grid row.
pub async fn slat(app: &App, date: NaiveDate) -> f64 {
    let (_, a) = slot_point(app, date, "10:00:00", 0.0).await;
    let (_, b) = slot_point(app, date, "10:30:00", 0.0).await;
    b - a
}

/// The grab point of an event that starts on a row boundary: the middle of its first row. FullCalendar measures a
/// drag from the centre of the part of the event inside the row under the pointer, so grabbing exactly there makes
/// the move equal to the pointer's travel, whatever the snapping.
pub async fn grab(app: &App, css: &str, slat: f64) -> (f64, f64) {
    let (l, t, w, _) = rect(app, css).await;
    (l + w / 2.0, t + slat / 2.0)
}

#[test]
fn planner_drag_schedule_move_resize_conflict_undo_and_unschedule() {
    run(async {
        let mut steps = Steps::new();
        let harness = Harness::start("planner", &[("TZ", "Asia/Shanghai")]);
        let data = tempfile::tempdir().expect("a temporary data folder");
        let fx = fixture(data.path());
        let dir = data.path();
        let id = fx.task_id.as_str();
        let (mon, tue, wed) = (
            monday(),
            monday() + chrono::Duration::days(1),
            monday() + chrono::Duration::days(2),
        );

        let app = App::launch(&harness, dir, "planner").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-planner").await;
        app.text_contains("backlog-task", TASK).await;
        app.text_contains("planner-event", "供应商评审").await;
        steps.step("the planner shows the week, the meeting and the backlog task");

        let row = slat(&app, tue).await;
        // 1. Backlog → Tuesday 10:00. The block lasts the task's 2-hour estimate.
        let (bl, bt, bw, bh) = rect(&app, "[data-testid=\"backlog-task\"]").await;
        let from = (bl + bw / 2.0, bt + bh / 2.0);
        let to = slot_point(&app, tue, "10:00:00", 4.0).await;
        drag(&app, from, to, 24).await;
        block_becomes(&app, dir, id, (Some(at(tue, 10, 0)), Some(at(tue, 12, 0)))).await;
        app.visible("backlog-empty").await;
        rect(&app, &event_css(id)).await;
        app.screenshot("scheduled-tuesday").await;
        steps.step("dragged the backlog task to Tuesday 10:00; saved as 10:00–12:00");

        // 2. Move it to Wednesday, same time.
        let from = grab(&app, &event_css(id), row).await;
        let (wx, _) = slot_point(&app, wed, "10:00:00", 0.0).await;
        drag(&app, from, (wx, from.1), 16).await;
        block_becomes(&app, dir, id, (Some(at(wed, 10, 0)), Some(at(wed, 12, 0)))).await;
        steps.step("moved the block to Wednesday 10:00");

        // 3. Resize: pull the bottom edge from 12:00 down to 12:30.
        let (l, t, w, h) = rect(&app, &event_css(id)).await;
        let edge = (l + w / 2.0, t + h - 2.0);
        let to_y = edge.1 + row;
        // Hover first: FullCalendar shows the resize handle of the event under the pointer.
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: None,
            x: edge.0.round(),
            y: (edge.1 - 10.0).round(),
        });
        let _ = app.client.perform_actions(hover).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        drag(&app, edge, (edge.0, to_y), 12).await;
        block_becomes(&app, dir, id, (Some(at(wed, 10, 0)), Some(at(wed, 12, 30)))).await;
        steps.step("resized the block to end at 12:30");

        // 4. 2.5 h for 采购部 on Wednesday is over its 2 h a day: the workload cell turns red.
        app.click("planner-mode-workload").await;
        let cell = format!("workload-cell-{}-{wed}", fx.department_id);
        let over = app
            .poll(
                "the department's Wednesday cell to be over capacity",
                WAIT,
                || async {
                    let el = app.client.find(Locator::Css(&sel(&cell))).await.ok()?;
                    (el.attr("data-over").await.ok()?? == "true").then_some(())
                },
            )
            .await;
        let _: () = over;
        let monday_cell = app
            .client
            .find(Locator::Css(&sel(&format!(
                "workload-cell-{}-{mon}",
                fx.department_id
            ))))
            .await
            .expect("the Monday cell");
        assert_eq!(
            monday_cell.attr("data-over").await.unwrap().as_deref(),
            Some("false")
        );
        app.screenshot("workload").await;
        app.click("planner-mode-calendar").await;
        app.visible("planner-calendar").await;
        steps.step("the workload shows 采购部 over capacity on Wednesday only");

        // 5. Onto the supplier review (Tuesday 14:00, same person): the block gets a conflict marker.
        let from = grab(&app, &event_css(id), row).await;
        let (tx, two) = slot_point(&app, tue, "14:00:00", 0.0).await;
        let (_, ten) = slot_point(&app, tue, "10:00:00", 0.0).await;
        drag(&app, from, (tx, from.1 + (two - ten)), 20).await;
        block_becomes(&app, dir, id, (Some(at(tue, 14, 0)), Some(at(tue, 16, 30)))).await;
        app.poll("a conflict marker on the block", WAIT, || async {
            app.client
                .find(Locator::Css(&format!(
                    "{} [data-testid=\"event-conflict\"]",
                    event_css(id)
                )))
                .await
                .ok()
        })
        .await;
        // Both the block and the meeting carry the warning.
        app.text_contains("conflict-count", "2").await;
        app.screenshot("week-conflict").await;
        steps.step("double-booked 王晓明: the block and the meeting show the conflict marker");

        // 6. Undo puts the block back on Wednesday.
        app.click("planner-undo").await;
        block_becomes(&app, dir, id, (Some(at(wed, 10, 0)), Some(at(wed, 12, 30)))).await;
        steps.step("undo restored Wednesday 10:00–12:30");

        // 7. Keyboard: select the block, ArrowDown moves it one slot later; Ctrl+Z takes it back.
        let (l, t, w, _) = rect(&app, &event_css(id)).await;
        let click = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x: (l + w / 2.0).round(),
                y: (t + 10.0).round(),
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        let _ = app.client.perform_actions(click).await;
        app.visible("event-panel").await;
        keys(&app, &[ARROW_DOWN]).await;
        block_becomes(&app, dir, id, (Some(at(wed, 10, 30)), Some(at(wed, 13, 0)))).await;
        keys(&app, &[CTRL, 'z']).await;
        block_becomes(&app, dir, id, (Some(at(wed, 10, 0)), Some(at(wed, 12, 30)))).await;
        steps.step("ArrowDown moved the selected block by 30 minutes; Ctrl+Z moved it back");

        // 8. Back to the backlog.
        keys(&app, &['\u{E00C}']).await; // Escape clears the selection
        let from = grab(&app, &event_css(id), row).await;
        let target = rect(&app, "[data-testid=\"backlog\"]").await;
        drag(
            &app,
            from,
            (target.0 + target.2 / 2.0, target.1 + target.3 / 2.0),
            24,
        )
        .await;
        block_becomes(&app, dir, id, (None, None)).await;
        app.text_contains("backlog-task", TASK).await;
        steps.step("dragged the block back onto the backlog: unscheduled");

        // 9. Schedule it again and check it survives a restart.
        let (bl, bt, bw, bh) = rect(&app, "[data-testid=\"backlog-task\"]").await;
        let from = (bl + bw / 2.0, bt + bh / 2.0);
        let to = slot_point(&app, tue, "10:00:00", 4.0).await;
        drag(&app, from, to, 24).await;
        block_becomes(&app, dir, id, (Some(at(tue, 10, 0)), Some(at(tue, 12, 0)))).await;
        app.close().await;
        let app = App::launch(&harness, dir, "planner-restart").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-planner").await;
        rect(&app, &event_css(id)).await;
        app.visible("backlog-empty").await;
        app.close().await;
        steps.step("after a restart the block is still on Tuesday 10:00");
    });
}

/// `count` events in the week of `monday` (half meetings, half task blocks, spread over the working days and
/// hours, stacked deep when `count` is large), written in one transaction. Returns the last task's id.
fn crowded_week(dir: &Path, monday: NaiveDate, count: u32) -> String {
    let db = Db::open_in(dir).expect("open the test database");
    db.write(|c| {
        let mut last = String::new();
        for i in 0..count {
            let day = monday + chrono::Duration::days(i64::from(i % 5));
            let hour = 8 + (i / 5) % 10;
            let minute = (i / 50) % 2 * 30;
            let (start, end) = (at(day, hour, minute), at(day, hour + 1, minute));
            if i % 2 == 0 {
                meetings::create_meeting(
                    c,
                    super::shanghai_meeting(&format!("会议 {i}"), start, end),
                )?;
            } else {
                let t = projects::create_task(
                    c,
                    TaskInput {
                        title: format!("任务 {i}"),
                        description: None,
                        project_id: None,
                        meeting_id: None,
                        assignee_contact_id: None,
                        assignee_department_id: None,
                        due_date: None,
                        status: TaskStatus::Todo,
                        progress: 0,
                        priority: Priority::Normal,
                        estimate_hours: Some(1.0),
                        scheduled_start: Some(start),
                        scheduled_end: Some(end),
                    },
                )?;
                last = t.id;
            }
        }
        Ok(last)
    })
    .expect("write the crowded week")
}

const RECORD_FRAMES: &str = r#"
    window.__ldFrames = [];
    window.__ldRecording = true;
    let last = performance.now();
    // Frames of the drag itself: recording stops at the drop, whose save and re-render are timed separately.
    const tick = (t) => {
        if (window.__ldDrop !== null) return;
        window.__ldFrames.push(t - last);
        last = t;
        if (window.__ldRecording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    window.__ldDrop = null;
    window.addEventListener("pointerup", () => { window.__ldDrop = performance.now(); }, { once: true, capture: true });
    performance.clearMarks("planner:change-rendered");
    performance.clearMarks("planner:change-saved");
    performance.clearMarks("planner:drop-handled");
"#;

const STOP_FRAMES: &str = r#"
    window.__ldRecording = false;
    const mark = performance.getEntriesByName("planner:change-rendered").pop();
    const saved = performance.getEntriesByName("planner:change-saved").pop();
    const handled = performance.getEntriesByName("planner:drop-handled").pop();
    return {
        frames: window.__ldFrames, drop: window.__ldDrop,
        handled: handled ? handled.startTime : null,
        saved: saved ? saved.startTime : null, rendered: mark ? mark.startTime : null,
    };
"#;

/// A stored block moved to `day` (same Shanghai time of day) and `minutes` later.
fn moved_block(
    (start, end): (Option<String>, Option<String>),
    day: NaiveDate,
    minutes: i64,
) -> (Option<String>, Option<String>) {
    let parse = |s: Option<String>| {
        s.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
            .expect("a scheduled block")
            .with_timezone(&Shanghai)
    };
    let (start, end) = (parse(start), parse(end));
    let shift = (day - start.date_naive()) + chrono::Duration::minutes(minutes);
    let moved =
        |t: chrono::DateTime<chrono_tz::Tz>| Some(utc_string((t + shift).with_timezone(&Utc)));
    (moved(start), moved(end))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// What one measured drag gave: frame times from the press to the release, and the drop's milestones after the
/// release (ms).
struct DragFigures {
    frames: Vec<f64>,
    handled: f64,
    saved: f64,
    rendered: f64,
}

/// Drags a visible task block of the week of `monday` two rows down onto Thursday with 60 pointer moves of 16 ms,
/// recording every frame, and checks it landed there; `fallback` is a block to use if none is fully visible.
async fn measured_drag(app: &App, dir: &Path, monday: NaiveDate, fallback: String) -> DragFigures {
    app.client
        .execute(RECORD_FRAMES, vec![])
        .await
        .expect("start the frame recorder");
    // A task block that is on screen (in a crowded slot some events sit behind a "+N" link).
    let visible: Value = app
        .client
        .execute(
            r#"const vh = window.innerHeight;
               const el = [...document.querySelectorAll('[data-testid="planner-event"][data-key^="task:"]')]
                 .find((e) => { const r = e.getBoundingClientRect(); return r.height > 30 && r.top > 200 && r.bottom < vh - 40; });
               return el ? el.dataset.key.slice(5) : null;"#,
            vec![],
        )
        .await
        .expect("find a visible block");
    let id = visible.as_str().map(String::from).unwrap_or(fallback);
    let before = block(dir, &id);
    let row = slat(app, monday).await;
    // Grabbed in the middle of its first row and moved two rows down onto Thursday: it must land on Thursday
    // an hour later, as long as before.
    let from = grab(app, &event_css(&id), row).await;
    let thu = monday + chrono::Duration::days(3);
    let (x, _) = slot_point(app, thu, "10:00:00", 0.0).await;
    drag(app, from, (x, from.1 + 2.0 * row), 60).await;
    let landed = moved_block(before, thu, 60);
    let saved = app
        .poll(
            "the moved block to be saved and re-rendered",
            WAIT,
            || async {
                let v = app.client.execute(STOP_FRAMES, vec![]).await.ok()?;
                v.get("rendered")?.as_f64()?;
                Some(v)
            },
        )
        .await;
    block_becomes(app, dir, &id, landed).await;
    let mut frames: Vec<f64> = saved["frames"]
        .as_array()
        .expect("frames")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert!(frames.len() > 30, "the recorder saw the drag: {frames:?}");
    frames.sort_by(f64::total_cmp);
    let drop = saved["drop"].as_f64().unwrap_or(f64::NAN);
    let after = |key: &str| saved[key].as_f64().unwrap_or(f64::NAN) - drop;
    DragFigures {
        frames,
        handled: after("handled"),
        saved: after("saved"),
        rendered: after("rendered"),
    }
}

/// Reported, not asserted: speed targets are tracked in docs/benchmarks.md.
fn report(steps: &mut Steps, events: u32, f: &DragFigures) {
    let (p50, p95, p99) = (
        percentile(&f.frames, 0.5),
        percentile(&f.frames, 0.95),
        percentile(&f.frames, 0.99),
    );
    steps.step(&format!(
        "drag with {events} events: {} frames, p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms, max {:.1} ms; \
         drop → FullCalendar's drop callback {:.1} ms → saved {:.1} ms → re-rendered {:.1} ms; the block landed \
         where it was dropped",
        f.frames.len(),
        f.frames.last().copied().unwrap_or_default(),
        f.handled,
        f.saved,
        f.rendered,
    ));
    println!(
        "PLANNER_FRAMES events={events} p50={p50:.1} p95={p95:.1} p99={p99:.1} n={} drop_to_handled={:.1} \
         drop_to_saved={:.1} drop_to_render={:.1}",
        f.frames.len(),
        f.handled,
        f.saved,
        f.rendered
    );
}

#[test]
fn planner_drag_frame_time_with_500_and_60_events() {
    run(async {
        let mut steps = Steps::new();
        let harness = Harness::start("planner-perf", &[("TZ", "Asia/Shanghai")]);
        let data = tempfile::tempdir().expect("a temporary data folder");
        // This week is crowded (500 events); next week is a realistic busy one (60).
        let crowded = crowded_week(data.path(), monday(), 500);
        let next_monday = monday() + chrono::Duration::days(7);
        let busy = crowded_week(data.path(), next_monday, 60);
        let app = App::launch(&harness, data.path(), "planner-perf").await;
        app.visible_within("dashboard", FIRST_PAINT).await;
        app.click("nav-planner").await;
        show_date(&app, monday()).await;
        app.visible("planner-event").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let shown: Value = app
            .client
            .execute(
                "return document.querySelectorAll('[data-testid=\"planner-event\"]').length",
                vec![],
            )
            .await
            .expect("count events");
        steps.step(&format!(
            "500 events in the week; {shown} event elements drawn (the rest behind \"+N\" links)"
        ));
        app.screenshot("crowded-week").await;
        let figures = measured_drag(&app, data.path(), monday(), crowded).await;
        report(&mut steps, 500, &figures);

        show_date(&app, next_monday).await;
        rect(&app, &event_css(&busy)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.screenshot("busy-week").await;
        let figures = measured_drag(&app, data.path(), next_monday, busy).await;
        report(&mut steps, 60, &figures);
        app.close().await;
    });
}
