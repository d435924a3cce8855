/** Epoch milliseconds as ISO 8601 with seven fractional digits, the form Logic Apps uses for run times. */
export function instantText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
