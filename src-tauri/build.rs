fn main() {
    // tauri-build reads tauri.conf.json and prepares the embedded context; the headless build needs none of it.
    #[cfg(feature = "desktop")]
    {
        tauri_build::build();
        // generate_context! embeds ui/dist, but cargo only tracks the copies it writes under OUT_DIR: without this
        // a rebuilt UI (new hashed chunk names) could ship beside a stale index, and the window would stay blank.
        println!("cargo:rerun-if-changed=ui/dist");
    }
}
