//! A generated document other than minutes (a project or department status report): a kicker ("Status report"),
//! a title, label/value rows, and a body written as Markdown whose `##` headings are its sections. The same three
//! writers as the minutes lay it out: [`markdown`] here, `pdf::document` (Typst) and `docx::document`.

use super::markdown::inline;
use super::summary::Lang;
use std::fmt::Write;

#[derive(Debug, Clone)]
pub struct Document {
    pub lang: Lang,
    /// What kind of document this is, printed above the title and in the PDF's running header.
    pub kicker: String,
    pub title: String,
    /// (label, value) rows under the title, already in the document's language.
    pub meta: Vec<(String, String)>,
    /// Markdown; user text in it is already escaped by whoever composed it.
    pub body: String,
    pub generated_by: String,
}

/// The document as Markdown: the title as `#`, the meta as a bold-label list, then the body.
pub fn markdown(d: &Document) -> String {
    let colon = match d.lang {
        Lang::ZhCn => "：",
        Lang::En => ": ",
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}{colon}{}\n", d.kicker, inline(&d.title));
    for (label, value) in &d.meta {
        let _ = writeln!(out, "- **{label}**{colon}{}", inline(value));
    }
    if !d.meta.is_empty() {
        out.push('\n');
    }
    out.push_str(d.body.trim());
    out.push('\n');
    let _ = write!(out, "\n---\n\n*{}*\n", d.generated_by);
    out
}
