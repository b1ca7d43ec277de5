/**
 * Writes the golden vectors of the CHIPI session account:
 *
 *   contracts/vectors/*.json                   values computed by @chipi-sessions/core
 *   contracts/account/src/tests/vectors.cairo  Cairo tests asserting the same values
 *
 *   pnpm --filter @chipi-sessions/core run vectors           (write)
 *   pnpm --filter @chipi-sessions/core run vectors --check   (fail when the files differ)
 *
 * The inputs (vectors/inputs.ts) are fixed; the outputs come from core. Signatures are
 * deterministic (RFC 6979), so the files are stable.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildOutsideExecution,
  buildSessionOe,
  buildSessionTx,
  buildSetPublicKey,
  buildSlidingWindow,
  buildSpendOfCall,
} from './vectors/build.js';
import { renderCairoVectors } from './vectors/cairo.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VECTORS_DIR = join(REPO_ROOT, 'contracts', 'vectors');
const CAIRO_FILE = join(REPO_ROOT, 'contracts', 'account', 'src', 'tests', 'vectors.cairo');

function render(): Map<string, string> {
  const vectors = {
    sessionTx: buildSessionTx(),
    sessionOe: buildSessionOe(),
    outsideExecution: buildOutsideExecution(),
    setPublicKey: buildSetPublicKey(),
    slidingWindow: buildSlidingWindow(),
    spendOfCall: buildSpendOfCall(),
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    [join(VECTORS_DIR, 'session_tx.json'), json(vectors.sessionTx)],
    [join(VECTORS_DIR, 'session_oe.json'), json(vectors.sessionOe)],
    [join(VECTORS_DIR, 'outside_execution.json'), json(vectors.outsideExecution)],
    [join(VECTORS_DIR, 'set_public_key.json'), json(vectors.setPublicKey)],
    [join(VECTORS_DIR, 'sliding_window.json'), json(vectors.slidingWindow)],
    [join(VECTORS_DIR, 'spend_of_call.json'), json(vectors.spendOfCall)],
    [CAIRO_FILE, renderCairoVectors(vectors)],
  ]);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const files = render();
if (process.argv.includes('--check')) {
  const stale = [...files].filter(([path, content]) => readOrEmpty(path) !== content);
  for (const [path] of stale) console.error(`out of date: ${relative(REPO_ROOT, path)}`);
  if (stale.length > 0) {
    console.error('run `pnpm --filter @chipi-sessions/core run vectors` to regenerate');
    process.exit(1);
  }
  console.log(`vectors: ${files.size} files up to date`);
} else {
  for (const [path, content] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${relative(REPO_ROOT, path)}`);
  }
}
