//! One Chinese-aware full-text index over every entity (FTS5 fed with jieba words, single characters, English
//! stems and pinyin; see `text`).
//!
//! **Kept in step.** The writer connection carries temporary triggers (`install`) that note every written row of a
//! source table in `temp.search_dirty`; `Db::write` calls `flush` before it commits, which re-reads those rows
//! through the registry and rewrites their documents. So the index changes in the same transaction as the data,
//! whichever service wrote it, and a search right after a save finds the saved text.
//!
//! **One registry.** `SOURCES` lists each entity once: the SQL that reads its documents and the tables whose writes
//! change them. An entity added later joins by adding an entry; `tests/search.rs` checks that every table with a
//! text column is covered or named as not searched.

pub mod text;

use crate::error::{AppError, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use text::Term;

/// One searchable entity.
pub struct Source {
    /// The result type ("organization", "contact", …), as the UI and the CLI's `--type` name it.
    pub kind: &'static str,
    /// The kind's block of index row ids (`code << 40` onwards), so a list can ask the index for its own kind
    /// alone, without looking up each matched document. Never renumber or reuse a code.
    pub code: i64,
    /// Reads documents as (id, title, body, names for pinyin, updated_at, gone, parent) where `gone` is true for a
    /// row that must not be found (deleted, or part of something deleted) and `parent` is the record a result
    /// without a page of its own opens (a decision's meeting). `id` is the id column to filter on.
    pub select: &'static str,
    pub id: &'static str,
    /// The tables whose writes change these documents, each with SQL naming the affected ids as `id` from the
    /// written row (`NEW.` / `OLD.` in a trigger).
    pub written_by: &'static [(&'static str, &'static str)],
}

pub const SOURCES: &[Source] = &[
    Source {
        kind: "organization",
        code: 1,
        select: "SELECT o.id, o.name,
                   concat_ws(' ', CASE o.kind WHEN 'partner' THEN '合作伙伴 partner' WHEN 'supplier' THEN '供应商 supplier'
                     WHEN 'client' THEN '客户 client' ELSE '部门 department' END, o.tier,
                   (SELECT group_concat(value, ' ') FROM json_each(o.tags)), o.address, o.website, o.notes),
                   o.name, o.updated_at, o.deleted_at IS NOT NULL, NULL
                 FROM organizations o",
        id: "o.id",
        written_by: &[("organizations", "SELECT NEW.id AS id")],
    },
    Source {
        kind: "contact",
        code: 2,
        select: "SELECT c.id, c.name,
                   concat_ws(' ', c.title, o.name, (SELECT group_concat(value, ' ') FROM json_each(c.emails)),
                     (SELECT group_concat(value, ' ') FROM json_each(c.phones)), c.wechat, c.notes),
                   concat_ws(' ', c.name, o.name), c.updated_at, c.deleted_at IS NOT NULL, NULL
                 FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id",
        id: "c.id",
        written_by: &[
            ("contacts", "SELECT NEW.id AS id"),
            // The organization's name is part of its people's documents.
            ("organizations", "SELECT id FROM contacts WHERE organization_id = NEW.id"),
        ],
    },
    Source {
        kind: "project",
        code: 3,
        // A project is also found by its milestones and risks, which have no result page of their own.
        select: "SELECT p.id, p.name,
                   concat_ws(' ', p.code,
                     (SELECT group_concat(m.title, ' ') FROM milestones m
                       WHERE m.project_id = p.id AND m.deleted_at IS NULL),
                     (SELECT group_concat(concat_ws(' ', r.title, r.mitigation), ' ') FROM risks r
                       WHERE r.project_id = p.id AND r.deleted_at IS NULL)),
                   p.name, p.updated_at, p.deleted_at IS NOT NULL, NULL
                 FROM projects p",
        id: "p.id",
        written_by: &[
            ("projects", "SELECT NEW.id AS id"),
            ("milestones", "SELECT NEW.project_id AS id"),
            ("risks", "SELECT NEW.project_id AS id"),
        ],
    },
    Source {
        kind: "task",
        code: 4,
        select: "SELECT t.id, t.title, concat_ws(' ', t.description), NULL, t.updated_at, t.deleted_at IS NOT NULL,
                   t.project_id
                 FROM tasks t",
        id: "t.id",
        written_by: &[("tasks", "SELECT NEW.id AS id")],
    },
    Source {
        kind: "meeting",
        code: 5,
        select: "SELECT m.id, m.title,
                   concat_ws(' ', m.location,
                     (SELECT group_concat(a.title, ' ') FROM meeting_agenda_items a
                       WHERE a.meeting_id = m.id AND a.deleted_at IS NULL),
                     m.notes),
                   NULL, m.updated_at, m.deleted_at IS NOT NULL, NULL
                 FROM meetings m",
        id: "m.id",
        written_by: &[
            ("meetings", "SELECT NEW.id AS id"),
            ("meeting_agenda_items", "SELECT NEW.meeting_id AS id"),
        ],
    },
    Source {
        kind: "decision",
        code: 6,
        select: "SELECT d.id, d.text, m.title, NULL, d.updated_at,
                   d.deleted_at IS NOT NULL OR m.deleted_at IS NOT NULL, d.meeting_id
                 FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id",
        id: "d.id",
        written_by: &[
            ("meeting_decisions", "SELECT NEW.id AS id"),
            // A deleted meeting takes its decisions out of the results, and its title is their context.
            ("meetings", "SELECT id FROM meeting_decisions WHERE meeting_id = NEW.id"),
        ],
    },
    Source {
        kind: "commitment",
        code: 7,
        select: "SELECT k.id, k.title, concat_ws(' ', o.name, c.name, k.notes), NULL, k.updated_at,
                   k.deleted_at IS NOT NULL, coalesce(k.organization_id, c.organization_id)
                 FROM commitments k LEFT JOIN organizations o ON o.id = k.organization_id
                 LEFT JOIN contacts c ON c.id = k.contact_id",
        id: "k.id",
        written_by: &[("commitments", "SELECT NEW.id AS id")],
    },
    Source {
        kind: "interaction",
        code: 8,
        select: "SELECT i.id,
                   coalesce(nullif(substr(i.summary, 1, instr(i.summary || char(10), char(10)) - 1), ''), i.kind),
                   concat_ws(' ', i.summary,
                     (SELECT group_concat(o.name, ' ') FROM interaction_organizations io
                       JOIN organizations o ON o.id = io.organization_id
                       WHERE io.interaction_id = i.id AND io.deleted_at IS NULL),
                     (SELECT group_concat(c.name, ' ') FROM interaction_contacts ic
                       JOIN contacts c ON c.id = ic.contact_id
                       WHERE ic.interaction_id = i.id AND ic.deleted_at IS NULL)),
                   NULL, i.updated_at, i.deleted_at IS NOT NULL,
                   (SELECT io.organization_id FROM interaction_organizations io
                     WHERE io.interaction_id = i.id AND io.deleted_at IS NULL
                     ORDER BY io.organization_id LIMIT 1)
                 FROM interactions i",
        id: "i.id",
        written_by: &[
            ("interactions", "SELECT NEW.id AS id"),
            ("interaction_organizations", "SELECT NEW.interaction_id AS id"),
            ("interaction_contacts", "SELECT NEW.interaction_id AS id"),
        ],
    },
    Source {
        kind: "conflict",
        code: 9,
        // A conflict is found by its title, the departments involved and their positions, the options and the
        // resolution.
        select: "SELECT k.id, k.title,
                   concat_ws(' ',
                     (SELECT group_concat(concat_ws(' ', o.name, d.position), ' ') FROM conflict_departments d
                       JOIN organizations o ON o.id = d.organization_id
                       WHERE d.conflict_id = k.id AND d.deleted_at IS NULL),
                     k.options, k.resolution),
                   NULL, k.updated_at, k.deleted_at IS NOT NULL, NULL
                 FROM conflicts k",
        id: "k.id",
        written_by: &[
            ("conflicts", "SELECT NEW.id AS id"),
            ("conflict_departments", "SELECT NEW.conflict_id AS id"),
        ],
    },
];

/// Tables with text that are deliberately not searched, so the registry test can tell them from forgotten ones.
pub const NOT_SEARCHED: &[&str] = &[
    // Links and exceptions carry no text of their own.
    "project_organizations",
    "meeting_attendees",
    "meeting_organizations",
    "meeting_exceptions",
    "interaction_organizations",
    "interaction_contacts",
    // A cadence is a number of days and a date.
    "cadences",
    // Agenda items are searched as part of their meeting.
    "meeting_agenda_items",
    // Templates are chosen from a menu; settings are not records.
    "meeting_templates",
    "settings",
    // The index itself.
    "search_docs",
    // Links, review history and amounts (a risk's linked tasks are searched as tasks): a risk's review notes and a budget line's category are read on the
    // project's risk and budget tabs, not looked for across the app.
    "task_dependencies",
    "risk_reviews",
    "risk_tasks",
    "budget_lines",
    // A report's summary belongs to the generated report, which is regenerated rather than searched.
    "status_reports",
    // A conflict's history is read on the conflict; its notes are about the change, not the conflict.
    "conflict_events",
    // Incidents and deliveries are read on the supplier's scorecard.
    "supplier_incidents",
    "supplier_deliveries",
];

fn source(kind: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.kind == kind)
}

/// The first and last index row id of a kind's documents.
fn doc_range(source: &Source) -> (i64, i64) {
    let lo = source.code << 40;
    (lo, lo + (1 << 40) - 1)
}

/// Index row ids of one kind's documents matching an expression: `?` expression, `?` first and `?` last row id.
pub const MATCHING_DOCS: &str =
    "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid BETWEEN ? AND ?";

/// Parameters for `MATCHING_DOCS`.
pub fn matching_params(kind: &str, expr: &str) -> Result<Vec<rusqlite::types::Value>> {
    let source = source(kind).ok_or(AppError::field("type", crate::error::Rule::OutOfRange))?;
    let (lo, hi) = doc_range(source);
    Ok(vec![expr.to_string().into(), lo.into(), hi.into()])
}

/// How many documents `MATCHING_DOCS` finds with these parameters; counting reads only the index.
pub fn count_matching(conn: &Connection, params: &[rusqlite::types::Value]) -> Result<i64> {
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM ({MATCHING_DOCS})"))?
        .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?)
}

/// The sources whose tables exist: while an older database is migrated, the search migration runs before the
/// migrations that create later entities' tables, and those sources join when their tables do.
fn present(conn: &Connection) -> Result<Vec<&'static Source>> {
    let mut out = Vec::new();
    for s in SOURCES {
        let mut all = true;
        for (table, _) in s.written_by {
            all &= conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1)")?
                .query_row([table], |r| r.get::<_, bool>(0))?;
        }
        if all {
            out.push(s);
        }
    }
    Ok(out)
}

/// Puts the triggers that note written rows on this connection (idempotent). Only the writer needs them.
pub fn install(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS search_dirty (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id))
         WITHOUT ROWID;",
    );
    for s in present(conn)? {
        for (n, (table, ids)) in s.written_by.iter().enumerate() {
            for (event, row) in [("INSERT", "NEW."), ("UPDATE", "NEW."), ("DELETE", "OLD.")] {
                let ids = ids.replace("NEW.", row);
                // Not `INSERT OR IGNORE`: inside an upsert (`ON CONFLICT DO UPDATE`, as `store::replace_links`
                // writes a link again) the outer statement's conflict handling replaces the trigger's, and a row
                // already noted would abort the write.
                sql.push_str(&format!(
                    "CREATE TEMP TRIGGER IF NOT EXISTS search_{kind}_{n}_{ev} AFTER {event} ON main.{table} BEGIN
                       INSERT INTO temp.search_dirty (kind, id) SELECT DISTINCT '{kind}', w.id FROM ({ids}) w
                        WHERE w.id IS NOT NULL AND NOT EXISTS
                          (SELECT 1 FROM temp.search_dirty s WHERE s.kind = '{kind}' AND s.id = w.id);
                     END;",
                    kind = s.kind,
                    ev = event.to_lowercase(),
                ));
            }
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Takes the triggers off this connection, for a bulk load that rebuilds the index once at the end.
pub fn uninstall(conn: &Connection) -> Result<()> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER temp.\"{name}\""))?;
    }
    Ok(())
}

/// Rewrites the documents of every row noted since the last flush. Called by `Db::write` before it commits.
pub fn flush(conn: &Connection) -> Result<()> {
    let mut dirty: BTreeMap<String, Vec<String>> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT kind, id FROM temp.search_dirty")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (kind, id) = row?;
            dirty.entry(kind).or_default().push(id);
        }
    }
    if dirty.is_empty() {
        return Ok(());
    }
    conn.execute("DELETE FROM temp.search_dirty", [])?;
    for (kind, ids) in dirty {
        let Some(s) = source(&kind) else { continue };
        let sql = format!("{} WHERE {} = ?1", s.select, s.id);
        for id in ids {
            let doc = conn.query_row(&sql, [&id], document).optional()?;
            match doc {
                Some(d) if !d.gone => put(conn, s, &d)?,
                _ => remove(conn, s.kind, &id)?,
            }
        }
    }
    Ok(())
}

struct Document {
    id: String,
    title: String,
    body: String,
    names: Option<String>,
    updated_at: String,
    gone: bool,
    parent: Option<String>,
}

fn document(r: &rusqlite::Row) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        names: r.get(3)?,
        updated_at: r.get(4)?,
        gone: r.get(5)?,
        parent: r.get(6)?,
    })
}

fn put(conn: &Connection, source: &Source, d: &Document) -> Result<()> {
    remove(conn, source.kind, &d.id)?;
    let (lo, hi) = doc_range(source);
    let last: Option<i64> = conn
        .prepare_cached(
            "SELECT doc FROM search_docs WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc DESC LIMIT 1",
        )?
        .query_row([lo, hi], |r| r.get(0))
        .optional()?;
    insert(
        conn,
        last.map_or(lo, |n| n + 1),
        source.kind,
        d,
        &segment(d),
    )
}

/// A document's four index columns: title words (with the pinyin of its names), title characters, body words,
/// body characters.
fn segment(d: &Document) -> [String; 4] {
    let mut title = text::tokens(&d.title);
    for name in d.names.iter() {
        for t in text::pinyin_tokens(name) {
            title.push_word(&t);
        }
    }
    let body = text::tokens(&d.body);
    [title.words, title.chars, body.words, body.chars]
}

/// Writes a document and its segmented columns under `rowid`, which must be free.
fn insert(
    conn: &Connection,
    rowid: i64,
    kind: &str,
    d: &Document,
    columns: &[String; 4],
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO search_docs (doc, kind, id, title, body, updated_at, parent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![rowid, kind, d.id, d.title, d.body, d.updated_at, d.parent])?;
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, title_words, title_chars, body_words, body_chars)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        rowid, columns[0], columns[1], columns[2], columns[3]
    ])?;
    Ok(())
}

fn remove(conn: &Connection, kind: &str, id: &str) -> Result<()> {
    let rowid: Option<i64> = conn
        .prepare_cached("SELECT rowid FROM search_docs WHERE kind = ?1 AND id = ?2")?
        .query_row([kind, id], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = rowid {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([rowid])?;
        conn.prepare_cached("DELETE FROM search_docs WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    Ok(())
}

/// Builds the index from scratch; `progress(done, total)` is called every few thousand rows. Returns the number
/// of documents indexed.
///
/// Documents are segmented on a second thread while this one reads the next ones and writes those already
/// segmented, in batches, in the order read.
pub fn rebuild(conn: &Connection, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
    conn.execute_batch(
        "DELETE FROM search_index; DELETE FROM search_docs; DELETE FROM temp.search_dirty;",
    )?;
    let sources = present(conn)?;
    let total: usize = sources
        .iter()
        .map(|s| {
            conn.query_row(&format!("SELECT count(*) FROM ({})", s.select), [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
        })
        .sum::<rusqlite::Result<usize>>()?;
    build(conn, &sources, total, progress)?;
    Ok(conn.query_row("SELECT count(*) FROM search_docs", [], |r| {
        r.get::<_, i64>(0)
    })? as usize)
}

/// Documents travel between the threads in batches of this many.
const BATCH: usize = 256;

/// A document read, with the row id it gets and its kind.
type Read = (i64, &'static str, Document);

/// Reads every source's documents (oldest first, so row ids follow the order of the last changes, as they do when
/// rows are written one by one), has them segmented on a second thread, and writes them in the order read.
fn build(
    conn: &Connection,
    sources: &[&'static Source],
    total: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    std::thread::scope(|scope| {
        // At most two batches are out at a time, so neither channel ever blocks a sender for long.
        let (to_segment, inbox) = std::sync::mpsc::sync_channel::<Vec<Read>>(2);
        let (outbox, segmented) = std::sync::mpsc::sync_channel::<Vec<(Read, [String; 4])>>(2);
        scope.spawn(move || {
            for batch in inbox {
                let done = batch
                    .into_iter()
                    .map(|read| {
                        let columns = segment(&read.2);
                        (read, columns)
                    })
                    .collect();
                if outbox.send(done).is_err() {
                    break;
                }
            }
        });
        let lost = || AppError::Internal {
            message: "the search index's segmenting thread stopped".into(),
        };
        let mut out = 0;
        let write_next = |out: &mut usize| -> Result<()> {
            for ((rowid, kind, d), columns) in segmented.recv().map_err(|_| lost())? {
                insert(conn, rowid, kind, &d, &columns)?;
            }
            *out -= 1;
            Ok(())
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut done = 0;
        for s in sources {
            let mut rowid = doc_range(s).0;
            let mut stmt = conn.prepare(&format!("SELECT * FROM ({}) ORDER BY 5", s.select))?;
            for d in stmt.query_map([], document)? {
                let d = d?;
                if !d.gone {
                    batch.push((rowid, s.kind, d));
                    rowid += 1;
                }
                done += 1;
                if done % 5000 == 0 {
                    progress(done, total);
                }
                if batch.len() == BATCH {
                    if out == 2 {
                        write_next(&mut out)?;
                    }
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    to_segment.send(full).map_err(|_| lost())?;
                    out += 1;
                }
            }
        }
        if !batch.is_empty() {
            if out == 2 {
                write_next(&mut out)?;
            }
            to_segment.send(batch).map_err(|_| lost())?;
            out += 1;
        }
        drop(to_segment);
        while out > 0 {
            write_next(&mut out)?;
        }
        progress(done, total);
        Ok(())
    })
}

/// The migration's step: the index of the rows already there.
pub fn build_on_migrate(conn: &Connection) -> Result<()> {
    install(conn)?;
    let n = rebuild(conn, &mut |done, total| {
        tracing::info!(done, total, "building the search index");
    })?;
    tracing::info!(documents = n, "search index built");
    Ok(())
}

/// What `check` found: documents missing from the index, documents of rows that are gone, and stale ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CheckReport {
    pub documents: i32,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub stale: Vec<String>,
}

impl CheckReport {
    pub fn is_consistent(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.stale.is_empty()
    }
}

/// Compares the index with the tables: every live row has exactly its current document, nothing else is there.
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let mut want: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    for s in SOURCES {
        // Oldest first, so row ids follow the order of the last changes, as they do when rows are written one by one.
        let mut stmt = conn.prepare(&format!("SELECT * FROM ({}) ORDER BY 5", s.select))?;
        for d in stmt.query_map([], document)? {
            let d = d?;
            if !d.gone {
                want.insert((s.kind.to_string(), d.id), (d.title, d.body, d.updated_at));
            }
        }
    }
    let mut report = CheckReport::default();
    let mut stmt = conn.prepare("SELECT kind, id, title, body, updated_at FROM search_docs")?;
    let mut seen = 0;
    for row in stmt.query_map([], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            (
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ),
        ))
    })? {
        let (key, doc) = row?;
        seen += 1;
        match want.remove(&key) {
            None => report.extra.push(format!("{}:{}", key.0, key.1)),
            Some(expected) if expected != doc => report.stale.push(format!("{}:{}", key.0, key.1)),
            Some(_) => {}
        }
    }
    report.missing = want
        .into_keys()
        .map(|(k, id)| format!("{k}:{id}"))
        .collect();
    let indexed: i64 = conn.query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))?;
    if indexed != seen {
        report
            .stale
            .push(format!("index rows {indexed} ≠ documents {seen}"));
    }
    report.documents = i32::try_from(seen).unwrap_or(i32::MAX);
    Ok(report)
}

/// One result, in rank order. `snippet` is plain text; `marks` are the character ranges of the matched words in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Hit {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub title: String,
    /// What a result without a page of its own opens: a decision's meeting, a task's project (if any).
    pub parent: Option<String>,
    pub snippet: String,
    pub marks: Vec<[u32; 2]>,
    /// bm25 with titles weighted tenfold: lower is better.
    pub score: f64,
}

pub const MAX_LIMIT: u32 = 200;

/// Searches everything (or one type): titles and names first, then the more recently changed (among equal scores
/// of different types, the order of `SOURCES` backwards). Any text is a valid query; one with nothing searchable
/// (only punctuation) finds nothing.
pub fn search(conn: &Connection, query: &str, kind: Option<&str>, limit: u32) -> Result<Vec<Hit>> {
    if let Some(k) = kind {
        if source(k).is_none() {
            return Err(AppError::field("type", crate::error::Rule::OutOfRange));
        }
    }
    let Some((expr, terms)) = text::query(query) else {
        return Ok(Vec::new());
    };
    // One type is one block of row ids: the index skips the others. The order comes from the index alone (score,
    // then the newer document: a kind's row ids grow with each write), so only the page's documents are read.
    let (lo, hi) = kind.and_then(source).map_or((0, i64::MAX), doc_range);
    let mut stmt = conn.prepare_cached(
        "WITH top AS (
           SELECT rowid, bm25(search_index, 10.0, 10.0, 1.0, 1.0) AS score FROM search_index
            WHERE search_index MATCH ?1 AND rowid BETWEEN ?2 AND ?3
            ORDER BY score, rowid DESC LIMIT ?4)
         SELECT d.kind, d.id, d.title, d.body, t.score, d.parent FROM top t JOIN search_docs d ON d.doc = t.rowid
         ORDER BY t.score, t.rowid DESC",
    )?;
    let rows = stmt.query_map(params![expr, lo, hi, limit.clamp(1, MAX_LIMIT)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, f64>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, id, title, body, score, parent) = row?;
        out.push(hit(kind, id, title, parent, &body, score, &terms));
    }
    Ok(out)
}

fn hit(
    kind: String,
    id: String,
    title: String,
    parent: Option<String>,
    body: &str,
    score: f64,
    terms: &[Term],
) -> Hit {
    // The body around the match when the body holds it; else its start.
    let (snippet, marks) = text::snippet(body, terms, 80);
    Hit {
        kind,
        id,
        title,
        parent,
        snippet,
        marks: marks
            .into_iter()
            .map(|[a, b]| [u32::try_from(a).unwrap_or(0), u32::try_from(b).unwrap_or(0)])
            .collect(),
        score,
    }
}
