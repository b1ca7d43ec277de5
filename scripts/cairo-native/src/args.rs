use anyhow::{bail, Result};

/// `--name value` pairs, in order; a name may repeat (`--crate a=x --crate b=y`).
pub struct Args(Vec<(String, String)>);

impl Args {
    pub fn parse(argv: &[String]) -> Result<Self> {
        let mut pairs = Vec::new();
        let mut it = argv.iter();
        while let Some(flag) = it.next() {
            let Some(name) = flag.strip_prefix("--") else { bail!("unexpected argument {flag}") };
            let Some(value) = it.next() else { bail!("--{name} needs a value") };
            pairs.push((name.to_string(), value.clone()));
        }
        Ok(Self(pairs))
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn optional(&self, name: &str) -> Option<&str> {
        self.all(name).last().copied()
    }

    pub fn required(&self, name: &str) -> Result<&str> {
        match self.optional(name) {
            Some(value) => Ok(value),
            None => bail!("missing --{name}"),
        }
    }
}
