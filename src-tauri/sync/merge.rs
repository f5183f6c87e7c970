//! Applying changes from other devices. Per field, the highest clock wins, so every device reaches the same data
//! whatever order the changes arrive in. A change made without having seen the value it replaces is concurrent:
//! where the replaced or refused value was written on this device, it is listed in `sync_conflicts` (notes are
//! first merged line by line against the text both sides started from). Nothing is dropped silently.

use super::batch::Change;
use super::capture::{self, MERGED, QUIET};
use crate::domain::now;
use crate::error::Result;
use crate::store::tables::{self, Table};
use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

struct Info {
    table: &'static Table,
    columns: Vec<String>,
    /// (column, parent table, parent column) of each reference.
    refs: Vec<(String, String, String)>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub applied: usize,
    pub unchanged: usize,
    pub parked: usize,
    pub conflicts: usize,
    pub merged: usize,
    pub skipped: usize,
}

pub enum Outcome {
    Done,
    /// The row it changes, or a row it refers to, is not here yet.
    Parked,
}

pub struct Merger<'a> {
    conn: &'a Connection,
    me: String,
    base_clock: i64,
    info: HashMap<String, Info>,
    /// Off while a snapshot is loaded: its field clocks describe settled history, not concurrent edits.
    pub record_conflicts: bool,
    /// Rows about to be inserted in this transaction, counted as present by references to them: rows that refer
    /// to each other (an organization's lead contact works there) can only go in together, with the foreign keys
    /// checked at commit.
    pub arriving: HashSet<(String, String)>,
    pub stats: Stats,
}

/// The clock of a field's current value and the clock its author had seen.
#[derive(Debug, Clone, PartialEq)]
struct Clock {
    c: i64,
    d: String,
    s: i64,
    sd: String,
}

pub fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn to_json(v: Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => Value::from(f),
        Sql::Text(s) => Value::String(s),
        Sql::Blob(b) => Value::String(String::from_utf8_lossy(&b).into_owned()),
    }
}

impl<'a> Merger<'a> {
    pub fn new(conn: &'a Connection) -> Result<Merger<'a>> {
        let (me, base_clock): (String, i64) = conn.query_row(
            "SELECT device, base_clock FROM sync_meta WHERE one = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut info = HashMap::new();
        for t in tables::synced() {
            let refs = crate::store::rows(
                conn,
                "SELECT \"from\", \"table\", ifnull(\"to\", 'id') FROM pragma_foreign_key_list(?1)",
                [t.name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            info.insert(
                t.name.to_string(),
                Info {
                    table: t,
                    columns: capture::columns(conn, t.name)?,
                    refs,
                },
            );
        }
        Ok(Merger {
            conn,
            me,
            base_clock,
            info,
            record_conflicts: true,
            arriving: HashSet::new(),
            stats: Stats::default(),
        })
    }

    /// `"a" = ?1 AND "b" = ?2` for a row key, and its values; None for a key that does not fit the table.
    fn key_where(t: &Table, key: &str) -> Option<(String, Vec<Sql>)> {
        let values: Vec<Sql> = match t.key {
            [_] => vec![Sql::Text(key.to_string())],
            many => {
                let parts: Vec<Value> = serde_json::from_str(key).ok()?;
                if parts.len() != many.len() {
                    return None;
                }
                parts.iter().map(to_sql).collect()
            }
        };
        let cond = t
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("\"{k}\" = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        Some((cond, values))
    }

    /// A reference of `col` = `value` whose row is not here (yet).
    fn missing_ref(&self, info: &Info, col: &str, value: &Value) -> Result<bool> {
        if value.is_null() {
            return Ok(false);
        }
        for (_, parent, to) in info.refs.iter().filter(|(f, _, _)| f == col) {
            if let Value::String(id) = value {
                if self.arriving.contains(&(parent.clone(), id.clone())) {
                    continue;
                }
            }
            let found: Option<i64> = self
                .conn
                .prepare_cached(&format!("SELECT 1 FROM \"{parent}\" WHERE \"{to}\" = ?1"))?
                .query_row([to_sql(value)], |r| r.get(0))
                .optional()?;
            if found.is_none() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn clock(&self, t: &str, key: &str, field: &str) -> Result<Clock> {
        let found = self
            .conn
            .prepare_cached(
                "SELECT clock, device, seen, seen_device FROM sync_clocks
                 WHERE tbl = ?1 AND row_key = ?2 AND field IN (?3, '*') ORDER BY field = '*' LIMIT 1",
            )?
            .query_row(params![t, key, field], |r| {
                Ok(Clock {
                    c: r.get(0)?,
                    d: r.get(1)?,
                    s: r.get(2)?,
                    sd: r.get(3)?,
                })
            })
            .optional()?;
        Ok(found.unwrap_or(Clock {
            c: self.base_clock,
            d: self.me.clone(),
            s: 0,
            sd: String::new(),
        }))
    }

    fn set_clock(&self, t: &str, key: &str, field: &str, ch: &Change) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO sync_clocks (tbl, row_key, field, clock, device, seen, seen_device)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![t, key, field, ch.c, ch.d, ch.s, ch.sd])?;
        Ok(())
    }

    /// Whether a whole-row change refers to a row that is neither here nor arriving.
    pub fn refers_to_missing(&self, ch: &Change) -> Result<bool> {
        let (Some(info), Value::Object(row)) = (self.info.get(&ch.t), &ch.v) else {
            return Ok(false);
        };
        for (col, v) in row {
            if self.missing_ref(info, col, v)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub fn apply(&mut self, ch: &Change) -> Result<Outcome> {
        let Some(info) = self.info.get(&ch.t) else {
            self.stats.skipped += 1;
            return Ok(Outcome::Done);
        };
        let Some((cond, key_values)) = Self::key_where(info.table, &ch.k) else {
            self.stats.skipped += 1;
            return Ok(Outcome::Done);
        };
        let exists: bool = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) > 0 FROM \"{}\" WHERE {cond}",
                ch.t
            ))?
            .query_row(rusqlite::params_from_iter(key_values.iter()), |r| r.get(0))?;
        if ch.f == "*" {
            let Value::Object(row) = &ch.v else {
                self.stats.skipped += 1;
                return Ok(Outcome::Done);
            };
            if !exists {
                return self.insert(ch, row);
            }
            // The row is here already (a link made on two devices, or a change seen twice): field by field.
            let fields: Vec<Change> = row
                .iter()
                .filter(|(col, _)| {
                    !info.table.key.contains(&col.as_str()) && info.columns.contains(col)
                })
                .map(|(col, v)| Change {
                    f: col.clone(),
                    v: v.clone(),
                    ..ch.clone()
                })
                .collect();
            for field in &fields {
                self.field(field, &cond, &key_values)?;
            }
            return Ok(Outcome::Done);
        }
        if !info.columns.contains(&ch.f) || info.table.key.contains(&ch.f.as_str()) {
            self.stats.skipped += 1;
            return Ok(Outcome::Done);
        }
        if !exists || self.missing_ref(info, &ch.f, &ch.v)? {
            self.stats.parked += 1;
            return Ok(Outcome::Parked);
        }
        self.field(ch, &cond, &key_values)?;
        Ok(Outcome::Done)
    }

    fn insert(&mut self, ch: &Change, row: &serde_json::Map<String, Value>) -> Result<Outcome> {
        let info = &self.info[&ch.t];
        let mut cols = Vec::new();
        let mut values = Vec::new();
        for (col, v) in row {
            if !info.columns.contains(col) {
                continue;
            }
            if self.missing_ref(info, col, v)? {
                self.stats.parked += 1;
                return Ok(Outcome::Parked);
            }
            cols.push(format!("\"{col}\""));
            values.push(to_sql(v));
        }
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO \"{}\" ({}) VALUES ({})",
                ch.t,
                cols.join(", "),
                marks.join(", ")
            ))?
            .execute(rusqlite::params_from_iter(values))?;
        self.conn.execute(
            "DELETE FROM sync_clocks WHERE tbl = ?1 AND row_key = ?2",
            params![ch.t, ch.k],
        )?;
        self.set_clock(&ch.t, &ch.k, "*", ch)?;
        self.stats.applied += 1;
        Ok(Outcome::Done)
    }

    fn field(&mut self, ch: &Change, cond: &str, key_values: &[Sql]) -> Result<()> {
        let cur = self.clock(&ch.t, &ch.k, &ch.f)?;
        if (cur.c, cur.d.as_str()) == ch.stamp() {
            self.stats.unchanged += 1;
            return Ok(());
        }
        let (mine, deleted): (Sql, Option<String>) = self
            .conn
            .prepare_cached(&format!(
                "SELECT \"{}\", deleted_at FROM \"{}\" WHERE {cond}",
                ch.f, ch.t
            ))?
            .query_row(rusqlite::params_from_iter(key_values.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let mine = to_json(mine);
        let newer = ch.stamp() > (cur.c, cur.d.as_str());
        let quiet = QUIET.contains(&ch.f.as_str());
        if newer {
            if mine != ch.v {
                self.conn
                    .prepare_cached(&format!(
                        "UPDATE \"{}\" SET \"{}\" = ?{} WHERE {cond}",
                        ch.t,
                        ch.f,
                        key_values.len() + 1
                    ))?
                    .execute(rusqlite::params_from_iter(
                        key_values.iter().cloned().chain([to_sql(&ch.v)]),
                    ))?;
            }
            self.set_clock(&ch.t, &ch.k, &ch.f, ch)?;
            self.stats.applied += 1;
        } else {
            self.stats.unchanged += 1;
        }
        if !self.record_conflicts || quiet || mine == ch.v {
            return Ok(());
        }
        if ch.f == "deleted_at" {
            // A delete (or restore) against edits: the deleter records the newest clock of the row it had seen.
            if !ch.v.is_null() && deleted.is_none() {
                let unseen: bool = self.conn.query_row(
                    "SELECT count(*) > 0 FROM sync_clocks WHERE tbl = ?1 AND row_key = ?2 AND device = ?3
                       AND clock > ?4 AND field NOT IN ('deleted_at', 'updated_at', '*')",
                    params![ch.t, ch.k, self.me, ch.s],
                    |r| r.get(0),
                )?;
                if unseen {
                    self.conflict(ch, "deleted", &mine, newer)?;
                }
            }
            return Ok(());
        }
        if let Some(deleted) = deleted {
            // Edited there, deleted here: unless the delete had seen this very edit. The record stays deleted.
            let del = self.clock(&ch.t, &ch.k, "deleted_at")?;
            if del.d == self.me && del.s < ch.c {
                return self.conflict_values(
                    ch,
                    "deleted",
                    "deleted_at",
                    &Value::String(deleted),
                    &Value::Null,
                    "mine",
                );
            }
        }
        // Concurrent: the newer side had not seen the older one. Listed where the local value was written here.
        let concurrent = if newer {
            (ch.s, ch.sd.as_str()) != (cur.c, cur.d.as_str())
        } else {
            (cur.s, cur.sd.as_str()) != ch.stamp()
        };
        if !concurrent || cur.d != self.me {
            return Ok(());
        }
        if MERGED.contains(&ch.f.as_str()) {
            if let (Some(base), Value::String(ours), Value::String(theirs)) = (&ch.b, &mine, &ch.v)
            {
                if let Ok(text) = diffy::merge(base, ours, theirs) {
                    self.local_edit(ch, cond, key_values, &Value::String(text))?;
                    self.stats.merged += 1;
                    return Ok(());
                }
            }
            return self.conflict(ch, "notes", &mine, newer);
        }
        self.conflict(ch, "field", &mine, newer)
    }

    /// Lists a clash of this change with the local value `mine`; `theirs_kept` when the change won.
    fn conflict(&mut self, ch: &Change, kind: &str, mine: &Value, theirs_kept: bool) -> Result<()> {
        let theirs = ch.v.clone();
        let kept = if theirs_kept { "theirs" } else { "mine" };
        self.conflict_values(ch, kind, &ch.f, mine, &theirs, kept)
    }

    fn conflict_values(
        &mut self,
        ch: &Change,
        kind: &str,
        field: &str,
        mine: &Value,
        theirs: &Value,
        kept: &str,
    ) -> Result<()> {
        // One open conflict per field: a later clash replaces the earlier one's values.
        self.conn.execute(
            "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_key = ?2 AND field = ?3 AND resolved_at IS NULL",
            params![ch.t, ch.k, field],
        )?;
        self.conn.execute(
            "INSERT INTO sync_conflicts (tbl, row_key, field, kind, mine, theirs, kept, their_device, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                ch.t,
                ch.k,
                field,
                kind,
                mine.to_string(),
                theirs.to_string(),
                kept,
                ch.d,
                now()
            ],
        )?;
        self.stats.conflicts += 1;
        Ok(())
    }

    /// Writes `value` as an edit made here (the capture triggers run), so it reaches the other devices.
    fn local_edit(&self, ch: &Change, cond: &str, key_values: &[Sql], value: &Value) -> Result<()> {
        self.conn
            .execute("UPDATE sync_meta SET applying = 0 WHERE one = 1", [])?;
        let n = key_values.len();
        let done = self
            .conn
            .prepare_cached(&format!(
                "UPDATE \"{}\" SET \"{}\" = ?{}, updated_at = ?{} WHERE {cond}",
                ch.t,
                ch.f,
                n + 1,
                n + 2
            ))
            .and_then(|mut s| {
                s.execute(rusqlite::params_from_iter(
                    key_values
                        .iter()
                        .cloned()
                        .chain([to_sql(value), Sql::Text(now())]),
                ))
            });
        self.conn
            .execute("UPDATE sync_meta SET applying = 1 WHERE one = 1", [])?;
        done?;
        Ok(())
    }
}

/// Sets a field to the value the user chose in a conflict, as an edit made here. Public for `resolve`.
pub fn write_choice(
    conn: &Connection,
    t: &str,
    key: &str,
    field: &str,
    value: &Value,
) -> Result<bool> {
    let Some(table) = tables::find(t).filter(|t| t.synced) else {
        return Ok(false);
    };
    let cols = capture::columns(conn, t)?;
    if !cols.iter().any(|c| c == field) {
        return Ok(false);
    }
    let Some((cond, key_values)) = Merger::key_where(table, key) else {
        return Ok(false);
    };
    let n = key_values.len();
    let changed = conn.execute(
        &format!(
            "UPDATE \"{t}\" SET \"{field}\" = ?{}, updated_at = ?{} WHERE {cond} AND \"{field}\" IS NOT ?{}",
            n + 1,
            n + 2,
            n + 1
        ),
        rusqlite::params_from_iter(
            key_values
                .into_iter()
                .chain([to_sql(value), Sql::Text(now())]),
        ),
    )?;
    Ok(changed > 0)
}
