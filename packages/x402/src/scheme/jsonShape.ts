import { X402Error } from './X402Error.js';
import type { X402ErrorCode } from './x402ErrorCodes.js';

/** Small readers of untrusted JSON that throw `X402Error(code)` naming the offending field. */
export class JsonShape {
  constructor(readonly code: X402ErrorCode) {}

  fail(message: string, details: Record<string, unknown> = {}): X402Error {
    return new X402Error(this.code, message, { details });
  }

  record(value: unknown, name: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(`${name} is not an object`, { field: name });
    }
    return value as Record<string, unknown>;
  }

  string(value: unknown, name: string): string {
    if (typeof value !== 'string' || value === '') {
      throw this.fail(`${name} is not a non-empty string`, { field: name });
    }
    return value;
  }

  optionalString(value: unknown, name: string): string | undefined {
    return value === undefined ? undefined : this.string(value, name);
  }

  /** A non-negative integer written in decimal digits (token amounts). */
  atomicAmount(value: unknown, name: string): string {
    if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(value)) {
      throw this.fail(`${name} is not a decimal integer string`, { field: name });
    }
    return value;
  }

  positiveInteger(value: unknown, name: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw this.fail(`${name} is not a positive integer`, { field: name });
    }
    return value;
  }

  onlyKeys(record: Record<string, unknown>, allowed: readonly string[], name: string): void {
    const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) {
      throw this.fail(`${name} has unknown fields: ${unknown.join(', ')}`, {
        field: name,
        unknown,
      });
    }
  }
}
