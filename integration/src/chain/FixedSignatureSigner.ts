import type { Call, InvocationsSignerDetails, Signature, SignerInterface } from 'starknet';

/**
 * A signer that answers every transaction with one signature made elsewhere: it lets a test send
 * a signature built by hand (or taken from another transaction) through starknet.js `Account`.
 */
export class FixedSignatureSigner implements SignerInterface {
  readonly #signature: string[];

  constructor(signature: readonly string[]) {
    this.#signature = [...signature];
  }

  async getPubKey(): Promise<string> {
    return this.#signature[0] ?? '0x0';
  }

  async signTransaction(_calls: Call[], _details: InvocationsSignerDetails): Promise<Signature> {
    return [...this.#signature];
  }

  async signMessage(): Promise<Signature> {
    throw new Error('FixedSignatureSigner signs transactions only');
  }

  async signDeployAccountTransaction(): Promise<Signature> {
    throw new Error('FixedSignatureSigner signs transactions only');
  }

  async signDeclareTransaction(): Promise<Signature> {
    throw new Error('FixedSignatureSigner signs transactions only');
  }
}
