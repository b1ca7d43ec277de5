import type {
  SchemeNetworkClient,
  SchemeNetworkFacilitator,
  SchemeNetworkServer,
} from '@x402/core/types';
import { Signer } from 'starknet';
import { describe, expect, it } from 'vitest';
import { exactStarknetClientScheme } from '../client/exactStarknetClientScheme.js';
import type { ExactStarknetFacilitator } from '../facilitator/ExactStarknetFacilitator.js';
import { exactStarknetFacilitatorScheme } from '../facilitator/exactStarknetFacilitatorScheme.js';
import { exactStarknetServerScheme } from '../server/exactStarknetServerScheme.js';
import { OWNER_KEY, PAYER, SUBMITTER } from '../testing/paymentFixture.js';

describe('the Starknet exact schemes plug into @x402/core', () => {
  it('are assignable to the @x402/core scheme interfaces (checked by the type checker)', () => {
    const client: SchemeNetworkClient = exactStarknetClientScheme({
      from: PAYER,
      signer: new Signer(OWNER_KEY),
    });
    const server: SchemeNetworkServer = exactStarknetServerScheme();
    const facilitator: SchemeNetworkFacilitator = exactStarknetFacilitatorScheme({
      relayerAddress: SUBMITTER,
    } as ExactStarknetFacilitator);
    expect([client.scheme, server.scheme, facilitator.scheme]).toEqual(['exact', 'exact', 'exact']);
    expect(facilitator.caipFamily).toBe('starknet:*');
    expect(facilitator.getExtra('starknet:SN_SEPOLIA')).toEqual({
      areFeesSponsored: true,
      feePayer: SUBMITTER,
    });
  });
});
