//! The full export and import of everything as one JSON document (`docs/data-format.md`): every row of every
//! table in `store::tables::TABLES`, deleted ones (tombstones) included, column for column.
//!
//! The import trusts nothing in the file: it checks the document's shape, each table and column name, each value's
//! type and size, duplicate keys and every reference, and names where a problem is as a JSON path
//! (`$.tables.tasks[3].project_id`). It runs in the caller's transaction, so a refused file writes nothing.

use crate::error::{AppError, Result};
use crate::store::db::SCHEMA_VERSION;
use crate::store::tables::{self, Table, TABLES};
use base64::Engine;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection};
use serde_json::value::RawValue;
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashMap};

/// The document's `format`, so a stray JSON file is recognized as not ours.
pub const FORMAT: &str = "liaison-desk";
/// Bumped when the document's layout changes (not when a column is added: columns follow the schema version).
pub const FORMAT_VERSION: i64 = 1;
/// The longest text value accepted, in bytes. Meeting notes are the longest text the app writes; a megabyte is
/// hundreds of pages, while a hostile 10 MB string would bloat every list and search that reads it.
pub const MAX_TEXT: usize = 1 << 20;

/// An export larger than this is written gzip-compressed (as `NAME.json.gz`); JSON compresses about tenfold.
pub const LARGE: usize = 8 << 20;
/// The most an import decompresses: a small hostile file must not expand into all the memory there is.
pub const MAX_IMPORT: u64 = 2 << 30;

/// What an export or import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveReport {
    pub tables: usize,
    pub rows: usize,
    /// The file written or read (an export that was compressed gets `.gz` added to the chosen name).
    pub path: std::path::PathBuf,
}

/// The whole database as the JSON document. Rows are ordered by primary key and object keys by name, so the same
/// data always gives the same bytes (apart from `exported_at`).
pub fn export_all(conn: &Connection) -> Result<(Json, ArchiveReport)> {
    let mut out = Map::new();
    let mut rows_total = 0;
    for t in TABLES {
        let rows = export_table(conn, t)?;
        rows_total += rows.len();
        out.insert(t.name.to_string(), Json::Array(rows));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut doc = Map::new();
    doc.insert("format".into(), FORMAT.into());
    doc.insert("format_version".into(), FORMAT_VERSION.into());
    doc.insert("schema_version".into(), version.into());
    doc.insert("exported_at".into(), crate::domain::now().into());
    doc.insert("tables".into(), Json::Object(out));
    let report = ArchiveReport {
        tables: TABLES.len(),
        rows: rows_total,
        path: std::path::PathBuf::new(),
    };
    Ok((Json::Object(doc), report))
}

/// Writes the export to `path` (pretty-printed, UTF-8), through a temporary file so a failed export leaves no
/// half-written document under the chosen name. A name ending in `.gz`, or an export larger than `LARGE`, is
/// written gzip-compressed (the latter under the chosen name plus `.gz`); `import` reads either.
pub fn write_all(conn: &Connection, path: &std::path::Path) -> Result<ArchiveReport> {
    let (doc, mut report) = export_all(conn)?;
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    let path = compressed_name(path, bytes.len());
    if is_gz(&path) {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes)?;
        bytes = gz.finish()?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".partial");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, &path)?;
    report.path = path;
    Ok(report)
}

fn is_gz(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Where an export of `len` bytes goes: the chosen name, or with `.gz` added when it is large.
pub fn compressed_name(path: &std::path::Path, len: usize) -> std::path::PathBuf {
    if is_gz(path) || len <= LARGE {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_os_string();
    name.push(".gz");
    name.into()
}

fn export_table(conn: &Connection, t: &Table) -> Result<Vec<Json>> {
    let order = t
        .key
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!("SELECT * FROM \"{}\" ORDER BY {order}", t.name))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match row.get_ref(i)? {
                ValueRef::Null => Json::Null,
                ValueRef::Integer(n) => n.into(),
                // SQLite stores no NaN or infinity (it turns NaN into NULL), so every REAL is a JSON number.
                ValueRef::Real(f) => {
                    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
                }
                ValueRef::Text(b) => String::from_utf8_lossy(b).into_owned().into(),
                ValueRef::Blob(b) => {
                    let mut o = Map::new();
                    o.insert(
                        "base64".into(),
                        base64::engine::general_purpose::STANDARD.encode(b).into(),
                    );
                    Json::Object(o)
                }
            };
            obj.insert(name.clone(), v);
        }
        out.push(Json::Object(obj));
    }
    Ok(out)
}

fn invalid(at: impl Into<String>, problem: impl Into<String>) -> AppError {
    AppError::InvalidImport {
        at: at.into(),
        problem: problem.into(),
    }
}

/// True when any registered table holds a row (deleted ones count: they are data too).
pub fn has_data(conn: &Connection) -> Result<bool> {
    for t in TABLES {
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM \"{}\")", t.name),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A column of a table as the live schema has it.
struct Column {
    name: String,
    /// The declared type, upper case ("TEXT", "INTEGER", "REAL", or "" for none).
    ty: String,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let cols = stmt
        .query_map([], |r| {
            Ok(Column {
                name: r.get(1)?,
                ty: r.get::<_, String>(2)?.to_ascii_uppercase(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols)
}

/// Imports the document `text` in the caller's transaction. Into a database with data only with `merge`, where a
/// row whose key exists replaces it only when its `updated_at` is later. Any problem is an error naming where;
/// the caller's transaction then rolls back, so nothing is written.
pub fn import_all(conn: &Connection, text: &str, merge: bool) -> Result<ArchiveReport> {
    let doc: BTreeMap<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
        // serde_json ends its message with the position, which `at` already gives.
        let message = e.to_string();
        let problem = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        invalid(format!("line {} column {}", e.line(), e.column()), problem)
    })?;
    let field = |name: &str| {
        doc.get(name)
            .ok_or_else(|| invalid(format!("$.{name}"), "missing"))
    };
    let format: String = serde_json::from_str(field("format")?.get())
        .map_err(|_| invalid("$.format", "not a string"))?;
    if format != FORMAT {
        return Err(invalid(
            "$.format",
            format!("{format:?} is not a Liaison Desk export"),
        ));
    }
    let version: i64 = serde_json::from_str(field("format_version")?.get())
        .map_err(|_| invalid("$.format_version", "not an integer"))?;
    if version != FORMAT_VERSION {
        return Err(invalid(
            "$.format_version",
            format!("version {version}; this app reads version {FORMAT_VERSION}"),
        ));
    }
    let schema: i64 = serde_json::from_str(field("schema_version")?.get())
        .map_err(|_| invalid("$.schema_version", "not an integer"))?;
    if !(1..=i64::from(SCHEMA_VERSION)).contains(&schema) {
        return Err(invalid(
            "$.schema_version",
            format!("schema {schema}; this app reads 1 to {SCHEMA_VERSION}"),
        ));
    }
    let tables_doc: BTreeMap<String, &RawValue> = serde_json::from_str(field("tables")?.get())
        .map_err(|_| invalid("$.tables", "not an object"))?;
    for name in tables_doc.keys() {
        if tables::find(name).is_none() {
            return Err(invalid(format!("$.tables.{name}"), "unknown table"));
        }
    }
    if !merge && has_data(conn)? {
        return Err(AppError::NotEmpty);
    }
    // References are checked once all rows are in: an organization's lead contact and a contact's organization
    // point at each other, so no insert order satisfies them row by row. The pragma ends with the transaction.
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    let mut report = ArchiveReport {
        tables: 0,
        rows: 0,
        path: std::path::PathBuf::new(),
    };
    // Per table, each row's key → its index in the file, to name a row a foreign-key problem is found in.
    let mut positions: HashMap<&str, HashMap<Vec<String>, usize>> = HashMap::new();
    for t in TABLES {
        let Some(raw) = tables_doc.get(t.name) else {
            continue;
        };
        let at = format!("$.tables.{}", t.name);
        let rows: Vec<&RawValue> =
            serde_json::from_str(raw.get()).map_err(|_| invalid(&at, "not an array"))?;
        let seen = import_table(conn, t, &rows, merge, &at)?;
        report.tables += 1;
        report.rows += rows.len();
        positions.insert(t.name, seen);
    }
    check_references(conn, &positions)?;
    Ok(report)
}

fn import_table(
    conn: &Connection,
    t: &Table,
    rows: &[&RawValue],
    merge: bool,
    at: &str,
) -> Result<HashMap<Vec<String>, usize>> {
    let cols = columns(conn, t.name)?;
    let by_name: HashMap<&str, &Column> = cols.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    // The statement for the previous row's columns: rows of a table nearly always have the same ones, so it is
    // built once per table, not once per row. Paths for messages are likewise only formatted on an error.
    let mut sql_for: (Vec<String>, String) = (Vec::new(), String::new());
    for (i, raw) in rows.iter().enumerate() {
        let at_row = || format!("{at}[{i}]");
        let obj: BTreeMap<String, &RawValue> =
            serde_json::from_str(raw.get()).map_err(|_| invalid(at_row(), "not an object"))?;
        let mut names = Vec::with_capacity(obj.len());
        let mut values = Vec::with_capacity(obj.len());
        for (name, raw) in &obj {
            let at_field = || format!("{}.{name}", at_row());
            let col = by_name
                .get(name.as_str())
                .ok_or_else(|| invalid(at_field(), "unknown column"))?;
            names.push(name.as_str());
            values.push(value(raw, col).map_err(|problem| invalid(at_field(), problem))?);
        }
        let mut key = Vec::with_capacity(t.key.len());
        for k in t.key {
            match names.iter().position(|n| n == k).map(|p| &values[p]) {
                Some(Value::Null) | None => {
                    return Err(invalid(format!("{}.{k}", at_row()), "missing"));
                }
                Some(v) => key.push(format!("{v:?}")),
            }
        }
        if let Some(first) = seen.insert(key, i) {
            return Err(invalid(
                at_row(),
                format!("duplicate of {at}[{first}] (the same {})", t.key.join(", ")),
            ));
        }
        if sql_for.0.len() != names.len() || sql_for.0.iter().zip(&names).any(|(a, b)| a != b) {
            sql_for = (
                names.iter().map(|n| n.to_string()).collect(),
                insert_sql(t, &names, merge),
            );
        }
        let sql = &sql_for.1;
        conn.prepare_cached(sql)?
            .execute(params_from_iter(values.iter()))
            .map_err(|e| match AppError::from(e) {
                // A constraint (NOT NULL, CHECK, a unique index) is the file's fault: say which row.
                AppError::Database { message } => invalid(at_row(), message),
                other => other,
            })?;
    }
    Ok(seen)
}

/// The INSERT for a row with these columns; with `merge`, an upsert that keeps the newer `updated_at`.
fn insert_sql(t: &Table, names: &[&str], merge: bool) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let marks = vec!["?"; names.len()].join(", ");
    let mut sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ({marks})",
        t.name,
        quoted.join(", ")
    );
    if merge {
        let key_cols: Vec<String> = t.key.iter().map(|k| format!("\"{k}\"")).collect();
        let sets: Vec<String> = quoted
            .iter()
            .map(|q| format!("{q} = excluded.{q}"))
            .collect();
        sql.push_str(&format!(
            " ON CONFLICT ({}) DO UPDATE SET {} WHERE excluded.updated_at > \"{}\".updated_at",
            key_cols.join(", "),
            sets.join(", "),
            t.name
        ));
    }
    sql
}

/// One JSON value as the SQL value for `col`, refusing a type the column does not hold (SQLite itself would store
/// "abc" in an INTEGER column) and text over `MAX_TEXT`. The error is the problem; the caller adds where.
fn value(raw: &RawValue, col: &Column) -> std::result::Result<Value, String> {
    let text = raw.get().trim();
    let wrong = || format!("wrong type for a {} column", col.ty.to_lowercase());
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    let v = match first {
        b'n' if text == "null" => Value::Null,
        b'"' => {
            let s: String = serde_json::from_str(text).map_err(|_| wrong())?;
            if s.len() > MAX_TEXT {
                return Err(format!("text of {} bytes; at most {MAX_TEXT}", s.len()));
            }
            Value::Text(s)
        }
        b'-' | b'0'..=b'9' => {
            // Parsed from the number's own digits with Rust's correctly rounded parser, so every REAL comes back
            // bit for bit as it was exported.
            if text.contains(['.', 'e', 'E']) {
                // 1e400 parses as infinity, which no column holds (and JSON cannot write back).
                match text.parse::<f64>() {
                    Ok(f) if f.is_finite() => Value::Real(f),
                    Ok(_) => return Err("number out of range".into()),
                    Err(_) => return Err(wrong()),
                }
            } else {
                match text.parse::<i64>() {
                    Ok(n) => Value::Integer(n),
                    Err(_) => return Err("integer out of range".into()),
                }
            }
        }
        b'{' => {
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Blob {
                base64: String,
            }
            let b: Blob = serde_json::from_str(text).map_err(|_| wrong())?;
            Value::Blob(
                base64::engine::general_purpose::STANDARD
                    .decode(b.base64)
                    .map_err(|_| "invalid base64".to_string())?,
            )
        }
        _ => return Err(wrong()),
    };
    let fits = matches!(
        (&v, col.ty.as_str()),
        (Value::Null, _)
            | (Value::Text(_), "TEXT")
            | (Value::Integer(_), "INTEGER")
            | (Value::Integer(_) | Value::Real(_), "REAL")
            | (Value::Blob(_), "BLOB" | "")
    );
    if fits {
        Ok(v)
    } else {
        Err(wrong())
    }
}

/// After all rows are in: every reference must name a row (in the file or, when merging, already here).
fn check_references(
    conn: &Connection,
    positions: &HashMap<&str, HashMap<Vec<String>, usize>>,
) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let first: Option<(String, Option<i64>, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .next()
        .transpose()?;
    let Some((table, rowid, parent, fkid)) = first else {
        return Ok(());
    };
    let column: String = conn
        .prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(3)?)))?
        .filter_map(|r| r.ok())
        .find(|(id, _)| *id == fkid)
        .map(|(_, from)| from)
        .unwrap_or_default();
    let key_cols = tables::find(&table).map(|t| t.key).unwrap_or(&["id"]);
    let select = key_cols
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let key: Vec<String> = conn.query_row(
        &format!("SELECT {select} FROM \"{table}\" WHERE rowid = ?1"),
        [rowid.unwrap_or_default()],
        |r| {
            (0..key_cols.len())
                .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                .collect()
        },
    )?;
    let target: Value = conn.query_row(
        &format!("SELECT \"{column}\" FROM \"{table}\" WHERE rowid = ?1"),
        [rowid.unwrap_or_default()],
        |r| r.get(0),
    )?;
    let index = positions
        .get(table.as_str())
        .and_then(|p| p.get(&key))
        .map(|i| format!("[{i}]"))
        .unwrap_or_default();
    let shown = match target {
        Value::Text(s) => s,
        Value::Integer(n) => n.to_string(),
        _ => String::new(),
    };
    Err(invalid(
        format!("$.tables.{table}{index}.{column}"),
        format!("refers to {parent} {shown:?}, which is neither in the file nor here"),
    ))
}

/// Exports into `path`; the convenience the command line and the app use.
pub fn export_file(db: &crate::store::Db, path: &std::path::Path) -> Result<ArchiveReport> {
    db.read(|c| write_all(c, path))
}

/// Reads `path` and imports it in one write transaction.
pub fn import_file(
    db: &crate::store::Db,
    path: &std::path::Path,
    merge: bool,
) -> Result<ArchiveReport> {
    let mut bytes = std::fs::read(path)?;
    // A compressed export (gzip's magic bytes), whatever its name.
    if bytes.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .take(MAX_IMPORT)
            .read_to_end(&mut plain)
            .map_err(|e| invalid("$", format!("not a readable gzip file: {e}")))?;
        bytes = plain;
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        invalid(
            format!("byte {}", e.utf8_error().valid_up_to()),
            "not UTF-8 text",
        )
    })?;
    let mut report = db.write(|tx| import_all(tx, &text, merge))?;
    report.path = path.to_path_buf();
    Ok(report)
}
