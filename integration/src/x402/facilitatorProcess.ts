/**
 * One facilitator process of the multi-instance scenario (`multiFacilitator.test.ts`): an
 * `ExactStarknetFacilitator` on a shared PostgreSQL store, served over HTTP. Configured by
 * environment; prints `ready <url>` once listening. With `CRASH_AFTER_RECORDING=1` it kills itself
 * (SIGKILL) right after recording its first settlement hash, before broadcasting it: the worst
 * moment to die.
 */
import {
  ExactStarknetFacilitator,
  type SettlementStore,
  startFacilitatorServer,
} from '@chipi-sessions/x402/facilitator';
import { PostgresSettlementStore } from '@chipi-sessions/x402/facilitator/postgres';
import { RpcProvider } from 'starknet';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const shared = await PostgresSettlementStore.open({ connectionString: env('DATABASE_URL') });
const crash = process.env.CRASH_AFTER_RECORDING === '1';
const store: SettlementStore = {
  claim: (record) => shared.claim(record),
  get: (payer, nonce) => shared.get(payer, nonce),
  findByPaymentId: (id) => shared.findByPaymentId(id),
  unfinished: (updatedBefore, limit) => shared.unfinished(updatedBefore, limit),
  evict: (executeBefore) => shared.evict(executeBefore),
  close: () => shared.close(),
  async transition(payer, nonce, from, to, update, attempt) {
    const moved = await shared.transition(payer, nonce, from, to, update, attempt);
    if (crash && moved && to === 'submitted') process.kill(process.pid, 'SIGKILL');
    return moved;
  },
};
const facilitator = new ExactStarknetFacilitator({
  provider: new RpcProvider({ nodeUrl: env('NODE_URL') }),
  relayer: { address: env('RELAYER_ADDRESS'), privateKey: env('RELAYER_KEY') },
  store,
  maxFee: 10n ** 18n,
  pollIntervalMs: 50,
  confirmTimeoutMs: Number(process.env.CONFIRM_TIMEOUT_MS ?? 3000),
  claimLeaseMs: Number(process.env.CLAIM_LEASE_MS ?? 2000),
});
const running = await startFacilitatorServer({
  facilitator,
  auth: { bearerTokens: [env('API_KEY')] },
  rateLimit: false,
});
process.stdout.write(`ready ${running.url}\n`);
