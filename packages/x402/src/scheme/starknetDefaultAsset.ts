import { STARKNET_USDC } from './starknetNetwork.js';

/** A token that plain money prices (`"$0.10"`) and USD spending caps are expressed in. */
export interface StarknetDefaultAsset {
  asset: string;
  decimals: number;
  symbol: string;
}

const USDC_DECIMALS = 6;

/** The scheme's default asset (native USDC) of a public Starknet network, if it has one. */
export function starknetDefaultAsset(network: string): StarknetDefaultAsset | undefined {
  const asset = STARKNET_USDC[network];
  return asset === undefined ? undefined : { asset, decimals: USDC_DECIMALS, symbol: 'USDC' };
}
