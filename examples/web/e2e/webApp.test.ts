import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChipiSessionsSDK } from '@chipi-sessions/sdk';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, PRICE, startDemoStack } from '../server/startDemoStack.ts';
import { startWebApp, type WebApp } from '../server/startWebApp.ts';
import { ensureChromium } from './ensureChromium.ts';

const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
const PIN = '482913';

let stack: DemoStack;
let app: WebApp;
let browser: Browser;
let page: Page;
const shots: string[] = [];

async function shot(name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

const text = async (testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim();

beforeAll(async () => {
  const executablePath = ensureChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startDemoStack();
  app = await startWebApp({ rpcUrl: stack.devnet.url, apiUrl: stack.apiUrl, mode: 'built' });
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(120_000);
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await stack?.stop();
  if (shots.length > 0) console.log(`screenshots:\n${shots.join('\n')}`);
});

describe('the example app in Chromium against devnet', () => {
  it('creates a wallet, grants a session, pays per request, stops at the limit, revokes', async () => {
    const chainSdk = new ChipiSessionsSDK({ provider: stack.devnet.provider });
    const merchantBefore = await stack.balanceOf(stack.config.merchant);

    // 1. A wallet protected by a PIN, deployed on devnet.
    await page.goto(app.url);
    await page.getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: 'Create wallet' }).click();
    const address = (await text('wallet-address')).trim();
    expect(address).toMatch(/^0x[0-9a-f]+$/);
    expect(await stack.balanceOf(address)).toBe(1_000_000n);
    await shot('wallet-and-limits');

    // 2. The limits in words, then one grant.
    const limits = await text('limits');
    expect(limits).toContain('At most 6 payments in total.');
    expect(limits).toContain('At most 0.01 USDC per payment.');
    expect(limits).toContain('At most 0.03 USDC in any 10 minutes.');
    expect(limits).toContain('Valid for 1 hour');
    await page.getByRole('button', { name: 'Grant' }).click();
    await page.getByTestId('session-status').getByText('active').waitFor();
    expect(await text('remaining-calls')).toBe('6');
    await expect.poll(() => text('window-budget')).toBe('0.03 of 0.03 USDC left');
    expect(await text('session-countdown')).toMatch(/^(59|60):\d\d$/);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).toContain('cs1.'); // the session key is stored as its envelope only
    await shot('session-granted');

    // 3. The agent pays per answer, with no prompt, until the window budget is spent.
    await page.getByRole('button', { name: /^Ask \d+ questions$/ }).click();
    await page.getByTestId('payment-error').waitFor();
    expect(await text('payment-count')).toBe('3 paid');
    expect(await text('total-spent')).toBe('0.030000 USDC');
    expect(await text('payment-error')).toContain('SESSION_SPENDING_LIMIT_EXCEEDED');
    await expect.poll(() => text('window-budget')).toBe('0 of 0.03 USDC left');
    await expect.poll(() => text('remaining-calls')).toBe('3');
    const hashes = await page.getByTestId('tx-hash').allTextContents();
    expect(hashes).toHaveLength(3);
    for (const hash of hashes) {
      const receipt = await stack.devnet.provider.getTransactionReceipt(hash.trim());
      expect(receipt.isSuccess()).toBe(true);
    }
    expect((await stack.balanceOf(stack.config.merchant)) - merchantBefore).toBe(3n * PRICE);
    expect(await stack.balanceOf(address)).toBe(1_000_000n - 3n * PRICE);
    await shot('refused-at-the-limit');

    // 4. Revoked: the chain says so, and the next request fails with the typed code.
    const sessionKey = await page.evaluate(() => {
      const entry = Object.keys(localStorage).find((k) => k.startsWith('chipi-sessions/session/'));
      return entry === undefined
        ? ''
        : (JSON.parse(localStorage.getItem(entry) ?? '{}').publicKey as string);
    });
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('session-status').getByText('revoked').waitFor();
    const onChain = await chainSdk.sessions.getSessionData({
      walletAddress: address,
      sessionPublicKey: sessionKey,
    });
    expect(onChain.status).toBe('revoked');
    await page.getByRole('button', { name: /^Ask \d+ questions$/ }).click();
    await page.getByTestId('payment-error').getByText('SESSION_REVOKED').waitFor();
    expect(await text('payment-count')).toBe('3 paid');
    expect((await stack.balanceOf(stack.config.merchant)) - merchantBefore).toBe(3n * PRICE);
    await shot('revoked');
  });
});
