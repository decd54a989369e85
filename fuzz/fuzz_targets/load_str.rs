//! Any bytes given to the scenario loader (parser, `extends`, deserialisation, validation)
//! give a scenario or an error, never a panic, and an error always has a message.
//!
//! Run with `cargo fuzz run load_str --sanitizer none fuzz/seeds/load_str` from the project
//! folder (see the README's Development section).

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader takes text; non-UTF-8 bytes are rejected before it by `load_file`.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A (missing) file in the scenario library, so that `extends = "baseline.toml"` and
    // the other library files resolve and merging is exercised too.
    let name = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/fuzz.toml"
    ));
    match cogov::scenario::load_str(text, name) {
        Ok(s) => {
            // A loaded scenario renders, hashes and has a memory estimate without panicking.
            let _ = s.hash_hex();
            let _ = cogov::model::memory::estimate_run_memory(&s, u64::MAX, 1024);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
