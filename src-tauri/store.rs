//! SQL, one module per entity: plain functions over a `&Connection`. Shared pieces live here: keyset paging,
//! soft delete / restore, reference checks and link-table replacement.

pub mod backup;
pub mod commitments;
pub mod conflicts;
pub mod contacts;
pub mod db;
pub mod meetings;
pub mod minutes;
pub mod organizations;
pub mod plan;
pub mod projects;
pub mod references;
pub mod relationships;
pub mod scorecard;
pub mod settings;
pub mod tables;
pub mod tasks;
pub mod watch;

pub use db::Db;

use crate::domain::{now, Page, DEFAULT_PAGE, MAX_PAGE};
use crate::error::{AppError, Result, Rule};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Filters for one list query. Always starts with "not deleted".
pub struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
    /// A search, kept apart because its SQL depends on how many documents match (see `resolve`).
    search: Option<Search>,
}

struct Search {
    /// The row's id column.
    id: String,
    kind: String,
    expr: String,
}

impl Search {
    /// The condition that starts from the matching documents (with `params`).
    fn starting_from_matches(&self) -> String {
        format!(
            "{} IN (SELECT d.id FROM search_docs d WHERE d.doc IN ({}))",
            self.id,
            crate::search::MATCHING_DOCS
        )
    }

    fn params(&self) -> Result<Vec<Value>> {
        crate::search::matching_params(&self.kind, &self.expr)
    }
}

/// Above this many matches a list reads its sort index in order and keeps the matching rows, stopping after a
/// page; below it, the list starts from the matches and sorts them. Both cost about the same here (about 1,000
/// index seeks), and each is far cheaper than the other on its own side: 11,000 of 50,000 contacts matching
/// take 70 ms starting from the matches and 3 ms in order; 20 matching take 30 ms in order.
const DENSE_MATCHES: i64 = 1000;

impl Filter {
    pub fn new(alias: &str) -> Self {
        Filter {
            clauses: vec![format!("{alias}.deleted_at IS NULL")],
            params: Vec::new(),
            search: None,
        }
    }

    /// A condition without parameters.
    pub fn clause(&mut self, clause: &str) -> &mut Self {
        self.clauses.push(clause.to_string());
        self
    }

    /// Every `?` in `clause` takes `value`.
    pub fn eq(&mut self, clause: &str, value: Option<impl Into<Value>>) -> &mut Self {
        if let Some(v) = value {
            let v = v.into();
            self.clauses.push(clause.to_string());
            for _ in clause.matches('?') {
                self.params.push(v.clone());
            }
        }
        self
    }

    /// The conditions and their parameters, for a query that is not a paged list: a search starts from its matches.
    pub fn into_parts(mut self) -> Result<(Vec<String>, Vec<Value>)> {
        if let Some(s) = self.search.take() {
            self.clauses.push(s.starting_from_matches());
            self.params.extend(s.params()?);
        }
        Ok((self.clauses, self.params))
    }

    /// The conditions and parameters of a paged list, and its total when the index alone can count it (a search
    /// with no other condition than "not deleted": the index holds exactly the live rows).
    fn resolve(&self, conn: &Connection) -> Result<(String, Vec<Value>, Option<i32>)> {
        let mut clauses = self.clauses.clone();
        let mut params = self.params.clone();
        let Some(s) = &self.search else {
            return Ok((clauses.join(" AND "), params, None));
        };
        let docs = s.params()?;
        let n = crate::search::count_matching(conn, &docs)?;
        let total = (clauses.len() == 1).then(|| i32::try_from(n).unwrap_or(i32::MAX));
        if n == 0 {
            clauses.push("0".to_string());
        } else if n > DENSE_MATCHES {
            clauses.push(format!(
                "(SELECT s.doc FROM search_docs s WHERE s.kind = ? AND s.id = {}) IN ({})",
                s.id,
                crate::search::MATCHING_DOCS
            ));
            params.push(Value::Text(s.kind.clone()));
            params.extend(docs);
        } else {
            clauses.push(s.starting_from_matches());
            params.extend(docs);
        }
        Ok((clauses.join(" AND "), params, total))
    }

    /// Rows of `kind` the search index finds for `text` (every word; the last one may be the start of a word;
    /// Chinese inside longer words, pinyin and English word forms match). `id` is the row's id column. A query with
    /// nothing searchable in it (only punctuation) finds nothing.
    pub fn matching(&mut self, id: &str, kind: &str, text: Option<&str>) -> &mut Self {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return self;
        };
        match crate::search::text::query(text) {
            Some((expr, _)) => {
                self.search = Some(Search {
                    id: id.to_string(),
                    kind: kind.to_string(),
                    expr,
                });
            }
            None => {
                self.clauses.push("0".to_string());
            }
        }
        self
    }
}

/// How a list is ordered: an SQL expression (which must match an index for speed), its direction, and whether
/// its values are numbers (for decoding cursors).
pub struct Sort {
    pub expr: &'static str,
    pub desc: bool,
    pub numeric: bool,
}

/// One keyset-paged list: the selected columns (the id first), the tables with their joins, the main table with
/// its alias (for the total), and the id column.
pub struct ListSql<'a> {
    pub columns: &'a str,
    pub from: &'a str,
    pub count_from: &'a str,
    pub id: &'a str,
}

pub fn page<T>(
    conn: &Connection,
    sql: ListSql<'_>,
    filter: &Filter,
    sort: Sort,
    cursor: Option<&str>,
    limit: Option<i32>,
    map: impl Fn(&Row) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let (where_sql, mut params, counted) = filter.resolve(conn)?;
    let total: Option<i32> = match (cursor, counted) {
        (Some(_), _) => None,
        (None, Some(n)) => Some(n),
        (None, None) => Some(
            conn.prepare_cached(&format!(
                "SELECT count(*) FROM {} WHERE {where_sql}",
                sql.count_from
            ))?
            .query_row(params_from_iter(params.iter()), |r| r.get(0))?,
        ),
    };
    let mut clauses = where_sql;
    let (cmp, dir) = if sort.desc {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(c) = cursor {
        let (value, id) = decode_cursor(c, sort.numeric)?;
        clauses.push_str(&format!(" AND ({}, {}) {cmp} (?, ?)", sort.expr, sql.id));
        params.push(value);
        params.push(Value::Text(id));
    }
    params.push(Value::Integer(i64::from(limit) + 1));
    let q = format!(
        "SELECT {}, {sort_expr} FROM {} WHERE {clauses} ORDER BY {sort_expr} {dir}, {id} {dir} LIMIT ?",
        sql.columns,
        sql.from,
        sort_expr = sort.expr,
        id = sql.id,
    );
    let mut stmt = conn.prepare_cached(&q)?;
    let sort_col = stmt.column_count() - 1;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut items = Vec::new();
    let mut last: Option<(Value, String)> = None;
    let mut more = false;
    while let Some(row) = rows.next()? {
        // The query asks for one row beyond the page: its presence is how we know another page exists.
        if items.len() == limit as usize {
            more = true;
            break;
        }
        items.push(map(row)?);
        last = Some((row.get(sort_col)?, row.get(0)?));
    }
    let next_cursor = if more {
        last.map(|(v, id)| encode_cursor(&v, &id))
    } else {
        None
    };
    Ok(Page {
        items,
        next_cursor,
        total,
    })
}

fn encode_cursor(value: &Value, id: &str) -> String {
    let v = match value {
        Value::Integer(i) => serde_json::json!(i),
        Value::Real(f) => serde_json::json!(f),
        Value::Text(s) => serde_json::json!(s),
        _ => serde_json::Value::Null,
    };
    serde_json::json!([v, id]).to_string()
}

fn decode_cursor(cursor: &str, numeric: bool) -> Result<(Value, String)> {
    let parsed: (serde_json::Value, String) =
        serde_json::from_str(cursor).map_err(|_| AppError::InvalidCursor)?;
    let value = match (parsed.0, numeric) {
        (serde_json::Value::Number(n), true) => {
            Value::Real(n.as_f64().ok_or(AppError::InvalidCursor)?)
        }
        (serde_json::Value::String(s), false) => Value::Text(s),
        _ => return Err(AppError::InvalidCursor),
    };
    Ok((value, parsed.1))
}

/// Inserts a row: `id`, then `fields` (comma-separated column names) with `values` in the same order, then the
/// timestamps. Each entity lists its columns once and uses them for both insert and update.
pub fn insert_row(
    conn: &Connection,
    table: &str,
    fields: &str,
    id: &str,
    values: Vec<Value>,
) -> Result<()> {
    let sql = row_sql(false, table, fields, values.len(), |marks, now_mark| {
        format!(
            "INSERT INTO {table} (id, {fields}, created_at, updated_at) VALUES (?1, {marks}, {now_mark}, {now_mark})"
        )
    });
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(row_params(id, values)))?;
    Ok(())
}

/// Updates the `fields` of a live row; a deleted or unknown row is `not_found`.
pub fn update_row(
    conn: &Connection,
    table: &str,
    entity: &str,
    fields: &str,
    id: &str,
    values: Vec<Value>,
) -> Result<()> {
    let sql = row_sql(true, table, fields, values.len(), |marks, now_mark| {
        format!(
            "UPDATE {table} SET ({fields}, updated_at) = ({marks}, {now_mark}) WHERE id = ?1 AND deleted_at IS NULL"
        )
    });
    if conn
        .prepare_cached(&sql)?
        .execute(params_from_iter(row_params(id, values)))?
        == 0
    {
        return Err(AppError::not_found(entity, id));
    }
    Ok(())
}

/// "?2, ?3, ..." for `n` values after the id, and the mark of the timestamp that follows them.
fn placeholders(n: usize) -> (String, String) {
    let marks: Vec<String> = (2..n + 2).map(|i| format!("?{i}")).collect();
    (marks.join(", "), format!("?{}", n + 2))
}

/// A statement `insert_row` or `update_row` built, with what it was built for.
struct RowSql {
    update: bool,
    table: String,
    fields: String,
    values: usize,
    sql: Rc<str>,
}

thread_local! {
    /// The statements built so far on this thread.
    static ROW_SQL: RefCell<Vec<RowSql>> = const { RefCell::new(Vec::new()) };
}

/// The SQL of an `insert_row` (`update` false) or `update_row`, built by `build(marks, now_mark)` once per thread:
/// formatting it for every row took about a twentieth of a seed's time.
fn row_sql(
    update: bool,
    table: &str,
    fields: &str,
    n: usize,
    build: impl FnOnce(&str, &str) -> String,
) -> Rc<str> {
    ROW_SQL.with_borrow_mut(|cache| {
        let found = cache.iter().find(|r| {
            r.update == update && r.values == n && r.table == table && r.fields == fields
        });
        if let Some(r) = found {
            return r.sql.clone();
        }
        let (marks, now_mark) = placeholders(n);
        let sql: Rc<str> = build(&marks, &now_mark).into();
        cache.push(RowSql {
            update,
            table: table.into(),
            fields: fields.into(),
            values: n,
            sql: sql.clone(),
        });
        sql
    })
}

/// The id, the values, then the current time: the parameter order `placeholders` numbers.
fn row_params(id: &str, values: Vec<Value>) -> impl Iterator<Item = Value> {
    std::iter::once(Value::Text(id.to_string()))
        .chain(values)
        .chain([Value::Text(now())])
}

/// Runs a bulk load with the indexes of `tables` dropped, then rebuilds each index in one sorted pass (and the
/// search index in one pass over every row): far cheaper than updating every index row by row. Call inside a
/// transaction, so a failure restores the indexes.
pub fn bulk_load<T>(
    conn: &Connection,
    tables: &[&str],
    load: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let mut indexes: Vec<(String, String)> = Vec::new();
    for table in tables {
        indexes.extend(rows(
            conn,
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
            [table],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?);
    }
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
    }
    // A bigger page cache and worker threads for the rebuild sorts; restored afterwards.
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let threads: i64 = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    conn.pragma_update(None, "threads", 2)?;
    // The search index too is built once at the end, each row read and segmented once, rather than noted by the
    // triggers and re-read row by row at commit.
    crate::search::uninstall(conn)?;
    let started = std::time::Instant::now();
    let out = load(conn);
    let loaded = started.elapsed();
    let rebuilt = indexes
        .iter()
        .try_for_each(|(_, sql)| conn.execute_batch(sql));
    let reinstalled = crate::search::install(conn);
    tracing::info!(?loaded, rebuilt = ?(started.elapsed() - loaded), indexes = indexes.len(), "bulk load");
    conn.pragma_update(None, "cache_size", cache)?;
    conn.pragma_update(None, "threads", threads)?;
    let out = out?;
    rebuilt?;
    reinstalled?;
    let before_search = std::time::Instant::now();
    let documents = crate::search::rebuild(conn, &mut |_, _| {})?;
    tracing::info!(documents, took = ?before_search.elapsed(), "search index rebuilt after the bulk load");
    Ok(out)
}

/// Runs a query and collects every row.
pub fn rows<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    map: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let out = stmt
        .query_map(params, map)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Marks a row deleted. Deleting an already deleted or unknown row is `not_found`.
pub fn soft_delete(conn: &Connection, table: &str, entity: &str, id: &str) -> Result<()> {
    set_deleted(conn, table, entity, id, true)
}

/// Undoes a soft delete; restoring a live or unknown row is `not_found`.
pub fn restore(conn: &Connection, table: &str, entity: &str, id: &str) -> Result<()> {
    set_deleted(conn, table, entity, id, false)
}

fn set_deleted(
    conn: &Connection,
    table: &str,
    entity: &str,
    id: &str,
    deleted: bool,
) -> Result<()> {
    let (set, was) = if deleted {
        ("?1", "IS NULL")
    } else {
        ("NULL", "IS NOT NULL")
    };
    let n = conn.execute(
        &format!("UPDATE {table} SET deleted_at = {set}, updated_at = ?1 WHERE id = ?2 AND deleted_at {was}"),
        (now(), id),
    )?;
    if n == 0 {
        return Err(AppError::not_found(entity, id));
    }
    Ok(())
}

/// The rule for references on save: a save may keep a reference to a deleted record but may not add one. `id` is
/// accepted when it is the value the record already holds (`kept`), else only when it names a live row of `table`
/// (narrowed by `extra`, e.g. "kind = 'department'"); otherwise it is a field error on `field`.
pub fn check_ref(
    conn: &Connection,
    table: &str,
    extra: &str,
    field: &str,
    id: Option<&str>,
    kept: Option<&str>,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    if kept == Some(id) {
        return Ok(());
    }
    let cond = if extra.is_empty() {
        String::new()
    } else {
        format!(" AND {extra}")
    };
    let found: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND deleted_at IS NULL{cond})"
        ))?
        .query_row([id], |r| r.get(0))?;
    if found {
        Ok(())
    } else {
        Err(AppError::field(field, Rule::UnknownId))
    }
}

/// `check_ref` for a list of references: the ids already in `kept` may name deleted rows, new ones may not.
pub fn check_refs(
    conn: &Connection,
    table: &str,
    field: &str,
    ids: &[String],
    kept: &[String],
) -> Result<()> {
    for id in ids.iter().filter(|id| !kept.contains(id)) {
        check_ref(conn, table, "", field, Some(id), None)?;
    }
    Ok(())
}

/// The reference fields whose record is deleted, read from `(field, column)` pairs where the column holds the
/// joined row's `deleted_at IS NOT NULL`. Reads join deleted records too and show them marked, never hidden.
pub fn deleted_refs(r: &Row, flags: &[(&str, usize)]) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for (field, col) in flags {
        if r.get::<_, bool>(*col)? {
            out.push((*field).to_string());
        }
    }
    Ok(out)
}

/// Makes the live links of `owner` in a link table exactly `links` (other id, optional extra column value), in
/// order. Removed links become tombstones rather than vanishing, so sync can see the removal.
pub fn replace_links(
    conn: &Connection,
    table: &str,
    owner_col: &str,
    other_col: &str,
    extra_col: &str,
    owner: &str,
    links: &[(String, String)],
) -> Result<()> {
    let t = now();
    conn.execute(
        &format!("UPDATE {table} SET deleted_at = ?1, updated_at = ?1 WHERE {owner_col} = ?2 AND deleted_at IS NULL"),
        (&t, owner),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({owner_col}, {other_col}, {extra_col}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT DO UPDATE SET {extra_col} = excluded.{extra_col}, updated_at = excluded.updated_at, deleted_at = NULL"
    ))?;
    for (other, extra) in links {
        stmt.execute((owner, other, extra, &t))?;
    }
    Ok(())
}

/// JSON text column → list of strings; a damaged value reads as empty rather than failing the whole page.
pub fn json_list(text: String) -> Vec<String> {
    serde_json::from_str(&text).unwrap_or_default()
}

/// A JSON array of strings: how lists are stored, and how a set of ids is passed to `json_each(?)`.
pub fn to_json<S: AsRef<str>>(list: &[S]) -> String {
    let items: Vec<&str> = list.iter().map(AsRef::as_ref).collect();
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".into())
}

/// The colours picked for these rows of `table` (projects or organizations); rows without one are left out.
pub fn colors(conn: &Connection, table: &str, ids: &[&str]) -> Result<HashMap<String, String>> {
    let list = rows(
        conn,
        &format!(
            "SELECT id, color FROM {table} WHERE color IS NOT NULL AND id IN (SELECT value FROM json_each(?1))"
        ),
        [to_json(ids)],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )?;
    Ok(list.into_iter().collect())
}

/// Maps a stored enum text back; a value outside the CHECK constraint cannot be stored, so failing is right.
pub fn parse_enum<T>(
    col: usize,
    text: String,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("unknown value {text}").into(),
        )
    })
}
