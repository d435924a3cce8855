/**
 * The alert every contender receives: a Defender for Cloud alert in the flat workflow-automation shape, carrying
 * the time the bench meant to send it in ExtendedProperties (a free-form dictionary every contender passes through
 * untouched), so the sink can compute the latency from the body it receives.
 */
export const SENT_AT_PROPERTY = 'Bench Sent At (us)';

export type BenchSeverity = 'High' | 'Low';

/** Half the alerts are High (forwarded to the sink), half Low (answered without forwarding), alternating. */
export const severityOf = (sequence: number): BenchSeverity => (sequence % 2 === 0 ? 'High' : 'Low');

export const BENCH_SUBSCRIPTION = '00000000-0000-0000-0000-00000000be0c';

export function benchAlert(id: string, severity: BenchSeverity, sentAtUs: number, subscription = BENCH_SUBSCRIPTION): Record<string, unknown> {
  const resourceId = `/subscriptions/${subscription}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1`;
  return {
    VendorName: 'Microsoft',
    AlertType: 'VM_SuspiciousProcess',
    StartTimeUtc: '2024-05-01T10:00:00.000Z',
    TimeGenerated: '2024-05-01T10:01:00.000Z',
    IsIncident: false,
    Severity: severity,
    Status: 'Active',
    ProductName: 'Microsoft Defender for Cloud',
    SystemAlertId: id,
    AzureResourceId: resourceId,
    AzureResourceSubscriptionId: subscription,
    CompromisedEntity: 'vm1',
    Intent: 'Execution',
    AlertDisplayName: 'Suspicious process executed',
    Description: 'A process with a known malicious command line was executed.',
    ExtendedProperties: { 'Process Path': 'c:\\temp\\payload.exe', [SENT_AT_PROPERTY]: String(sentAtUs) },
    Entities: [{ $id: '1', HostName: 'vm1', Type: 'host' }],
  };
}

/** What the sink reads back from a forwarded body; undefined when the body is not a bench alert. */
export function readBenchAlert(body: unknown): { id: string; severity: string; sentAtUs: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const alert = body as Record<string, unknown>;
  const properties = alert['ExtendedProperties'];
  const sentAt = typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>)[SENT_AT_PROPERTY] : undefined;
  const sentAtUs = Number(sentAt);
  if (typeof alert['SystemAlertId'] !== 'string' || typeof sentAt !== 'string' || !Number.isFinite(sentAtUs)) return undefined;
  return { id: alert['SystemAlertId'], severity: String(alert['Severity']), sentAtUs };
}
