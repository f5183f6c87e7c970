//! Every older schema migrates to the current one keeping every row: for each committed fixture (schema 1, 2 and 3;
//! schema 4 has its own test of how 0005 splits shared minutes), every row of every table is compared, column for
//! column, before and after migrating.

use liaison_desk::store::db::{Db, DB_FILE, SCHEMA_VERSION};
use liaison_desk::store::tables::TABLES;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

/// Columns a migration rewrites on purpose: 0004 turned the free-text agenda into agenda items (checked in
/// tests/migrations.rs).
const REWRITTEN: &[(&str, &str)] = &[("meetings", "agenda")];

type Rows = BTreeMap<String, BTreeMap<String, String>>;

/// Every row of every registered table the file has, by key, as column → value.
fn snapshot(path: &Path) -> BTreeMap<String, Rows> {
    let conn = Connection::open(path).unwrap();
    let mut out = BTreeMap::new();
    for t in TABLES {
        let exists: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
                [t.name],
                |r| r.get(0),
            )
            .unwrap();
        if !exists {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT * FROM {}", t.name)).unwrap();
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut rows = Rows::new();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let mut cols = BTreeMap::new();
            for (i, n) in names.iter().enumerate() {
                cols.insert(n.clone(), format!("{:?}", r.get::<_, Value>(i).unwrap()));
            }
            let key: Vec<&str> = t.key.iter().map(|k| cols[*k].as_str()).collect();
            rows.insert(key.join("|"), cols);
        }
        out.insert(t.name.to_string(), rows);
    }
    out
}

#[test]
fn every_older_schema_keeps_every_row_when_migrated() {
    for version in 1..=3 {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/schema-v{version}.db"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        std::fs::copy(&fixture, &path).unwrap();
        let before = snapshot(&path);
        assert!(
            before["tasks"].len() >= 60,
            "v{version}: the fixture holds data"
        );

        let (db, report) = Db::open(&path).unwrap();
        assert_eq!(
            (report.from_version, report.to_version),
            (version, SCHEMA_VERSION)
        );
        let backup = report.backup.expect("a backup before migrating");
        assert_eq!(
            snapshot(&backup),
            before,
            "v{version}: the backup is the file as it was"
        );
        drop(db);

        let after = snapshot(&path);
        let mut compared = 0;
        for (table, rows) in &before {
            assert_eq!(
                after[table].len(),
                rows.len(),
                "v{version}: {table} keeps its row count"
            );
            for (key, cols) in rows {
                let now = after[table]
                    .get(key)
                    .unwrap_or_else(|| panic!("v{version}: {table} {key} is gone"));
                for (col, value) in cols {
                    if REWRITTEN.contains(&(table.as_str(), col.as_str())) {
                        continue;
                    }
                    assert_eq!(&now[col], value, "v{version}: {table} {key} {col}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "v{version}: {compared} values compared");
        liaison_desk::store::backup::check(&path).unwrap();
    }
}
