use std::sync::Arc;

use anyhow::Result;
use cairo_lang_compiler::db::RootDatabase;
use cairo_lang_filesystem::cfg::{Cfg, CfgSet};
use cairo_lang_filesystem::db::FilesGroupEx;
use cairo_lang_filesystem::flag::Flag;
use cairo_lang_filesystem::ids::FlagId;
use cairo_lang_starknet::starknet_plugin_suite;
use cairo_lang_test_plugin::{test_plugin_suite, TestsCompilationConfig};
use cairo_lang_test_runner::{CompiledTestRunner, RunProfilerConfig, TestCompiler, TestRunConfig};

use crate::args::Args;
use crate::project_database::CrateRoots;

/// Compiles the main crate's tests once (with the Starknet plugin and the `starknet::testing`
/// cheatcodes) and runs them all, in parallel. Prints one line per test, then each failure with
/// its panic data. Returns whether every test passed.
pub fn command(argv: &[String]) -> Result<bool> {
    let args = Args::parse(argv)?;
    let roots = CrateRoots::from_args(&args)?;
    let mut db = RootDatabase::builder()
        .with_cfg(CfgSet::from_iter([Cfg::name("test"), Cfg::kv("target", "test")]))
        .with_plugin_suite(test_plugin_suite())
        .with_plugin_suite(starknet_plugin_suite())
        .build()?;
    let redeposit = FlagId::new(&db, "add_redeposit_gas");
    db.set_flag(redeposit, Some(Arc::new(Flag::AddRedepositGas(true))));
    // Every crate is a main crate, so contracts of dependencies (deployed by tests) are compiled
    // with their test class hashes; only the first crate's tests run.
    let crates = roots.register(&mut db, args.required("corelib")?)?;
    let compiler = TestCompiler {
        db: db.snapshot(),
        main_crate_ids: crates.clone(),
        test_crate_ids: vec![crates[0]],
        allow_warnings: true,
        config: TestsCompilationConfig {
            starknet: true,
            add_statements_functions: false,
            add_statements_code_locations: false,
        },
    };
    let compiled = match compiler.build() {
        Ok(compiled) => compiled,
        Err(error) => {
            eprintln!("{error:#}");
            return Ok(false);
        }
    };
    let config = TestRunConfig {
        filter: args.optional("filter").unwrap_or("").to_string(),
        include_ignored: false,
        ignored: false,
        run_profiler: RunProfilerConfig::None,
        gas_enabled: true,
        print_resource_usage: args.optional("resources") == Some("true"),
    };
    match CompiledTestRunner::new(compiled, config).run(None) {
        Ok(_) => Ok(true),
        Err(error) => {
            println!("{error:#}");
            Ok(false)
        }
    }
}
