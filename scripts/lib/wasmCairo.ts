import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as wasmCairo from 'wasm-cairo';

let initialized = false;

/** Loads the wasm-cairo module (Cairo 2.8.2) once per process. */
export function loadWasmCairo(): typeof wasmCairo {
  if (!initialized) {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('wasm-cairo/wasm-cairo_bg.wasm');
    wasmCairo.initSync({ module: readFileSync(wasmPath) });
    initialized = true;
  }
  return wasmCairo;
}

export const WASM_CAIRO_VERSION = '2.8.2';
