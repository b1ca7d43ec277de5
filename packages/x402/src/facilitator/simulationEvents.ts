import type { EmittedEvent } from '../scheme/transferEvents.js';

interface Invocation {
  contract_address?: string;
  events?: { keys: string[]; data: string[] }[];
  calls?: Invocation[];
}

/** Every event of a simulated call tree, with the emitting contract, in tree order. */
export function simulationEvents(invocation: unknown): EmittedEvent[] {
  const out: EmittedEvent[] = [];
  const walk = (node: Invocation | undefined) => {
    if (node === undefined || node === null || typeof node !== 'object') return;
    for (const event of node.events ?? []) {
      out.push({
        from_address: node.contract_address ?? '0x0',
        keys: event.keys,
        data: event.data,
      });
    }
    for (const call of node.calls ?? []) walk(call);
  };
  walk(invocation as Invocation);
  return out;
}
