/** `starknet@…` entries of a pnpm lockfile's snapshots: one per peer variant pnpm installs. */
export function starknetSnapshots(lockfile: string): string[] {
  const snapshots = lockfile.split(/^snapshots:$/m)[1] ?? '';
  return [...snapshots.matchAll(/^ {2}'?(starknet@[^:']+)'?:/gm)].map((match) => match[1]!);
}
