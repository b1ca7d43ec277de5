import { describe, expect, it } from 'vitest';
import { exactRanges, tarballProblems } from './tarballProblems.ts';

const MANIFEST = {
  name: '@s/p',
  files: ['dist', 'artifacts'],
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './artifacts/*': './artifacts/*',
  } as never,
  bin: { p: './dist/cli.js' },
  dependencies: { a: '^1.0.0' },
};
const GOOD = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/cli.js',
  'artifacts/x.json',
];

describe('tarballProblems', () => {
  it('accepts a tarball that ships what the manifest promises', () => {
    expect(tarballProblems(GOOD, MANIFEST)).toEqual([]);
  });

  it('names every broken promise', () => {
    const paths = [
      'package.json',
      'dist/index.js',
      'dist/index.js.map',
      'dist/testing/fake.js',
      'src/index.ts',
    ];
    const manifest = { ...MANIFEST, dependencies: { '@s/core': 'workspace:^' } };
    expect(tarballProblems(paths, manifest)).toEqual([
      'README.md is not in the tarball',
      'LICENSE is not in the tarball',
      'exports["."] → ./dist/index.d.ts is not shipped',
      'exports["./artifacts/*"] → ./artifacts/* is not shipped',
      'bin ./dist/cli.js is not shipped',
      'dist/index.js.map: source maps point at sources not shipped',
      'dist/testing/fake.js: test code is shipped',
      'src/index.ts is shipped but not listed in "files"',
      '@s/core: unresolved range workspace:^',
    ]);
  });

  it('finds exact pins among dependencies and peers', () => {
    expect(
      exactRanges({
        name: 'p',
        dependencies: { a: '1.2.3', b: '^1.2.3' },
        peerDependencies: { starknet: '10.8.0', c: '>=1' },
      }),
    ).toEqual(['a@1.2.3', 'starknet@10.8.0']);
  });
});
