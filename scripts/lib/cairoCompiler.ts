import type { NativeCairo } from './toolchainPaths.ts';

export type CairoCompiler = { kind: 'native'; native: NativeCairo } | { kind: 'wasm' };

/**
 * The Cairo 2.8.2 compiler to use: the native tool when scripts/toolchain.sh built it, else
 * wasm-cairo. `CHIPI_CAIRO_COMPILER=wasm` forces wasm-cairo (whose classes differ from the
 * committed ones, see docs/toolchain.md); `CHIPI_CAIRO_COMPILER=native` fails when the native
 * tool is missing.
 */
export function selectCairoCompiler(native: NativeCairo | undefined): CairoCompiler {
  const wanted = process.env.CHIPI_CAIRO_COMPILER;
  if (wanted !== undefined && wanted !== 'native' && wanted !== 'wasm')
    throw new Error(`CHIPI_CAIRO_COMPILER must be native or wasm, got ${wanted}`);
  if (wanted === 'wasm') return { kind: 'wasm' };
  if (native) return { kind: 'native', native };
  if (wanted === 'native')
    throw new Error(
      'CHIPI_CAIRO_COMPILER=native but the native Cairo tool is not built: run scripts/toolchain.sh',
    );
  return { kind: 'wasm' };
}
