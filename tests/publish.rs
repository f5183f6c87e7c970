//! One-way publish to a real CalDAV calendar and CardDAV address book: Radicale, started here on 127.0.0.1, which
//! parses every upload (vobject) and refuses what it cannot read. Meetings (a series whole, with its cancelled and
//! moved occurrences) and task blocks land where the planner shows them; organizations and contacts as vCards; a
//! second publish sends nothing; edits and deletes follow; nothing is duplicated, even after the local record of
//! what was sent is lost.

mod common;

use common::radicale::*;
use common::*;
use liaison_desk::domain::{Entity, OrgKind};
use liaison_desk::error::AppError;
use liaison_desk::export::summary::Lang;
use liaison_desk::services::planner::{self, PlannerChange};
use liaison_desk::services::{self, directory, meetings, projects};
use liaison_desk::store::Db;
use liaison_desk::sync::publish::{self, PublishCounts, PublishSettings};
use std::sync::Once;

/// The password every server here takes, given the way cron jobs give it.
fn password_from_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::env::set_var(publish::PASSWORD_ENV, "desk"));
}

fn settings(server: &Radicale) -> PublishSettings {
    PublishSettings {
        calendar_url: Some(format!(
            "http://127.0.0.1:{}/desk/desk-calendar/",
            server.port
        )),
        contacts_url: Some(format!(
            "http://127.0.0.1:{}/desk/desk-contacts",
            server.port
        )),
        user: "desk".into(),
    }
}

fn counts(added: i32, updated: i32, deleted: i32, unchanged: i32) -> PublishCounts {
    PublishCounts {
        added,
        updated,
        deleted,
        unchanged,
    }
}

/// The names of the resources in a collection, as the server lists them.
fn listed(server: &Radicale, collection: &str) -> Vec<String> {
    let (status, body) = http(server, "PROPFIND", collection, &["Depth: 1"], None);
    assert_eq!(status, 207, "PROPFIND {collection}: {body}");
    let mut names: Vec<String> = body
        .split("<href>")
        .skip(1)
        .filter_map(|h| h.split("</href>").next())
        .filter_map(|h| h.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

struct Desk {
    series: String,
    one_off: String,
    block: String,
    supplier: String,
    people: Vec<String>,
}

/// A Berlin series over a DST change with one occurrence cancelled and one moved, a one-off meeting, a task block,
/// two organizations and three people.
fn fill(db: &Db) -> Desk {
    let series = berlin_series(db, "供应商周会 Supplier weekly");
    let one_off = db
        .write(|c| meetings::create_meeting(c, meeting("季度评审")))
        .unwrap();
    let mut t = task("准备评审材料");
    t.scheduled_start = Some("2027-03-02T09:00:00+01:00".into());
    t.scheduled_end = Some("2027-03-02T11:00:00+01:00".into());
    let block = db.write(|c| projects::create_task(c, t)).unwrap();
    // An unscheduled task is not on the calendar.
    db.write(|c| projects::create_task(c, task("没有时间块的任务")))
        .unwrap();
    let supplier = db
        .write(|c| {
            directory::create_organization(c, org(OrgKind::Supplier, "华东精密制造有限公司"))
        })
        .unwrap();
    let dept = db
        .write(|c| directory::create_organization(c, org(OrgKind::Department, "研发部")))
        .unwrap();
    let people = [
        ("王晓明", &supplier.id),
        ("李娜", &supplier.id),
        ("张伟", &dept.id),
    ]
    .iter()
    .map(|(name, o)| {
        db.write(|c| directory::create_contact(c, contact(name, Some(o))))
            .unwrap()
            .id
    })
    .collect();
    Desk {
        series: series.id,
        one_off: one_off.id,
        block: block.id,
        supplier: supplier.id,
        people,
    }
}

#[test]
fn meetings_and_contacts_publish_incrementally_with_stable_names() {
    password_from_env();
    let server = start_radicale();
    let (dir, db) = temp_db();
    let desk = fill(&db);
    publish::setup(&db, settings(&server), "desk").unwrap();

    let first = publish::run(&db).unwrap();
    assert_eq!(
        first.calendar,
        Some(counts(3, 0, 0, 0)),
        "series, one-off, block"
    );
    assert_eq!(
        first.contacts,
        Some(counts(5, 0, 0, 0)),
        "2 organizations, 3 people"
    );
    let calendar = "/desk/desk-calendar/";
    let book = "/desk/desk-contacts/";
    let mut want = vec![
        format!("meeting-{}.ics", desk.series),
        format!("meeting-{}.ics", desk.one_off),
        format!("task-{}.ics", desk.block),
    ];
    want.sort();
    assert_eq!(listed(&server, calendar), want);
    assert_eq!(listed(&server, book).len(), 5);

    // The server expands the series where the planner puts it: after the DST change 10:00 Berlin is 08:00 UTC, the
    // cancelled occurrence is gone, the moved one is at 14:00.
    let uid = format!("meeting-{}@liaison-desk", desk.series);
    let has =
        |start: &str, end: &str| query_in(&server, dir.path(), calendar, start, end).contains(&uid);
    assert!(has("20270405T080000Z", "20270405T083000Z"));
    assert!(!has("20270405T090000Z", "20270405T093000Z"));
    assert!(!has("20270315T090000Z", "20270315T093000Z"));
    assert!(has("20270322T130000Z", "20270322T133000Z"));
    assert!(!has("20270322T090000Z", "20270322T093000Z"));

    let (status, card) = http(
        &server,
        "GET",
        &format!("{book}contact-{}.vcf", desk.people[0]),
        &[],
        None,
    );
    assert_eq!(status, 200);
    let card = unfold(&card);
    for needle in [
        "FN:王晓明",
        "ORG:华东精密制造有限公司",
        "CATEGORIES:supplier",
    ] {
        assert!(card.contains(needle), "{needle} in\n{card}");
    }
    let (_, org_card) = http(
        &server,
        "GET",
        &format!("{book}org-{}.vcf", desk.supplier),
        &[],
        None,
    );
    // Radicale writes the value back in capitals.
    assert!(
        unfold(&org_card).to_ascii_uppercase().contains("KIND:ORG"),
        "{org_card}"
    );

    // Nothing changed: nothing is sent.
    let again = publish::run(&db).unwrap();
    assert_eq!(again.calendar, Some(counts(0, 0, 0, 3)));
    assert_eq!(again.contacts, Some(counts(0, 0, 0, 5)));

    // A renamed meeting, a cancelled occurrence, a deleted person and a deleted task block follow.
    let m = db
        .read(|c| meetings::get_meeting(c, &desk.one_off))
        .unwrap();
    let mut input = meetings::input_of(&m);
    input.title = "季度评审（改期）".into();
    db.write(|c| meetings::update_meeting(c, &desk.one_off, input))
        .unwrap();
    db.write(|c| {
        planner::apply(
            c,
            &PlannerChange::CancelOccurrence {
                meeting_id: desk.series.clone(),
                occurrence: "2027-04-05T08:00:00Z".into(),
            },
        )
    })
    .unwrap();
    db.write(|c| services::delete(c, Entity::Contact, &desk.people[1]))
        .unwrap();
    db.write(|c| services::delete(c, Entity::Task, &desk.block))
        .unwrap();
    let third = publish::run(&db).unwrap();
    assert_eq!(third.calendar, Some(counts(0, 2, 1, 0)));
    assert_eq!(third.contacts, Some(counts(0, 0, 1, 4)));
    assert!(
        !has("20270405T080000Z", "20270405T083000Z"),
        "cancelled on the server too"
    );
    let (status, _) = http(
        &server,
        "GET",
        &format!("{book}contact-{}.vcf", desk.people[1]),
        &[],
        None,
    );
    assert_eq!(
        status, 404,
        "the deleted person is gone from the address book"
    );
    let (_, renamed) = http(
        &server,
        "GET",
        &format!("{calendar}meeting-{}.ics", desk.one_off),
        &[],
        None,
    );
    assert!(
        unfold(&renamed).contains("SUMMARY:季度评审（改期）"),
        "{renamed}"
    );
    assert_eq!(listed(&server, calendar).len(), 2);

    // Turned off and on again, the record of what was sent is gone: everything is sent again, under the same names,
    // so the server holds no duplicate.
    publish::turn_off(&db).unwrap();
    publish::setup(&db, settings(&server), "desk").unwrap();
    let fresh = publish::run(&db).unwrap();
    assert_eq!(fresh.calendar, Some(counts(2, 0, 0, 0)));
    assert_eq!(listed(&server, calendar).len(), 2);
    assert_eq!(listed(&server, book).len(), 4);
    let status = publish::status(&db).unwrap();
    assert_eq!((status.calendar_items, status.contacts_items), (2, 4));
    assert!(status.last_published_at.is_some() && status.last_error.is_none());
}

#[test]
fn a_wrong_password_or_a_stopped_server_gives_a_clear_error_and_records_nothing() {
    password_from_env();
    let (_dir, db) = temp_db();
    fill(&db);
    // Not set up yet.
    let err = publish::run(&db).unwrap_err();
    assert!(matches!(err, AppError::PublishNotSetUp), "{err:?}");
    let said = liaison_desk::messages::describe(Lang::ZhCn, &err, &|f| f.to_string());
    assert!(said.contains("publish setup"), "{said}");

    let server = start_radicale_for("another-password");
    let err = publish::setup(&db, settings(&server), "desk").unwrap_err();
    assert!(matches!(err, AppError::SyncDenied { .. }), "{err:?}");
    assert!(
        publish::status(&db).unwrap().settings.is_none(),
        "nothing saved"
    );

    // A URL that is not one.
    let mut bad = settings(&server);
    bad.calendar_url = Some("desk-calendar".into());
    let err = publish::setup(&db, bad, "desk").unwrap_err();
    assert_eq!(
        rules(err),
        vec![(
            "calendar_url".to_string(),
            liaison_desk::error::Rule::InvalidUrl
        )]
    );

    // Set up against a server that then stops: the publish fails as unreachable and marks nothing as sent.
    let server = start_radicale();
    publish::setup(&db, settings(&server), "desk").unwrap();
    drop(server);
    let err = publish::run(&db).unwrap_err();
    assert!(matches!(err, AppError::SyncUnreachable { .. }), "{err:?}");
    let status = publish::status(&db).unwrap();
    assert_eq!((status.calendar_items, status.contacts_items), (0, 0));
    assert!(status.last_error.is_some());
}

#[test]
fn the_cli_sets_up_publishes_and_reports_in_both_languages() {
    let server = start_radicale();
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_liaison-desk");
    let run = |lang: &str, args: &[&str]| {
        let out = std::process::Command::new(bin)
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("LANG", lang)
            .env(publish::PASSWORD_ENV, "desk")
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, _, err) = run("zh_CN.UTF-8", &["publish"]);
    assert!(!ok);
    assert!(err.contains("尚未设置日历和通讯录发布"), "{err}");
    assert!(run("en_US.UTF-8", &["demo"]).0);
    let s = settings(&server);
    let (ok, out, err) = run(
        "en_US.UTF-8",
        &[
            "publish",
            "setup",
            "--calendar",
            s.calendar_url.as_deref().unwrap(),
            "--contacts",
            s.contacts_url.as_deref().unwrap(),
            "--user",
            "desk",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Publishing set up (user desk)"), "{out}");
    let (ok, out, err) = run("zh_CN.UTF-8", &["publish"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("发布完成") && out.contains("通讯录：新增"),
        "{out}"
    );
    let (ok, out, _) = run("en_US.UTF-8", &["publish"]);
    assert!(ok);
    assert!(
        out.contains("calendar: 0 added, 0 updated, 0 deleted"),
        "{out}"
    );
    let (ok, out, _) = run("zh_CN.UTF-8", &["publish", "--dry-run"]);
    assert!(
        ok && out.contains("未连接服务器") && out.contains("日历：新增 0"),
        "{out}"
    );
    let (_, out, _) = run("en_US.UTF-8", &["publish", "status"]);
    assert!(
        out.contains("items published") && out.contains("Last published"),
        "{out}"
    );
    let (ok, out, _) = run("zh_CN.UTF-8", &["publish", "off"]);
    assert!(ok && out.contains("已停止发布"), "{out}");
}
