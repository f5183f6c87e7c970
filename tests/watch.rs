//! The watcher that notices writes by other processes: our own writes stay quiet, another connection's writes
//! are named by entity (with ids where it can), and every table of the schema belongs to an entity.

mod common;

use common::*;
use liaison_desk::domain::OrgKind;
use liaison_desk::services::{directory, projects};
use liaison_desk::store::watch::{user_tables, Change, Watcher, ALL, TABLE_ENTITIES};
use liaison_desk::store::Db;

/// A second `Db` on the same file: what the CLI is to the running app.
fn other_process(dir: &tempfile::TempDir) -> Db {
    Db::open_in(dir.path()).unwrap()
}

#[test]
fn own_writes_are_not_reported() {
    let (_d, db) = temp_db();
    let mut w = Watcher::new(&db).unwrap();
    db.write(|c| directory::create_organization(c, org(OrgKind::Partner, "华东精密")))
        .unwrap();
    assert_eq!(w.poll(&db).unwrap(), Vec::<Change>::new());
    assert_eq!(w.poll(&db).unwrap(), Vec::<Change>::new());
}

#[test]
fn another_connection_s_write_is_named_by_entity_and_id() {
    let (d, db) = temp_db();
    let mut w = Watcher::new(&db).unwrap();
    // Our own write first: it must not be blamed on the outside write that follows.
    db.write(|c| directory::create_organization(c, org(OrgKind::Partner, "华东精密")))
        .unwrap();
    assert!(w.poll(&db).unwrap().is_empty());

    let cli = other_process(&d);
    let p = cli
        .write(|c| projects::create_project(c, project("新品导入")))
        .unwrap();
    let changes = w.poll(&db).unwrap();
    assert_eq!(
        changes,
        vec![Change {
            entity: "project".into(),
            ids: vec![p.id.clone()]
        }]
    );
    // Seen once, not again.
    assert!(w.poll(&db).unwrap().is_empty());

    // A soft delete is an update: the same id again.
    cli.write(|c| liaison_desk::services::delete(c, liaison_desk::domain::Entity::Project, &p.id))
        .unwrap();
    assert_eq!(
        w.poll(&db).unwrap(),
        vec![Change {
            entity: "project".into(),
            ids: vec![p.id]
        }]
    );
}

#[test]
fn a_change_to_a_part_refreshes_the_whole_entity() {
    let (d, db) = temp_db();
    let m = db
        .write(|c| liaison_desk::services::meetings::create_meeting(c, meeting("周会")))
        .unwrap();
    let mut w = Watcher::new(&db).unwrap();
    let cli = other_process(&d);
    cli.write(|c| liaison_desk::services::minutes::set_notes(c, &m.id, Some("要点".into())))
        .unwrap();
    let changes = w.poll(&db).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].entity, "meeting");
}

#[test]
fn settings_changed_elsewhere_are_reported() {
    let (d, db) = temp_db();
    let mut w = Watcher::new(&db).unwrap();
    let cli = other_process(&d);
    cli.write(|c| {
        let mut s = liaison_desk::services::settings::get(c)?;
        s.locale = Some("en".into());
        liaison_desk::services::settings::set(c, s)
    })
    .unwrap();
    let entities: Vec<String> = w.poll(&db).unwrap().into_iter().map(|c| c.entity).collect();
    assert_eq!(entities, vec!["settings".to_string()]);
}

#[test]
fn every_table_of_the_schema_belongs_to_an_entity() {
    let (_d, db) = temp_db();
    let tables = db.read(user_tables).unwrap();
    assert!(tables.len() >= 10, "{tables:?}");
    let missing: Vec<&String> = tables
        .iter()
        .filter(|t| !TABLE_ENTITIES.iter().any(|w| &w.table == t))
        .collect();
    assert!(
        missing.is_empty(),
        "tables without an entity in store/watch.rs TABLE_ENTITIES (their changes would refresh {ALL:?}): {missing:?}"
    );
    for w in TABLE_ENTITIES {
        assert!(
            tables.iter().any(|t| t == w.table),
            "{} is listed in TABLE_ENTITIES but is not in the schema",
            w.table
        );
    }
}
