import { describe, expect, it } from 'vitest';
import { exportSubpaths } from './exportSubpaths.ts';

describe('exportSubpaths', () => {
  it('flattens an exports map into specifiers, targets and the require promise', () => {
    const subpaths = exportSubpaths('@s/p', {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './server': { types: './dist/server.d.ts', import: './dist/server.js' },
      './artifacts/*': './artifacts/*',
      './package.json': './package.json',
    });
    expect(subpaths).toEqual([
      {
        subpath: '.',
        specifier: '@s/p',
        wildcard: false,
        json: false,
        requirable: true,
        targets: ['./dist/index.d.ts', './dist/index.js'],
      },
      {
        subpath: './server',
        specifier: '@s/p/server',
        wildcard: false,
        json: false,
        requirable: false,
        targets: ['./dist/server.d.ts', './dist/server.js'],
      },
      {
        subpath: './artifacts/*',
        specifier: '@s/p/artifacts/*',
        wildcard: true,
        json: true,
        requirable: true,
        targets: ['./artifacts/*'],
      },
      {
        subpath: './package.json',
        specifier: '@s/p/package.json',
        wildcard: false,
        json: true,
        requirable: true,
        targets: ['./package.json'],
      },
    ]);
  });

  it('reads nested conditions and a bare string as the root entry', () => {
    const [nested] = exportSubpaths('p', {
      '.': { node: { import: './a.mjs', require: './a.cjs' }, browser: './b.js' },
    });
    expect(nested?.requirable).toBe(true);
    expect(nested?.targets).toEqual(['./a.mjs', './a.cjs', './b.js']);
    expect(exportSubpaths('p', './index.js')[0]?.subpath).toBe('.');
    expect(exportSubpaths('p', { import: './i.js' })[0]?.requirable).toBe(false);
  });
});
