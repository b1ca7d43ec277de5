import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTRACTS_DIR = join(REPO_ROOT, 'contracts');
export const ARTIFACTS_DIR = join(CONTRACTS_DIR, 'artifacts');

export interface CairoPackage {
  /** Folder under contracts/ and Scarb package name. */
  name: string;
  /** The `#[starknet::contract]` module compiled from this package. */
  contract: string;
  /** Packages inlined into the test bundle (Scarb dev-dependencies). */
  testDependencies: string[];
}

export const CAIRO_PACKAGES: CairoPackage[] = [
  { name: 'mock_erc20', contract: 'MockERC20', testDependencies: [] },
  { name: 'legacy_erc20', contract: 'LegacyERC20', testDependencies: [] },
  { name: 'account', contract: 'ChipiAccount', testDependencies: ['mock_erc20'] },
];

export function packageDir(name: string): string {
  return join(CONTRACTS_DIR, name);
}

export function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
