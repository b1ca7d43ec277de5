use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// The expected corelib: one `sha256  path` line per file (the `sha256sum` format), so an
/// extraction that lost, added or changed a single byte fails loudly.
pub struct CorelibManifest(BTreeMap<String, String>);

impl CorelibManifest {
    pub fn read(path: &Path) -> Result<Self> {
        let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut files = BTreeMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Some((hash, name)) = line.split_once("  ") else {
                bail!("{}: malformed line {line:?}", path.display())
            };
            files.insert(name.to_string(), hash.to_string());
        }
        if files.is_empty() {
            bail!("{} lists no files", path.display());
        }
        Ok(Self(files))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Checks that `files` (path → contents) is exactly the manifest.
    pub fn check(&self, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
        let mut problems = Vec::new();
        for (name, hash) in &self.0 {
            match files.get(name) {
                None => problems.push(format!("missing {name}")),
                Some(content) if sha256_hex(content) != *hash => problems.push(format!("differs {name}")),
                Some(_) => {}
            }
        }
        for name in files.keys().filter(|n| !self.0.contains_key(*n)) {
            problems.push(format!("unexpected {name}"));
        }
        if !problems.is_empty() {
            bail!(
                "corelib does not match its manifest ({} files expected, {} found): {}",
                self.0.len(),
                files.len(),
                problems.join(", ")
            );
        }
        Ok(())
    }

    /// Reads a corelib directory and checks it.
    pub fn check_dir(&self, dir: &Path) -> Result<()> {
        let mut files = BTreeMap::new();
        read_tree(dir, dir, &mut files)?;
        self.check(&files)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            read_tree(root, &path, files)?;
        } else {
            let name = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            files.insert(name, fs::read(&path)?);
        }
    }
    Ok(())
}
