#!/usr/bin/env bash
# Installs (once) and locates the pinned Starknet toolchain, using only package registries:
#   starknet-devnet 0.8.2 (JSON-RPC 0.10.2) and universal-sierra-compiler 2.8.0 (Cairo 2.17.0,
#   the Sierra->CASM compiler devnet 0.8.2 itself uses), both built with `cargo install --locked`
#   into a cache outside the repository, keyed by tool and version; and our own tools
#   (scripts/sierra-fix, and scripts/cairo-native: the native Cairo 2.8.2 compiler and test runner
#   with the corelib it reads), keyed by the hash of their sources.
# Idempotent: a warm run only checks versions. Prints progress and timings; on failure it names
# the missing piece and the fix. Writes the resolved paths to $CACHE/toolchain.env.
#
# Overrides: STARKNET_DEVNET_PATH, USC_PATH (binaries to use when their version matches),
#            CHIPI_CACHE_DIR (default ~/.cache/chipi-sessions).
set -euo pipefail

DEVNET_VERSION=0.8.2
USC_VERSION=2.8.0
CACHE="${CHIPI_CACHE_DIR:-$HOME/.cache/chipi-sessions}"
TARGET_DIR="$CACHE/cargo-target"
mkdir -p "$CACHE/logs"

say() { printf '==> toolchain: %s\n' "$*"; }
die() { printf 'toolchain error: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }
started=$(now)

ensure_debian_packages() {
  local missing=()
  command -v cc >/dev/null || missing+=(build-essential)
  command -v make >/dev/null || missing+=(make)
  command -v perl >/dev/null || missing+=(perl)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v cmake >/dev/null || missing+=(cmake)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  command -v apt-get >/dev/null || die "missing ${missing[*]}; install them with your package manager (a C compiler, make, perl, pkg-config and cmake are needed to build starknet-devnet)"
  $sudo apt-get update -qq || die "apt-get update failed; install ${missing[*]} by hand"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed; install them by hand"
}

ensure_cargo() {
  if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  command -v cargo >/dev/null || die "cargo not found: install Rust >= 1.92 (rustup, or your distribution's rustc/cargo) and re-run"
}

# version_of BIN: prints the first x.y.z found in `BIN --version`.
version_of() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1; }

# resolve TOOL CRATE VERSION OVERRIDE_PATH: prints the path of a binary at exactly VERSION,
# building it into the cache when no matching binary exists.
resolve() {
  local tool=$1 crate=$2 version=$3 override=${4:-}
  local cached="$CACHE/$tool-$version/bin/$tool"
  if [ -n "$override" ]; then
    [ -x "$override" ] || die "$tool override $override is not an executable"
    [ "$(version_of "$override")" = "$version" ] || die "$override is $tool $(version_of "$override"), need $version"
    echo "$override"; return
  fi
  if [ -x "$cached" ] && [ "$(version_of "$cached")" = "$version" ]; then echo "$cached"; return; fi
  local onpath
  onpath=$(command -v "$tool" || true)
  if [ -n "$onpath" ] && [ "$(version_of "$onpath")" = "$version" ]; then echo "$onpath"; return; fi

  ensure_debian_packages
  ensure_cargo
  local log="$CACHE/logs/$tool-$version.log" t0
  t0=$(now)
  say "building $tool $version with cargo (cold build, tens of minutes; log: $log)" >&2
  (
    export CARGO_TARGET_DIR="$TARGET_DIR"
    cargo install --locked "$crate" --version "$version" --root "$CACHE/$tool-$version" >"$log" 2>&1
  ) &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 60
    kill -0 "$pid" 2>/dev/null || break
    local done_count
    done_count=$(grep -c ' Compiling ' "$log" 2>/dev/null || true)
    say "  $tool: $(( $(now) - t0 ))s, $done_count crates compiled" >&2
  done
  wait "$pid" || die "cargo install $crate@$version failed; see $log (the last lines name the failing crate)"
  say "built $tool $version in $(( $(now) - t0 ))s" >&2
  echo "$cached"
}

exec 9>"$CACHE/toolchain.lock"
flock 9

DEVNET=$(resolve starknet-devnet starknet-devnet "$DEVNET_VERSION" "${STARKNET_DEVNET_PATH:-}")
say "starknet-devnet $DEVNET_VERSION: $DEVNET"
USC=$(resolve universal-sierra-compiler universal-sierra-compiler "$USC_VERSION" "${USC_PATH:-}")
say "universal-sierra-compiler $USC_VERSION: $USC"
# Our own small repair tool for wasm-cairo's Sierra (see scripts/sierra-fix/src/main.rs), keyed by
# the hash of its sources and built against the cairo-lang crates usc already compiled.
FIX_SRC="$(cd "$(dirname "$0")" && pwd)/sierra-fix"
FIX_KEY=$(cat "$FIX_SRC/Cargo.toml" "$FIX_SRC/Cargo.lock" "$FIX_SRC/src/main.rs" | sha256sum | cut -c1-12)
FIX="$CACHE/chipi-sierra-fix-$FIX_KEY/bin/chipi-sierra-fix"
if [ ! -x "$FIX" ]; then
  ensure_cargo
  t0=$(now)
  say "building chipi-sierra-fix ($FIX_KEY)"
  CARGO_TARGET_DIR="$TARGET_DIR" cargo install --locked --path "$FIX_SRC" --root "$CACHE/chipi-sierra-fix-$FIX_KEY" \
    >"$CACHE/logs/chipi-sierra-fix.log" 2>&1 || die "building chipi-sierra-fix failed; see $CACHE/logs/chipi-sierra-fix.log"
  say "built chipi-sierra-fix in $(( $(now) - t0 ))s"
fi
say "chipi-sierra-fix: $FIX"

# patched_crate NAME VERSION: prints the path of a copy of the published crate with
# scripts/cairo-native/patches/NAME-VERSION.patch applied, made once in the cache.
patched_crate() {
  local name=$1 version=$2
  local patch="$NATIVE_SRC/patches/$name-$version.patch"
  local dir="$CACHE/patched-crates/$name-$version-$(sha256sum "$patch" | cut -c1-12)"
  if [ ! -f "$dir/Cargo.toml" ]; then
    local fetch crate tmp="$dir.tmp-$$"
    fetch=$(mktemp -d)
    mkdir -p "$fetch/src" && touch "$fetch/src/lib.rs"
    printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s = "=%s"\n' \
      "$name" "$version" >"$fetch/Cargo.toml"
    cargo fetch --manifest-path "$fetch/Cargo.toml" >"$CACHE/logs/fetch-$name.log" 2>&1 \
      || die "cargo fetch $name@$version failed; see $CACHE/logs/fetch-$name.log"
    rm -rf "$fetch"
    crate=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/cache" -name "$name-$version.crate" | head -n 1)
    [ -n "$crate" ] || die "$name-$version.crate not found in the cargo registry cache"
    rm -rf "$tmp" && mkdir -p "$tmp"
    tar xzf "$crate" -C "$tmp" --strip-components=1
    (cd "$tmp" && patch -p1 --quiet <"$patch") || die "$patch does not apply to $name $version"
    mkdir -p "$(dirname "$dir")" && mv "$tmp" "$dir"
  fi
  echo "$dir"
}

# The native Cairo 2.8.2 compiler and test runner. cairo-vm 1.0.2, which the cairo-lang 2.8.2 test
# runner needs, does not build on Rust >= 1.87 as published (two calls pass a reference to what is
# now the standard usize::is_multiple_of), and as a path dependency it no longer gets cargo's lint
# cap, so its `#![deny(warnings)]` fails on newer lints; scripts/cairo-native/patches fixes both in
# a copy in the cache, wired in with a cargo [patch].
NATIVE_SRC="$(cd "$(dirname "$0")" && pwd)/cairo-native"
NATIVE_KEY=$(cat "$NATIVE_SRC/Cargo.toml" "$NATIVE_SRC/Cargo.lock" "$NATIVE_SRC"/src/*.rs "$NATIVE_SRC"/patches/* | sha256sum | cut -c1-12)
NATIVE="$CACHE/chipi-cairo-$NATIVE_KEY/bin/chipi-cairo"
if [ ! -x "$NATIVE" ]; then
  ensure_cargo
  t0=$(now)
  CAIRO_VM=$(patched_crate cairo-vm 1.0.2)
  say "building chipi-cairo ($NATIVE_KEY; cairo-lang 2.8.2, a cold build takes minutes; log: $CACHE/logs/chipi-cairo.log)"
  CARGO_TARGET_DIR="$TARGET_DIR" cargo install --locked --path "$NATIVE_SRC" --root "$CACHE/chipi-cairo-$NATIVE_KEY" \
    --config "patch.crates-io.cairo-vm.path=\"$CAIRO_VM\"" >"$CACHE/logs/chipi-cairo.log" 2>&1 \
    || die "building chipi-cairo failed; see $CACHE/logs/chipi-cairo.log"
  say "built chipi-cairo in $(( $(now) - t0 ))s"
fi
say "chipi-cairo: $NATIVE"
# Its corelib: no registry ships the Cairo 2.8.2 corelib as files, but the npm wasm-cairo package
# embeds it; chipi-cairo extracts it once and checks every file against corelib-2.8.2.sha256.
CORELIB="$CACHE/cairo-corelib-2.8.2"
WASM=$(cd "$NATIVE_SRC/../.." && node -p "require.resolve('wasm-cairo/wasm-cairo_bg.wasm')" 2>/dev/null || true)
if [ -f "$CORELIB/lib.cairo" ] || [ -n "$WASM" ]; then
  "$NATIVE" corelib --wasm "${WASM:-none}" --manifest "$NATIVE_SRC/corelib-2.8.2.sha256" --out "$CORELIB" >&2 \
    || die "the Cairo corelib could not be extracted and verified (see above)"
else
  say "wasm-cairo is not installed yet (pnpm install): the native Cairo tool has no corelib, wasm-cairo is used"
  CORELIB=""
fi
if command -v scarb >/dev/null; then say "scarb: $(command -v scarb) (used for the Cairo tests)"; fi

cat >"$CACHE/toolchain.env" <<ENV
STARKNET_DEVNET_PATH=$DEVNET
USC_PATH=$USC
SIERRA_FIX_PATH=$FIX
CHIPI_CAIRO_PATH=$NATIVE
CAIRO_CORELIB_PATH=$CORELIB
ENV
say "ready in $(( $(now) - started ))s"
