/** One `exports` entry of a package manifest, flattened to what the consumer check needs. */
export interface ExportSubpath {
  /** `.`, `./node`, `./artifacts/*`… */
  subpath: string;
  /** The import specifier a user writes (`@scope/pkg/node`). */
  specifier: string;
  /** Contains `*`: expands to shipped files. */
  wildcard: boolean;
  /** Points at JSON (package.json, artifacts) rather than a module with types. */
  json: boolean;
  /** `require()` is promised: a `require` or `default` condition (or a plain string target). */
  requirable: boolean;
  /** Every file the entry can resolve to, in the package (`./dist/index.js`…). */
  targets: string[];
}

type ExportsValue = string | null | ExportsValue[] | { [condition: string]: ExportsValue };

export function exportSubpaths(
  name: string,
  exports: Record<string, ExportsValue> | string | undefined,
): ExportSubpath[] {
  if (exports === undefined) return [];
  const map: Record<string, ExportsValue> =
    typeof exports === 'string' || !Object.keys(exports).every((key) => key.startsWith('.'))
      ? { '.': exports as ExportsValue }
      : exports;
  return Object.entries(map).map(([subpath, value]) => {
    const targets = collectTargets(value);
    return {
      subpath,
      specifier: subpath === '.' ? name : `${name}/${subpath.slice(2)}`,
      wildcard: subpath.includes('*'),
      json: subpath.endsWith('.json') || targets.every((target) => /\.json$|\*$/.test(target)),
      requirable: isRequirable(value),
      targets,
    };
  });
}

function collectTargets(value: ExportsValue): string[] {
  if (value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectTargets);
  return Object.values(value).flatMap(collectTargets);
}

function isRequirable(value: ExportsValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.some(isRequirable);
  return Object.entries(value).some(
    ([condition, target]) =>
      (condition === 'require' || condition === 'default' || condition === 'node') &&
      isRequirable(target),
  );
}
