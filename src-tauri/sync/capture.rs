//! Capturing local edits: triggers on every synced table write each changed field to `sync_outbox`, with a
//! fresh clock, in the same transaction as the edit. Triggers see every write of every code path (services,
//! imports, undo), so nothing written can be missed. They are created when sync is set up, dropped before a
//! migration (whose ALTERs they could block) and created again after it.

use crate::error::Result;
use crate::store::tables::{self, Table};
use rusqlite::Connection;

/// Fields merged line by line when two devices change them at once (meeting notes and other free text).
pub const MERGED: &[&str] = &["notes"];

/// Fields whose concurrent changes are never shown as conflicts: every edit sets the timestamps, and the sort and
/// search keys follow the name, whose own conflict is the one to show. The newer clock wins.
pub const QUIET: &[&str] = &["updated_at", "created_at", "name_sort", "search_text"];

/// A clock stamp for "now" that is always later than the last one: the hybrid logical clock rule, in SQL so every
/// connection and process writing the file shares it (writes are serialized by BEGIN IMMEDIATE).
const TICK: &str = "UPDATE sync_meta SET clock = max(clock + 1, \
     CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE one = 1;";

/// The SQL expression of a row's sync key: the id, or a JSON array of a composite key's columns.
pub fn key_expr(t: &Table, row: &str) -> String {
    match t.key {
        [one] => format!("{row}.\"{one}\""),
        many => format!(
            "json_array({})",
            many.iter()
                .map(|k| format!("{row}.\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(cols)
}

/// `json_object('a', R.a, …)` of a whole row.
pub fn row_object(cols: &[String], row: &str) -> String {
    let pairs: Vec<String> = cols
        .iter()
        .map(|c| format!("'{c}', {row}.\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// No `INSERT OR REPLACE` in these triggers: an upsert (`INSERT … ON CONFLICT DO UPDATE`, as link tables use) imposes
/// its own conflict handling on the statements of the triggers it fires, which would then abort. A field's clock
/// is deleted and written again instead, from the outbox row just added (the highest id).
fn triggers_for(conn: &Connection, t: &Table) -> Result<String> {
    let cols = columns(conn, t.name)?;
    let name = t.name;
    let key_new = key_expr(t, "NEW");
    let when = "WHEN (SELECT applying FROM sync_meta WHERE one = 1) = 0";
    let mut sql = format!(
        "CREATE TRIGGER sync_{name}_insert AFTER INSERT ON \"{name}\" {when} BEGIN {TICK}
           INSERT INTO sync_outbox (tbl, row_key, field, value, clock)
             SELECT '{name}', {key_new}, '*', {obj}, clock FROM sync_meta WHERE one = 1;
           DELETE FROM sync_clocks WHERE tbl = '{name}' AND row_key = {key_new};
           INSERT INTO sync_clocks (tbl, row_key, field, clock, device)
             SELECT '{name}', {key_new}, '*', clock, device FROM sync_meta WHERE one = 1;
         END;\n",
        obj = row_object(&cols, "NEW"),
    );
    sql.push_str(&format!(
        "CREATE TRIGGER sync_{name}_update AFTER UPDATE ON \"{name}\" {when} BEGIN {TICK}\n"
    ));
    for c in cols
        .iter()
        .filter(|c| !t.key.contains(&c.as_str()) && c.as_str() != "created_at")
    {
        // The clock of the value being replaced: the field's own, else the row's, else the set-up stamp. A delete
        // records the newest clock of the whole row instead, so a device that edited the row meanwhile can tell
        // the deleter had not seen its edit (the clocks this very update just wrote for other columns excluded).
        let (seen, seen_device) = if c == "deleted_at" {
            (
                format!("ifnull((SELECT max(clock) FROM sync_clocks WHERE tbl = '{name}' AND row_key = {key_new} AND clock < m.clock), m.base_clock)"),
                "''".to_string(),
            )
        } else {
            let prior = format!(
                "FROM sync_clocks WHERE tbl = '{name}' AND row_key = {key_new} AND field IN ('{c}', '*') \
                 ORDER BY field = '*' LIMIT 1"
            );
            (
                format!("ifnull((SELECT clock {prior}), m.base_clock)"),
                format!("ifnull((SELECT device {prior}), m.device)"),
            )
        };
        let base = if MERGED.contains(&c.as_str()) {
            format!("OLD.\"{c}\"")
        } else {
            "NULL".to_string()
        };
        sql.push_str(&format!(
            "INSERT INTO sync_outbox (tbl, row_key, field, value, clock, seen, seen_device, base)
               SELECT '{name}', {key_new}, '{c}', json_quote(NEW.\"{c}\"), m.clock, {seen}, {seen_device}, {base}
               FROM sync_meta m WHERE m.one = 1 AND OLD.\"{c}\" IS NOT NEW.\"{c}\";
             DELETE FROM sync_clocks WHERE tbl = '{name}' AND row_key = {key_new} AND field = '{c}'
               AND OLD.\"{c}\" IS NOT NEW.\"{c}\";
             INSERT INTO sync_clocks (tbl, row_key, field, clock, device, seen, seen_device)
               SELECT o.tbl, o.row_key, o.field, o.clock, m.device, o.seen, o.seen_device
               FROM sync_outbox o, sync_meta m
               WHERE o.id = (SELECT max(id) FROM sync_outbox) AND m.one = 1 AND OLD.\"{c}\" IS NOT NEW.\"{c}\";\n"
        ));
    }
    sql.push_str("END;\n");
    Ok(sql)
}

/// Creates the capture triggers of every synced table (dropping older ones first).
pub fn install(conn: &Connection) -> Result<()> {
    uninstall(conn)?;
    for t in tables::synced() {
        conn.execute_batch(&triggers_for(conn, t)?)?;
    }
    Ok(())
}

pub fn uninstall(conn: &Connection) -> Result<()> {
    let names = crate::store::rows(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'",
        [],
        |r| r.get::<_, String>(0),
    )?;
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(())
}

/// Whether sync is set up in this database (its triggers should then exist).
pub fn configured(conn: &Connection) -> Result<bool> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'sync_meta'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(false);
    }
    Ok(conn.query_row("SELECT count(*) > 0 FROM sync_meta", [], |r| r.get(0))?)
}

/// Queues every existing row as a whole-row change stamped with one clock: what a device had before sync was set
/// up reaches the others like anything written since.
pub fn enqueue_all(conn: &Connection) -> Result<usize> {
    conn.execute_batch(TICK)?;
    conn.execute("UPDATE sync_meta SET base_clock = clock WHERE one = 1", [])?;
    let mut n = 0;
    for t in tables::synced() {
        let cols = columns(conn, t.name)?;
        n += conn.execute(
            &format!(
                "INSERT INTO sync_outbox (tbl, row_key, field, value, clock)
                 SELECT '{name}', {key}, '*', {obj}, m.clock FROM \"{name}\" r, sync_meta m WHERE m.one = 1",
                name = t.name,
                key = key_expr(t, "r"),
                obj = row_object(&cols, "r"),
            ),
            [],
        )?;
    }
    Ok(n)
}
