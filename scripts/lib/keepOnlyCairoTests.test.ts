import { describe, expect, it } from 'vitest';
import { keepOnlyCairoTests } from './keepOnlyCairoTests.ts';

const SOURCE = [
  '#[test]',
  'fn test_kept() {}',
  '',
  '#[test]',
  "#[should_panic(expected: ('x',))]",
  'fn test_dropped() {}',
  '',
  '#[test]',
  '#[feature("safe_dispatcher")]',
  'fn test_dropped_with_feature() {}',
  '',
  '#[inline(never)]',
  'fn helper() {}',
].join('\n');

describe('keepOnlyCairoTests', () => {
  it('keeps the named tests and turns the others into plain functions', () => {
    const out = keepOnlyCairoTests(SOURCE, new Set(['test_kept']));
    expect(out).toContain('#[test]\nfn test_kept() {}');
    expect(out).not.toMatch(/#\[test\]\s*\n\s*#\[should_panic/);
    expect(out).not.toContain('should_panic');
    expect(out).toContain('#[feature("safe_dispatcher")]\nfn test_dropped_with_feature() {}');
    expect(out.match(/#\[test\]/g)).toHaveLength(1);
    expect(out).toContain('#[inline(never)]\nfn helper() {}');
  });

  it('leaves the source unchanged when every test is kept', () => {
    const all = new Set(['test_kept', 'test_dropped', 'test_dropped_with_feature']);
    expect(keepOnlyCairoTests(SOURCE, all)).toBe(SOURCE);
  });
});
