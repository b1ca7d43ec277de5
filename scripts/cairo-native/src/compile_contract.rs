use std::fs;

use anyhow::{Context, Result};
use cairo_lang_compiler::db::RootDatabase;
use cairo_lang_compiler::diagnostics::DiagnosticsReporter;
use cairo_lang_compiler::CompilerConfig;
use cairo_lang_starknet::compile::compile_contract_in_prepared_db;
use cairo_lang_starknet::starknet_plugin_suite;
use cairo_lang_starknet_classes::allowed_libfuncs::ListSelector;

use crate::args::Args;
use crate::project_database::CrateRoots;

/// Compiles the one `#[starknet::contract]` of the main crate to a Sierra contract class, with
/// the settings wasm-cairo's `compileStarknetContract(source, allowWarnings = true,
/// replaceIds = false)` uses. Diagnostics are printed with file and line.
pub fn command(argv: &[String]) -> Result<bool> {
    let args = Args::parse(argv)?;
    let roots = CrateRoots::from_args(&args)?;
    let out = args.required("out")?;
    let mut db = RootDatabase::builder().with_plugin_suite(starknet_plugin_suite()).build()?;
    let crates = roots.register(&mut db, args.required("corelib")?)?;
    let config = CompilerConfig {
        replace_ids: false,
        diagnostics_reporter: DiagnosticsReporter::stderr().with_crates(&crates).allow_warnings(),
        ..CompilerConfig::default()
    };
    let contract = match compile_contract_in_prepared_db(&db, None, vec![crates[0]], config) {
        Ok(contract) => contract,
        Err(error) => {
            eprintln!("{error:#}");
            return Ok(false);
        }
    };
    contract.validate_version_compatible(ListSelector::default())?;
    let json = serde_json::to_string_pretty(&contract).context("serializing the contract class")?;
    fs::write(out, json).with_context(|| format!("writing {out}"))?;
    Ok(true)
}
