import { invokeV3SignerDetailsHash, toFeltHex } from '@chipi-sessions/core';
import {
  type Call,
  ETransactionVersion3,
  type InvocationsSignerDetails,
  type Signature,
  Signer,
  type SignerInterface,
  type TypedData,
  transaction,
} from 'starknet';

/**
 * A relayer's Stark signer that hands the hash of every V3 invoke to `onSigned` before it returns
 * the signature, so the ledger holds the hash before the transaction is broadcast: a crash in
 * between never loses which transaction may have spent the fee.
 */
export class HashReportingSigner implements SignerInterface {
  onSigned: ((hash: string) => void | Promise<void>) | undefined;
  readonly #inner: Signer;

  constructor(privateKey: string) {
    this.#inner = new Signer(privateKey);
  }

  getPubKey(): Promise<string> {
    return this.#inner.getPubKey();
  }

  signMessage(typedData: TypedData, accountAddress: string): Promise<Signature> {
    return this.#inner.signMessage(typedData, accountAddress);
  }

  async signTransaction(calls: Call[], details: InvocationsSignerDetails): Promise<Signature> {
    if (details.version === ETransactionVersion3.V3) {
      await this.onSigned?.(
        toFeltHex(
          invokeV3SignerDetailsHash(
            transaction.getExecuteCalldata(calls, details.cairoVersion),
            details,
          ),
        ),
      );
    }
    return this.#inner.signTransaction(calls, details);
  }

  signDeployAccountTransaction(
    ...args: Parameters<Signer['signDeployAccountTransaction']>
  ): Promise<Signature> {
    return this.#inner.signDeployAccountTransaction(...args);
  }

  signDeclareTransaction(
    ...args: Parameters<Signer['signDeclareTransaction']>
  ): Promise<Signature> {
    return this.#inner.signDeclareTransaction(...args);
  }
}
