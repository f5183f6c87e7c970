//! Meeting minutes as PDF, typeset by Typst used as a library.
//!
//! The layout is one fixed Typst template compiled into this file. The meeting itself never becomes Typst source:
//! it is serialized to JSON and served to the template as the virtual file `/data.json`, which the template reads
//! with `json(..)` and shows only through functions that take strings as text (`text`, `strong`, `emph`, `raw`,
//! `link`). Whatever a user typed (`#panic(..)`, `$x$`, `]`) is therefore printed, never evaluated.
//!
//! Fonts are discovered once ([`Fonts::system`]) and shared: the font book holds only metadata, and a font file is
//! read on its first use and then kept for every later export.

use std::path::PathBuf;
use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use super::document::Document;
use super::summary::{blocks, Block, Lang, Span, Summary, SummaryAction};
use crate::error::{AppError, Result};

/// Chinese UI/document fonts, best first. Whichever is installed first wins; if none is, any font that has
/// Chinese glyphs is taken (see [`Fonts::new`]).
const CJK_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Microsoft YaHei",
    "DengXian",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Songti SC",
    "SimSun",
];

/// Latin text fonts, best first. Optional: the CJK fonts above all carry Latin glyphs too.
const LATIN_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Helvetica",
    "Arial",
    "Liberation Sans",
    "Nimbus Sans",
    "DejaVu Sans",
];

/// Monospace fonts for code in the notes, best first. Falls back to the CJK font.
const MONO_FAMILIES: &[&str] = &[
    "DejaVu Sans Mono",
    "Noto Sans Mono",
    "Menlo",
    "Consolas",
    "Liberation Mono",
    "Courier New",
    "Nimbus Mono PS",
];

/// Fonts with the symbols notes use (task list boxes ☐ ☑, arrows), tried after the text fonts. Without them Typst
/// falls back to whatever font has the glyph, which can be a font whose glyph looks different.
const SYMBOL_FAMILIES: &[&str] = &[
    "DejaVu Sans",
    "Segoe UI Symbol",
    "Apple Symbols",
    "Noto Sans Symbols 2",
];

/// Characters a font must have to serve as the CJK font when none of [`CJK_FAMILIES`] is installed.
const CJK_PROBE: &[char] = &['会', '议', '纪', '要'];

/// The fonts PDFs are typeset with. Load once and share: it is `Send + Sync`, and font files are read lazily, on
/// their first use, then kept.
pub struct Fonts {
    store: FontStore,
    /// The family that covers Chinese; always set.
    cjk: String,
    latin: Option<String>,
    symbols: Option<String>,
    mono: Option<String>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.store.book().families().count())
            .field("cjk", &self.cjk)
            .field("latin", &self.latin)
            .field("symbols", &self.symbols)
            .field("mono", &self.mono)
            .finish()
    }
}

impl Fonts {
    /// Discovers the fonts installed on this system (fontconfig's directories on Linux, the standard font folders
    /// on macOS and Windows). Fails when none of them can write Chinese.
    pub fn system() -> Result<Fonts> {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::system());
        Fonts::new(store)
    }

    /// Uses only the fonts found (recursively) in these directories; for tests and for fonts shipped with the app.
    pub fn from_dirs(dirs: &[PathBuf]) -> Result<Fonts> {
        let mut store = FontStore::new();
        for dir in dirs {
            store.extend(typst_kit::fonts::scan(dir));
        }
        Fonts::new(store)
    }

    fn new(store: FontStore) -> Result<Fonts> {
        let book = store.book();
        let installed = |names: &[&str]| {
            names
                .iter()
                .find(|name| book.contains_family(&name.to_lowercase()))
                .map(|name| name.to_string())
        };
        let cjk = installed(CJK_FAMILIES)
            .or_else(|| {
                // No known Chinese font: take any family that has the glyphs, e.g. a distribution's own pick.
                book.families().find_map(|(family, mut ids)| {
                    ids.any(|id| {
                        book.info(id).is_some_and(|info| {
                            CJK_PROBE.iter().all(|c| info.coverage.contains(*c as u32))
                        })
                    })
                    .then(|| family.to_string())
                })
            })
            .ok_or_else(|| AppError::Export {
                message:
                    "no font with Chinese characters is installed (install e.g. Noto Sans CJK SC)"
                        .into(),
            })?;
        let latin = installed(LATIN_FAMILIES);
        let symbols = installed(SYMBOL_FAMILIES).filter(|f| Some(f) != latin.as_ref());
        let mono = installed(MONO_FAMILIES);
        Ok(Fonts {
            store,
            cjk,
            latin,
            symbols,
            mono,
        })
    }

    /// The family names that body text tries in order. Chinese exports lead with the CJK font so that Latin letters
    /// and digits inside Chinese text match it; English exports lead with the Latin font and keep the CJK one as
    /// fallback for Chinese names and titles.
    fn text_families(&self, lang: Lang) -> Vec<&str> {
        let cjk = Some(self.cjk.as_str());
        let latin = self.latin.as_deref();
        let symbols = self.symbols.as_deref();
        let order = match lang {
            Lang::ZhCn => [cjk, latin, symbols],
            Lang::En => [latin, cjk, symbols],
        };
        order.into_iter().flatten().collect()
    }

    fn mono_families(&self) -> Vec<&str> {
        [self.mono.as_deref(), Some(self.cjk.as_str())]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Renders the minutes as an A4 PDF with its fonts embedded (subset).
pub fn pdf(s: &Summary, fonts: &Fonts) -> Result<Vec<u8>> {
    compile(&Data::new(s, fonts), fonts, &MAIN)
}

/// Renders a [`Document`] (a status report) as an A4 PDF, on the same page as the minutes.
pub fn document(doc: &Document, fonts: &Fonts) -> Result<Vec<u8>> {
    let zh = doc.lang == Lang::ZhCn;
    let l = doc.lang.labels();
    let data = Data {
        lang: if zh { "zh" } else { "en" },
        region: zh.then_some("CN"),
        fonts: fonts.text_families(doc.lang),
        mono: fonts.mono_families(),
        labels: DataLabels {
            minutes: &doc.kicker,
            generated_by: &doc.generated_by,
            ..DataLabels::of(l)
        },
        title: &doc.title,
        scope: None,
        meta: doc
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
        attendees: Vec::new(),
        agenda: Vec::new(),
        // The body's "##" sections are the page's level-1 headings.
        notes: notes(&doc.body, -1),
        decisions: Vec::new(),
        actions: Vec::new(),
        carried: Vec::new(),
    };
    compile(&data, fonts, &DOCUMENT)
}

fn compile(data: &Data<'_>, fonts: &Fonts, main: &'static Source) -> Result<Vec<u8>> {
    let data = serde_json::to_vec(data).map_err(|e| AppError::Export {
        message: format!("pdf data: {e}"),
    })?;
    let world = MinutesWorld {
        fonts,
        data: Bytes::new(data),
        main,
    };
    let compiled = typst::compile(&world).output;
    // Typst memoizes across compilations (that is what makes the second export fast); drop what the last few did
    // not use so a long batch does not grow the cache without bound.
    typst::comemo::evict(10);
    let document = compiled.map_err(|errors| export_error("typesetting", &errors))?;
    let options = typst_pdf::PdfOptions {
        creator: typst::foundations::Smart::Custom(Some("Liaison Desk".into())),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| export_error("pdf", &errors))
}

fn export_error(stage: &str, errors: &[SourceDiagnostic]) -> AppError {
    let messages: Vec<String> = errors
        .iter()
        .map(|e| {
            let hints = e.hints.iter().map(|h| format!(" (hint: {})", h.v));
            std::iter::once(e.message.to_string())
                .chain(hints)
                .collect()
        })
        .collect();
    AppError::Export {
        message: format!("{stage}: {}", messages.join("; ")),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The Typst world: the fixed template as the only source, the JSON as the only file.

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    // Both paths are constants, so this cannot fail; interning the same path again returns the same id, so ids do
    // not pile up over many exports.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("constant path {path}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/main.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/data.json"));
static MAIN: LazyLock<Source> = LazyLock::new(|| Source::new(*MAIN_ID, TEMPLATE.to_string()));
static DOCUMENT_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/document.typ"));
static DOCUMENT: LazyLock<Source> =
    LazyLock::new(|| Source::new(*DOCUMENT_ID, DOCUMENT_TEMPLATE.to_string()));

struct MinutesWorld<'a> {
    fonts: &'a Fonts,
    data: Bytes,
    /// The template compiled: the minutes' or the generic document's.
    main: &'static Source,
}

impl World for MinutesWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.store.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            // Nothing else exists: the template reads only the data, and no user text is ever evaluated.
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        use chrono::Datelike;
        let date = match offset {
            None => chrono::Local::now().date_naive(),
            Some(offset) => {
                let seconds = offset.seconds();
                // Rejects NaN and offsets beyond any time zone before the conversion below.
                if !(-86_400.0..=86_400.0).contains(&seconds) {
                    return None;
                }
                (chrono::Utc::now() + chrono::TimeDelta::try_seconds(seconds as i64)?).date_naive()
            }
        };
        Datetime::from_ymd(
            date.year(),
            date.month().try_into().ok()?,
            date.day().try_into().ok()?,
        )
    }
}

// ---------------------------------------------------------------------------------------------------------------
// What the template gets: final strings only, already in the export's language.

#[derive(Serialize)]
struct Data<'a> {
    lang: &'static str,
    region: Option<&'static str>,
    fonts: Vec<&'a str>,
    mono: Vec<&'a str>,
    labels: DataLabels<'a>,
    title: &'a str,
    /// "Follow-up for X", when the pack is for one department or organization.
    scope: Option<String>,
    /// (label, value) rows under the title.
    meta: Vec<(&'a str, String)>,
    attendees: Vec<DataAttendee<'a>>,
    agenda: Vec<DataAgendaItem<'a>>,
    notes: Vec<DataBlock>,
    decisions: Vec<DataDecision<'a>>,
    actions: Vec<DataAction<'a>>,
    carried: Vec<DataAction<'a>>,
}

#[derive(Serialize)]
struct DataLabels<'a> {
    minutes: &'a str,
    attendees: &'a str,
    agenda: &'a str,
    notes: &'a str,
    decisions: &'a str,
    action_items: &'a str,
    carried_items: &'a str,
    owner: &'a str,
    due: &'a str,
    status: &'a str,
    done: &'a str,
    none: &'a str,
    generated_by: &'a str,
}

impl DataLabels<'static> {
    fn of(l: &'static super::summary::Labels) -> Self {
        DataLabels {
            minutes: l.minutes,
            attendees: l.attendees,
            agenda: l.agenda,
            notes: l.notes,
            decisions: l.decisions,
            action_items: l.action_items,
            carried_items: l.carried_items,
            owner: l.owner,
            due: l.due,
            status: l.status,
            done: l.done,
            none: l.none,
            generated_by: l.generated_by,
        }
    }
}

#[derive(Serialize)]
struct DataAttendee<'a> {
    name: &'a str,
    organization: Option<&'a str>,
    attendance: &'a str,
}

#[derive(Serialize)]
struct DataAgendaItem<'a> {
    title: &'a str,
    owner: Option<&'a str>,
    duration: Option<&'a str>,
    done: bool,
}

#[derive(Serialize)]
struct DataDecision<'a> {
    text: &'a str,
    /// "Concerns: X", ready to print.
    concerns: Option<String>,
}

#[derive(Serialize)]
struct DataAction<'a> {
    title: &'a str,
    owner: Option<&'a str>,
    due: Option<&'a str>,
    status: &'a str,
    done: bool,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum DataBlock {
    Heading {
        level: u8,
        spans: Vec<DataSpan>,
    },
    Paragraph {
        spans: Vec<DataSpan>,
    },
    /// `number` for an ordered list's entry, else `marker` is its bullet.
    Item {
        number: Option<u64>,
        marker: &'static str,
        depth: u8,
        spans: Vec<DataSpan>,
    },
    Quote {
        spans: Vec<DataSpan>,
    },
    Code {
        text: String,
    },
    Rule,
}

#[derive(Serialize)]
struct DataSpan {
    text: String,
    strong: bool,
    emph: bool,
    code: bool,
    link: Option<String>,
}

impl<'a> Data<'a> {
    fn new(s: &'a Summary, fonts: &'a Fonts) -> Data<'a> {
        let l = s.lang.labels();
        let zh = s.lang == Lang::ZhCn;
        let (colon, list_sep) = if zh { ("：", "、") } else { (": ", ", ") };
        let mut meta = vec![(l.when, s.when.clone())];
        let optional = [
            (l.location, &s.location),
            (l.project, &s.project),
            (l.organizer, &s.organizer),
        ];
        for (label, value) in optional {
            if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
                meta.push((label, v.clone()));
            }
        }
        if !s.organizations.is_empty() {
            meta.push((l.organizations, s.organizations.join(list_sep)));
        }
        Data {
            lang: if zh { "zh" } else { "en" },
            region: zh.then_some("CN"),
            fonts: fonts.text_families(s.lang),
            mono: fonts.mono_families(),
            labels: DataLabels::of(l),
            title: &s.title,
            scope: s.scope.as_ref().map(|x| format!("{}{x}", l.follow_up_for)),
            meta,
            attendees: s
                .attendees
                .iter()
                .map(|a| DataAttendee {
                    name: &a.name,
                    organization: a.organization.as_deref(),
                    attendance: &a.attendance,
                })
                .collect(),
            agenda: s
                .agenda
                .iter()
                .map(|a| DataAgendaItem {
                    title: &a.title,
                    owner: a.owner.as_deref(),
                    duration: a.duration.as_deref(),
                    done: a.done,
                })
                .collect(),
            notes: s.notes.as_deref().map(|n| notes(n, 1)).unwrap_or_default(),
            decisions: s
                .decisions
                .iter()
                .map(|d| DataDecision {
                    text: &d.text,
                    concerns: d
                        .concerns
                        .as_ref()
                        .map(|c| format!("{}{colon}{c}", l.concerns)),
                })
                .collect(),
            actions: s.actions.iter().map(action).collect(),
            carried: s.carried.iter().map(action).collect(),
        }
    }
}

fn action(a: &SummaryAction) -> DataAction<'_> {
    DataAction {
        title: &a.title,
        owner: a.owner.as_deref(),
        due: a.due.as_deref(),
        status: &a.status,
        done: a.done,
    }
}

/// Markdown as template blocks; `shift` is added to each heading level (the minutes' notes sit one level below
/// the template's sections, a document's "##" sections are its level-1 headings).
fn notes(markdown: &str, shift: i8) -> Vec<DataBlock> {
    let spans = |spans: Vec<Span>| -> Vec<DataSpan> {
        spans
            .into_iter()
            .map(|s| DataSpan {
                text: s.text,
                strong: s.strong,
                emph: s.emphasis,
                code: s.code,
                // blocks() already dropped everything but http(s) and mailto; checked again because a link is the
                // one thing in a PDF a reader acts on.
                link: s.link.filter(|l| super::summary::safe_link(l)),
            })
            .collect()
    };
    blocks(markdown)
        .into_iter()
        .map(|b| match b {
            Block::Heading { level, spans: s } => DataBlock::Heading {
                level: (level.clamp(1, 4) as i8 + shift).clamp(1, 5) as u8,
                spans: spans(s),
            },
            Block::Paragraph(s) => DataBlock::Paragraph { spans: spans(s) },
            Block::ListItem {
                ordered,
                depth,
                spans: s,
            } => DataBlock::Item {
                number: ordered,
                marker: ["•", "◦", "–"][usize::from(depth) % 3],
                // Deeper than this would squeeze the text to nothing.
                depth: depth.min(6),
                spans: spans(s),
            },
            Block::Quote(s) => DataBlock::Quote { spans: spans(s) },
            Block::Code(text) => DataBlock::Code { text },
            Block::Rule => DataBlock::Rule,
        })
        .collect()
}

/// The layout. Every value comes from `/data.json` and is shown with `text`/`raw`/`strong`/`emph`/`link`, which take
/// strings as plain text; nothing here evaluates data (no `eval`, no string-built markup).
macro_rules! prelude {
    () => {
        r##"
#let d = json("/data.json")
#let l = d.labels
#let muted = luma(105)
#let rule-color = luma(200)

// A string or nothing, as content.
#let t(s) = if s == none { [] } else { text(s) }

#set document(title: d.title)
// No automatic space between Chinese and Latin/digits: the strings are printed exactly as written.
#set text(font: d.fonts, lang: d.lang, region: d.region, size: 10pt, cjk-latin-spacing: none)
#set par(justify: true, leading: 0.72em, spacing: 0.95em)
#show raw: set text(font: d.mono, size: 8.8pt)
#show link: set text(fill: rgb("#1a55a3"))
#show link: underline
#set page(
  paper: "a4",
  margin: (x: 2cm, top: 2.2cm, bottom: 2.2cm),
  header: context if here().page() > 1 {
    set text(size: 8pt, fill: muted)
    text(d.title)
    h(1fr)
    text(l.minutes)
  },
  footer: context {
    set text(size: 8pt, fill: muted)
    text(l.generated_by)
    h(1fr)
    counter(page).display("1 / 1", both: true)
  },
)
#set table(stroke: none, inset: (x: 0.45em, y: 0.5em))

#show heading: set text(weight: "bold")
#show heading: set block(above: 1.2em, below: 0.65em)
#show heading.where(level: 1): it => block(
  above: 1.6em, below: 0.8em, width: 100%, inset: (bottom: 0.35em),
  stroke: (bottom: 0.7pt + luma(150)),
  text(size: 12.5pt, it.body),
)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading.where(level: 3): set text(size: 10.5pt)
#show heading.where(level: 4): set text(size: 10pt)
#show heading.where(level: 5): set text(size: 10pt, fill: luma(60))

// One run of note text with its inline styles.
#let span(s) = {
  let c = if s.code { raw(s.text) } else { text(s.text) }
  if s.strong { c = strong(c) }
  if s.emph { c = emph(c) }
  if s.link != none { c = link(s.link, c) }
  c
}
#let spans(xs) = xs.map(span).join()

#let note(b) = {
  if b.kind == "heading" {
    heading(level: b.level, spans(b.spans))
  } else if b.kind == "paragraph" {
    par(spans(b.spans))
  } else if b.kind == "item" {
    // One list per entry (the entries come flattened); list and enum keep the marker on the text's baseline.
    let item = if b.number != none {
      enum(start: b.number, numbering: "1.", spans(b.spans))
    } else {
      list(marker: text(b.marker), spans(b.spans))
    }
    block(above: 0.55em, below: 0.55em, pad(left: b.depth * 1.5em, item))
  } else if b.kind == "quote" {
    block(
      inset: (left: 0.9em, y: 0.25em), stroke: (left: 2pt + luma(185)),
      text(fill: luma(70), spans(b.spans)),
    )
  } else if b.kind == "code" {
    block(width: 100%, fill: luma(245), inset: 0.7em, radius: 2pt, raw(b.text, block: true))
  } else if b.kind == "rule" {
    block(above: 0.9em, below: 0.9em, line(length: 100%, stroke: 0.5pt + luma(170)))
  }
}

#let none-line = text(fill: muted, l.none)

#let action-table(items) = table(
  columns: (auto, 1fr, auto, auto, auto),
  fill: (_, y) => if y == 0 { luma(238) },
  stroke: (_, y) => (bottom: if y == 0 { 0.7pt + luma(150) } else { 0.4pt + rule-color }),
  table.header(
    text(weight: "bold", "#"), text(weight: "bold", l.action_items), text(weight: "bold", l.owner),
    text(weight: "bold", l.due), text(weight: "bold", l.status),
  ),
  ..items.enumerate(start: 1).map(((i, a)) => (
    text(fill: muted, str(i)),
    text(a.title),
    t(a.owner),
    t(a.due),
    text(fill: if a.done { rgb("#2e7d32") } else { black }, a.status),
  )).flatten(),
)

// ---- Title and meta
#block(below: 0.4em, text(size: 9pt, fill: muted, tracking: 0.05em, l.minutes))
#block(below: 0.5em, text(size: 19pt, weight: "bold", d.title))
#if d.scope != none { block(below: 0.5em, text(size: 11.5pt, fill: rgb("#8a4b00"), d.scope)) }
#block(above: 1em, grid(
  columns: (auto, 1fr), column-gutter: 1.4em, row-gutter: 0.7em,
  ..d.meta.map(((k, v)) => (text(weight: "bold", fill: muted, k), text(v))).flatten(),
))

"##
    };
}

const TEMPLATE: &str = concat!(
    prelude!(),
    r##"
// ---- Attendees
#if d.attendees.len() > 0 {
  heading(level: 1, l.attendees)
  table(
    columns: (auto, 1fr, auto),
    stroke: (_, y) => (bottom: 0.4pt + rule-color),
    ..d.attendees.map(a => (text(a.name), text(fill: muted, t(a.organization)), text(a.attendance))).flatten(),
  )
}

// ---- Agenda
#if d.agenda.len() > 0 {
  heading(level: 1, l.agenda)
  table(
    columns: (auto, 1fr, auto, auto, auto),
    stroke: (_, y) => (bottom: 0.4pt + rule-color),
    ..d.agenda.enumerate(start: 1).map(((i, a)) => (
      text(fill: muted, str(i) + "."),
      text(a.title),
      text(fill: muted, t(a.owner)),
      t(a.duration),
      if a.done { text(fill: rgb("#2e7d32"), "✓ " + l.done) } else { [] },
    )).flatten(),
  )
}

// ---- Notes
#if d.notes.len() > 0 {
  heading(level: 1, l.notes)
  for b in d.notes { note(b) }
}

// ---- Decisions
#heading(level: 1, l.decisions)
#if d.decisions.len() == 0 { none-line } else {
  enum(
    numbering: n => text(weight: "bold", str(n) + "."),
    spacing: 0.9em,
    ..d.decisions.map(dec => {
      text(dec.text)
      if dec.concerns != none {
        linebreak()
        text(size: 8.8pt, fill: muted, dec.concerns)
      }
    }),
  )
}

// ---- Action items
#heading(level: 1, l.action_items)
#if d.actions.len() == 0 { none-line } else { action-table(d.actions) }

// ---- Carried items
#if d.carried.len() > 0 {
  heading(level: 1, l.carried_items)
  action-table(d.carried)
}
"##
);

/// A status report (or any [`Document`]): the same page, title and meta, then the body's blocks.
const DOCUMENT_TEMPLATE: &str = concat!(
    prelude!(),
    r##"
#for b in d.notes { note(b) }
"##
);

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;
    use std::sync::OnceLock;

    use super::*;
    use crate::export::summary::{SummaryAgendaItem, SummaryAttendee, SummaryDecision};

    fn fonts() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| match Fonts::system() {
            Ok(f) => f,
            Err(e) => panic!("system fonts: {e:?}"),
        })
    }

    /// Runs a poppler tool on the PDF. A missing tool fails the test: these checks are the point of the tests.
    fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("liaison-pdf-test-{}-{n}.pdf", std::process::id()));
        std::fs::write(&path, pdf).expect("write temp pdf");
        let out = Command::new(tool)
            .args(args)
            .arg(&path)
            .args(if tool == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} could not run ({e}); install poppler-utils"));
        let _ = std::fs::remove_file(&path);
        assert!(
            out.status.success(),
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    fn text_of(pdf: &[u8]) -> String {
        poppler("pdftotext", &["-enc", "UTF-8"], pdf)
    }

    /// pdftotext turns narrow gaps into nothing, so compare page numbers ("1 / 3") without spaces.
    fn squeezed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn page_count(pdf: &[u8]) -> usize {
        let info = poppler("pdfinfo", &[], pdf);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count")
    }

    const ZH_NOTES: &str = "# 背景\n\n本次会议回顾了第三季度的供货情况。**交期**整体稳定，*包装破损*问题仍需关注。\
详见[质量报告](https://example.com/q3)。这是一段很长的中文段落，用来检查中文换行是否正常：供应商在第三季度共交付了十二批货物，\
其中两批因包装破损被退回，双方同意在下一季度试行新的包装方案，并由质量部门跟踪破损率的变化情况，每月汇报一次。\n\n\
## 讨论要点\n\n- 交期\n- 包装\n  1. 纸箱加厚\n  2. 增加护角\n- 价格\n\n> 供应商表示愿意承担部分改进成本。\n\n```\nSELECT * FROM 批次 WHERE 状态 = '退回';\n```\n\n---\n\n结束。";

    fn zh_summary() -> Summary {
        Summary {
            lang: Lang::ZhCn,
            title: "供应商季度评审".into(),
            when: "2026年11月24日 周二 10:00–11:00（Asia/Shanghai）".into(),
            location: Some("上海 3 号会议室".into()),
            project: Some("包装改进".into()),
            organizer: Some("王芳".into()),
            organizations: vec!["华东包装有限公司".into(), "质量部".into()],
            attendees: vec![
                SummaryAttendee {
                    name: "王芳".into(),
                    organization: Some("质量部".into()),
                    attendance: "出席".into(),
                },
                SummaryAttendee {
                    name: "Li Lei".into(),
                    organization: None,
                    attendance: "请假".into(),
                },
            ],
            agenda: vec![
                SummaryAgendaItem {
                    title: "交期回顾".into(),
                    owner: Some("王芳".into()),
                    duration: Some("15 分钟".into()),
                    done: true,
                },
                SummaryAgendaItem {
                    title: "包装方案".into(),
                    owner: None,
                    duration: None,
                    done: false,
                },
            ],
            notes: Some(ZH_NOTES.into()),
            decisions: vec![
                SummaryDecision {
                    text: "采用新包装方案".into(),
                    concerns: Some("华东包装有限公司".into()),
                },
                SummaryDecision {
                    text: "下季度起按月汇报破损率".into(),
                    concerns: None,
                },
            ],
            actions: vec![SummaryAction {
                title: "确认样品交期".into(),
                owner: Some("王芳".into()),
                due: Some("2026-12-01".into()),
                status: "进行中".into(),
                done: false,
            }],
            carried: vec![SummaryAction {
                title: "更新供应商名录".into(),
                owner: None,
                due: None,
                status: "待办".into(),
                done: false,
            }],
            scope: Some("质量部".into()),
            file_stem: "2026-11-24 供应商季度评审".into(),
        }
    }

    fn en_summary() -> Summary {
        Summary {
            lang: Lang::En,
            title: "Quarterly supplier review 供应商季度评审".into(),
            when: "Tue 24 Nov 2026, 10:00–11:00 (Asia/Shanghai)".into(),
            location: None,
            project: None,
            organizer: Some("Fang Wang".into()),
            organizations: vec![],
            attendees: vec![],
            agenda: vec![],
            notes: None,
            decisions: vec![SummaryDecision {
                text: "Adopt the new packaging".into(),
                concerns: Some("Quality".into()),
            }],
            actions: vec![],
            carried: vec![],
            scope: None,
            file_stem: "x".into(),
        }
    }

    #[test]
    fn chinese_minutes_extract_verbatim_with_embedded_fonts() {
        let pdf = pdf(&zh_summary(), fonts()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        for expected in [
            "供应商季度评审",
            "跟进事项：质量部",
            "采用新包装方案",
            "涉及：华东包装有限公司",
            "确认样品交期",
            "更新供应商名录",
            "以往会议的未完成行动项",
            "上海 3 号会议室",
            "供应商表示愿意承担部分改进成本。",
            "纸箱加厚",
            "SELECT * FROM 批次 WHERE 状态 = '退回';",
            "由协作联络台生成",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        let pages = page_count(&pdf);
        assert!(
            squeezed(&text).contains(&format!("1/{pages}")),
            "no page number in:\n{text}"
        );
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts:\n{fonts}");
        // Columns: name type encoding emb sub uni object-id; every font must be embedded.
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert!(n >= 7 && cols[n - 5] == "yes", "font not embedded: {row}");
        }
        assert!(
            fonts.contains("NotoSansCJK") || fonts.contains("CJK"),
            "{fonts}"
        );
    }

    #[test]
    fn english_minutes_keep_chinese_names() {
        let pdf = pdf(&en_summary(), fonts()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        for expected in [
            "Minutes",
            "Quarterly supplier review 供应商季度评审",
            "Adopt the new packaging",
            "Concerns: Quality",
            "Action items",
            "None",
            "Generated by Liaison Desk",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        // No carried items, no section.
        assert!(!text.contains("Open items from earlier meetings"), "{text}");
        assert!(!text.contains("Follow-up for"), "{text}");
    }

    #[test]
    fn typst_syntax_in_user_text_is_printed_not_run() {
        let mut s = en_summary();
        s.title = "#panic(\"title\") $y$".into();
        s.notes = Some("#panic(\"x\") and $x$ then #import \"evil.typ\" ] [ #{1+1}".into());
        s.decisions[0].text = "#set page(width: 1cm)]".into();
        let pdf = pdf(&s, fonts()).expect("user text must not be evaluated");
        let text = text_of(&pdf);
        for expected in [
            "#panic(\"title\") $y$",
            "#panic(\"x\") and $x$ then #import \"evil.typ\" ] [ #{1+1}",
            "#set page(width: 1cm)]",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn odd_input_still_renders() {
        let mut s = zh_summary();
        s.title = String::new();
        s.when = " ".into();
        s.location = Some("   ".into());
        s.attendees[0].name = "\u{0}\u{7}\t\r\n😀 مرحبا".into();
        s.notes = Some(format!(
            "0. zero\n1. one\n\n{}\n\n{}\n\n- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n                - i\n",
            "长".repeat(3000),
            "x".repeat(2000)
        ));
        s.actions[0].title = "a".repeat(500);
        let pdf = pdf(&s, fonts()).expect("pdf");
        let text = text_of(&pdf);
        // Overlong words overflow rather than fail; what matters is that the rest is there.
        assert!(text.contains(&"a".repeat(40)), "{text}");
        assert!(text.contains("采用新包装方案"), "{text}");
        assert!(text.contains("zero"), "{text}");
    }

    #[test]
    fn long_minutes_break_pages_and_number_them() {
        let mut s = zh_summary();
        s.notes = Some(ZH_NOTES.repeat(12));
        let pdf = pdf(&s, fonts()).expect("pdf");
        let pages = page_count(&pdf);
        assert!(pages >= 2, "{pages} pages");
        let text = text_of(&pdf);
        assert!(
            squeezed(&text).contains(&format!("{pages}/{pages}")),
            "{text}"
        );
        assert!(text.contains("确认样品交期"));
    }

    #[test]
    fn no_chinese_font_is_an_export_error() {
        let empty =
            std::env::temp_dir().join(format!("liaison-pdf-nofonts-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("mkdir");
        let result = Fonts::from_dirs(&[empty.clone(), Path::new("/nonexistent-font-dir").into()]);
        let _ = std::fs::remove_dir(&empty);
        assert!(matches!(result, Err(AppError::Export { .. })), "{result:?}");
    }

    #[test]
    fn fonts_from_a_directory_and_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Fonts>();
        let f =
            Fonts::from_dirs(&["/usr/share/fonts/opentype/noto".into()]).expect("noto cjk fonts");
        assert_eq!(f.cjk, "Noto Sans CJK SC");
        let results = std::thread::scope(|scope| {
            let a = scope.spawn(|| pdf(&zh_summary(), &f));
            let b = scope.spawn(|| pdf(&en_summary(), &f));
            (a.join(), b.join())
        });
        let (Ok(Ok(a)), Ok(Ok(b))) = results else {
            panic!("thread failed")
        };
        assert!(text_of(&a).contains("确认样品交期"));
        assert!(text_of(&b).contains("Adopt the new packaging"));
    }
}
