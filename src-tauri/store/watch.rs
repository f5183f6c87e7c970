//! Notices writes that other processes make to the database (the CLI today; sync and reminders later) and says
//! which entities they touched, so open views can refresh without a reload.
//!
//! Cheap when nothing happens: one `PRAGMA data_version` per poll. Only when it moves does the watcher read each
//! table's row count and latest `updated_at`, and compares them with what it saw last time.

use super::Db;
use crate::error::Result;
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// Which entity the UI refreshes when a table changes (the names of `domain::Entity`, plus "settings"), and
/// whether the table's `id` is that entity's id. A table missing here is reported as "all", so a new table is never
/// silently ignored; a test keeps this list complete.
pub const TABLE_ENTITIES: &[Watched] = &[
    Watched::rows("organizations", "organization"),
    Watched::rows("contacts", "contact"),
    Watched::rows("projects", "project"),
    Watched::part("project_organizations", "project"),
    Watched::rows("tasks", "task"),
    Watched::rows("meetings", "meeting"),
    Watched::part("meeting_attendees", "meeting"),
    Watched::part("meeting_organizations", "meeting"),
    Watched::part("meeting_decisions", "meeting"),
    Watched::part("meeting_exceptions", "meeting"),
    Watched::part("meeting_agenda_items", "meeting"),
    Watched::rows("meeting_templates", "template"),
    Watched::part("settings", "settings"),
    // A project's plan: the project page reads all of it under the project.
    Watched::part("milestones", "project"),
    Watched::part("task_dependencies", "project"),
    Watched::part("risks", "project"),
    Watched::part("risk_reviews", "project"),
    Watched::part("risk_tasks", "project"),
    Watched::part("budget_lines", "project"),
    Watched::part("status_reports", "project"),
    // Timelines, cadences and the losing-touch list (the UI refreshes everything for an entity it does not list).
    Watched::rows("interactions", "relationship"),
    Watched::part("interaction_organizations", "relationship"),
    Watched::part("interaction_contacts", "relationship"),
    Watched::rows("cadences", "relationship"),
    Watched::rows("commitments", "relationship"),
    Watched::rows("conflicts", "relationship"),
    Watched::part("conflict_departments", "relationship"),
    Watched::part("conflict_events", "relationship"),
    Watched::rows("supplier_incidents", "relationship"),
    Watched::rows("supplier_deliveries", "relationship"),
    // Sync's bookkeeping: another process's sync may have changed anything, which the UI refreshes as a whole.
    Watched::part("sync_meta", "sync"),
    Watched::part("sync_outbox", "sync"),
    Watched::part("sync_clocks", "sync"),
    Watched::part("sync_peers", "sync"),
    Watched::part("sync_parked", "sync"),
    Watched::part("sync_conflicts", "sync"),
    Watched::part("sync_runs", "sync"),
    // Publishing changes only what Settings shows about it.
    Watched::part("sync_publish", "settings"),
    Watched::part("sync_published", "settings"),
];

pub struct Watched {
    pub table: &'static str,
    pub entity: &'static str,
    /// The table's `id` column holds the entity's ids, so changed rows can be named.
    ids: bool,
}

impl Watched {
    const fn rows(table: &'static str, entity: &'static str) -> Watched {
        Watched {
            table,
            entity,
            ids: true,
        }
    }

    /// A table that holds parts of the entity (links, minutes): a change refreshes the entity as a whole.
    const fn part(table: &'static str, entity: &'static str) -> Watched {
        Watched {
            table,
            entity,
            ids: false,
        }
    }
}

/// Every entity changed at once (a restore, or a change the watcher cannot attribute).
pub const ALL: &str = "all";

/// More changed rows than this are reported without ids ("anything of this entity").
const MAX_IDS: usize = 100;

/// What another process changed: an entity, and the ids of its changed rows when they are few and known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub entity: String,
    pub ids: Vec<String>,
}

/// One table's fingerprint: its row count and its latest `updated_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    rows: i64,
    latest: Option<String>,
}

pub struct Watcher {
    version: i64,
    own_writes: u64,
    marks: BTreeMap<String, Mark>,
}

impl Watcher {
    pub fn new(db: &Db) -> Result<Watcher> {
        let own_writes = db.own_writes();
        let version = db.outside_version()?;
        let marks = db.read(marks)?;
        Ok(Watcher {
            version,
            own_writes,
            marks,
        })
    }

    /// The changes other processes committed since the last call; empty when there were none.
    pub fn poll(&mut self, db: &Db) -> Result<Vec<Change>> {
        let own_writes = db.own_writes();
        let version = db.outside_version()?;
        if version == self.version {
            if own_writes != self.own_writes {
                // Our own writes move the fingerprints too; take them in now, so the next outside write is not
                // blamed for them.
                self.own_writes = own_writes;
                self.marks = db.read(marks)?;
            }
            return Ok(Vec::new());
        }
        self.version = version;
        self.own_writes = own_writes;
        let before = std::mem::take(&mut self.marks);
        let (after, changes) = db.read(|c| {
            let after = marks(c)?;
            let changes = diff(c, &before, &after)?;
            Ok((after, changes))
        })?;
        self.marks = after;
        Ok(changes)
    }
}

fn watched(table: &str) -> Option<&'static Watched> {
    TABLE_ENTITIES.iter().find(|w| w.table == table)
}

/// The user tables of the database (SQLite's own and the search index's shadow tables excluded).
pub fn user_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        // The search index is derived from the other tables and changes with them.
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT LIKE 'search!_%' ESCAPE '!' ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

fn has_updated_at(conn: &Connection, table: &str) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'updated_at'",
        [table],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn marks(conn: &Connection) -> Result<BTreeMap<String, Mark>> {
    let mut out = BTreeMap::new();
    for table in user_tables(conn)? {
        // Table names come from sqlite_master, not from input; quoting keeps odd names valid SQL.
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let mark = if has_updated_at(conn, &table)? {
            conn.query_row(
                &format!("SELECT count(*), max(updated_at) FROM {quoted}"),
                [],
                |r| {
                    Ok(Mark {
                        rows: r.get(0)?,
                        latest: r.get(1)?,
                    })
                },
            )?
        } else {
            conn.query_row(&format!("SELECT count(*) FROM {quoted}"), [], |r| {
                Ok(Mark {
                    rows: r.get(0)?,
                    latest: None,
                })
            })?
        };
        out.insert(table, mark);
    }
    Ok(out)
}

/// The entities whose tables changed between two fingerprints, with the changed ids of an entity's own table.
fn diff(
    conn: &Connection,
    before: &BTreeMap<String, Mark>,
    after: &BTreeMap<String, Mark>,
) -> Result<Vec<Change>> {
    let mut changed: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut unknown_ids: BTreeSet<&str> = BTreeSet::new();
    let tables: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for table in tables {
        let (old, new) = (before.get(table), after.get(table));
        if old == new {
            continue;
        }
        let w = watched(table);
        let entity = w.map_or(ALL, |w| w.entity);
        let ids = changed.entry(entity).or_default();
        // An empty table had no latest time: every row it has now is new.
        let since = old.map(|m| m.latest.clone().unwrap_or_default());
        match (w.is_some_and(|w| w.ids), since) {
            (true, Some(since)) => {
                let mut stmt = conn.prepare(&format!(
                    "SELECT id FROM \"{table}\" WHERE updated_at > ?1 LIMIT {}",
                    MAX_IDS + 1
                ))?;
                let found = stmt
                    .query_map([since], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                // A hard delete leaves no row to name; fewer rows than before means "some ids".
                let shrank = old.map(|m| m.rows) > new.map(|m| m.rows);
                if found.len() > MAX_IDS || shrank {
                    unknown_ids.insert(entity);
                }
                ids.extend(found);
            }
            _ => {
                unknown_ids.insert(entity);
            }
        }
    }
    if changed.is_empty() {
        // The version moved but no fingerprint did (e.g. an update within the same millisecond): refresh all.
        return Ok(vec![Change {
            entity: ALL.to_string(),
            ids: Vec::new(),
        }]);
    }
    Ok(changed
        .into_iter()
        .map(|(entity, ids)| Change {
            entity: entity.to_string(),
            ids: if unknown_ids.contains(entity) {
                Vec::new()
            } else {
                ids.into_iter().collect()
            },
        })
        .collect())
}
