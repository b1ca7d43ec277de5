use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use cairo_lang_compiler::db::RootDatabase;
use cairo_lang_filesystem::db::{init_dev_corelib, CrateConfiguration, FilesGroupEx};
use cairo_lang_filesystem::ids::{CrateId, CrateLongId, Directory};
use cairo_lang_utils::Intern;

use crate::args::Args;

/// The crates of one build: `--crate name=dir` pairs, the first being the main crate.
pub struct CrateRoots(Vec<(String, PathBuf)>);

impl CrateRoots {
    pub fn from_args(args: &Args) -> Result<Self> {
        let mut roots = Vec::new();
        for spec in args.all("crate") {
            let Some((name, dir)) = spec.split_once('=') else {
                bail!("--crate takes name=<src dir>, got {spec}")
            };
            let dir = PathBuf::from(dir);
            let dir = dir.canonicalize().with_context(|| format!("crate {name}: {}", dir.display()))?;
            if !dir.join("lib.cairo").is_file() {
                bail!("crate {name}: {} has no lib.cairo", dir.display());
            }
            roots.push((name.to_string(), dir));
        }
        if roots.is_empty() {
            bail!("at least one --crate name=<src dir> is needed");
        }
        Ok(Self(roots))
    }

    /// Registers the corelib and every crate, each with the default settings (edition 2023_01),
    /// as wasm-cairo does for its single-file crate, so both compilers produce the same Sierra.
    /// Returns the crates, the main one first.
    pub fn register(&self, db: &mut RootDatabase, corelib: &str) -> Result<Vec<CrateId>> {
        let corelib = PathBuf::from(corelib);
        if !corelib.join("lib.cairo").is_file() {
            bail!("{} is not a corelib src directory (no lib.cairo)", corelib.display());
        }
        init_dev_corelib(db, corelib);
        let mut ids = Vec::new();
        for (name, dir) in &self.0 {
            let id = CrateLongId::Real(name.as_str().into()).intern(db);
            db.set_crate_config(id, Some(CrateConfiguration::default_for_root(Directory::Real(dir.clone()))));
            ids.push(id);
        }
        Ok(ids)
    }
}
