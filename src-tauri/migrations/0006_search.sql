-- One full-text index over every entity (src-tauri/search.rs builds and keeps it).

-- Each searchable record's text as it reads, for the titles and snippets of results.
CREATE TABLE search_docs (
    doc INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Where a result opens when it has no page of its own: a decision's meeting, a task's project.
    parent TEXT,
    UNIQUE (kind, id)
);

-- Their tokens, segmented in Rust (jieba words, single Chinese characters, English stems, pinyin of names). The
-- index is contentless: the text lives in search_docs, and a document is deleted by its rowid.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title_words,
    title_chars,
    body_words,
    body_chars,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
