//! The command line of the same binary: a global `--data-dir`, and headless subcommands that need no display.

use crate::domain::{time, utc_string};
use crate::error::{AppError, Result, Rule};
use crate::export::summary::Lang;
use crate::import::{CardField, CardFormat, ColumnMap};
use crate::messages::{self, Say};
use crate::services::contacts_io::{self, ImportOptions};
use crate::services::demo::{self, SeedPlan};
use crate::services::exports::{self, BatchQuery, ExportFormat};
use crate::services::planner::{self, RangeQuery};
use crate::services::settings;
use crate::services::{archive, backups, reports};
use crate::store::backup;
use crate::store::Db;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "liaison-desk",
    version,
    about = "Liaison Desk (协作联络台) — plan, meet and follow up across teams"
)]
pub struct Cli {
    /// Folder holding liaison-desk.db (default: the OS app-data folder).
    #[arg(long, global = true, env = "LIAISON_DESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty database with bilingual sample data around the current week.
    Demo,
    /// Write scale data for benchmarks (one transaction; an empty database is loaded without syncs).
    Seed {
        #[arg(long, default_value_t = 0)]
        orgs: usize,
        #[arg(long, default_value_t = 0)]
        contacts: usize,
        #[arg(long, default_value_t = 0)]
        projects: usize,
        #[arg(long, default_value_t = 0)]
        tasks: usize,
        #[arg(long, default_value_t = 0)]
        meetings: usize,
        /// Random seed, so two runs write the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Print where the database is and its schema version.
    Info,
    /// List meetings with their ids (for `export meeting`), newest first.
    Meetings {
        /// Only meetings whose title contains these words (pinyin works too).
        #[arg(long)]
        search: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i32,
    },
    /// Write files for other programs, or everything as one JSON document (`export all`).
    #[command(subcommand)]
    Export(Export),
    /// Search everything: organizations, contacts, projects, tasks, meetings (agenda and notes too) and decisions.
    /// Chinese words inside longer ones, pinyin (zhangwei, zw) and English word forms all match.
    Search {
        /// What to look for; the last word may be the start of one.
        #[arg(required_unless_present_any = ["rebuild", "check"])]
        query: Option<String>,
        /// Only this type: organization, contact, project, task, meeting or decision.
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print one JSON array of {type, id, title, snippet, marks, score}, best first.
        #[arg(long)]
        json: bool,
        /// Build the index again from the tables.
        #[arg(long, conflicts_with_all = ["query", "check"])]
        rebuild: bool,
        /// Compare the index with the tables; exits non-zero when they differ.
        #[arg(long, conflicts_with = "query")]
        check: bool,
    },
    /// Read a document written by `export all`.
    #[command(subcommand)]
    Import(Import),
    /// Write a verified backup: into the backups folder (keeping the newest 14), or to FILE with -o.
    Backup {
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Replace the database with a backup after checking it; the replaced database is kept as a backup.
    /// Refused while the app has the data folder open.
    Restore {
        /// A backup file (from `backup`, or the backups folder).
        file: PathBuf,
    },
    /// Check the database: integrity, references and search indexes. Exits non-zero when something is wrong.
    Check,
    /// A weekly status report: a project's, or a department's across the projects it owns.
    #[command(subcommand)]
    Report(Report),
    /// Sync with your other devices through a folder you already sync (Syncthing, Nextcloud, a network share).
    /// Without a subcommand: sync once now.
    Sync(SyncArgs),
    /// Publish meetings and task blocks to a CalDAV calendar, organizations and contacts to a CardDAV address book
    /// (one way; the desk is the source). Without a subcommand: publish what changed now.
    Publish(PublishArgs),
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PublishArgs {
    #[command(subcommand)]
    command: Option<PublishCommand>,
    /// Say what would be sent and deleted, without contacting the server.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum PublishCommand {
    /// Choose the calendar and address book (either may be left out). The password is read from
    /// LIAISON_DESK_PUBLISH_PASSWORD, else asked; it is kept in the system keychain.
    Setup {
        /// The CalDAV calendar (Nextcloud: https://HOST/remote.php/dav/calendars/USER/NAME/); created if missing
        /// where the server allows.
        #[arg(long)]
        calendar: Option<String>,
        /// The CardDAV address book (Nextcloud: https://HOST/remote.php/dav/addressbooks/users/USER/NAME/).
        #[arg(long)]
        contacts: Option<String>,
        #[arg(long)]
        user: String,
    },
    /// Where publishing goes, how much is there and when it last ran.
    Status,
    /// Stop publishing (what is on the server stays there).
    Off,
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    /// Apply changes that delete more than half of the records (sync stops before them otherwise).
    #[arg(long)]
    allow_deletes: bool,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Choose where to sync.
    Setup(SyncSetupArgs),
    /// The target, this device, pending changes, the other devices and the last sync.
    Status,
    /// Fields edited on two devices at once, and what was kept.
    Conflicts {
        /// Print a JSON array instead.
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict: keep my value or theirs (the choice reaches the other devices).
    Resolve {
        id: i32,
        #[arg(long, value_parser = parse_keep)]
        keep: crate::sync::SyncKeep,
    },
}

#[derive(Debug, clap::Args)]
pub struct SyncSetupArgs {
    #[command(subcommand)]
    target: SyncSetup,
    /// Encrypt everything on the target with a passphrase (read from LIAISON_DESK_SYNC_PASSPHRASE, else asked;
    /// kept in the system keychain). Devices joining an encrypted target need the same passphrase.
    #[arg(long, global = true)]
    encrypt: bool,
}

#[derive(Debug, Subcommand)]
pub enum SyncSetup {
    /// A folder that exists and that a sync tool or network share keeps in step between devices.
    Folder { path: PathBuf },
    /// A WebDAV collection (Nextcloud: https://HOST/remote.php/dav/files/USER/FOLDER). The password is read from
    /// LIAISON_DESK_SYNC_PASSWORD, else asked; it is kept in the system keychain.
    Webdav {
        url: String,
        #[arg(long)]
        user: String,
    },
    /// An S3-compatible bucket. The secret key is read from LIAISON_DESK_SYNC_PASSWORD, else asked; it is kept in
    /// the system keychain.
    S3 {
        #[arg(long)]
        endpoint: String,
        #[arg(long)]
        bucket: String,
        #[arg(long, default_value = "")]
        prefix: String,
        #[arg(long, default_value = "us-east-1")]
        region: String,
        #[arg(long)]
        access_key: String,
    },
}

/// A secret: from the environment variable (cron, scripts), else asked on the terminal without echo.
fn ask_secret(env: &str, prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var(env) {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    rpassword::prompt_password(prompt).map_err(|e| AppError::Io {
        message: e.to_string(),
    })
}

/// A server's password, from `env` or asked.
fn server_password(lang: Lang, env: &str) -> Result<String> {
    let prompt = if lang == Lang::ZhCn {
        "密码："
    } else {
        "Password: "
    };
    ask_secret(env, prompt)
}

fn parse_keep(s: &str) -> std::result::Result<crate::sync::SyncKeep, String> {
    match s {
        "mine" => Ok(crate::sync::SyncKeep::Mine),
        "theirs" => Ok(crate::sync::SyncKeep::Theirs),
        _ => Err("mine | theirs".into()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Report {
    /// One project's status report for an ISO week.
    Project(ReportArgs),
    /// A department's status report across its open projects for an ISO week.
    Department(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The project's or department's id.
    id: String,
    /// The ISO week, e.g. 2026-W48.
    #[arg(long)]
    week: String,
    /// md, pdf or docx.
    #[arg(long, value_parser = parse_format)]
    format: ExportFormat,
    /// The report's language: zh-CN or en (independent of the app's language).
    #[arg(long, value_parser = parse_lang, default_value = "zh-CN")]
    lang: Lang,
    #[arg(short = 'o', long, value_name = "PATH")]
    output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Everything from a document written by `export all`. Into a database that has data only with --merge.
    All {
        /// The JSON document.
        file: PathBuf,
        /// Merge into existing data: a row whose id exists is replaced when the file's copy is newer.
        #[arg(long)]
        merge: bool,
    },
    /// Organizations and contacts from a CSV table or a vCard (.vcf) file, in one transaction. Records that match
    /// a contact (same e-mail, phone, or name and organization) complete it instead of adding a second one.
    Contacts {
        /// The file: CSV (UTF-8, with or without BOM, or GBK/GB18030) or vCard 2.1/3.0/4.0.
        file: PathBuf,
        /// csv or vcf (default: from the file's extension, else from its content).
        #[arg(long, value_parser = parse_card_format)]
        format: Option<CardFormat>,
        /// Show what would be created, completed or left as it is, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// CSV columns whose header is not recognized: "Header=field,…" with the fields name, organization,
        /// organization_kind, title, email, phone, wechat, notes (or "-" to ignore a column).
        #[arg(long, value_name = "HEADER=FIELD,...")]
        map: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// Everything — every record, link, exception, setting and deleted record — as one JSON document
    /// (docs/data-format.md).
    All {
        #[arg(short = 'o', long, value_name = "FILE.json")]
        output: PathBuf,
    },
    /// The meetings and task blocks of a date range as an iCalendar (.ics) file.
    Schedule {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day (included), YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// The zone the days are counted in (IANA name; default: the zone set in the app, else this computer's).
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        #[arg(short = 'o', long, value_name = "FILE.ics")]
        output: PathBuf,
    },
    /// One meeting's summary, or with --party its follow-up pack for one department or organization.
    Meeting {
        /// The meeting's id (shown by `liaison-desk export meetings` and in the app).
        id: String,
        /// md, html, pdf, docx, eml or ics.
        #[arg(long, value_parser = parse_format)]
        format: ExportFormat,
        /// The summary's language: zh-CN or en (independent of the app's language).
        #[arg(long, value_parser = parse_lang, default_value = "zh-CN")]
        lang: Lang,
        /// Write only this department's or organization's action items and decisions (its id).
        #[arg(long)]
        party: Option<String>,
        /// Write one follow-up pack per department or organization into the folder given by -o.
        #[arg(long, conflicts_with = "party")]
        follow_ups: bool,
        #[arg(short = 'o', long, value_name = "PATH")]
        output: PathBuf,
    },
    /// Every organization and contact as vCard 4.0 (.vcf) or a CSV table.
    Contacts {
        /// vcf or csv (default: from the extension of -o).
        #[arg(long, value_parser = parse_card_format)]
        format: Option<CardFormat>,
        /// The CSV headers' language: zh-CN or en (default: the app's).
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        #[arg(short = 'o', long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Many meetings' summaries into a folder: a project's, or those between two dates.
    Meetings {
        #[arg(long)]
        project: Option<String>,
        /// First day, YYYY-MM-DD (in the zone set in the app, else this computer's).
        #[arg(long)]
        from: Option<String>,
        /// Last day (included), YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_parser = parse_format)]
        format: ExportFormat,
        #[arg(long, value_parser = parse_lang, default_value = "zh-CN")]
        lang: Lang,
        /// The folder; it is created when missing.
        #[arg(short = 'o', long, value_name = "DIR")]
        output: PathBuf,
    },
}

// Options are parsed before the database (and its saved language) is open: these speak the system's language.
fn parse_format(s: &str) -> std::result::Result<ExportFormat, String> {
    ExportFormat::parse(s)
        .ok_or_else(|| messages::say(messages::cli_lang(None), Say::UnknownFormat { given: s }))
}

fn parse_card_format(s: &str) -> std::result::Result<CardFormat, String> {
    CardFormat::parse(s).ok_or_else(|| {
        messages::say(
            messages::cli_lang(None),
            Say::UnknownCardFormat { given: s },
        )
    })
}

/// `--map "Full name=name,Company=organization,Fax=-"` as column mappings.
fn parse_map(s: &str) -> Result<Vec<ColumnMap>> {
    s.split([',', '，'])
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (header, field) = pair
                .rsplit_once('=')
                .ok_or_else(|| AppError::field("map", Rule::Malformed))?;
            let field = match field.trim() {
                "-" | "" => None,
                f => Some(
                    CardField::parse(f).ok_or_else(|| AppError::field("map", Rule::OutOfRange))?,
                ),
            };
            Ok(ColumnMap {
                header: header.trim().to_string(),
                field,
            })
        })
        .collect()
}

fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    Lang::parse(s)
        .ok_or_else(|| messages::say(messages::cli_lang(None), Say::UnknownLang { given: s }))
}

/// The folder the app keeps its database in when none is given.
pub const APP_ID: &str = "app.liaisondesk.desktop";

pub fn data_dir(cli: Option<PathBuf>) -> PathBuf {
    cli.unwrap_or_else(|| {
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_ID)
    })
}

/// Runs a headless subcommand and returns the text to print, or the error as people read it, in the language
/// the app is set to (see `messages::cli_lang`).
pub fn run(dir: PathBuf, command: Command) -> std::result::Result<String, String> {
    let live = dir.join(crate::store::db::DB_FILE);
    let mut lang = messages::cli_lang(backups::peek_setting(&live, "locale").as_deref());
    let importing = matches!(command, Command::Import(_));
    let out = match command {
        // These two must not open the database the usual way: that would create a missing file or migrate an
        // older one, and it fails on a damaged one, which is what they are for.
        Command::Check => backup::check(&live).map(|r| {
            messages::say(
                lang,
                Say::Checked {
                    path: &live.display().to_string(),
                    report: &r,
                },
            )
        }),
        Command::Restore { file } => backup::restore(&dir, &file, &backups::folder_of(&dir))
            .map(|r| messages::say(lang, Say::Restored { report: &r })),
        // Every other command first checks that the file is sound, as the app does at start.
        command => backup::startup_check(&dir, &backups::folder_of(&dir))
            .and_then(|()| Db::open_in(&dir))
            .and_then(|db| {
                // A settings row that cannot be read leaves the system's language; the command itself still runs.
                let saved = db
                    .read(crate::services::settings::get)
                    .ok()
                    .and_then(|s| s.locale);
                lang = messages::cli_lang(saved.as_deref());
                execute(&db, &dir, lang, command)
            }),
    };
    out.map_err(|e| {
        let mut text = messages::describe(lang, &e, &option_name);
        if importing && matches!(e, AppError::NotEmpty) {
            text = messages::say(lang, Say::ImportNeedsMerge);
        }
        text
    })
}

/// An error from opening the window, said in the system's language (no database is open to ask).
pub fn explain(e: &AppError) -> String {
    messages::describe(messages::cli_lang(None), e, &option_name)
}

/// The command-line name of a field an error names, so the message points at what to change.
fn option_name(field: &str) -> String {
    let option = match field {
        "data_dir" => "--data-dir",
        "from" => "--from",
        "to" => "--to",
        "time_zone" => "--time-zone",
        "path" | "dir" | "output" => "--output",
        "party_id" => "--party",
        "project" | "project_id" => "--project",
        "format" => "--format",
        "lang" => "--lang",
        "limit" => "--limit",
        "search" => "--search",
        "type" => "--type",
        "query" => "QUERY",
        "week" => "--week",
        "id" | "meeting_id" => "ID",
        "file" => "FILE",
        "map" => "--map",
        other => other,
    };
    option.to_string()
}

fn execute(db: &Db, dir: &std::path::Path, lang: Lang, command: Command) -> Result<String> {
    // Days are the user's days: the zone chosen in Settings, else this computer's.
    let tz = db.read(settings::time_zone)?;
    let today = time::local_date(tz, chrono::Utc::now());
    let path = db.path().display().to_string();
    let path = path.as_str();
    match command {
        Command::Demo => {
            let r = db.write(|tx| demo::load(tx, today))?;
            Ok(messages::say(
                lang,
                Say::DemoLoaded {
                    path,
                    organizations: r.organizations,
                    contacts: r.contacts,
                    projects: r.projects,
                    tasks: r.tasks,
                    meetings: r.meetings,
                },
            ))
        }
        Command::Seed {
            orgs,
            contacts,
            projects,
            tasks,
            meetings,
            seed,
        } => {
            let plan = SeedPlan {
                orgs,
                contacts,
                projects,
                tasks,
                meetings,
            };
            let started = Instant::now();
            let rows = demo::seed(db, plan, seed, today)?;
            let secs = started.elapsed().as_secs_f64();
            Ok(messages::say(lang, Say::Seeded { rows, secs, path }))
        }
        Command::Export(Export::Schedule {
            from,
            to,
            time_zone,
            output,
        }) => {
            let zone = time_zone.unwrap_or_else(|| tz.name().to_string());
            let query = day_range(&from, &to, &zone)?;
            db.read(|c| planner::export_ics_file(c, &query, &output))?;
            Ok(messages::say(
                lang,
                Say::WroteSchedule {
                    from: &from,
                    to: &to,
                    path: &output.display().to_string(),
                },
            ))
        }
        Command::Export(Export::Meeting {
            id,
            format,
            lang: summary_lang,
            party,
            follow_ups,
            output,
        }) => {
            if follow_ups {
                create_output_dir(&output)?;
                let files =
                    db.read(|c| exports::export_follow_ups(c, &id, format, summary_lang, &output))?;
                return Ok(messages::say(
                    lang,
                    Say::WrotePacks {
                        count: files.len(),
                        files: &files.join("\n"),
                    },
                ));
            }
            let written = db.read(|c| {
                exports::export_meeting(c, &id, format, summary_lang, party.as_deref(), &output)
            })?;
            Ok(messages::say(lang, Say::WroteFile { path: &written }))
        }
        Command::Export(Export::Meetings {
            project,
            from,
            to,
            format,
            lang: summary_lang,
            output,
        }) => {
            if project.is_none() && from.is_none() && to.is_none() {
                return Err(AppError::field("project", Rule::Required));
            }
            let zone = tz.name().to_string();
            let range = day_range(
                from.as_deref().unwrap_or("1970-01-01"),
                to.as_deref().unwrap_or("9999-12-30"),
                &zone,
            )?;
            let query = BatchQuery {
                project_id: project,
                from: from.is_some().then_some(range.from),
                to: to.is_some().then_some(range.to),
            };
            create_output_dir(&output)?;
            let started = Instant::now();
            let never = AtomicBool::new(false);
            let report = exports::export_batch(
                db,
                &query,
                format,
                summary_lang,
                &output,
                &never,
                &mut |p| {
                    eprint!("\r{}/{} {}", p.done, p.total, p.title);
                },
            )?;
            if report.total > 0 {
                eprintln!();
            }
            Ok(messages::say(
                lang,
                Say::WroteBatch {
                    written: report.written.len(),
                    total: report.total,
                    dir: &output.display().to_string(),
                    secs: started.elapsed().as_secs_f64(),
                },
            ))
        }
        Command::Report(report) => {
            let (scope, a) = match report {
                Report::Project(a) => (reports::ReportScope::Project, a),
                Report::Department(a) => (reports::ReportScope::Department, a),
            };
            if !matches!(
                a.format,
                ExportFormat::Md | ExportFormat::Pdf | ExportFormat::Docx
            ) {
                return Err(AppError::field("format", Rule::OutOfRange));
            }
            let written = db.read(|c| {
                reports::export_report(
                    c,
                    scope,
                    &a.id,
                    &a.week,
                    a.format,
                    a.lang,
                    &a.output,
                    chrono::Utc::now(),
                )
            })?;
            Ok(messages::say(lang, Say::WroteFile { path: &written }))
        }
        Command::Meetings { search, limit } => {
            let q = crate::domain::MeetingQuery {
                search,
                limit: Some(limit),
                ..Default::default()
            };
            let page = db.read(|c| crate::services::meetings::list_meetings(c, &q))?;
            // Each meeting's date as the user sees it, in their zone.
            let lines: Vec<String> = page
                .items
                .iter()
                .map(|m| {
                    let day = crate::export::compose::local_date(&m.starts_at, tz.name());
                    format!("{}  {}  {}", m.id, day, m.title)
                })
                .collect();
            Ok(lines.join("\n"))
        }
        Command::Search {
            query,
            kind,
            limit,
            json,
            rebuild,
            check,
        } => search_command(db, lang, query, kind, limit, json, rebuild, check),
        Command::Export(Export::All { output }) => {
            let started = Instant::now();
            let r = archive::export_file(db, &output)?;
            Ok(messages::say(
                lang,
                Say::ExportedAll {
                    // With `.gz` added when the export was large enough to compress.
                    path: &r.path.display().to_string(),
                    tables: r.tables,
                    rows: r.rows,
                    secs: started.elapsed().as_secs_f64(),
                },
            ))
        }
        Command::Import(Import::All { file, merge }) => {
            let started = Instant::now();
            let r = archive::import_file(db, &file, merge)?;
            Ok(messages::say(
                lang,
                Say::ImportedAll {
                    path: &file.display().to_string(),
                    tables: r.tables,
                    rows: r.rows,
                    secs: started.elapsed().as_secs_f64(),
                },
            ))
        }
        Command::Import(Import::Contacts {
            file,
            format,
            dry_run,
            map,
        }) => {
            let options = ImportOptions {
                format,
                mapping: map
                    .as_deref()
                    .map(parse_map)
                    .transpose()?
                    .unwrap_or_default(),
            };
            let started = Instant::now();
            let report = if dry_run {
                db.read(|c| contacts_io::import_file(c, &file, &options, false))?
            } else {
                db.write(|tx| contacts_io::import_file(tx, &file, &options, true))?
            };
            Ok(messages::say(
                lang,
                Say::ImportedContacts {
                    path: &file.display().to_string(),
                    report: &report,
                    secs: started.elapsed().as_secs_f64(),
                },
            ))
        }
        Command::Export(Export::Contacts {
            format,
            lang: file_lang,
            output,
        }) => {
            let format = format
                .or_else(|| CardFormat::of_path(&output))
                .ok_or_else(|| AppError::field("format", Rule::Required))?;
            let (contacts, organizations) = db.read(|c| {
                contacts_io::export_file(c, format, file_lang.unwrap_or(lang), &output)
            })?;
            Ok(messages::say(
                lang,
                Say::ExportedContacts {
                    path: &output.display().to_string(),
                    contacts,
                    organizations,
                },
            ))
        }
        Command::Backup { output } => {
            let started = Instant::now();
            let (dest, verification, keep) = match output {
                Some(file) => (file.clone(), db.backup_verified(&file)?, None),
                None => {
                    let info = backups::back_up_now(db, dir)?;
                    let v = info.verification.ok_or_else(|| AppError::InvalidBackup {
                        problem: "its check was not recorded".into(),
                    })?;
                    (PathBuf::from(info.path), v, Some(backups::keep(db)?))
                }
            };
            Ok(messages::say(
                lang,
                Say::BackedUp {
                    path: &dest.display().to_string(),
                    rows: verification.total_rows(),
                    schema: verification.schema_version,
                    keep,
                    secs: started.elapsed().as_secs_f64(),
                },
            ))
        }
        Command::Sync(args) => sync_command(db, lang, args),
        Command::Publish(args) => publish_command(db, lang, args),
        // Handled in `run`, before the database is opened.
        Command::Check | Command::Restore { .. } => Err(AppError::Internal {
            message: "check and restore run without an open database".into(),
        }),
        Command::Info => Ok(messages::say(
            lang,
            Say::Info {
                path,
                schema: crate::store::db::SCHEMA_VERSION,
            },
        )),
    }
}

fn publish_command(db: &Db, lang: Lang, args: PublishArgs) -> Result<String> {
    use crate::sync::publish;
    match args.command {
        None if args.dry_run => {
            let report = publish::preview(db)?;
            Ok(messages::say(lang, Say::PublishPreview { report: &report }))
        }
        None => {
            let report = publish::run(db)?;
            Ok(messages::say(lang, Say::Published { report: &report }))
        }
        Some(PublishCommand::Setup {
            calendar,
            contacts,
            user,
        }) => {
            let password = server_password(lang, publish::PASSWORD_ENV)?;
            let settings = publish::PublishSettings {
                calendar_url: calendar,
                contacts_url: contacts,
                user,
            };
            let settings = publish::setup(db, settings, &password)?;
            Ok(messages::say(
                lang,
                Say::PublishSetUp {
                    settings: &settings,
                },
            ))
        }
        Some(PublishCommand::Status) => {
            let status = publish::status(db)?;
            Ok(messages::say(lang, Say::PublishStatus { status: &status }))
        }
        Some(PublishCommand::Off) => {
            publish::turn_off(db)?;
            Ok(messages::say(lang, Say::PublishOff))
        }
    }
}

fn sync_command(db: &Db, lang: Lang, args: SyncArgs) -> Result<String> {
    use crate::sync;
    match args.command {
        None => {
            let report = sync::run(
                db,
                sync::RunOptions {
                    allow_deletes: args.allow_deletes,
                },
            )?;
            let said = messages::say(lang, Say::Synced { report: &report });
            match report.problems.first() {
                // The rest was applied; the damaged file is reported and the command fails, for cron to notice.
                Some(problem) => {
                    eprintln!("{said}");
                    let (file, problem) = problem.split_once(": ").unwrap_or((problem, ""));
                    Err(AppError::SyncDamaged {
                        file: file.to_string(),
                        problem: problem.to_string(),
                    })
                }
                None => Ok(said),
            }
        }
        Some(SyncCommand::Setup(SyncSetupArgs {
            target: setup,
            encrypt,
        })) => {
            let passphrase = if encrypt {
                let prompt = if lang == Lang::ZhCn {
                    "加密口令："
                } else {
                    "Encryption passphrase: "
                };
                Some(ask_secret(sync::secret::PASSPHRASE_ENV, prompt)?)
            } else {
                None
            };
            let (target, password) = match setup {
                SyncSetup::Folder { path } => {
                    // An absolute path, so the app and cron jobs started elsewhere find the same folder.
                    let path = std::path::absolute(&path).unwrap_or(path);
                    let path = path.display().to_string();
                    (sync::Target::Folder { path }, None)
                }
                SyncSetup::Webdav { url, user } => (
                    sync::Target::Webdav { url, user },
                    Some(server_password(lang, sync::secret::PASSWORD_ENV)?),
                ),
                SyncSetup::S3 {
                    endpoint,
                    bucket,
                    prefix,
                    region,
                    access_key,
                } => (
                    sync::Target::S3 {
                        endpoint,
                        bucket,
                        prefix,
                        region,
                        access_key,
                    },
                    Some(server_password(lang, sync::secret::PASSWORD_ENV)?),
                ),
            };
            let previous = sync::status(db)?.settings;
            let settings = sync::SyncSettings {
                target: target.clone(),
                every_minutes: previous.as_ref().map_or(15, |p| p.every_minutes),
                on_start: previous.as_ref().is_none_or(|p| p.on_start),
                after_edits: previous.as_ref().is_none_or(|p| p.after_edits),
                encrypted: encrypt,
            };
            sync::setup(db, settings, password.as_deref(), passphrase.as_deref())?;
            let status = sync::status(db)?;
            Ok(messages::say(
                lang,
                Say::SyncSetUp {
                    target: &target.describe(),
                    device: status.device.as_deref().unwrap_or(""),
                    pending: status.pending,
                },
            ))
        }
        Some(SyncCommand::Status) => {
            let status = sync::status(db)?;
            Ok(messages::say(lang, Say::SyncStatus { status: &status }))
        }
        Some(SyncCommand::Conflicts { json }) => {
            let list = sync::conflicts(db, true)?;
            if json {
                return Ok(serde_json::to_string_pretty(&list)?);
            }
            Ok(messages::say(lang, Say::SyncConflicts { conflicts: &list }))
        }
        Some(SyncCommand::Resolve { id, keep }) => {
            sync::resolve(db, id, keep)?;
            Ok(messages::say(lang, Say::SyncResolved { id }))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn search_command(
    db: &Db,
    lang: Lang,
    query: Option<String>,
    kind: Option<String>,
    limit: u32,
    json: bool,
    rebuild: bool,
    check: bool,
) -> Result<String> {
    if rebuild {
        let started = Instant::now();
        let documents = db.write(|tx| {
            crate::search::rebuild(tx, &mut |done, total| eprint!("\r{done}/{total}"))
        })?;
        eprintln!();
        return Ok(messages::say(
            lang,
            Say::IndexRebuilt {
                documents,
                secs: started.elapsed().as_secs_f64(),
            },
        ));
    }
    if check {
        let report = db.read(crate::search::check)?;
        let said = messages::say(lang, Say::IndexChecked { report: &report });
        return if report.is_consistent() {
            Ok(said)
        } else {
            Err(AppError::Internal { message: said })
        };
    }
    let query = query.ok_or_else(|| AppError::field("query", Rule::Required))?;
    let hits = db.read(|c| crate::search::search(c, &query, kind.as_deref(), limit))?;
    if json {
        return serde_json::to_string_pretty(&hits).map_err(|e| AppError::Internal {
            message: e.to_string(),
        });
    }
    if hits.is_empty() {
        return Ok(messages::say(lang, Say::NothingFound { query: &query }));
    }
    // A readable table: type, title, and the snippet with the matched words in [brackets].
    let lines: Vec<String> = hits
        .iter()
        .map(|h| {
            let snippet = marked(&h.snippet, &h.marks);
            let kind = messages::kind_name(lang, &h.kind);
            if snippet.is_empty() {
                format!("{kind}\t{}", h.title)
            } else {
                format!("{kind}\t{}\t{snippet}", h.title)
            }
        })
        .collect();
    Ok(lines.join("\n"))
}

/// The snippet with each marked range in brackets.
fn marked(text: &str, marks: &[[u32; 2]]) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        if marks.iter().any(|m| m[0] == i) {
            out.push('[');
        }
        out.push(c);
        if marks.iter().any(|m| m[1] == i + 1) {
            out.push(']');
        }
    }
    out
}

/// The folder given with -o, created when missing; one that cannot be made is the option's fault.
fn create_output_dir(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        tracing::debug!(error = %e, dir = %dir.display(), "cannot create the output folder");
        AppError::field("output", Rule::InvalidPath)
    })
}

/// The instants from the start of `from` to the end of `to` (both local days in `zone`).
fn day_range(from: &str, to: &str, zone: &str) -> Result<RangeQuery> {
    let tz: chrono_tz::Tz = zone
        .parse()
        .map_err(|_| AppError::field("time_zone", Rule::InvalidTimeZone))?;
    let day = |field: &str, s: &str| {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::field(field, Rule::InvalidDate))
    };
    let (first, last) = (day("from", from)?, day("to", to)?);
    let (start, end) =
        time::day_span(tz, first, last).ok_or_else(|| AppError::field("to", Rule::InvalidDate))?;
    Ok(RangeQuery {
        from: utc_string(start),
        to: utc_string(end),
        time_zone: zone.to_string(),
    })
}
