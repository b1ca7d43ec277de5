/**
 * Turns every `#[test]` function of a Cairo source whose name is not in `keep` into a plain
 * function, so the test runner compiles only the kept tests (an unused function is not part of
 * the compiled program). Used to split a test file whose whole program is too large for one
 * wasm-cairo run.
 */
export function keepOnlyCairoTests(source: string, keep: ReadonlySet<string>): string {
  return source.replace(
    /((?:^[ \t]*#\[[^\n]*\][ \t]*\n)+)([ \t]*fn\s+([A-Za-z0-9_]+)\s*\()/gm,
    (match, attributes: string, signature: string, name: string) => {
      if (!/#\[test\]/.test(attributes) || keep.has(name)) return match;
      const kept = attributes
        .split('\n')
        .filter((line) => !/^\s*#\[(test|should_panic|ignore|available_gas)\b/.test(line))
        .join('\n');
      return `${kept}${signature}`;
    },
  );
}
