//! The full JSON export and import: every table is registered, export → import → export gives the same
//! document, and a truncated or hostile file is refused naming where, with nothing written.

mod common;

use common::*;
use liaison_desk::domain::OrgKind;
use liaison_desk::error::AppError;
use liaison_desk::services::archive::{self, MAX_TEXT};
use liaison_desk::services::{demo, directory, projects};
use liaison_desk::store::tables::{schema_tables, DERIVED, SYNC_BOOKKEEPING, TABLES};
use liaison_desk::store::Db;
use proptest::prelude::*;
use serde_json::{json, Value};

fn export(db: &Db) -> Value {
    let (mut doc, _) = db.read(archive::export_all).unwrap();
    doc.as_object_mut().unwrap().remove("exported_at");
    doc
}

fn import(db: &Db, doc: &Value, merge: bool) -> Result<archive::ArchiveReport, AppError> {
    let text = serde_json::to_string(doc).unwrap();
    db.write(|tx| archive::import_all(tx, &text, merge))
}

fn demo_db() -> (tempfile::TempDir, Db) {
    let (dir, db) = temp_db();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    db.write(|tx| demo::load(tx, today)).unwrap();
    (dir, db)
}

#[test]
fn every_table_of_the_schema_is_registered_once() {
    let (_dir, db) = temp_db();
    let mut schema = db.read(schema_tables).unwrap();
    // Derived tables (rebuilt from the others) are known on purpose and left out of the export.
    schema.retain(|t| !DERIVED.contains(&t.as_str()) && !SYNC_BOOKKEEPING.contains(&t.as_str()));
    schema.sort();
    let mut registered: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
    registered.sort();
    let before = registered.len();
    registered.dedup();
    assert_eq!(before, registered.len(), "a table is registered twice");
    assert_eq!(
        schema, registered,
        "store::tables::TABLES (or DERIVED, for a table rebuilt from the others) must list every table of the \
         schema, and TABLES no other"
    );
    for d in DERIVED {
        assert!(
            !registered.iter().any(|r| r == d),
            "{d} is both exported and derived"
        );
    }
    // Each registered key is a real column, so exports are ordered and duplicates caught by it.
    db.read(|c| {
        for t in TABLES {
            for k in t.key {
                c.prepare(&format!("SELECT \"{k}\" FROM \"{}\"", t.name))?;
            }
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn demo_data_round_trips_identically_with_deleted_records_and_settings() {
    let (_dir, db) = demo_db();
    // A tombstone and a setting must travel too.
    let id = db
        .write(|tx| directory::create_organization(tx, org(OrgKind::Client, "已删除 Deleted")))
        .unwrap()
        .id;
    db.write(|tx| {
        liaison_desk::services::delete(tx, liaison_desk::domain::Entity::Organization, &id)
    })
    .unwrap();
    db.write(|tx| liaison_desk::store::settings::set(tx, "locale", Some("zh-CN")))
        .unwrap();
    let first = export(&db);
    for t in TABLES {
        let rows = first["tables"][t.name].as_array().unwrap();
        if t.name != "meeting_exceptions" && t.name != "meeting_templates" {
            assert!(!rows.is_empty(), "the demo has {}", t.name);
        }
    }
    let (_dir2, empty) = temp_db();
    let report = import(&empty, &first, false).unwrap();
    assert_eq!(report.tables, TABLES.len());
    assert_eq!(row_counts(&empty), row_counts(&db));
    assert_eq!(export(&empty), first);
    let deleted_at: Option<String> = empty
        .read(|c| {
            Ok(c.query_row(
                "SELECT deleted_at FROM organizations WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(
        deleted_at.is_some(),
        "the tombstone came back as a tombstone"
    );
}

#[test]
fn a_database_with_data_is_refused_without_merge_and_merged_with_it() {
    let (_dir, db) = demo_db();
    let doc = export(&db);
    let (_dir2, other) = temp_db();
    let mine = other
        .write(|tx| directory::create_organization(tx, org(OrgKind::Partner, "本地 Local")))
        .unwrap()
        .id;
    let before = row_counts(&other);
    assert!(matches!(
        import(&other, &doc, false),
        Err(AppError::NotEmpty)
    ));
    assert_eq!(row_counts(&other), before);

    // Merging: the file's rows come in, the local one stays; a row the file has in an older version keeps the
    // newer local edit.
    import(&other, &doc, true).unwrap();
    let org_id = doc["tables"]["organizations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    other
        .write(|tx| {
            tx.execute(
                "UPDATE organizations SET name = 'newer here', updated_at = '2999-01-01T00:00:00Z' WHERE id = ?1",
                [&org_id],
            )?;
            Ok(())
        })
        .unwrap();
    import(&other, &doc, true).unwrap();
    let (name, n): (String, i64) = other
        .read(|c| {
            Ok((
                c.query_row(
                    "SELECT name FROM organizations WHERE id = ?1",
                    [&org_id],
                    |r| r.get(0),
                )?,
                c.query_row(
                    "SELECT count(*) FROM organizations WHERE id = ?1",
                    [&mine],
                    |r| r.get(0),
                )?,
            ))
        })
        .unwrap();
    assert_eq!(name, "newer here");
    assert_eq!(n, 1);
}

/// Each hostile variant of a valid document, the path its error must name, and a word of its problem.
#[test]
fn a_hostile_or_truncated_file_is_refused_naming_where_and_writes_nothing() {
    let (_dir, db) = demo_db();
    let good = export(&db);
    let task0 = good["tables"]["tasks"][0].clone();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut d = good.clone();
        f(&mut d);
        d
    };
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "wrong type",
            with(&|d| d["tables"]["tasks"][0]["progress"] = json!("half")),
            "$.tables.tasks[0].progress",
            "wrong type",
        ),
        (
            "boolean",
            with(&|d| d["tables"]["tasks"][0]["title"] = json!(true)),
            "$.tables.tasks[0].title",
            "wrong type",
        ),
        (
            "array value",
            with(&|d| d["tables"]["tasks"][1]["title"] = json!(["a"])),
            "$.tables.tasks[1].title",
            "wrong type",
        ),
        (
            "unknown reference",
            with(&|d| d["tables"]["tasks"][2]["project_id"] = json!("no-such-project")),
            "$.tables.tasks[2].project_id",
            "no-such-project",
        ),
        (
            "10 MB string",
            with(&|d| {
                d["tables"]["organizations"][1]["notes"] = json!("长".repeat((10 << 20) / 3))
            }),
            "$.tables.organizations[1].notes",
            "bytes",
        ),
        (
            "duplicate id",
            with(&|d| {
                d["tables"]["tasks"]
                    .as_array_mut()
                    .unwrap()
                    .push(task0.clone())
            }),
            "$.tables.tasks[",
            "duplicate",
        ),
        (
            "unknown table",
            with(&|d| d["tables"]["passwords"] = json!([])),
            "$.tables.passwords",
            "unknown table",
        ),
        (
            "unknown column",
            with(&|d| d["tables"]["contacts"][0]["salary"] = json!(1)),
            "$.tables.contacts[0].salary",
            "unknown column",
        ),
        (
            "row not an object",
            with(&|d| d["tables"]["contacts"][3] = json!(42)),
            "$.tables.contacts[3]",
            "not an object",
        ),
        (
            "table not an array",
            with(&|d| d["tables"]["contacts"] = json!({"a": 1})),
            "$.tables.contacts",
            "not an array",
        ),
        (
            "missing key",
            with(&|d| {
                d["tables"]["tasks"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("id");
            }),
            "$.tables.tasks[0].id",
            "missing",
        ),
        (
            "check constraint",
            with(&|d| d["tables"]["tasks"][0]["progress"] = json!(250)),
            "$.tables.tasks[0]",
            "CHECK",
        ),
        (
            "not null",
            with(&|d| d["tables"]["tasks"][0]["title"] = Value::Null),
            "$.tables.tasks[0]",
            "NOT NULL",
        ),
        (
            "huge integer",
            with(&|d| d["tables"]["tasks"][0]["progress"] = json!(1e300)),
            "$.tables.tasks[0].progress",
            "wrong type",
        ),
        (
            "other format",
            with(&|d| d["format"] = json!("zotero")),
            "$.format",
            "not a Liaison Desk",
        ),
        (
            "newer format",
            with(&|d| d["format_version"] = json!(99)),
            "$.format_version",
            "99",
        ),
        (
            "newer schema",
            with(&|d| d["schema_version"] = json!(999)),
            "$.schema_version",
            "999",
        ),
        (
            "no tables",
            with(&|d| {
                d.as_object_mut().unwrap().remove("tables");
            }),
            "$.tables",
            "missing",
        ),
    ];
    for (what, doc, at_expected, word) in cases {
        let (_d, empty) = temp_db();
        let before = row_counts(&empty);
        match import(&empty, &doc, false) {
            Err(AppError::InvalidImport { at, problem }) => {
                assert!(
                    at.starts_with(at_expected),
                    "{what}: at {at}, expected {at_expected}"
                );
                assert!(
                    problem.contains(word),
                    "{what}: problem {problem:?} lacks {word:?}"
                );
                assert!(problem.len() < 500, "{what}: the message stays short");
            }
            other => panic!("{what}: expected an invalid import, got {other:?}"),
        }
        assert_eq!(row_counts(&empty), before, "{what}: nothing was written");
    }

    // A file cut short, and one that is not JSON at all, name the line and column.
    let text = serde_json::to_string_pretty(&good).unwrap();
    for broken in [&text[..text.len() / 2], "<html>", ""] {
        let (_d, empty) = temp_db();
        match empty.write(|tx| archive::import_all(tx, broken, false)) {
            Err(AppError::InvalidImport { at, .. }) => assert!(at.starts_with("line "), "{at}"),
            other => panic!("expected an invalid import, got {other:?}"),
        }
        assert!(!empty.read(archive::has_data).unwrap());
    }
}

#[test]
fn a_number_too_large_for_a_float_is_refused() {
    let (_dir, db) = demo_db();
    let mut doc = export(&db);
    doc["tables"]["tasks"][0]["sort_key"] = json!(12345.678);
    let text = serde_json::to_string(&doc)
        .unwrap()
        .replacen("12345.678", "1e400", 1);
    let (_d, empty) = temp_db();
    match empty.write(|tx| archive::import_all(tx, &text, false)) {
        Err(AppError::InvalidImport { at, problem }) => {
            assert_eq!(at, "$.tables.tasks[0].sort_key");
            assert!(problem.contains("out of range"), "{problem}");
        }
        other => panic!("expected an invalid import, got {other:?}"),
    }
    assert!(!empty.read(archive::has_data).unwrap());
}

#[test]
fn a_text_at_the_limit_is_accepted() {
    let (_dir, db) = temp_db();
    let id = db
        .write(|tx| directory::create_organization(tx, org(OrgKind::Client, "长备注 Long notes")))
        .unwrap()
        .id;
    db.write(|tx| {
        tx.execute(
            "UPDATE organizations SET notes = ?2 WHERE id = ?1",
            (&id, "x".repeat(MAX_TEXT)),
        )?;
        Ok(())
    })
    .unwrap();
    let doc = export(&db);
    let (_d, empty) = temp_db();
    import(&empty, &doc, false).unwrap();
    assert_eq!(export(&empty), doc);
}

fn name() -> impl Strategy<Value = String> {
    // Chinese, Latin, digits, punctuation and the characters JSON escapes.
    "[\\p{Han}a-zA-Z0-9 ·（）\"\\\\/\\t\\n]{0,12}[\\p{Han}a-zA-Z]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random organizations, contacts, projects and tasks (some deleted, with arbitrary fractional sort keys and
    /// estimates) survive export → import → export bit for bit.
    #[test]
    fn a_generated_database_round_trips_identically(
        orgs in prop::collection::vec((name(), prop::option::of(0.0f64..200.0)), 1..6),
        people in prop::collection::vec((name(), any::<prop::sample::Index>()), 0..8),
        tasks in prop::collection::vec((name(), prop::option::of(0.0f64..1000.0), -1.0e9f64..1.0e9, any::<bool>()), 0..10),
    ) {
        let (_dir, db) = temp_db();
        db.write(|tx| {
            let mut org_ids = Vec::new();
            for (n, capacity) in &orgs {
                let mut input = org(OrgKind::Supplier, n);
                input.weekly_capacity_hours = *capacity;
                org_ids.push(directory::create_organization(tx, input)?.id);
            }
            for (n, at) in &people {
                directory::create_contact(tx, contact(n, Some(&org_ids[at.index(org_ids.len())])))?;
            }
            let p = projects::create_project(tx, project("生成 Generated"))?.id;
            for (n, estimate, sort_key, deleted) in &tasks {
                let mut input = task(n);
                input.estimate_hours = *estimate;
                input.project_id = Some(p.clone());
                let id = projects::create_task(tx, input)?.id;
                tx.execute("UPDATE tasks SET sort_key = ?2 WHERE id = ?1", (&id, sort_key))?;
                if *deleted {
                    liaison_desk::services::delete(tx, liaison_desk::domain::Entity::Task, &id)?;
                }
            }
            Ok(())
        }).unwrap();
        let first = export(&db);
        let (_d, empty) = temp_db();
        import(&empty, &first, false).unwrap();
        prop_assert_eq!(export(&empty), first);
    }
}

/// A large export is written compressed (`NAME.json.gz`); a name ending in `.gz` always is; import reads either,
/// and the imported rows are found by search at once.
#[test]
fn compressed_exports_round_trip_and_feed_the_search_index() {
    let (dir, db) = demo_db();
    let gz = dir.path().join("全部数据.json.gz");
    let r = archive::export_file(&db, &gz).unwrap();
    assert_eq!(r.path, gz);
    let bytes = std::fs::read(&gz).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip");
    let plain = dir.path().join("全部数据.json");
    assert_eq!(archive::export_file(&db, &plain).unwrap().path, plain);
    assert!(
        bytes.len() * 4 < std::fs::metadata(&plain).unwrap().len() as usize,
        "compressed"
    );
    // Large documents get `.gz` added to the chosen name; small ones keep it.
    assert_eq!(archive::compressed_name(&plain, archive::LARGE), plain);
    assert_eq!(
        archive::compressed_name(&plain, archive::LARGE + 1),
        dir.path().join("全部数据.json.gz")
    );
    let (_d2, empty) = temp_db();
    let r = archive::import_file(&empty, &gz, false).unwrap();
    assert_eq!(r.path, gz);
    assert_eq!(row_counts(&empty), row_counts(&db));
    let found = empty
        .read(|c| liaison_desk::search::search(c, "研发", None, 10))
        .unwrap();
    assert!(found.iter().any(|h| h.title == "研发部"), "{found:?}");
    assert!(empty
        .read(liaison_desk::search::check)
        .unwrap()
        .is_consistent());
    // A file that merely starts like gzip is refused, naming the document, and writes nothing.
    let bad = dir.path().join("bad.json.gz");
    std::fs::write(&bad, [0x1f, 0x8b, 0, 1, 2, 3]).unwrap();
    let (_d3, other) = temp_db();
    let before = row_counts(&other);
    assert!(matches!(
        archive::import_file(&other, &bad, false),
        Err(AppError::InvalidImport { .. })
    ));
    assert_eq!(row_counts(&other), before);
}
