import type { UseX402PaymentResult } from '@chipi-sessions/react';
import { decodePaymentResponse, PAYMENT_RESPONSE_HEADER } from '@chipi-sessions/x402';
import { useState } from 'react';

interface LogLine {
  question: string;
  answer?: string;
  txHash?: string;
  error?: string;
}

const QUESTIONS = [
  'starknet fees today',
  'usdc supply',
  'session keys explained',
  'x402 adoption',
  'account abstraction',
];

/** The "agent": asks the paid API one question after another; each answer is paid on its own. */
export function AgentCard(props: {
  payment: UseX402PaymentResult;
  disabled: boolean;
  afterEach: () => Promise<void>;
}) {
  const { payment: p } = props;
  const [log, setLog] = useState<LogLine[]>([]);
  const [running, setRunning] = useState(false);

  const run = async () => {
    setRunning(true);
    try {
      for (const question of QUESTIONS) {
        try {
          const res = await p.x402Fetch(`/api/query?q=${encodeURIComponent(question)}`);
          const body = (await res.json()) as { answer: string };
          const txHash = settlementOf(res);
          setLog((l) => [...l, { question, answer: body.answer, ...(txHash ? { txHash } : {}) }]);
        } catch (e) {
          const code = (e as { code?: string }).code ?? 'ERROR';
          setLog((l) => [...l, { question, error: code }]);
          break;
        } finally {
          await props.afterEach().catch(() => {});
        }
      }
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="card" data-testid="agent">
      <h2>Research agent</h2>
      <p className="muted">Each answer costs 0.01 USDC, paid by the session key with no prompt.</p>
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={props.disabled || running}>
          {running || p.isPaying ? 'Working…' : `Ask ${QUESTIONS.length} questions`}
        </button>
        <span data-testid="payment-count">{p.paymentCount} paid</span>
        <span data-testid="total-spent">{p.totalSpent} USDC</span>
      </div>
      {p.errorCode !== null && (
        <p className="error" data-testid="payment-error">
          Refused: <strong>{p.errorCode}</strong>
        </p>
      )}
      <ol className="log" data-testid="agent-log">
        {log.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
          <li key={i} className={line.error ? 'refused' : 'paid'}>
            <span>{line.question}</span>
            {line.error ? (
              <strong>{line.error}</strong>
            ) : (
              <>
                <span>{line.answer}</span>
                <span className="mono tx" data-testid="tx-hash">
                  {line.txHash}
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The settlement transaction of a paid answer, from its `PAYMENT-RESPONSE` header. */
function settlementOf(res: Response): string | undefined {
  const header = res.headers.get(PAYMENT_RESPONSE_HEADER);
  return header === null ? undefined : decodePaymentResponse(header).transaction;
}
