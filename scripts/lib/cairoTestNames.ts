import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Lists the Cairo test functions of a package as `module::path::name` strings (relative to the
 * crate root), by reading `#[test]` attributes from the module files. wasm-cairo reports only
 * counts, so the runner uses these names as filters to find which tests failed.
 */
export function listCairoTests(srcDir: string): string[] {
  const names: string[] = [];
  for (const file of walk(srcDir)) {
    const modulePath = relative(srcDir, file)
      .replace(/\.cairo$/, '')
      .split('/')
      .filter((part) => part !== 'lib');
    const text = readFileSync(file, 'utf8');
    const pattern = /#\[test\][\s\S]*?fn\s+([a-zA-Z0-9_]+)/g;
    for (const match of text.matchAll(pattern)) {
      names.push([...modulePath, match[1]].join('::'));
    }
  }
  return names.sort();
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (path.endsWith('.cairo')) out.push(path);
  }
  return out;
}
