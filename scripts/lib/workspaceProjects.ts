import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './contractsLayout.ts';

export interface WorkspaceProject {
  dir: string;
  manifest: {
    name: string;
    version: string;
    private?: boolean;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    exports?: Record<string, unknown>;
    files?: string[];
  };
}

/** The root and every project listed in pnpm-workspace.yaml (one folder or `dir/*` per line). */
export function workspaceProjects(root = REPO_ROOT): WorkspaceProject[] {
  const patterns = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('packages:')[1]!
    .split('\n')
    .map((line) => /^\s+-\s+['"]?([^'"]+)['"]?\s*$/.exec(line)?.[1])
    .filter((pattern): pattern is string => pattern !== undefined);
  const dirs = [root];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(join(parent, entry.name));
      }
    } else {
      dirs.push(join(root, pattern));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
}

/** The projects that npm users install: not private. */
export function publishableProjects(root = REPO_ROOT): WorkspaceProject[] {
  return workspaceProjects(root).filter((project) => project.manifest.private !== true);
}
