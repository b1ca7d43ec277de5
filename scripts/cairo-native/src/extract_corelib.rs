use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use wasmparser::{DataKind, Operator, Parser, Payload};

use crate::args::Args;
use crate::corelib_manifest::{sha256_hex, CorelibManifest};

/// Writes the Cairo 2.8.2 corelib (`corelib/src`) that the npm `wasm-cairo` package embeds in its
/// WebAssembly module into `--out`, once, and checks it against `--manifest`.
///
/// The module embeds the corelib with rust-embed: one function compares the requested path with
/// each file name (`i32.const name; i32.const len; call; br_if`) and, on a match, fills the
/// result with the contents' address and length and the file's SHA-256, as constants. Reading
/// that function and the data section gives every file; each file is checked against the SHA-256
/// the module itself carries and then against the manifest kept in this repository.
pub fn command(argv: &[String]) -> Result<bool> {
    let args = Args::parse(argv)?;
    let manifest = CorelibManifest::read(Path::new(args.required("manifest")?))?;
    let out = Path::new(args.required("out")?);
    if out.join("lib.cairo").is_file() {
        manifest.check_dir(out).with_context(|| format!("existing corelib at {}", out.display()))?;
        println!("corelib: {} ({} files, verified)", out.display(), manifest.len());
        return Ok(true);
    }
    let wasm_path = args.required("wasm")?;
    let wasm = fs::read(wasm_path).with_context(|| format!("reading {wasm_path}"))?;
    let files = embedded_corelib(&wasm)?;
    manifest.check(&files)?;
    let staging = out.with_extension(format!("tmp-{}", std::process::id()));
    for (name, content) in &files {
        let path = staging.join(name);
        fs::create_dir_all(path.parent().unwrap())?;
        fs::write(&path, content)?;
    }
    fs::rename(&staging, out).with_context(|| format!("moving the corelib to {}", out.display()))?;
    println!("corelib: extracted {} files to {} (verified)", files.len(), out.display());
    Ok(true)
}

/// Every embedded corelib file, keyed by its path under `corelib/src`.
pub fn embedded_corelib(wasm: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let memory = DataImage::read(wasm)?;
    let names_at = memory
        .find(b"array.cairoboolean.cairo")
        .ok_or_else(|| anyhow!("no embedded corelib file names in this module (not wasm-cairo 0.10.2?)"))?;
    let body = function_referencing(wasm, names_at)?;
    let entries = lookup_entries(&body, &memory)?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let content = memory
            .slice(entry.content_at, entry.content_len)
            .ok_or_else(|| anyhow!("{}: contents outside the data section", entry.name))?;
        if sha256_hex(content) != entry.sha256 {
            bail!("{}: contents do not match the SHA-256 embedded beside them", entry.name);
        }
        files.insert(entry.name, content.to_vec());
    }
    Ok(files)
}

/// The module's initial linear memory: its active data segments at their offsets.
struct DataImage(Vec<(u32, Vec<u8>)>);

impl DataImage {
    fn read(wasm: &[u8]) -> Result<Self> {
        let mut segments = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::DataSection(reader) = payload? {
                for data in reader {
                    let data = data?;
                    if let DataKind::Active { offset_expr, .. } = data.kind {
                        if let Operator::I32Const { value } = offset_expr.get_operators_reader().read()? {
                            segments.push((value as u32, data.data.to_vec()));
                        }
                    }
                }
            }
        }
        Ok(Self(segments))
    }

    fn find(&self, needle: &[u8]) -> Option<u32> {
        self.0.iter().find_map(|(at, bytes)| {
            bytes.windows(needle.len()).position(|w| w == needle).map(|i| at + i as u32)
        })
    }

    fn slice(&self, at: u32, len: u32) -> Option<&[u8]> {
        self.0.iter().find_map(|(start, bytes)| {
            let from = at.checked_sub(*start)? as usize;
            bytes.get(from..from.checked_add(len as usize)?)
        })
    }
}

/// The operators of the one function that loads the address `target` as a constant.
fn function_referencing(wasm: &[u8], target: u32) -> Result<Vec<Operator<'_>>> {
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload? {
            let mut reader = body.get_operators_reader()?;
            let mut ops = Vec::new();
            let mut hit = false;
            while !reader.eof() {
                let op = reader.read()?;
                hit |= matches!(op, Operator::I32Const { value } if value as u32 == target);
                ops.push(op);
            }
            if hit {
                found.push(ops);
            }
        }
    }
    match found.len() {
        1 => Ok(found.pop().unwrap()),
        n => bail!("expected one corelib lookup function, found {n}"),
    }
}

struct Entry {
    name: String,
    content_at: u32,
    content_len: u32,
    sha256: String,
}

/// Follows the lookup function's control flow: each name comparison branches to the end of a
/// block, and the code right after that `end` stores the file's contents pointer (offset 52),
/// length (offset 56) and SHA-256 (four i64 at offsets 16..40) into the result.
fn lookup_entries(ops: &[Operator<'_>], memory: &DataImage) -> Result<Vec<Entry>> {
    let mut frames: Vec<usize> = vec![0];
    let mut next_frame = 1;
    let mut name_of_frame: HashMap<usize, String> = HashMap::new();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if let Some(name) = compared_name(ops, i, memory) {
            let target = match (&ops[i + 3], ops.get(i + 4)) {
                (Operator::BrIf { relative_depth }, _) => {
                    frames[frames.len() - 1 - *relative_depth as usize]
                }
                // `if` on "not equal": a match skips the body and continues after its `end`.
                (Operator::I32Eqz, Some(Operator::If { .. })) => next_frame,
                _ => bail!("unexpected code after the comparison with {name}"),
            };
            if name_of_frame.insert(target, name.clone()).is_some() {
                bail!("two file names lead to one block ({name})");
            }
            i += 3;
            continue;
        }
        match &ops[i] {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                frames.push(next_frame);
                next_frame += 1;
            }
            Operator::Else => {
                if name_of_frame.contains_key(frames.last().unwrap()) {
                    bail!("a file-name comparison leads into an else branch");
                }
            }
            Operator::End => {
                let frame = frames.pop().ok_or_else(|| anyhow!("unbalanced end"))?;
                if let Some(name) = name_of_frame.remove(&frame) {
                    entries.push(stored_entry(name, &ops[i + 1..])?);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if entries.is_empty() {
        bail!("no corelib files found in the lookup function");
    }
    Ok(entries)
}

fn compared_name(ops: &[Operator<'_>], i: usize, memory: &DataImage) -> Option<String> {
    let (Operator::I32Const { value: at }, Some(Operator::I32Const { value: len }), Some(Operator::Call { .. })) =
        (&ops[i], ops.get(i + 1), ops.get(i + 2))
    else {
        return None;
    };
    let bytes = memory.slice(*at as u32, *len as u32)?;
    let name = std::str::from_utf8(bytes).ok()?;
    (name.ends_with(".cairo") && name.bytes().all(|b| b.is_ascii_graphic())).then(|| name.to_string())
}

fn stored_entry(name: String, ops: &[Operator<'_>]) -> Result<Entry> {
    let mut i32_fields = HashMap::new();
    let mut i64_fields = HashMap::new();
    for pair in ops.windows(2) {
        match pair {
            [Operator::I32Const { value }, Operator::I32Store { memarg }] => {
                i32_fields.insert(memarg.offset, *value as u32);
            }
            [Operator::I64Const { value }, Operator::I64Store { memarg }] => {
                i64_fields.insert(memarg.offset, *value as u64);
            }
            [Operator::Br { .. } | Operator::BrIf { .. } | Operator::End | Operator::Return, _] => break,
            _ => {}
        }
    }
    let field = |offset: u64| i32_fields.get(&offset).copied();
    let (Some(content_at), Some(content_len)) = (field(52), field(56)) else {
        bail!("{name}: no contents address and length stored after its comparison");
    };
    let mut sha = Vec::with_capacity(32);
    for offset in [16, 24, 32, 40] {
        let word = i64_fields.get(&offset).ok_or_else(|| anyhow!("{name}: no embedded SHA-256"))?;
        sha.extend_from_slice(&word.to_le_bytes());
    }
    let sha256 = sha.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Entry { name, content_at, content_len, sha256 })
}
