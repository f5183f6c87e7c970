//! Everything the Rust side says to people, in both languages, in one place: the command line's output, and the
//! human text of each error code and validation rule. The error texts are the UI's own
//! (`ui/src/locales/*/errors.json`, compiled in), so the command line and the window say the same thing and a new
//! code or rule gets its message once, for both.

use crate::error::AppError;
use crate::export::summary::Lang;
use serde_json::Value;
use std::sync::OnceLock;

const ERRORS_EN: &str = include_str!("../ui/src/locales/en/errors.json");
const ERRORS_ZH: &str = include_str!("../ui/src/locales/zh-CN/errors.json");

fn errors(lang: Lang) -> &'static Value {
    static EN: OnceLock<Value> = OnceLock::new();
    static ZH: OnceLock<Value> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, ERRORS_EN),
        Lang::ZhCn => (&ZH, ERRORS_ZH),
    };
    // The files are compiled in and parsed by the tests; were one unreadable, errors would show their codes.
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or(Value::Null))
}

/// The message for an error code ("validation", "not_found", …), as the UI shows it.
pub fn code_message(lang: Lang, code: &str) -> Option<&'static str> {
    errors(lang).get("code")?.get(code)?.as_str()
}

/// The message for a validation rule ("required", "out_of_range", …), as the UI shows it under a field.
pub fn rule_message(lang: Lang, rule: &str) -> Option<&'static str> {
    errors(lang).get("rule")?.get(rule)?.as_str()
}

/// The language the command line speaks: the one saved in the app's settings, else the system's (LC_ALL,
/// LC_MESSAGES, LANG: the first one set decides), else English.
pub fn cli_lang(saved: Option<&str>) -> Lang {
    saved
        .and_then(Lang::parse)
        .or_else(|| {
            let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())?;
            Some(system_lang(&var))
        })
        .unwrap_or(Lang::En)
}

/// "zh_CN.UTF-8", "zh_TW", "zh" → Chinese; "C.UTF-8", "en_US", "de_DE", … → English (the only other language).
fn system_lang(var: &str) -> Lang {
    if var.to_ascii_lowercase().starts_with("zh") {
        Lang::ZhCn
    } else {
        Lang::En
    }
}

/// An error as people read it: the message of its code; for a validation error, one line per field, named as the
/// user knows it (`name` maps a field to e.g. the command-line option "--to"), with its rule's message.
pub fn describe(lang: Lang, err: &AppError, name: &dyn Fn(&str) -> String) -> String {
    let code = err.code();
    let message = code_message(lang, &code).unwrap_or(code.as_str());
    match err {
        AppError::Validation { fields } if !fields.is_empty() => fields
            .iter()
            .map(|f| {
                let rule = f.rule.key();
                format!(
                    "{}: {}",
                    name(&f.field),
                    rule_message(lang, &rule).unwrap_or(rule.as_str())
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        AppError::NotFound { entity, id } => format!("{message} ({entity} {id})"),
        // The underlying reason (from SQLite, the OS or the exporter) helps whoever reads a terminal.
        AppError::Database { message: detail }
        | AppError::Io { message: detail }
        | AppError::Export { message: detail }
        | AppError::Internal { message: detail }
        | AppError::DiskFull { message: detail }
        | AppError::StorageFailure { message: detail }
        | AppError::InvalidBackup { problem: detail } => format!("{message}\n  ({detail})"),
        AppError::SyncUnreachable {
            target,
            message: detail,
        } => {
            format!("{message}\n  {target}: {detail}")
        }
        AppError::SyncDamaged { file, problem } => format!("{message}\n  {file}: {problem}"),
        AppError::SyncTls {
            target,
            message: detail,
        } => format!("{message}\n  {target}: {detail}"),
        AppError::SyncDenied { target } => format!("{message}\n  {target}"),
        AppError::SyncPassphrase { problem } => format!("{message}\n  ({problem})"),
        AppError::SyncMassDelete { deletes, live } => format!("{message}\n  ({deletes} / {live})"),
        AppError::InvalidImport { at, problem } => format!("{message}\n  {at}: {problem}"),
        AppError::InvalidRecord { line, field, rule } => {
            let key = rule.key();
            let problem = rule_message(lang, &key).unwrap_or(key.as_str());
            let at = errors(lang)
                .get("hint")
                .and_then(|h| h.get("recordAt"))
                .and_then(Value::as_str)
                .unwrap_or("{{line}} {{field}}: {{problem}}")
                .replace("{{line}}", &line.to_string())
                .replace("{{field}}", field)
                .replace("{{problem}}", problem);
            format!("{message}\n  {at}")
        }
        AppError::Damaged {
            problems,
            moved_to,
            newest_backup,
        } => {
            let mut out = message.to_string();
            // SQLite's integrity report can run to thousands of lines; the first few say enough.
            for p in problems.iter().take(5) {
                out.push_str(&format!("\n  {p}"));
            }
            if problems.len() > 5 {
                out.push_str(&format!("\n  (+{})", problems.len() - 5));
            }
            if let Some(path) = moved_to {
                out.push_str(&format!("\n  → {path}"));
            }
            if let Some(path) = newest_backup {
                if lang == Lang::ZhCn {
                    out.push_str(&format!(
                        "\n最新的完好备份：{path}\n  liaison-desk restore \"{path}\""
                    ));
                } else {
                    out.push_str(&format!(
                        "\nnewest sound backup: {path}\n  liaison-desk restore \"{path}\""
                    ));
                }
            }
            out
        }
        _ => message.to_string(),
    }
}

/// What the command line prints on success. Both languages side by side, so neither can be forgotten.
pub enum Say<'a> {
    DemoLoaded {
        path: &'a str,
        organizations: i32,
        contacts: i32,
        projects: i32,
        tasks: i32,
        meetings: i32,
    },
    Seeded {
        rows: usize,
        secs: f64,
        path: &'a str,
    },
    WroteSchedule {
        from: &'a str,
        to: &'a str,
        path: &'a str,
    },
    WroteFile {
        path: &'a str,
    },
    WrotePacks {
        count: usize,
        files: &'a str,
    },
    WroteBatch {
        written: usize,
        total: i32,
        dir: &'a str,
        secs: f64,
    },
    Info {
        path: &'a str,
        schema: i32,
    },
    UnknownFormat {
        given: &'a str,
    },
    BackedUp {
        path: &'a str,
        rows: i64,
        schema: i32,
        /// How many backups the folder keeps; None for a backup written to a file of the user's choice.
        keep: Option<usize>,
        secs: f64,
    },
    Restored {
        report: &'a crate::store::backup::RestoreReport,
    },
    Checked {
        path: &'a str,
        report: &'a crate::store::backup::CheckReport,
    },
    ExportedAll {
        path: &'a str,
        tables: usize,
        rows: usize,
        secs: f64,
    },
    ImportedAll {
        path: &'a str,
        tables: usize,
        rows: usize,
        secs: f64,
    },
    ImportNeedsMerge,
    UnknownLang {
        given: &'a str,
    },
    IndexRebuilt {
        documents: usize,
        secs: f64,
    },
    IndexChecked {
        report: &'a crate::search::CheckReport,
    },
    NothingFound {
        query: &'a str,
    },
    UnknownCardFormat {
        given: &'a str,
    },
    ImportedContacts {
        path: &'a str,
        report: &'a crate::services::contacts_io::ImportReport,
        secs: f64,
    },
    ExportedContacts {
        path: &'a str,
        contacts: usize,
        organizations: usize,
    },
    SyncSetUp {
        target: &'a str,
        device: &'a str,
        pending: i32,
    },
    Synced {
        report: &'a crate::sync::SyncReport,
    },
    SyncStatus {
        status: &'a crate::sync::SyncStatus,
    },
    SyncConflicts {
        conflicts: &'a [crate::sync::SyncConflict],
    },
    SyncResolved {
        id: i32,
    },
    PublishSetUp {
        settings: &'a crate::sync::publish::PublishSettings,
    },
    Published {
        report: &'a crate::sync::publish::PublishReport,
    },
    PublishPreview {
        report: &'a crate::sync::publish::PublishReport,
    },
    PublishStatus {
        status: &'a crate::sync::publish::PublishStatus,
    },
    PublishOff,
}

/// A publish's (or its preview's) counts, a line per collection.
fn publish_lines(zh: bool, preview: bool, r: &crate::sync::publish::PublishReport) -> String {
    let mut out = vec![match (preview, zh) {
        (false, true) => format!("发布完成，用时 {:.2} 秒", r.secs),
        (false, false) => format!("Published in {:.2} s", r.secs),
        (true, true) => "下次发布将会（未连接服务器）：".to_string(),
        (true, false) => "The next publish would (the server was not contacted):".to_string(),
    }];
    if let Some(c) = &r.calendar {
        out.push(publish_counts(
            zh,
            if zh { "  日历" } else { "  calendar" },
            c,
        ));
    }
    if let Some(c) = &r.contacts {
        out.push(publish_counts(
            zh,
            if zh { "  通讯录" } else { "  address book" },
            c,
        ));
    }
    out.join("\n")
}

/// "3 added, 1 updated, 0 deleted, 40 unchanged" for one collection of a publish.
fn publish_counts(zh: bool, what: &str, c: &crate::sync::publish::PublishCounts) -> String {
    if zh {
        format!(
            "{what}：新增 {}，更新 {}，删除 {}，未变 {}",
            c.added, c.updated, c.deleted, c.unchanged
        )
    } else {
        format!(
            "{what}: {} added, {} updated, {} deleted, {} unchanged",
            c.added, c.updated, c.deleted, c.unchanged
        )
    }
}

/// A search result's type as people call it.
pub fn kind_name(lang: Lang, kind: &str) -> &'static str {
    let zh = lang == Lang::ZhCn;
    match (kind, zh) {
        ("organization", true) => "组织",
        ("organization", false) => "organization",
        ("contact", true) => "联系人",
        ("contact", false) => "contact",
        ("project", true) => "项目",
        ("project", false) => "project",
        ("task", true) => "任务",
        ("task", false) => "task",
        ("meeting", true) => "会议",
        ("meeting", false) => "meeting",
        ("decision", true) => "决议",
        ("decision", false) => "decision",
        ("interaction", true) => "往来记录",
        ("interaction", false) => "interaction",
        ("commitment", true) => "承诺",
        ("commitment", false) => "commitment",
        ("conflict", true) => "部门冲突",
        ("conflict", false) => "conflict",
        (_, true) => "记录",
        (_, false) => "record",
    }
}

pub fn say(lang: Lang, msg: Say) -> String {
    use Say::*;
    let zh = lang == Lang::ZhCn;
    match msg {
        DemoLoaded {
            path,
            organizations,
            contacts,
            projects,
            tasks,
            meetings,
        } => {
            if zh {
                format!("已将示例数据载入 {path}：{organizations} 个组织、{contacts} 位联系人、{projects} 个项目、{tasks} 项任务、{meetings} 场会议")
            } else {
                format!("Loaded demo data into {path}: {organizations} organizations, {contacts} contacts, {projects} projects, {tasks} tasks, {meetings} meetings")
            }
        }
        Seeded { rows, secs, path } => {
            let rate = rows as f64 / secs.max(1e-9);
            if zh {
                format!("已写入 {rows} 行，用时 {secs:.2} 秒（每秒 {rate:.0} 行），数据库：{path}")
            } else {
                format!("Seeded {rows} rows in {secs:.2} s ({rate:.0} rows/s) into {path}")
            }
        }
        WroteSchedule { from, to, path } => {
            if zh {
                format!("已将 {from} 至 {to} 的日程写入 {path}")
            } else {
                format!("Wrote the schedule from {from} to {to} to {path}")
            }
        }
        WroteFile { path } => {
            if zh {
                format!("已写入 {path}")
            } else {
                format!("Wrote {path}")
            }
        }
        WrotePacks { count, files } => {
            if zh {
                format!("已写入 {count} 份跟进材料：\n{files}")
            } else {
                format!("Wrote {count} follow-up packs:\n{files}")
            }
        }
        WroteBatch {
            written,
            total,
            dir,
            secs,
        } => {
            if zh {
                format!("已将 {total} 场会议中的 {written} 场写入 {dir}，用时 {secs:.2} 秒")
            } else {
                format!("Wrote {written} of {total} meetings to {dir} in {secs:.2} s")
            }
        }
        Info { path, schema } => {
            if zh {
                format!("数据库：{path}\n数据结构版本：{schema}")
            } else {
                format!("database: {path}\nschema version: {schema}")
            }
        }
        UnknownFormat { given } => {
            if zh {
                format!("未知格式 {given:?}；可用 md、html、pdf、docx、eml 或 ics")
            } else {
                format!("unknown format {given:?}; use md, html, pdf, docx, eml or ics")
            }
        }
        BackedUp {
            path,
            rows,
            schema,
            keep,
            secs,
        } => {
            let kept = match (keep, zh) {
                (Some(n), true) => format!("；保留最新的 {n} 份备份"),
                (Some(n), false) => format!("; the newest {n} backups are kept"),
                (None, _) => String::new(),
            };
            if zh {
                format!("已将 {rows} 行备份到 {path}，用时 {secs:.2} 秒（已验证：完整性正常，数据结构版本 {schema}，行数一致）{kept}")
            } else {
                format!("Backed up {rows} rows to {path} in {secs:.2} s (verified: integrity ok, schema version {schema}, row counts match){kept}")
            }
        }
        Restored { report } => {
            let (from, rows) = (&report.restored_from, report.rows);
            match (&report.kept, zh) {
                (Some(kept), true) => {
                    format!("已从 {from} 恢复 {rows} 行；被替换的数据库已保留为 {kept}")
                }
                (Some(kept), false) => format!(
                    "Restored {rows} rows from {from}; the database it replaced is kept as {kept}"
                ),
                (None, true) => format!("已从 {from} 恢复 {rows} 行"),
                (None, false) => format!("Restored {rows} rows from {from}"),
            }
        }
        Checked { path, report } => {
            let r = report;
            if zh {
                format!(
                    "{path}：正常——已检查完整性、引用关系及 {} 个搜索索引；数据结构版本 {}，{} 张表，{} 行（{:.2} 秒）",
                    r.search_indexes, r.schema_version, r.tables, r.rows, r.secs
                )
            } else {
                format!(
                    "{path}: ok — integrity, references and {} search indexes checked; schema version {}, {} tables, {} rows ({:.2} s)",
                    r.search_indexes, r.schema_version, r.tables, r.rows, r.secs
                )
            }
        }
        ExportedAll {
            path,
            tables,
            rows,
            secs,
        } => {
            if zh {
                format!("已将全部数据（{tables} 张表，{rows} 行）导出到 {path}，用时 {secs:.2} 秒")
            } else {
                format!(
                    "Exported everything ({tables} tables, {rows} rows) to {path} in {secs:.2} s"
                )
            }
        }
        ImportedAll {
            path,
            tables,
            rows,
            secs,
        } => {
            if zh {
                format!("已从 {path} 导入 {tables} 张表、{rows} 行，用时 {secs:.2} 秒")
            } else {
                format!("Imported {rows} rows of {tables} tables from {path} in {secs:.2} s")
            }
        }
        ImportNeedsMerge => {
            if zh {
                "这里已有数据，因此未导入任何内容。如要合并导入，请加上 --merge（同一 id 的记录以较新的为准）。".to_string()
            } else {
                "There is already data here, so nothing was imported. To merge the file into it, add --merge (a record with the same id is replaced when the file's copy is newer).".to_string()
            }
        }
        UnknownLang { given } => {
            if zh {
                format!("未知语言 {given:?}；可用 zh-CN 或 en")
            } else {
                format!("unknown language {given:?}; use zh-CN or en")
            }
        }
        IndexRebuilt { documents, secs } => {
            let rate = documents as f64 / secs.max(1e-9);
            if zh {
                format!(
                    "已重建搜索索引：{documents} 条记录，用时 {secs:.2} 秒（每秒 {rate:.0} 条）"
                )
            } else {
                format!("Rebuilt the search index: {documents} records in {secs:.2} s ({rate:.0} records/s)")
            }
        }
        IndexChecked { report } => {
            if report.is_consistent() {
                if zh {
                    format!("搜索索引与数据一致：{} 条记录", report.documents)
                } else {
                    format!(
                        "The search index matches the data: {} records",
                        report.documents
                    )
                }
            } else {
                let list = |v: &[String]| v.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
                if zh {
                    format!(
                        "搜索索引与数据不一致：缺少 {} 条（{}），多出 {} 条（{}），过期 {} 条（{}）。运行 liaison-desk search --rebuild 重建",
                        report.missing.len(), list(&report.missing),
                        report.extra.len(), list(&report.extra),
                        report.stale.len(), list(&report.stale)
                    )
                } else {
                    format!(
                        "The search index differs from the data: {} missing ({}), {} extra ({}), {} stale ({}). Run liaison-desk search --rebuild",
                        report.missing.len(), list(&report.missing),
                        report.extra.len(), list(&report.extra),
                        report.stale.len(), list(&report.stale)
                    )
                }
            }
        }
        UnknownCardFormat { given } => {
            if zh {
                format!("未知格式 {given:?}；可用 csv 或 vcf")
            } else {
                format!("unknown format {given:?}; use csv or vcf")
            }
        }
        ImportedContacts { path, report, secs } => imported_contacts(zh, path, report, secs),
        ExportedContacts {
            path,
            contacts,
            organizations,
        } => {
            if zh {
                format!("已将 {contacts} 位联系人和 {organizations} 个组织写入 {path}")
            } else {
                format!("Wrote {contacts} contacts and {organizations} organizations to {path}")
            }
        }
        SyncSetUp {
            target,
            device,
            pending,
        } => {
            if zh {
                format!("已设置同步到 {target}（本设备 {device}）；{pending} 项更改将在下次同步时发送。运行 `liaison-desk sync` 立即同步。")
            } else {
                format!("Sync set up to {target} (this device: {device}); {pending} changes go out at the next sync. Run `liaison-desk sync` to sync now.")
            }
        }
        Synced { report: r } => {
            let mut out = if zh {
                format!(
                    "同步完成：发送 {} 项更改，收到 {} 项（应用 {} 项），冲突 {} 个，自动合并 {} 处，等待中 {} 项，用时 {:.2} 秒",
                    r.sent, r.received, r.applied, r.conflicts, r.merged, r.waiting, r.secs
                )
            } else {
                format!(
                    "Synced: {} changes sent, {} received ({} applied), {} conflicts, {} merged, {} waiting, in {:.2} s",
                    r.sent, r.received, r.applied, r.conflicts, r.merged, r.waiting, r.secs
                )
            };
            if r.snapshot_loaded {
                out.push_str(if zh {
                    "；已从快照开始"
                } else {
                    "; started from a snapshot"
                });
            }
            if r.new_device {
                out.push_str(if zh {
                    "\n此数据文件夹是从另一台设备复制来的，现已作为一台独立设备同步。"
                } else {
                    "\nThis data folder was copied from another device; it now syncs as a device of its own."
                });
            }
            if let Some(p) = &r.published {
                out.push('\n');
                out.push_str(&say(lang, Published { report: p }));
            }
            if r.conflicts > 0 {
                out.push_str(if zh {
                    "\n运行 `liaison-desk sync conflicts` 查看冲突。"
                } else {
                    "\nRun `liaison-desk sync conflicts` to see the conflicts."
                });
            }
            out
        }
        SyncStatus { status } => match &status.settings {
            None => code_message(lang, "sync_not_set_up")
                .unwrap_or("")
                .to_string(),
            Some(settings) => {
                let target = settings.target.describe();
                let device = status.device.as_deref().unwrap_or("");
                let mut out = if zh {
                    format!(
                        "同步目标：{target}\n本设备：{device}\n待发送：{} 项更改；等待中：{} 项；未解决冲突：{} 个\n其他设备：{} 台",
                        status.pending, status.waiting, status.open_conflicts, status.devices.len()
                    )
                } else {
                    format!(
                        "Target: {target}\nThis device: {device}\nPending: {} changes; waiting: {}; open conflicts: {}\nOther devices: {}",
                        status.pending, status.waiting, status.open_conflicts, status.devices.len()
                    )
                };
                for d in &status.devices {
                    out.push_str(&format!(
                        "\n  {} {} #{} {}",
                        d.device,
                        d.name.as_deref().unwrap_or(""),
                        d.applied,
                        d.last_seen.as_deref().unwrap_or("")
                    ));
                }
                if let Some(run) = status.runs.first() {
                    let when = run.finished_at.as_deref().unwrap_or(&run.started_at);
                    out.push_str(&match (&run.error, zh) {
                        (Some(e), true) => format!("\n上次同步 {when}：失败 — {e}"),
                        (Some(e), false) => format!("\nLast sync {when}: failed — {e}"),
                        (None, true) => format!(
                            "\n上次同步 {when}：发送 {}，收到 {}",
                            run.sent, run.received
                        ),
                        (None, false) => format!(
                            "\nLast sync {when}: {} sent, {} received",
                            run.sent, run.received
                        ),
                    });
                }
                out
            }
        },
        SyncConflicts { conflicts } => {
            if conflicts.is_empty() {
                return if zh {
                    "没有同步冲突。".into()
                } else {
                    "No sync conflicts.".into()
                };
            }
            let mut out = if zh {
                format!(
                    "{} 个同步冲突（用 `liaison-desk sync resolve ID --keep mine|theirs` 处理）：",
                    conflicts.len()
                )
            } else {
                format!("{} sync conflicts (settle with `liaison-desk sync resolve ID --keep mine|theirs`):", conflicts.len())
            };
            for k in conflicts.iter() {
                let kept = match (k.kept.as_str(), zh) {
                    ("mine", true) => "保留了本机的值",
                    ("mine", false) => "kept mine",
                    (_, true) => "保留了对方的值",
                    (_, false) => "kept theirs",
                };
                let mine_label = if zh { "本机" } else { "mine" };
                let theirs_label = if zh { "对方" } else { "theirs" };
                out.push_str(&format!(
                    "\n#{} {} {} · {}.{}: {mine_label} {} / {theirs_label} {} ({kept})",
                    k.id,
                    k.kind,
                    k.title.as_deref().unwrap_or(&k.row_key),
                    k.table,
                    k.field,
                    k.mine,
                    k.theirs
                ));
            }
            out
        }
        SyncResolved { id } => {
            if zh {
                format!("冲突 #{id} 已处理。")
            } else {
                format!("Conflict #{id} settled.")
            }
        }
        PublishSetUp { settings } => {
            let mut out = vec![if zh {
                format!("已设置发布（用户 {}）：", settings.user)
            } else {
                format!("Publishing set up (user {}):", settings.user)
            }];
            if let Some(u) = &settings.calendar_url {
                out.push(format!("  {} {u}", if zh { "日历：" } else { "calendar:" }));
            }
            if let Some(u) = &settings.contacts_url {
                out.push(format!(
                    "  {} {u}",
                    if zh { "通讯录：" } else { "address book:" }
                ));
            }
            out.push(if zh {
                "运行 `liaison-desk publish` 立即发布。".into()
            } else {
                "Run `liaison-desk publish` to publish now.".into()
            });
            out.join("\n")
        }
        Published { report } => publish_lines(zh, false, report),
        PublishPreview { report } => publish_lines(zh, true, report),
        PublishStatus { status } => match &status.settings {
            None => code_message(lang, "publish_not_set_up")
                .unwrap_or("")
                .to_string(),
            Some(settings) => {
                let mut out = Vec::new();
                if let Some(u) = &settings.calendar_url {
                    out.push(if zh {
                        format!("日历：{u}（已发布 {} 项）", status.calendar_items)
                    } else {
                        format!("Calendar: {u} ({} items published)", status.calendar_items)
                    });
                }
                if let Some(u) = &settings.contacts_url {
                    out.push(if zh {
                        format!("通讯录：{u}（已发布 {} 项）", status.contacts_items)
                    } else {
                        format!(
                            "Address book: {u} ({} items published)",
                            status.contacts_items
                        )
                    });
                }
                out.push(match (&status.last_published_at, zh) {
                    (Some(t), true) => format!("上次发布：{t}"),
                    (Some(t), false) => format!("Last published: {t}"),
                    (None, true) => "尚未发布".into(),
                    (None, false) => "Not published yet".into(),
                });
                if let Some(e) = &status.last_error {
                    out.push(if zh {
                        format!("上次发布失败：{e}")
                    } else {
                        format!("Last publish failed: {e}")
                    });
                }
                out.join("\n")
            }
        },
        PublishOff => {
            if zh {
                "已停止发布。已发布到服务器的内容保留在那里。".into()
            } else {
                "Publishing stopped. What was published stays on the server.".into()
            }
        }
        NothingFound { query } => {
            if zh {
                format!("没有找到与“{query}”相关的内容")
            } else {
                format!("Nothing found for “{query}”")
            }
        }
    }
}

/// An import's summary, and for a dry run each record with what would happen to it and what it matched.
fn imported_contacts(
    zh: bool,
    path: &str,
    r: &crate::services::contacts_io::ImportReport,
    secs: f64,
) -> String {
    use crate::services::contacts_io::{MatchBy, RowAction};
    let (created, updated, unchanged, orgs) =
        (r.created, r.updated, r.unchanged, r.organizations_created);
    let mut out = match (r.applied, zh) {
        (true, true) => format!("已从 {path} 导入 {} 条记录（{}），用时 {secs:.2} 秒：新建 {created}，补充 {updated}，已存在未变 {unchanged}；新建组织 {orgs} 个", r.total, r.encoding),
        (true, false) => format!("Imported {} records from {path} ({}) in {secs:.2} s: {created} new, {updated} completed, {unchanged} already there unchanged; {orgs} new organizations", r.total, r.encoding),
        (false, true) => format!("试运行，未写入任何内容。{path}（{}）共 {} 条记录：将新建 {created}，补充 {updated}，已存在未变 {unchanged}；将新建组织 {orgs} 个", r.encoding, r.total),
        (false, false) => format!("Dry run, nothing written. {path} ({}) has {} records: {created} would be new, {updated} completed, {unchanged} already there unchanged; {orgs} new organizations", r.encoding, r.total),
    };
    if r.applied {
        return out;
    }
    for row in &r.rows {
        let action = match (row.action, zh) {
            (RowAction::Create, true) => "新建",
            (RowAction::Create, false) => "new",
            (RowAction::Update, true) => "补充",
            (RowAction::Update, false) => "complete",
            (RowAction::Unchanged, true) => "不变",
            (RowAction::Unchanged, false) => "unchanged",
        };
        let by = row.matched_by.map(|b| match (b, zh) {
            (MatchBy::Email, true) => "邮箱",
            (MatchBy::Email, false) => "e-mail",
            (MatchBy::Phone, true) => "电话",
            (MatchBy::Phone, false) => "phone",
            (MatchBy::NameAndOrganization, true) => "姓名和组织",
            (MatchBy::NameAndOrganization, false) => "name and organization",
            (MatchBy::Name, true) => "名称",
            (MatchBy::Name, false) => "name",
        });
        let matched = match (by, &row.matched_name, zh) {
            (Some(by), Some(name), true) => format!("  ← 按{by}匹配到 {name}"),
            (Some(by), Some(name), false) => format!("  ← matches {name} by {by}"),
            _ => String::new(),
        };
        let line = if zh {
            format!("第 {} 行", row.line)
        } else {
            format!("line {}", row.line)
        };
        out.push_str(&format!("\n{line}\t{action}\t{}{matched}", row.name));
    }
    if r.total as usize > r.rows.len() {
        out.push_str(&format!("\n… (+{})", r.total as usize - r.rows.len()));
    }
    out
}
