import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The path of Debian's Chromium, installed with apt when missing (browser downloads are not
 * available here). Fails loudly when it cannot be installed: the end-to-end test must not pass
 * without a browser.
 */
export function ensureChromium(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override !== undefined && existsSync(override)) return override;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found !== undefined) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const asRoot = process.getuid?.() === 0;
  const apt = (...args: string[]) =>
    execFileSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      env,
      stdio: 'inherit',
    });
  try {
    apt('install', '-y', '--no-install-recommends', 'chromium');
  } catch {
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'chromium');
  }
  const installed = CANDIDATES.find((path) => existsSync(path));
  if (installed === undefined)
    throw new Error('chromium is not installed and apt could not install it');
  return installed;
}
