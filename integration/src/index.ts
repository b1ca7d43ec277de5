export { declareContract } from './contracts/declareContract.ts';
export { deployMockUsdc, USDC_DECIMALS } from './contracts/deployMockUsdc.ts';
export { DevnetUnavailableError, resolveDevnetBinary } from './devnet/devnetBinary.ts';
export { mintStrk } from './devnet/mintStrk.ts';
export { predeployedAccounts } from './devnet/predeployedAccounts.ts';
export { type Devnet, type DevnetOptions, startDevnet } from './devnet/startDevnet.ts';
export { increaseTime, latestBlockTime, setTime } from './devnet/timeTravel.ts';
