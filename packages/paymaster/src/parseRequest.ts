import { type FeltLike, parseFelt, parseNonZeroFelt } from '@chipi-sessions/core';
import { PaymasterError } from './PaymasterError.js';

/** A call of a SNIP-29 user transaction, reduced to felts. */
export interface RequestCall {
  to: bigint;
  selector: bigint;
  calldata: bigint[];
}

/** SNIP-29 `ACCOUNT_DEPLOYMENT_DATA`, reduced to felts. */
export interface DeploymentData {
  address: bigint;
  classHash: bigint;
  salt: bigint;
  calldata: bigint[];
  sigdata: bigint[] | undefined;
}

/** SNIP-29 `EXECUTION_PARAMETERS` (version `0x1`, sponsored; anything else is refused). */
export interface ExecutionParameters {
  timeBounds: { executeAfter: number; executeBefore: number } | undefined;
}

/** A `paymaster_buildTransaction` request. */
export type BuildRequest =
  | { type: 'invoke'; userAddress: bigint; calls: RequestCall[]; parameters: ExecutionParameters }
  | { type: 'deploy'; deployment: DeploymentData; parameters: ExecutionParameters }
  | {
      type: 'deploy_and_invoke';
      deployment: DeploymentData;
      userAddress: bigint;
      calls: RequestCall[];
      parameters: ExecutionParameters;
    };

/** The signed invoke of a `paymaster_executeTransaction` request. */
export interface ExecutableInvoke {
  userAddress: bigint;
  typedData: unknown;
  signature: bigint[];
}

/** A `paymaster_executeTransaction` request. */
export type ExecuteRequest =
  | { type: 'invoke'; invoke: ExecutableInvoke; parameters: ExecutionParameters }
  | { type: 'deploy'; deployment: DeploymentData; parameters: ExecutionParameters }
  | {
      type: 'deploy_and_invoke';
      deployment: DeploymentData;
      invoke: ExecutableInvoke;
      parameters: ExecutionParameters;
    };

/** Parses `paymaster_buildTransaction` params (by name or by position). */
export function parseBuildRequest(params: unknown): BuildRequest {
  const { transaction, parameters } = namedParams(params);
  const parsedParameters = parseExecutionParameters(parameters);
  const type = transaction.type;
  if (type === 'invoke') {
    const invoke = record(transaction.invoke, 'transaction.invoke');
    return { type, ...parseUserInvoke(invoke), parameters: parsedParameters };
  }
  if (type === 'deploy') {
    return {
      type,
      deployment: parseDeployment(transaction.deployment),
      parameters: parsedParameters,
    };
  }
  if (type === 'deploy_and_invoke') {
    const deployment = parseDeployment(transaction.deployment);
    const invoke = parseUserInvoke(record(transaction.invoke, 'transaction.invoke'));
    checkSameAccount(deployment, invoke.userAddress);
    return { type, deployment, ...invoke, parameters: parsedParameters };
  }
  throw invalidParams(`unknown transaction type ${JSON.stringify(type)}`);
}

/** Parses `paymaster_executeTransaction` params (by name or by position). */
export function parseExecuteRequest(params: unknown): ExecuteRequest {
  const { transaction, parameters } = namedParams(params);
  const parsedParameters = parseExecutionParameters(parameters);
  const type = transaction.type;
  if (type === 'invoke') {
    const invoke = parseExecutableInvoke(transaction.invoke);
    return { type, invoke, parameters: parsedParameters };
  }
  if (type === 'deploy') {
    return {
      type,
      deployment: parseDeployment(transaction.deployment),
      parameters: parsedParameters,
    };
  }
  if (type === 'deploy_and_invoke') {
    const deployment = parseDeployment(transaction.deployment);
    const invoke = parseExecutableInvoke(transaction.invoke);
    checkSameAccount(deployment, invoke.userAddress);
    return { type, deployment, invoke, parameters: parsedParameters };
  }
  throw invalidParams(`unknown transaction type ${JSON.stringify(type)}`);
}

function namedParams(params: unknown): {
  transaction: Record<string, unknown>;
  parameters: unknown;
} {
  const [transaction, parameters] = Array.isArray(params)
    ? params
    : [record(params, 'params').transaction, record(params, 'params').parameters];
  return { transaction: record(transaction, 'transaction'), parameters };
}

function parseExecutionParameters(value: unknown): ExecutionParameters {
  const parameters = record(value, 'parameters');
  if (parameters.version !== '0x1') {
    throw invalidParams(`unsupported parameters.version ${JSON.stringify(parameters.version)}`);
  }
  const feeMode = record(parameters.fee_mode, 'parameters.fee_mode');
  if (feeMode.mode === 'default') {
    throw new PaymasterError(
      'TOKEN_NOT_SUPPORTED',
      'this paymaster only sponsors: no gas token is supported',
    );
  }
  if (feeMode.mode !== 'sponsored') {
    throw invalidParams(`unknown fee mode ${JSON.stringify(feeMode.mode)}`);
  }
  if (parameters.time_bounds === undefined || parameters.time_bounds === null) {
    return { timeBounds: undefined };
  }
  const bounds = record(parameters.time_bounds, 'parameters.time_bounds');
  const executeAfter = unixSeconds(bounds.execute_after ?? 0);
  const executeBefore = unixSeconds(bounds.execute_before);
  if (executeAfter === undefined || executeBefore === undefined || executeAfter >= executeBefore) {
    throw new PaymasterError('INVALID_TIME_BOUNDS', 'time_bounds are not a valid window', {
      data: 'execute_after must be below execute_before, both unix seconds',
    });
  }
  return { timeBounds: { executeAfter, executeBefore } };
}

function parseUserInvoke(invoke: Record<string, unknown>): {
  userAddress: bigint;
  calls: RequestCall[];
} {
  const userAddress = address(invoke.user_address);
  if (!Array.isArray(invoke.calls) || invoke.calls.length === 0) {
    throw invalidParams('transaction.invoke.calls must be a non-empty array');
  }
  const calls = invoke.calls.map((raw: unknown, i: number) => {
    const call = record(raw, `calls[${i}]`);
    if (!Array.isArray(call.calldata)) throw invalidParams(`calls[${i}].calldata is not an array`);
    return {
      to: felt(call.to, `calls[${i}].to`, true),
      selector: felt(call.selector, `calls[${i}].selector`),
      calldata: call.calldata.map((item: unknown, j: number) =>
        felt(item, `calls[${i}].calldata[${j}]`),
      ),
    };
  });
  return { userAddress, calls };
}

function parseExecutableInvoke(value: unknown): ExecutableInvoke {
  const invoke = record(value, 'transaction.invoke');
  const userAddress = address(invoke.user_address);
  if (!Array.isArray(invoke.signature) || invoke.signature.length === 0) {
    throw new PaymasterError('INVALID_SIGNATURE', 'the signature must be a non-empty felt array');
  }
  const signature = invoke.signature.map((item: unknown) => {
    try {
      return parseFelt(item as FeltLike);
    } catch {
      throw new PaymasterError('INVALID_SIGNATURE', 'the signature must be a non-empty felt array');
    }
  });
  if (invoke.typed_data === undefined)
    throw invalidParams('transaction.invoke.typed_data is missing');
  return { userAddress, typedData: invoke.typed_data, signature };
}

function parseDeployment(value: unknown): DeploymentData {
  const bad = (why: string) =>
    new PaymasterError('INVALID_DEPLOYMENT_DATA', `invalid deployment data: ${why}`, {
      data: why,
    });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad('not an object');
  const deployment = value as Record<string, unknown>;
  if (deployment.version !== 1 && deployment.version !== '0x1') throw bad('version is not 1');
  const feltOf = (item: unknown, name: string) => {
    try {
      return parseFelt(item as FeltLike, name);
    } catch {
      throw bad(`${name} is not a felt`);
    }
  };
  const feltsOf = (items: unknown, name: string) => {
    if (!Array.isArray(items)) throw bad(`${name} is not an array`);
    return items.map((item, i) => feltOf(item, `${name}[${i}]`));
  };
  return {
    address: feltOf(deployment.address, 'address'),
    classHash: feltOf(deployment.class_hash, 'class_hash'),
    salt: feltOf(deployment.salt, 'salt'),
    calldata: feltsOf(deployment.calldata, 'calldata'),
    sigdata:
      deployment.sigdata === undefined || deployment.sigdata === null
        ? undefined
        : feltsOf(deployment.sigdata, 'sigdata'),
  };
}

function checkSameAccount(deployment: DeploymentData, userAddress: bigint): void {
  if (deployment.address !== userAddress) {
    throw new PaymasterError('INVALID_DEPLOYMENT_DATA', 'the deployment is not of user_address', {
      data: 'deployment.address differs from invoke.user_address',
    });
  }
}

function address(value: unknown): bigint {
  try {
    return parseNonZeroFelt(value as FeltLike, 'user_address');
  } catch {
    throw new PaymasterError('INVALID_ADDRESS', 'user_address is not a contract address');
  }
}

function felt(value: unknown, name: string, nonZero = false): bigint {
  try {
    const parsed = parseFelt(value as FeltLike, name);
    if (nonZero && parsed === 0n) throw new Error('zero');
    return parsed;
  } catch {
    throw invalidParams(`${name} is not a felt`);
  }
}

function unixSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParams(`${name} is not an object`);
  }
  return value as Record<string, unknown>;
}

function invalidParams(message: string): PaymasterError {
  return new PaymasterError('INVALID_PARAMS', message);
}
