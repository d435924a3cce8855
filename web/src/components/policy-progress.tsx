/** Small displays for the Policy area: a remediation's progress bar, a compliance bar, and the live-stream indicator. */

export interface ProgressProps {
  readonly label: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Still running: the bar is striped. */
  readonly active?: boolean;
}

/** Deployments done out of total, green for successes and red for failures, as an ARIA progressbar. */
export function DeploymentProgress({ label, total, succeeded, failed, active = false }: ProgressProps) {
  const done = succeeded + failed;
  const percent = total === 0 ? (active ? 0 : 100) : Math.round((done / total) * 100);
  const share = (count: number) => (total === 0 ? 0 : (count / total) * 100);
  const text = total === 0 ? (active ? 'Finding non-compliant subscriptions…' : 'Nothing to deploy') : `${done} of ${total} deployments done · ${succeeded} succeeded${failed > 0 ? ` · ${failed} failed` : ''}`;
  return (
    <div className="policy-progress">
      <div className={`policy-progress-track${active ? ' policy-progress-active' : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text}>
        <span className="policy-progress-good" style={{ width: `${share(succeeded)}%` }} />
        <span className="policy-progress-bad" style={{ width: `${share(failed)}%` }} />
      </div>
      <span className="policy-progress-text">{text}</span>
    </div>
  );
}

/** "N of M compliant" with a two-colour bar. */
export function ComplianceBar({ compliant, total }: { readonly compliant: number; readonly total: number }) {
  const percent = total === 0 ? 0 : Math.round((compliant / total) * 100);
  return (
    <div className="policy-compliance" title={`${compliant} of ${total} compliant`}>
      <div className="policy-compliance-track" aria-hidden="true">
        <span className="policy-progress-good" style={{ width: `${percent}%` }} />
        <span className="policy-progress-bad" style={{ width: `${total === 0 ? 0 : 100 - percent}%` }} />
      </div>
      <span className="policy-compliance-text">{total === 0 ? 'Not evaluated' : `${compliant} of ${total} compliant (${percent}%)`}</span>
    </div>
  );
}

const liveText = { connecting: 'Connecting to live updates…', live: 'Live', offline: 'Live updates unavailable: use Refresh' } as const;

export function LiveIndicator({ state }: { readonly state: keyof typeof liveText }) {
  return (
    <span className={`policy-live policy-live-${state}`} role="status">
      <span className={`live-dot live-dot-${state}`} aria-hidden="true" />
      {liveText[state]}
    </span>
  );
}
