//! `ui/src/bindings.ts` is generated from the Rust commands and committed so the UI builds before Rust does.
//! This test fails when the committed file no longer matches the commands; run with UPDATE_BINDINGS=1 to rewrite it.
#![cfg(feature = "desktop")]

use std::path::Path;

#[test]
fn bindings_are_fresh() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    liaison_desk::app::export_bindings(&fresh).unwrap();
    let fresh_text = std::fs::read_to_string(&fresh).unwrap();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh_text).unwrap();
        return;
    }
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        old == fresh_text,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}
