//! Turning text into index tokens, and a user's query into an FTS5 expression over them.
//!
//! SQLite's tokenizers cannot find 研发 inside 研发部, so the index is fed pre-segmented text in four columns:
//! - `*_words`: Latin words in lower case with their English stems (developing → develop), and for names their
//!   full pinyin and initials, of the whole name and of each of its jieba words (张伟 → zhangwei, zw; 苏州恒通电子
//!   → hengtong);
//! - `*_chars`: the Chinese characters one by one, in order, so any run of characters (a word inside a longer one,
//!   a single character) is found as a phrase.
//!
//! Tokens are only letters and digits, so nothing a user types can reach FTS5 as syntax.

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// jieba's own dictionary (jieba-rs 0.8.1's `src/data/dict.txt`, MIT licence, see `jieba-dict.LICENSE`), embedded
/// as plain text rather than through jieba-rs's `default-dict` feature: that one stores it deflated, which the
/// package's xz cannot shrink any further (2.0 MB in the .deb), while the plain text compresses to 1.5 MB there.
const DICTIONARY: &str = include_str!("jieba-dict.txt");

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        // The text is part of the binary and read once; a failure here is a broken build, which every search
        // test would show.
        Jieba::with_dict(&mut DICTIONARY.as_bytes())
            .expect("the embedded jieba dictionary is well formed")
    })
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Loads the segmenter's dictionary and the stemmer now, so the first save of a name does not pay for it (about
/// half a second in a debug build, a fifth of that in release).
pub fn warm_up() {
    jieba();
    stemmer();
}

/// Chinese characters (CJK Unified Ideographs and their extensions A–F, and the compatibility block).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}')
}

/// A token keeps letters, digits and Chinese characters; anything else (punctuation, quotes, `*`, `%`) is dropped.
fn clean(word: &str) -> String {
    let mut out = String::new();
    clean_into(word, &mut out);
    out
}

/// `clean` into a reused buffer.
fn clean_into(word: &str, out: &mut String) {
    out.clear();
    out.extend(
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase),
    );
}

/// The two token streams of one text, each space-separated as the index takes it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub words: String,
    pub chars: String,
}

impl Tokens {
    pub fn words_text(&self) -> &str {
        &self.words
    }

    pub fn chars_text(&self) -> &str {
        &self.chars
    }

    /// Appends a word to the words stream.
    pub fn push_word(&mut self, word: &str) {
        if !self.words.is_empty() {
            self.words.push(' ');
        }
        self.words.push_str(word);
    }
}

/// Segments `text` for the index: Latin words (split at anything that is not a letter or digit) with their stems,
/// and the Chinese characters. Chinese words need no segmenting here: a query looks for them as phrases of
/// characters, which also finds words jieba would have cut differently. Written straight into the two streams,
/// without a string per token.
pub fn tokens(text: &str) -> Tokens {
    let mut out = Tokens {
        words: String::with_capacity(text.len() + text.len() / 2),
        chars: String::with_capacity(text.len() + text.len() / 3),
    };
    let mut word = String::new();
    for piece in text.split(|c: char| !c.is_alphanumeric() || is_han(c)) {
        clean_into(piece, &mut word);
        if word.is_empty() {
            continue;
        }
        let stem = stemmer().stem(&word);
        if *stem != *word {
            out.push_word(&stem);
        }
        out.push_word(&word);
    }
    for c in text.chars().filter(|c| is_han(*c)) {
        if !out.chars.is_empty() {
            out.chars.push(' ');
        }
        out.chars.push(c);
    }
    out
}

/// The pinyin of a name: the whole name's full pinyin and initials (张伟 → zhangwei, zw), and each word's (苏州恒通电子
/// → suzhou, hengtong, dianzi, hd, …), so a part of a long name is found by its pinyin too. None without Chinese.
pub fn pinyin_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |text: &str| {
        let (full, initials) = crate::domain::pinyin_of(text);
        for t in [clean(&full), clean(&initials)] {
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
    };
    for part in name.split_whitespace() {
        add(part);
        for word in jieba().cut(part, true) {
            if word.chars().filter(|c| is_han(*c)).count() > 1 {
                add(word);
            }
        }
    }
    out
}

/// One term of a query, as the user typed it between spaces, with what it may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term in lower case, for marking it in a snippet.
    pub text: String,
    expr: String,
}

/// The FTS5 expression for a query: every term must match (in the title or the body); the last one is a prefix,
/// as the user is still typing it. None when the query holds nothing searchable.
pub fn query(text: &str) -> Option<(String, Vec<Term>)> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let mut terms = Vec::new();
    for (i, part) in raw.iter().enumerate() {
        let last = i + 1 == raw.len();
        let mut alternatives = Vec::new();
        // Every run of Chinese characters is a phrase over the single characters.
        let mut run = String::new();
        let mut runs = Vec::new();
        for c in part.chars() {
            if is_han(c) {
                run.push(c);
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        let mut required = Vec::new();
        for r in &runs {
            let phrase: Vec<String> = r.chars().map(String::from).collect();
            required.push(format!(
                "{{title_chars body_chars}} : \"{}\"",
                phrase.join(" ")
            ));
        }
        // Latin words and digits: the word (a prefix when it is the last one) or its stem.
        let latin: String = part
            .chars()
            .map(|c| if is_han(c) { ' ' } else { c })
            .collect();
        for w in latin
            .split(|c: char| !c.is_alphanumeric())
            .map(clean)
            .filter(|w| !w.is_empty())
        {
            let stem = stemmer().stem(&w).into_owned();
            // A single letter as a prefix matches most of the index (46 ms on 195k documents): it must be a word.
            let star = if last && w.chars().count() > 1 {
                "*"
            } else {
                ""
            };
            // The word as typed may be the start of a longer one; its stem is a whole word.
            let mut any = vec![format!("\"{w}\"{star}")];
            if stem != w {
                any.push(format!("\"{stem}\""));
            }
            required.push(format!(
                "{{title_words body_words}} : ({})",
                any.join(" OR ")
            ));
        }
        if required.is_empty() {
            continue;
        }
        alternatives.push(format!("({})", required.join(" AND ")));
        terms.push(Term {
            text: part.to_lowercase(),
            expr: alternatives.join(" OR "),
        });
    }
    if terms.is_empty() {
        return None;
    }
    let expr = terms
        .iter()
        .map(|t| t.expr.clone())
        .collect::<Vec<_>>()
        .join(" AND ");
    Some((expr, terms))
}

/// A short piece of `text` around the first place a term occurs, and where the terms are in it (character
/// offsets). The text is plain: the UI renders it as text and marks the ranges itself.
pub fn snippet(text: &str, terms: &[Term], width: usize) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let needles: Vec<Vec<char>> = terms
        .iter()
        .flat_map(|t| {
            t.text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|s| !s.is_empty())
                .map(|s| s.chars().collect::<Vec<char>>())
                .collect::<Vec<_>>()
        })
        .collect();
    let find = |from: usize, needle: &[char]| -> Option<usize> {
        (from..=lower.len().saturating_sub(needle.len())).find(|&i| lower[i..].starts_with(needle))
    };
    let first = needles.iter().filter_map(|n| find(0, n)).min().unwrap_or(0);
    let start = first.saturating_sub(width / 4);
    let end = (start + width).min(chars.len());
    let mut marks = Vec::new();
    for n in &needles {
        let mut at = start;
        while let Some(i) = find(at, n) {
            if i + n.len() > end {
                break;
            }
            marks.push([i - start, i - start + n.len()]);
            at = i + n.len().max(1);
        }
    }
    marks.sort_unstable();
    marks.dedup();
    let mut piece: String = chars[start..end].iter().collect();
    if start > 0 {
        piece.insert(0, '…');
        for m in &mut marks {
            m[0] += 1;
            m[1] += 1;
        }
    }
    if end < chars.len() {
        piece.push('…');
    }
    (piece, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_indexed_by_character_and_latin_by_word() {
        let t = tokens("研发部负责样品P-00123，见 person1@example.com");
        assert_eq!(t.chars_text(), "研 发 部 负 责 样 品 见");
        assert_eq!(t.words_text(), "p 00123 person1 exampl example com");
        // A Chinese word inside a longer one is a phrase of its characters.
        let (expr, _) = query("研发").unwrap();
        assert_eq!(expr, "({title_chars body_chars} : \"研 发\")");
    }

    #[test]
    fn latin_words_with_stems() {
        let t = tokens("Developing the Development plan");
        assert_eq!(
            t.words_text(),
            "develop developing the develop development plan"
        );
        assert!(t.chars.is_empty());
    }

    #[test]
    fn names_by_pinyin_whole_and_in_parts() {
        let t = pinyin_tokens("张伟");
        assert_eq!(t, vec!["zhangwei".to_string(), "zw".to_string()]);
        let t = pinyin_tokens("苏州恒通电子");
        assert!(t.contains(&"hengtong".to_string()), "{t:?}");
        assert!(pinyin_tokens("James Okafor").is_empty());
    }

    #[test]
    fn query_syntax_is_text() {
        let (expr, _) = query("\"研发\" OR * NEAR( %_").expect("研发 and or near are words");
        assert!(!expr.contains('%') && !expr.contains("NEAR("), "{expr}");
        assert!(query("%_ * ( )").is_none());
    }

    #[test]
    fn snippets_mark_the_terms() {
        let (_, terms) = query("研发").unwrap();
        let (s, marks) = snippet("由研发部负责", &terms, 40);
        assert_eq!(s, "由研发部负责");
        assert_eq!(marks, vec![[1, 3]]);
    }
}
