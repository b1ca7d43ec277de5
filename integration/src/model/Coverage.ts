import type { ModelOperation, ModelResult } from './ModelOperation.ts';

/** What the random sequences exercised, counted from the outcomes the chain and model agreed on. */
export class Coverage {
  sequences = 0;
  operations = 0;
  executions = 0;
  acceptedExecutions = 0;
  /** Accepted executions of two calls or more. */
  acceptedMulticalls = 0;
  /** Executions sent as outside executions through a relayer, and how many of them ran. */
  outsideExecutions = 0;
  acceptedOutsideExecutions = 0;
  /** Refused executions by `code (rejected|reverted)`. */
  readonly refusals = new Map<string, number>();
  registrations = 0;
  policyChanges = 0;
  /** Refused owner operations by `operation: code`. */
  readonly ownerRefusals = new Map<string, number>();
  revocations = 0;
  timeJumps = 0;

  record(op: ModelOperation, result: ModelResult): void {
    this.operations += 1;
    if (op.type === 'execute') {
      this.executions += 1;
      if (op.outside) this.outsideExecutions += 1;
    }
    if (result.kind !== 'accepted') {
      const [map, label] =
        op.type === 'execute'
          ? [this.refusals, `${result.code} (${result.kind})`]
          : [this.ownerRefusals, `${op.type}: ${result.code}`];
      map.set(label, (map.get(label) ?? 0) + 1);
      return;
    }
    switch (op.type) {
      case 'execute':
        this.acceptedExecutions += 1;
        if (op.calls.length > 1) this.acceptedMulticalls += 1;
        if (op.outside) this.acceptedOutsideExecutions += 1;
        return;
      case 'register':
        this.registrations += 1;
        return;
      case 'setPolicy':
      case 'removePolicy':
        this.policyChanges += 1;
        return;
      case 'revoke':
      case 'revokeAll':
        this.revocations += 1;
        return;
      case 'travel':
        this.timeJumps += 1;
        return;
    }
  }

  /** Distinct error codes among refused executions. */
  refusalCodes(): Set<string> {
    return new Set([...this.refusals.keys()].map((label) => label.split(' ')[0] as string));
  }

  summary(): string {
    const share = this.executions === 0 ? 0 : (100 * this.acceptedExecutions) / this.executions;
    return [
      `${this.sequences} sequences, ${this.operations} operations`,
      `executions: ${this.executions}, accepted ${this.acceptedExecutions} (${share.toFixed(0)} %), ` +
        `of which multicalls ${this.acceptedMulticalls}`,
      `outside executions: ${this.outsideExecutions}, accepted ${this.acceptedOutsideExecutions}`,
      'refusals:',
      ...lines(this.refusals),
      `registrations: ${this.registrations}, policy changes: ${this.policyChanges}, ` +
        `revocations: ${this.revocations}, time jumps: ${this.timeJumps}`,
      'refused owner operations:',
      ...lines(this.ownerRefusals),
    ].join('\n');
  }
}

function lines(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([label, n]) => `  ${label}: ${n}`);
}
