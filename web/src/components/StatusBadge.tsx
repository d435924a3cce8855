/** A status word with a colour that matches its meaning (Enabled/Succeeded green, Failed red, Running blue, …). */

const tones: Readonly<Record<string, string>> = {
  enabled: 'good',
  succeeded: 'good',
  compliant: 'good',
  healthy: 'good',
  passed: 'good',
  resolved: 'good',
  disabled: 'neutral',
  skipped: 'neutral',
  cancelled: 'neutral',
  notapplicable: 'neutral',
  unsupported: 'neutral',
  dismissed: 'neutral',
  failed: 'bad',
  noncompliant: 'bad',
  unhealthy: 'bad',
  high: 'bad',
  timedout: 'bad',
  aborted: 'bad',
  running: 'busy',
  waiting: 'busy',
  queued: 'busy',
  evaluating: 'busy',
  accepted: 'busy',
  inprogress: 'busy',
  medium: 'warn',
  active: 'warn',
  low: 'info',
  informational: 'info',
};

export function statusTone(status: string): string {
  return tones[status.replaceAll(/[\s_-]/g, '').toLowerCase()] ?? 'neutral';
}

export function StatusBadge({ status, label }: { readonly status: string; readonly label?: string }) {
  return (
    <span className={`badge badge-${statusTone(status)}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label ?? status}
    </span>
  );
}
