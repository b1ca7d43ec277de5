import { readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './contractsLayout.ts';
import { starknetSnapshots } from './starknetSnapshots.ts';
import { workspaceProjects } from './workspaceProjects.ts';

// Two starknet.js copies (one per peer variant) break `instanceof RpcProvider` between the SDK and
// an app, and split its global config (log level) in two.
describe('one starknet.js in the workspace', () => {
  it('the lockfile installs a single starknet.js variant', () => {
    const lockfile = readFileSync(join(REPO_ROOT, 'pnpm-lock.yaml'), 'utf8');
    expect(starknetSnapshots(lockfile)).toHaveLength(1);
  });

  it('every project that uses starknet.js resolves the same installed copy', () => {
    const copies = new Map<string, string[]>();
    for (const { dir, manifest } of workspaceProjects()) {
      const declared = {
        ...manifest.dependencies,
        ...manifest.devDependencies,
        ...manifest.peerDependencies,
      };
      if (!('starknet' in declared)) continue;
      const copy = realpathSync(join(dir, 'node_modules', 'starknet'));
      copies.set(copy, [...(copies.get(copy) ?? []), relative(REPO_ROOT, dir) || '.']);
    }
    expect(copies.size, JSON.stringify(Object.fromEntries(copies), null, 2)).toBe(1);
  });

  it('counts the peer variants a lockfile holds', () => {
    const two = [
      'snapshots:',
      '',
      '  starknet@10.8.0(typescript@5.9.3)(zod@3.25.76):',
      '    dependencies: {}',
      '',
      '  starknet@10.8.0(typescript@5.9.3)(zod@4.6.7):',
      '    dependencies: {}',
      '',
      '  starknet-devnet@0.7.1: {}',
    ].join('\n');
    expect(starknetSnapshots(two)).toEqual([
      'starknet@10.8.0(typescript@5.9.3)(zod@3.25.76)',
      'starknet@10.8.0(typescript@5.9.3)(zod@4.6.7)',
    ]);
  });
});
