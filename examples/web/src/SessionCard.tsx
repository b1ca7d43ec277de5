import type { UseChipiSessionResult } from '@chipi-sessions/react';
import type { DemoConfig } from './DemoConfig.ts';
import { countdown, limitsInWords, sessionConfig, usd } from './limits.ts';
import type { WindowBudget } from './useWindowBudget.ts';

/** Grants, shows, renews and revokes the agent's session. */
export function SessionCard(props: {
  config: DemoConfig;
  session: UseChipiSessionResult;
  budget: WindowBudget | null;
}) {
  const { session: s, budget, config } = props;
  const grant = async () => {
    await s.createSession();
    await s.registerSession(sessionConfig(config.usdc));
  };
  const act = (action: () => Promise<unknown>) => () => void action().catch(() => {});
  return (
    <section className="card" data-testid="session">
      <h2>Agent allowance</h2>
      {s.status === 'none' || s.status === 'created' ? (
        <>
          <p>The research agent may pay for answers on your behalf, within these limits:</p>
          <ul data-testid="limits">
            {limitsInWords().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <button type="button" onClick={act(grant)} disabled={s.isLoading}>
            {s.pending === 'creating' || s.pending === 'registering' ? 'Granting…' : 'Grant'}
          </button>
        </>
      ) : (
        <dl className="grid">
          <dt>Status</dt>
          <dd data-testid="session-status" className={`status ${s.status}`}>
            {s.status}
          </dd>
          <dt>Expires in</dt>
          <dd data-testid="session-countdown">
            {s.secondsRemaining === null ? '–' : countdown(s.secondsRemaining)}
          </dd>
          <dt>Payments left</dt>
          <dd data-testid="remaining-calls">{s.sessionData?.remainingCalls ?? '–'}</dd>
          <dt>Window budget</dt>
          <dd data-testid="window-budget">
            {budget === null
              ? '–'
              : `${usd(budget.remainingInWindow)} of ${usd(budget.maxPerWindow)} USDC left`}
          </dd>
          <dt>Budget frees up</dt>
          <dd data-testid="window-release">
            {budget === null || budget.nextReleaseAt === 0
              ? 'nothing spent'
              : new Date(budget.nextReleaseAt * 1000).toLocaleTimeString()}
          </dd>
        </dl>
      )}
      <div className="row">
        {s.status === 'active' && (
          <button
            type="button"
            className="danger"
            onClick={act(s.revokeSession)}
            disabled={s.isLoading}
          >
            {s.pending === 'revoking' ? 'Revoking…' : 'Revoke'}
          </button>
        )}
        {(s.status === 'expired' || s.status === 'exhausted' || s.status === 'revoked') && (
          <button
            type="button"
            onClick={act(() => s.renewSession(sessionConfig(config.usdc)))}
            disabled={s.isLoading}
          >
            Renew with new limits
          </button>
        )}
      </div>
      {s.errorCode !== null && (
        <p className="error" data-testid="session-error">
          {s.errorCode}: {s.error?.message}
        </p>
      )}
    </section>
  );
}
