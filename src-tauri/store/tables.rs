//! The one list of the database's tables. Backups count their rows from it and the full JSON export/import walks
//! it; `tests/data_json.rs` compares it with `sqlite_master`, so a new table that is not listed here fails a test
//! instead of silently missing from exports and backup checks.

/// A user table: its name, its primary key columns (the order rows are exported in, so two exports of the
/// same data are byte-identical), and whether sync shares its rows with other devices.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub key: &'static [&'static str],
    pub synced: bool,
}

const fn table(name: &'static str, key: &'static [&'static str]) -> Table {
    Table {
        name,
        key,
        synced: true,
    }
}

/// A table of this device's preferences (language, time zone): exported and backed up, but each device of a
/// shared desk keeps its own.
const fn local(name: &'static str, key: &'static [&'static str]) -> Table {
    Table {
        name,
        key,
        synced: false,
    }
}

/// Every user table, parents before the tables that refer to them where the references allow an order (an
/// organization's lead contact and a contact's organization refer to each other; the import defers its
/// foreign-key checks to the end of its transaction for that).
pub const TABLES: &[Table] = &[
    local("settings", &["key"]),
    table("organizations", &["id"]),
    table("contacts", &["id"]),
    table("projects", &["id"]),
    table("project_organizations", &["project_id", "organization_id"]),
    table("meetings", &["id"]),
    table("meeting_attendees", &["meeting_id", "contact_id"]),
    table("meeting_organizations", &["meeting_id", "organization_id"]),
    table("meeting_exceptions", &["meeting_id", "occurrence"]),
    table("meeting_decisions", &["id"]),
    table("meeting_agenda_items", &["id"]),
    table("meeting_templates", &["id"]),
    table("milestones", &["id"]),
    table("tasks", &["id"]),
    table("task_dependencies", &["predecessor_id", "successor_id"]),
    table("risks", &["id"]),
    table("risk_reviews", &["id"]),
    table("risk_tasks", &["risk_id", "task_id"]),
    table("budget_lines", &["id"]),
    table("status_reports", &["id"]),
    table("interactions", &["id"]),
    table(
        "interaction_organizations",
        &["interaction_id", "organization_id"],
    ),
    table("interaction_contacts", &["interaction_id", "contact_id"]),
    table("cadences", &["id"]),
    table("commitments", &["id"]),
    table("conflicts", &["id"]),
    table("conflict_departments", &["conflict_id", "organization_id"]),
    table("conflict_events", &["id"]),
    table("supplier_incidents", &["id"]),
    table("supplier_deliveries", &["id"]),
];

/// Tables whose rows are derived from the tables above and rebuilt from them (the search index's documents): they
/// are not exported, imported or counted, but they are named here so the schema test knows them on purpose.
pub const DERIVED: &[&str] = &["search_docs"];

/// Sync's bookkeeping (`sync.rs`): this device's outbox, clocks, peers and conflicts. Not exported, imported or
/// synced; a restored backup brings them back with the rows they describe.
pub const SYNC_BOOKKEEPING: &[&str] = &[
    "sync_meta",
    "sync_outbox",
    "sync_clocks",
    "sync_peers",
    "sync_parked",
    "sync_conflicts",
    "sync_runs",
    // Calendar and address-book publish (sync::publish).
    "sync_publish",
    "sync_published",
];

/// The tables sync shares, parents first.
pub fn synced() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().filter(|t| t.synced)
}

pub fn find(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The user tables SQLite itself lists: not its own (`sqlite_%`), and not a full-text index (a virtual table) or
/// its shadow tables, whose rows are derived from the tables they index and rebuilt from them.
pub fn schema_tables(conn: &rusqlite::Connection) -> crate::error::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, ifnull(sql, '') FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let all: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let virtual_tables: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE"))
        .map(|(name, _)| name.as_str())
        .collect();
    Ok(all
        .iter()
        .filter(|(name, _)| {
            !virtual_tables
                .iter()
                .any(|v| name == v || name.starts_with(&format!("{v}_")))
        })
        .map(|(name, _)| name.clone())
        .collect())
}
