//! The summary as one self-contained HTML page (inline style, no scripts, no remote resources): the `.html`
//! export and the HTML body of the email draft. Every user string is escaped; the notes are rendered from Markdown
//! and then sanitized, so scripts, event handlers, `javascript:` links and images (which would load remote content)
//! cannot survive.

use super::summary::{demoted, markdown_options, Summary, SummaryAction};
use std::collections::HashSet;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Markdown → HTML that is safe to show anywhere: only formatting tags, links limited to http(s)/mailto (opened
/// with rel="noopener noreferrer"), no images, no style or event attributes.
pub fn sanitized_markdown(md: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    let level = |l: HeadingLevel| {
        HeadingLevel::try_from(usize::from(demoted(l as u8))).unwrap_or(HeadingLevel::H6)
    };
    let events = pulldown_cmark::Parser::new_ext(md, markdown_options()).map(|e| match e {
        Event::Start(Tag::Heading {
            level: l,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: level(l),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(l)) => Event::End(TagEnd::Heading(level(l))),
        other => other,
    });
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events);
    let tags: HashSet<&str> = [
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "input",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
    .into_iter()
    .collect();
    let mut attrs = std::collections::HashMap::new();
    attrs.insert("a", ["href"].into_iter().collect::<HashSet<&str>>());
    // Task-list checkboxes from GFM.
    attrs.insert(
        "input",
        ["type", "checked", "disabled"].into_iter().collect(),
    );
    attrs.insert("th", ["align"].into_iter().collect());
    attrs.insert("td", ["align"].into_iter().collect());
    attrs.insert("ol", ["start"].into_iter().collect());
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(attrs)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\
\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;line-height:1.6;color:#1f2328;max-width:48rem;margin:2rem auto;\
padding:0 1rem}h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.15rem;border-bottom:1px solid #d0d7de;\
padding-bottom:.2rem;margin-top:1.6rem}.scope{font-weight:600;color:#0b5cad}dl.meta{display:grid;\
grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{color:#59636e}dl.meta dd{margin:0}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;\
vertical-align:top}th{background:#f6f8fa}.done{color:#1a7f37}.muted{color:#59636e}footer{margin-top:2rem;\
color:#59636e;font-size:.85rem}";

fn action_table(out: &mut String, s: &Summary, items: &[SummaryAction]) {
    let l = s.lang.labels();
    let _ = write!(
        out,
        "<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        l.item, l.owner, l.due, l.status
    );
    for (i, a) in items.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td></tr>",
            i + 1,
            esc(&a.title),
            esc(a.owner.as_deref().unwrap_or(l.none)),
            esc(a.due.as_deref().unwrap_or("—")),
            if a.done { " class=\"done\"" } else { "" },
            esc(&a.status)
        );
    }
    out.push_str("</tbody></table>\n");
}

pub fn html(s: &Summary) -> String {
    let l = s.lang.labels();
    let mut out = String::new();
    let title = format!("{}{}{}", l.minutes, l.colon, s.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        s.lang.tag(),
        esc(&title),
        esc(&title)
    );
    if let Some(scope) = &s.scope {
        let _ = writeln!(
            out,
            "<p class=\"scope\">{}{}</p>",
            esc(l.follow_up_for),
            esc(scope)
        );
    }
    out.push_str("<dl class=\"meta\">");
    let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", l.when, esc(&s.when));
    let orgs = s.organizations.join(", ");
    let meta = [
        (l.location, s.location.as_deref()),
        (l.project, s.project.as_deref()),
        (l.organizer, s.organizer.as_deref()),
        (l.organizations, (!orgs.is_empty()).then_some(orgs.as_str())),
    ];
    for (label, value) in meta {
        if let Some(v) = value {
            let _ = write!(out, "<dt>{label}</dt><dd>{}</dd>", esc(v));
        }
    }
    out.push_str("</dl>\n");

    if !s.attendees.is_empty() {
        let _ = write!(out, "<h2>{}</h2>\n<ul>", l.attendees);
        for a in &s.attendees {
            let org = a
                .organization
                .as_deref()
                .map(|o| format!(" <span class=\"muted\">({})</span>", esc(o)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li>{}{org} — {}</li>",
                esc(&a.name),
                esc(&a.attendance)
            );
        }
        out.push_str("</ul>\n");
    }

    if !s.agenda.is_empty() {
        let _ = write!(out, "<h2>{}</h2>\n<ol>", l.agenda);
        for a in &s.agenda {
            let mut extra = Vec::new();
            if let Some(o) = &a.owner {
                extra.push(esc(o));
            }
            if let Some(d) = &a.duration {
                extra.push(esc(d));
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"muted\">({})</span>", extra.join(", "))
            };
            let done = if a.done {
                format!(" <span class=\"done\">✓ {}</span>", l.done)
            } else {
                String::new()
            };
            let _ = write!(out, "<li>{}{extra}{done}</li>", esc(&a.title));
        }
        out.push_str("</ol>\n");
    }

    if let Some(notes) = &s.notes {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<div class=\"notes\">{}</div>",
            l.notes,
            sanitized_markdown(notes)
        );
    }

    let _ = writeln!(out, "<h2>{}</h2>", l.decisions);
    if s.decisions.is_empty() {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", l.none);
    } else {
        out.push_str("<ol>");
        for d in &s.decisions {
            let concerns = d
                .concerns
                .as_deref()
                .map(|c| {
                    format!(
                        " <span class=\"muted\">({}{}{})</span>",
                        l.concerns,
                        l.colon,
                        esc(c)
                    )
                })
                .unwrap_or_default();
            let _ = write!(out, "<li>{}{concerns}</li>", esc(&d.text));
        }
        out.push_str("</ol>\n");
    }

    let _ = writeln!(out, "<h2>{}</h2>", l.action_items);
    if s.actions.is_empty() {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", l.none);
    } else {
        action_table(&mut out, s, &s.actions);
    }
    if !s.carried.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", l.carried_items);
        action_table(&mut out, s, &s.carried);
    }
    let _ = write!(
        out,
        "<footer>{}</footer>\n</body>\n</html>\n",
        l.generated_by
    );
    out
}
