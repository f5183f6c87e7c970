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
        | AppError::Internal { message: detail } => format!("{message}\n  ({detail})"),
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
        NothingFound { query } => {
            if zh {
                format!("没有找到与“{query}”相关的内容")
            } else {
                format!("Nothing found for “{query}”")
            }
        }
    }
}
