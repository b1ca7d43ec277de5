//! wasm-cairo (Cairo 2.8.2 built for wasm32) writes `BranchTarget::Fallthrough` into the compressed
//! `sierra_program` as `usize::MAX`, which is 2^32 - 1 on wasm32. Native compilers read it back as
//! a jump to statement 4294967295 and refuse the class. This tool decodes the program, turns those
//! jumps back into fallthroughs and re-encodes it, keeping the original Sierra and compiler version
//! header; every other field of the class is left as is.
//!
//! Usage: chipi-sierra-fix <in.contract_class.json> <out.contract_class.json>

use cairo_lang_sierra::program::{BranchTarget, Statement, StatementIdx};
use cairo_lang_starknet_classes::contract_class::{ContractClass, ContractEntryPoints};
use cairo_lang_utils::ordered_hash_map::OrderedHashMap;
use serde_json::Value;

const WASM32_FALLTHROUGH: usize = u32::MAX as usize;
/// Felts of the header: Sierra version (major, minor, patch) then compiler version.
const HEADER_FELTS: usize = 6;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: chipi-sierra-fix <in.json> <out.json>");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[1]).unwrap_or_else(|e| fail(&format!("read {}: {e}", args[1])));
    let original: Value = serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("parse: {e}")));

    let mut stripped = original.clone();
    stripped["abi"] = Value::Null;
    stripped["sierra_program_debug_info"] = Value::Null;
    stripped["contract_class_version"] = Value::String(String::new());
    let class: ContractClass = serde_json::from_value(stripped).unwrap_or_else(|e| fail(&format!("class: {e}")));
    let mut program = class
        .extract_sierra_program(false)
        .unwrap_or_else(|e| fail(&format!("decode: {e:?}")))
        .program;

    let mut repaired = 0usize;
    for statement in program.statements.iter_mut() {
        if let Statement::Invocation(invocation) = statement {
            for branch in invocation.branches.iter_mut() {
                if branch.target == BranchTarget::Statement(StatementIdx(WASM32_FALLTHROUGH)) {
                    branch.target = BranchTarget::Fallthrough;
                    repaired += 1;
                }
            }
        }
    }

    let reencoded = ContractClass::new(&program, ContractEntryPoints::default(), None, OrderedHashMap::default())
        .unwrap_or_else(|e| fail(&format!("encode: {e:?}")));
    let mut felts: Vec<Value> = serde_json::to_value(&reencoded.sierra_program)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default();
    let header = original["sierra_program"].as_array().unwrap_or_else(|| fail("sierra_program is not an array"));
    for i in 0..HEADER_FELTS {
        felts[i] = header[i].clone();
    }

    let mut fixed = original.clone();
    fixed["sierra_program"] = Value::Array(felts);
    std::fs::write(&args[2], serde_json::to_string(&fixed).unwrap())
        .unwrap_or_else(|e| fail(&format!("write {}: {e}", args[2])));
    eprintln!("chipi-sierra-fix: {repaired} fallthrough branches repaired in {} statements", program.statements.len());
}

fn fail(message: &str) -> ! {
    eprintln!("chipi-sierra-fix: {message}");
    std::process::exit(1);
}
