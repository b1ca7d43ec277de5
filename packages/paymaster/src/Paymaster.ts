import { createHash } from 'node:crypto';
import {
  createOutsideExecution,
  decodeRevertReason,
  executeFromOutsideCalldata,
  type OutsideExecutionInput,
  outsideExecutionFromTypedData,
  outsideExecutionHash,
  outsideExecutionTypedData,
  type RateLimit,
  RateLimiter,
  serializeCalls,
  toFeltHex,
} from '@chipi-sessions/core';
import { type Call, constants, hash, RpcError, RpcProvider, stark } from 'starknet';
import { isPaymasterError, PaymasterError } from './PaymasterError.js';
import type { AccountDeployer, ApiKeyConfig, PaymasterOptions } from './PaymasterOptions.js';
import type { PaymasterStore, Sponsorship } from './PaymasterStore.js';
import {
  type BuildRequest,
  type DeploymentData,
  type ExecutableInvoke,
  type ExecutionParameters,
  parseBuildRequest,
  parseExecuteRequest,
  type RequestCall,
} from './parseRequest.js';
import { RelayerPool, type SimulatedTransaction } from './RelayerPool.js';
import type {
  AccountDeploymentData,
  BuildTransactionResponse,
  ExecuteTransactionResponse,
  TokenData,
} from './snip29Types.js';

const DEFAULT_RATE_LIMIT: RateLimit = { burst: 100, perSecond: 20 };
const DEFAULT_MAX_FEE = 10n ** 18n;
const DEFAULT_WINDOW = 600;
const MAX_WINDOW = 86_400;
/** `Execute After` lies this far in the past, so a node clock a little behind still accepts it. */
const CLOCK_SKEW = 300;
/** An outside execution must stay valid at least this long after it reaches the paymaster. */
const MIN_REMAINING = 10;
/** A reservation this old (ms) without progress belongs to a process that stopped. */
const RESERVATION_LEASE_MS = 60_000;
/** The SNIP-9 v2 interface id (`supports_interface`). */
const SNIP9_V2_INTERFACE_ID = 0x1d1144bb2138366ff28d8e9ab57456b1d332ac42196230c3a602003c89872n;
const SIGNATURE_REFUSAL = /invalid[-_ ]?sig|signature is invalid/i;

interface ApiKeyState {
  name: string;
  budget: bigint;
  rateLimit: RateLimit | false;
}

/**
 * The SNIP-29 paymaster: builds SNIP-12 typed data of SNIP-9 v2 outside executions whose caller
 * is one of its relayers, and executes the signed ones from that relayer, sponsored for the
 * holders of its API keys. Before paying it checks the account (SNIP-9 v2 through
 * `supports_interface`, or the deployment data), that the typed data is exactly what it builds,
 * the simulation (a revert is answered with the account's reason), its fee cap, the key's budget
 * and the replay ledger. HTTP lives in `startPaymasterServer`.
 */
/** The receipt fields a sponsorship records. */
interface TransactionOutcome {
  execution_status?: string;
  actual_fee?: { amount?: string };
  revert_reason?: string;
}

export class Paymaster {
  readonly chainId: bigint;
  readonly store: PaymasterStore;
  readonly #provider: RpcProvider;
  readonly #relayers: RelayerPool;
  readonly #keys: Map<string, ApiKeyState>;
  readonly #limiter = new RateLimiter();
  readonly #maxFee: bigint;
  readonly #window: number;
  readonly #classHashes: Set<bigint> | undefined;
  readonly #deployer: AccountDeployer;
  readonly #now: () => number | Promise<number>;
  readonly #snip9Accounts = new Set<bigint>();
  readonly #snip9Classes = new Set<bigint>();
  readonly #watching = new Set<Promise<void>>();
  /** `account/nonce` of the sponsorships whose receipt this process waits for. */
  readonly #watched = new Set<string>();

  private constructor(
    options: PaymasterOptions,
    provider: RpcProvider,
    chainId: bigint,
    store: PaymasterStore,
  ) {
    this.chainId = chainId;
    this.store = store;
    this.#provider = provider;
    this.#relayers = new RelayerPool(provider, options.relayers);
    this.#keys = new Map(options.apiKeys.map((key) => [keyDigest(key.key), apiKeyState(key)]));
    this.#maxFee = options.maxFeePerTransactionFri ?? DEFAULT_MAX_FEE;
    this.#window = options.executionWindowSeconds ?? DEFAULT_WINDOW;
    this.#classHashes =
      options.accountClassHashes === undefined
        ? undefined
        : new Set(options.accountClassHashes.map((h) => BigInt(h)));
    this.#deployer = options.deployer ?? {
      address: constants.UDC.ADDRESS,
      entrypoint: 'deploy_contract',
    };
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Checks the options, connects (reads the chain id) and opens the default store if none is given. */
  static async create(options: PaymasterOptions): Promise<Paymaster> {
    checkOptions(options);
    const provider = options.provider ?? new RpcProvider({ nodeUrl: options.rpcUrl as string });
    const chainId = BigInt(await provider.getChainId());
    let store = options.store;
    if (store === undefined) {
      const { SqlitePaymasterStore } = await import('./sqlite/SqlitePaymasterStore.js');
      store = new SqlitePaymasterStore(':memory:');
    }
    return new Paymaster(options, provider, chainId, store);
  }

  /** `paymaster_isAvailable`: whether the node answers. */
  async isAvailable(): Promise<boolean> {
    try {
      await this.#provider.getBlockNumber();
      return true;
    } catch {
      return false;
    }
  }

  /** `paymaster_getSupportedTokens`: none, since this paymaster only sponsors. */
  getSupportedTokens(): TokenData[] {
    return [];
  }

  /** Finds the API key (sent as `x-paymaster-api-key`) and spends one request of its rate. */
  authorize(apiKey: string | undefined): ApiKeyState {
    const state = apiKey === undefined ? undefined : this.#keys.get(keyDigest(apiKey));
    if (state === undefined) {
      throw PaymasterError.refusal('invalid_api_key', 'x-paymaster-api-key is missing or unknown');
    }
    if (state.rateLimit !== false && !this.#limiter.take(state.name, state.rateLimit)) {
      throw PaymasterError.refusal('rate_limited', `too many requests for API key ${state.name}`);
    }
    return state;
  }

  /** `paymaster_buildTransaction` for the holder of `apiKey`. */
  async buildTransaction(
    params: unknown,
    apiKey: string | undefined,
  ): Promise<BuildTransactionResponse> {
    const key = this.authorize(apiKey);
    const request = parseBuildRequest(params);
    if (request.type !== 'invoke') await this.#checkDeployment(request.deployment);
    else await this.#checkAccount(request.userAddress);

    const estimate = await this.#estimate(request);
    const suggested = estimate * 2n;
    const spent = await this.store.spent(key.name);
    if (spent + estimate > key.budget) throw budgetExhausted(key, spent);
    const parameters = {
      version: '0x1' as const,
      fee_mode: { mode: 'sponsored' as const },
    };
    const fee = {
      gas_token_price_in_strk: toFeltHex(10n ** 18n),
      estimated_fee_in_strk: toFeltHex(estimate),
      estimated_fee_in_gas_token: '0x0',
      suggested_max_fee_in_strk: toFeltHex(suggested),
      suggested_max_fee_in_gas_token: '0x0',
    };
    if (request.type === 'deploy') {
      return { type: 'deploy', deployment: deploymentJson(request.deployment), parameters, fee };
    }
    const now = await this.#now();
    const window = this.#buildWindow(request.parameters, now);
    const outsideExecution = createOutsideExecution({
      calls: request.calls.map(toCallInput),
      caller: this.#relayers.pick(),
      now,
      ttlSeconds: window.executeBefore - now,
      executeAfter: window.executeAfter,
    });
    const typed_data = outsideExecutionTypedData(outsideExecution, this.chainId);
    const withBounds = {
      ...parameters,
      time_bounds: { execute_after: window.executeAfter, execute_before: window.executeBefore },
    };
    if (request.type === 'invoke') {
      return { type: 'invoke', typed_data, parameters: withBounds, fee };
    }
    return {
      type: 'deploy_and_invoke',
      deployment: deploymentJson(request.deployment),
      typed_data,
      parameters: withBounds,
      fee,
    };
  }

  /** `paymaster_executeTransaction` for the holder of `apiKey`. */
  async executeTransaction(
    params: unknown,
    apiKey: string | undefined,
  ): Promise<ExecuteTransactionResponse> {
    const key = this.authorize(apiKey);
    const request = parseExecuteRequest(params);
    const calls: Call[] = [];
    let relayer: bigint;
    let account: bigint;
    let nonce: string;
    let fingerprint: string;
    if (request.type !== 'invoke') {
      await this.#checkDeployment(request.deployment);
      calls.push(this.#deployCall(request.deployment));
    }
    if (request.type === 'deploy') {
      relayer = this.#relayers.pick();
      account = request.deployment.address;
      nonce = 'deploy';
      fingerprint = sha256(JSON.stringify(deploymentJson(request.deployment)));
    } else {
      if (request.type === 'invoke') await this.#checkAccount(request.invoke.userAddress);
      const signed = this.#checkSignedInvoke(request.invoke, request.parameters, await this.#now());
      relayer = signed.relayer;
      account = request.invoke.userAddress;
      nonce = toFeltHex(signed.outsideExecution.nonce as bigint);
      fingerprint = sha256(
        [toFeltHex(signed.messageHash), ...request.invoke.signature.map(toFeltHex)].join(','),
      );
      calls.push({
        contractAddress: toFeltHex(account),
        entrypoint: 'execute_from_outside_v2',
        calldata: executeFromOutsideCalldata(signed.outsideExecution, request.invoke.signature),
      });
    }

    const accountHex = toFeltHex(account);
    let existing = await this.store.get(accountHex, nonce);
    if (existing?.status === 'reserved' && Date.now() - existing.updatedAt > RESERVATION_LEASE_MS) {
      existing = await this.#recover(existing);
    }
    if (existing !== undefined && existing.status !== 'failed') throw replayed(existing);

    const simulated = await this.#simulate(relayer, calls);
    const maxFee = BigInt(simulated.overall_fee);
    if (maxFee > this.#maxFee) {
      throw PaymasterError.refusal(
        'fee_cap_exceeded',
        `the transaction's maximum fee ${maxFee} fri exceeds this paymaster's cap of ${this.#maxFee} fri`,
      );
    }
    const now = Date.now();
    const entry: Sponsorship = {
      account: accountHex,
      nonce,
      apiKey: key.name,
      fingerprint,
      status: 'reserved',
      maxFee,
      actualFee: undefined,
      transaction: undefined,
      relayer: toFeltHex(relayer),
      error: undefined,
      createdAt: now,
      updatedAt: now,
    };
    const reservation = await this.store.reserve(entry, key.budget);
    if (!reservation.reserved) {
      if (reservation.reason === 'replayed') throw replayed(reservation.existing);
      throw budgetExhausted(key, reservation.spent);
    }

    const takenOver = PaymasterError.refusal(
      'replayed_request',
      'the reservation of this request was taken over before its broadcast',
    );
    let tookOver = false;
    let transactionHash: string;
    try {
      transactionHash = await this.#relayers.send(
        relayer,
        calls,
        simulated.resourceBounds,
        async (hash) => {
          // Recorded before the broadcast; a reservation taken over meanwhile sends nothing.
          const kept = await this.store.transition(accountHex, nonce, ['reserved'], 'reserved', {
            transaction: hash,
          });
          if (!kept) {
            tookOver = true;
            throw takenOver;
          }
        },
      );
    } catch (error) {
      if (tookOver) throw takenOver;
      await this.store.transition(accountHex, nonce, ['reserved'], 'failed', {
        error: errorText(error).slice(0, 2000),
      });
      throw executionRefusal(error);
    }
    await this.store.transition(accountHex, nonce, ['reserved'], 'submitted', {
      transaction: transactionHash,
    });
    this.#watch(accountHex, nonce, transactionHash);
    return { transaction_hash: transactionHash, tracking_id: '0x0' };
  }

  /**
   * A reservation older than the lease whose process stopped: when its transaction is known to
   * the node it was broadcast (now `submitted`, and watched); when it is not and the SNIP-9 nonce
   * is still unused, nothing was executed (now `failed`, so the request may be sponsored again).
   * Otherwise it stays as it is.
   */
  async #recover(entry: Sponsorship): Promise<Sponsorship | undefined> {
    if (entry.transaction !== undefined) {
      if (await this.#isKnown(entry.transaction)) {
        if (await this.store.transition(entry.account, entry.nonce, ['reserved'], 'submitted')) {
          this.#watch(entry.account, entry.nonce, entry.transaction);
        }
        return this.store.get(entry.account, entry.nonce);
      }
    }
    if (await this.#neverExecuted(entry)) {
      await this.store.transition(entry.account, entry.nonce, ['reserved'], 'failed', {
        error: 'abandoned before broadcast',
      });
      return this.store.get(entry.account, entry.nonce);
    }
    return entry;
  }

  /** Whether the node knows the transaction (it was broadcast and not dropped). */
  #isKnown(transaction: string): Promise<boolean> {
    return this.#provider
      .getTransactionStatus(transaction)
      .then(() => true)
      .catch(() => false);
  }

  /**
   * Whether the chain shows that the request was not executed: the SNIP-9 nonce is still unused,
   * or, for a deployment, no contract is at the account's address. An unanswered read is not
   * proof.
   */
  async #neverExecuted(entry: Sponsorship): Promise<boolean> {
    if (entry.nonce === 'deploy') {
      return this.#provider
        .getClassHashAt(entry.account)
        .then(() => false)
        .catch((error: unknown) => isContractNotFound(error));
    }
    return this.#provider
      .callContract({
        contractAddress: entry.account,
        entrypoint: 'is_valid_outside_execution_nonce',
        calldata: [entry.nonce],
      })
      .then((result) => result[0] !== undefined && BigInt(result[0]) === 1n)
      .catch(() => false);
  }

  /**
   * Finishes what stopped processes left: every `reserved` or `submitted` sponsorship not updated
   * for the lease (a minute) and not watched here. A reservation is recovered as on a repeated
   * request (submitted when the node knows its transaction, failed when the chain shows nothing
   * was executed). A submitted sponsorship takes its receipt's outcome and actual fee, or is
   * failed when the node does not know its transaction and nothing was executed; otherwise it is
   * left for the next run. `startPaymasterServer` runs this every minute. Returns how many
   * sponsorships it looked at and how many it finished.
   */
  async reconcile(limit = 100): Promise<{ checked: number; finished: number }> {
    const stale = await this.store.unfinished(Date.now() - RESERVATION_LEASE_MS, limit);
    let finished = 0;
    for (const entry of stale) {
      if (this.#watched.has(`${entry.account}/${entry.nonce}`)) continue;
      const after =
        entry.status === 'reserved' ? await this.#recover(entry) : await this.#settle(entry);
      if (after !== undefined && after.status !== 'reserved' && after.status !== 'submitted') {
        finished += 1;
      }
    }
    return { checked: stale.length, finished };
  }

  /** A submitted sponsorship nobody watches: its receipt, or proof that it never executed. */
  async #settle(entry: Sponsorship): Promise<Sponsorship | undefined> {
    const transaction = entry.transaction as string;
    const receipt = await this.#provider
      .getTransactionReceipt(transaction)
      .then((r) => r as unknown as TransactionOutcome)
      .catch(() => undefined);
    if (receipt !== undefined) {
      await this.#finish(entry.account, entry.nonce, receipt);
    } else if (!(await this.#isKnown(transaction)) && (await this.#neverExecuted(entry))) {
      await this.store.transition(entry.account, entry.nonce, ['submitted'], 'failed', {
        error: 'the node dropped the transaction; nothing was executed',
      });
    }
    return this.store.get(entry.account, entry.nonce);
  }

  /** Records a receipt: succeeded or reverted, with the actual fee. */
  async #finish(account: string, nonce: string, receipt: TransactionOutcome): Promise<void> {
    const actualFee =
      receipt.actual_fee?.amount === undefined ? undefined : BigInt(receipt.actual_fee.amount);
    const reverted = receipt.execution_status === 'REVERTED';
    await this.store.transition(
      account,
      nonce,
      ['submitted'],
      reverted ? 'reverted' : 'succeeded',
      {
        ...(actualFee === undefined ? {} : { actualFee }),
        ...(reverted ? { error: (receipt.revert_reason ?? 'reverted').slice(0, 2000) } : {}),
      },
    );
  }

  /** Waits for the receipts still being watched (at most `timeoutMs`), then closes the store. */
  async close(timeoutMs = 10_000): Promise<void> {
    await Promise.race([
      Promise.allSettled([...this.#watching]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    await this.store.close();
  }

  /** Resolves once every submitted transaction's receipt has been recorded. */
  async settled(): Promise<void> {
    while (this.#watching.size > 0) await Promise.allSettled([...this.#watching]);
  }

  #watch(account: string, nonce: string, transactionHash: string): void {
    const key = `${account}/${nonce}`;
    this.#watched.add(key);
    const watching = (async () => {
      try {
        const receipt = await this.#provider.waitForTransaction(transactionHash, {
          retryInterval: 250,
        });
        await this.#finish(account, nonce, receipt as unknown as TransactionOutcome);
      } catch {
        // The receipt stays unknown: the reservation keeps counting its maximum fee until
        // `reconcile` finds it.
      }
    })();
    this.#watching.add(watching);
    void watching.finally(() => {
      this.#watching.delete(watching);
      this.#watched.delete(key);
    });
  }

  #buildWindow(
    parameters: ExecutionParameters,
    now: number,
  ): { executeAfter: number; executeBefore: number } {
    const bounds = parameters.timeBounds;
    if (bounds === undefined) {
      return { executeAfter: Math.max(1, now - CLOCK_SKEW), executeBefore: now + this.#window };
    }
    this.#checkWindow(bounds.executeBefore, now);
    return bounds;
  }

  #checkWindow(executeBefore: number, now: number): void {
    if (executeBefore < now + MIN_REMAINING) {
      throw new PaymasterError('INVALID_TIME_BOUNDS', 'execute_before is past or too close', {
        data: `execute_before ${executeBefore} must be at least ${MIN_REMAINING} s after ${now}`,
      });
    }
    if (executeBefore > now + MAX_WINDOW) {
      throw new PaymasterError('INVALID_TIME_BOUNDS', 'execute_before is too far away', {
        data: `execute_before ${executeBefore} must be at most ${MAX_WINDOW} s after ${now}`,
      });
    }
  }

  /**
   * The typed data must be exactly what `buildTransaction` returns for its content: a SNIP-9 v2
   * outside execution on this chain, called by one of this paymaster's relayers, inside an
   * acceptable window.
   */
  #checkSignedInvoke(
    invoke: ExecutableInvoke,
    parameters: ExecutionParameters,
    now: number,
  ): { outsideExecution: OutsideExecutionInput; relayer: bigint; messageHash: bigint } {
    let parsed: ReturnType<typeof outsideExecutionFromTypedData>;
    try {
      parsed = outsideExecutionFromTypedData(invoke.typedData);
    } catch (error) {
      throw PaymasterError.refusal(
        'invalid_typed_data',
        `typed_data is not a SNIP-9 v2 outside execution: ${errorText(error)}`,
      );
    }
    if (parsed.chainId !== this.chainId) {
      throw PaymasterError.refusal('invalid_typed_data', 'typed_data is for another chain');
    }
    const oe = parsed.outsideExecution;
    const rebuilt = outsideExecutionTypedData(oe, this.chainId);
    if (canonicalJson(rebuilt) !== canonicalJson(invoke.typedData)) {
      throw PaymasterError.refusal(
        'invalid_typed_data',
        'typed_data is not in the form this paymaster builds',
      );
    }
    const relayer = BigInt(rebuilt.message.Caller);
    if (!this.#relayers.has(relayer)) {
      throw PaymasterError.refusal(
        'unknown_relayer',
        'the outside execution is not callable by a relayer of this paymaster',
      );
    }
    const executeAfter = Number(BigInt(rebuilt.message['Execute After']));
    const executeBefore = Number(BigInt(rebuilt.message['Execute Before']));
    this.#checkWindow(executeBefore, now);
    const bounds = parameters.timeBounds;
    if (
      bounds !== undefined &&
      (bounds.executeBefore !== executeBefore ||
        (bounds.executeAfter !== executeAfter && !(bounds.executeAfter <= 1 && executeAfter <= 1)))
    ) {
      throw new PaymasterError('INVALID_TIME_BOUNDS', 'time_bounds differ from the typed data', {
        data: 'time_bounds must equal the window of the signed outside execution',
      });
    }
    return {
      outsideExecution: oe,
      relayer,
      messageHash: outsideExecutionHash(oe, invoke.userAddress, this.chainId),
    };
  }

  /**
   * The account must exist and support SNIP-9 v2: `supports_interface(SNIP-9 v2)` is true, or its
   * class exposes `execute_from_outside_v2` (some accounts embed the component without
   * registering its interface id, devnet's predeployed OpenZeppelin account among them). Cached
   * per address and per class.
   */
  async #checkAccount(address: bigint): Promise<void> {
    if (this.#snip9Accounts.has(address)) return;
    const contractAddress = toFeltHex(address);
    let classHash: bigint;
    try {
      classHash = BigInt(await this.#provider.getClassHashAt(contractAddress));
    } catch (error) {
      if (isContractNotFound(error)) {
        throw new PaymasterError('INVALID_ADDRESS', 'no contract is deployed at user_address');
      }
      throw error;
    }
    if (!this.#snip9Classes.has(classHash)) {
      const declared = await this.#provider
        .callContract({
          contractAddress,
          entrypoint: 'supports_interface',
          calldata: [toFeltHex(SNIP9_V2_INTERFACE_ID)],
        })
        .then((result) => result[0] !== undefined && BigInt(result[0]) === 1n)
        .catch(() => false);
      if (!declared && !(await this.#classHasOutsideExecution(classHash))) {
        throw new PaymasterError(
          'CLASS_HASH_NOT_SUPPORTED',
          'the account does not support SNIP-9 v2 outside executions',
          { data: `class ${toFeltHex(classHash)} has no execute_from_outside_v2` },
        );
      }
      this.#snip9Classes.add(classHash);
    }
    this.#snip9Accounts.add(address);
  }

  async #classHasOutsideExecution(classHash: bigint): Promise<boolean> {
    const contractClass = (await this.#provider.getClassByHash(toFeltHex(classHash))) as {
      abi?: unknown;
    };
    const abi =
      typeof contractClass.abi === 'string' ? JSON.parse(contractClass.abi) : contractClass.abi;
    const names = new Set<string>();
    const visit = (entries: unknown) => {
      if (!Array.isArray(entries)) return;
      for (const entry of entries as { type?: string; name?: string; items?: unknown }[]) {
        if (entry.type === 'function' && typeof entry.name === 'string') names.add(entry.name);
        if (entry.type === 'interface') visit(entry.items);
      }
    };
    visit(abi);
    return names.has('execute_from_outside_v2') && names.has('is_valid_outside_execution_nonce');
  }

  /** The class must be allowed, the address must follow from the data, and nothing be there yet. */
  async #checkDeployment(deployment: DeploymentData): Promise<void> {
    if (this.#classHashes !== undefined && !this.#classHashes.has(deployment.classHash)) {
      throw new PaymasterError('CLASS_HASH_NOT_SUPPORTED', 'this account class is not sponsored');
    }
    if (deployment.sigdata !== undefined && deployment.sigdata.length > 0) {
      throw new PaymasterError('INVALID_DEPLOYMENT_DATA', 'sigdata is not supported', {
        data: 'sigdata is not supported',
      });
    }
    const expected = BigInt(
      hash.calculateContractAddressFromHash(
        toFeltHex(deployment.salt),
        toFeltHex(deployment.classHash),
        deployment.calldata.map(toFeltHex),
        0,
      ),
    );
    if (expected !== deployment.address) {
      throw new PaymasterError(
        'INVALID_DEPLOYMENT_DATA',
        'the address does not follow from the data',
        {
          data: `class_hash, salt and calldata give ${toFeltHex(expected)}`,
        },
      );
    }
    let deployed = true;
    try {
      await this.#provider.getClassHashAt(toFeltHex(deployment.address));
    } catch (error) {
      if (!isContractNotFound(error)) throw error;
      deployed = false;
    }
    if (deployed) {
      throw new PaymasterError('INVALID_DEPLOYMENT_DATA', 'the account is already deployed', {
        data: 'the account is already deployed',
      });
    }
  }

  #deployCall(deployment: DeploymentData): Call {
    return {
      contractAddress: this.#deployer.address,
      entrypoint: this.#deployer.entrypoint,
      calldata: [
        toFeltHex(deployment.classHash),
        toFeltHex(deployment.salt),
        '0x0',
        toFeltHex(BigInt(deployment.calldata.length)),
        ...deployment.calldata.map(toFeltHex),
      ],
    };
  }

  /**
   * The fee of the request before it is signed: the calls simulated from the account itself
   * (validation skipped), after the deployment when there is one.
   */
  async #estimate(request: BuildRequest): Promise<bigint> {
    if (request.type === 'deploy') {
      const simulated = await this.#simulate(this.#relayers.pick(), [
        this.#deployCall(request.deployment),
      ]);
      return BigInt(simulated.overall_fee);
    }
    if (request.type === 'deploy_and_invoke') {
      const simulated = await this.#simulate(this.#relayers.pick(), [
        this.#deployCall(request.deployment),
      ]);
      // The calls cannot be simulated before the account exists: twice the deployment stands in.
      return 2n * BigInt(simulated.overall_fee);
    }
    // starknet.js names entrypoints; these calls carry selectors, so the invocation is built here.
    let result: Awaited<ReturnType<RpcProvider['getSimulateTransaction']>>;
    try {
      const userAddress = toFeltHex(request.userAddress);
      const nonce = await this.#provider.getNonceForAddress(userAddress, 'pre_confirmed');
      result = await this.#provider.getSimulateTransaction(
        [
          {
            type: 'INVOKE',
            contractAddress: userAddress,
            calldata: serializeCalls(request.calls),
            signature: [],
            nonce,
            version: '0x3',
            resourceBounds: stark.zeroResourceBounds(),
            tip: 0n,
            paymasterData: [],
            accountDeploymentData: [],
            nonceDataAvailabilityMode: 'L1',
            feeDataAvailabilityMode: 'L1',
          },
        ],
        { skipValidate: true },
      );
    } catch (error) {
      throw executionRefusal(error);
    }
    const simulated = result.simulated_transactions[0] as SimulatedTransaction;
    checkTrace(simulated);
    return BigInt(simulated.overall_fee);
  }

  async #simulate(relayer: bigint, calls: Call[]): Promise<SimulatedTransaction> {
    let simulated: SimulatedTransaction;
    try {
      simulated = await this.#relayers.simulate(relayer, calls);
    } catch (error) {
      throw executionRefusal(error);
    }
    checkTrace(simulated);
    return simulated;
  }
}

function checkTrace(simulated: SimulatedTransaction): void {
  const trace = simulated.transaction_trace as {
    execute_invocation?: { revert_reason?: string };
  };
  const reason = trace.execute_invocation?.revert_reason;
  if (typeof reason === 'string') throw executionRefusal(reason);
}

/**
 * A refusal by the chain: `TRANSACTION_EXECUTION_ERROR` with the node's execution error in
 * `data.execution_error` (so a client decodes the account's reason from it), or
 * `INVALID_SIGNATURE` when the account refused the signature.
 */
function executionRefusal(error: unknown): PaymasterError {
  if (isPaymasterError(error)) return error;
  const executionError =
    typeof error === 'string'
      ? error
      : (((error as RpcError)?.baseError as { data?: { execution_error?: unknown } } | undefined)
          ?.data?.execution_error ?? errorText(error));
  const text = typeof executionError === 'string' ? executionError : JSON.stringify(executionError);
  const reason = decodeRevertReason(executionError) ?? decodeRevertReason(error);
  const isSignature =
    reason?.reason.endsWith('invalid-signature') === true ||
    (reason === undefined && SIGNATURE_REFUSAL.test(text));
  const kind = isSignature ? 'INVALID_SIGNATURE' : 'TRANSACTION_EXECUTION_ERROR';
  return new PaymasterError(kind, reason?.reason ?? 'the transaction would fail', {
    data: { execution_error: executionError },
    ...(typeof error === 'string' ? {} : { cause: error }),
  });
}

function replayed(existing: Sponsorship): PaymasterError {
  const where = existing.transaction === undefined ? '' : ` in transaction ${existing.transaction}`;
  return PaymasterError.refusal(
    'replayed_request',
    `this outside execution (account ${existing.account}, nonce ${existing.nonce}) was already submitted${where}`,
  );
}

function budgetExhausted(key: ApiKeyState, spent: bigint): PaymasterError {
  return PaymasterError.refusal(
    'budget_exhausted',
    `API key ${key.name} has spent ${spent} of its ${key.budget} fri budget`,
  );
}

function checkOptions(options: PaymasterOptions): void {
  const bad = (message: string) => new PaymasterError('INVALID_PARAMS', message);
  if (options.provider === undefined && options.rpcUrl === undefined) {
    throw bad('give rpcUrl or provider');
  }
  if (options.relayers.length === 0) throw bad('give at least one relayer account');
  const window = options.executionWindowSeconds;
  if (
    window !== undefined &&
    !(Number.isInteger(window) && window > MIN_REMAINING && window <= MAX_WINDOW)
  ) {
    throw bad(`executionWindowSeconds must be an integer in (${MIN_REMAINING}, ${MAX_WINDOW}]`);
  }
  const names = new Set<string>();
  for (const key of options.apiKeys) {
    const state = apiKeyState(key);
    if (names.has(state.name)) throw bad(`two API keys are named ${state.name}`);
    names.add(state.name);
  }
}

function apiKeyState(key: ApiKeyConfig): ApiKeyState {
  if (typeof key.key !== 'string' || key.key.length < 8) {
    throw new PaymasterError(
      'INVALID_PARAMS',
      'an API key must be a string of at least 8 characters',
    );
  }
  let budget: bigint;
  try {
    budget = BigInt(key.budgetFri);
  } catch {
    throw new PaymasterError(
      'INVALID_PARAMS',
      `budgetFri of ${key.name ?? 'an API key'} is not an integer`,
    );
  }
  if (budget < 0n) throw new PaymasterError('INVALID_PARAMS', 'budgetFri must not be negative');
  const rateLimit = key.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (rateLimit !== false && !(rateLimit.burst >= 1 && rateLimit.perSecond > 0)) {
    throw new PaymasterError('INVALID_PARAMS', 'a rate limit needs burst >= 1 and perSecond > 0');
  }
  return { name: key.name ?? `key-${keyDigest(key.key).slice(0, 12)}`, budget, rateLimit };
}

function keyDigest(key: string): string {
  return sha256(key);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isContractNotFound(error: unknown): boolean {
  const base = (error as { baseError?: { code?: unknown } })?.baseError;
  return (
    (error instanceof RpcError && base?.code === 20) || /contract not found/i.test(errorText(error))
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toCallInput(call: RequestCall): OutsideExecutionInput['calls'][number] {
  return {
    contractAddress: call.to,
    entrypoint: toFeltHex(call.selector),
    calldata: call.calldata,
  };
}

function deploymentJson(deployment: DeploymentData): AccountDeploymentData {
  return {
    address: toFeltHex(deployment.address),
    class_hash: toFeltHex(deployment.classHash),
    salt: toFeltHex(deployment.salt),
    calldata: deployment.calldata.map(toFeltHex),
    ...(deployment.sigdata === undefined ? {} : { sigdata: deployment.sigdata.map(toFeltHex) }),
    version: 1,
  };
}

/** JSON with object keys sorted, so two equal structures compare equal as text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}
