import { describe, expect, it } from 'vitest';
import { parseTestRun } from './nativeCairo.ts';

describe('parseTestRun', () => {
  it('reads the counts of a green run', () => {
    const stdout = [
      'running 2 tests',
      'test astro::tests::test_a::test_one ... ok (gas usage est.: 1230)',
      'test astro::tests::test_a::test_two ... ok (gas usage est.: 4560)',
      'test result: ok. 2 passed; 0 failed; 0 ignored; 5 filtered out;',
    ].join('\n');
    const run = parseTestRun(stdout, '', 0);
    expect(run).toMatchObject({ passed: 2, failed: 0, ignored: 0, failures: [] });
    expect(run.error).toBeUndefined();
  });

  it('names each failing test with its panic data', () => {
    const stdout = [
      'running 3 tests',
      'test astro::tests::test_a::test_one ... ok (gas usage est.: 1230)',
      'test astro::tests::test_a::test_two ... fail (gas usage est.: 4560)',
      'test astro::tests::test_a::test_three ... fail (gas usage est.: 10)',
      'failures:',
      "   astro::tests::test_a::test_two - Panicked with 'session/expired'.",
      '   astro::tests::test_a::test_three - expected panic but finished successfully.',
      '',
      'test result: FAILED. 1 passed; 2 failed; 0 ignored',
    ].join('\n');
    const run = parseTestRun(stdout, '', 1);
    expect(run.passed).toBe(1);
    expect(run.failed).toBe(2);
    expect(run.failures).toEqual([
      "astro::tests::test_a::test_two - Panicked with 'session/expired'.",
      'astro::tests::test_a::test_three - expected panic but finished successfully.',
    ]);
  });

  it('reports compiler diagnostics when the tests do not compile', () => {
    const stderr =
      'error: Identifier not found.\n --> /repo/contracts/account/src/tests/test_a.cairo:12:9\n';
    const run = parseTestRun('', stderr, 1);
    expect(run.error).toContain('test_a.cairo:12:9');
    expect(run.passed).toBe(0);
  });
});
