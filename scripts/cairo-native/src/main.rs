//! Native Cairo 2.8.2 for this repository's contracts: the same cairo-lang crates that the npm
//! `wasm-cairo` package compiles to WebAssembly, run natively.
//!
//!   chipi-cairo corelib  --wasm <wasm-cairo_bg.wasm> --manifest <sha256 list> --out <dir>
//!   chipi-cairo compile  --corelib <dir> --crate <name>=<src dir> --out <sierra.json>
//!   chipi-cairo test     --corelib <dir> --crate <name>=<src dir> [--crate ...] [--filter s]
//!
//! The first `--crate` is the main crate; the others are dependencies (test-only crates).
mod args;
mod compile_contract;
mod corelib_manifest;
mod extract_corelib;
mod project_database;
mod run_tests;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("corelib") => extract_corelib::command(&argv[1..]),
        Some("compile") => compile_contract::command(&argv[1..]),
        Some("test") => run_tests::command(&argv[1..]),
        Some("--version") => {
            println!("chipi-cairo {} (cairo-lang 2.8.2)", env!("CARGO_PKG_VERSION"));
            Ok(true)
        }
        _ => Err(anyhow::anyhow!("usage: chipi-cairo corelib|compile|test ... (see src/main.rs)")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("chipi-cairo: {error:#}");
            ExitCode::from(2)
        }
    }
}
