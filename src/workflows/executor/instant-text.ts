let lastMs = Number.NaN;
let lastText = '';

/** Epoch milliseconds as ISO 8601 with seven fractional digits, the form Logic Apps uses for run times. */
export function instantText(ms: number): string {
  // Runs ask for the time many times within the same millisecond; formatting dates is comparatively costly.
  if (ms !== lastMs) {
    lastMs = ms;
    // toISOString always ends in `.mmmZ`: four more digits go before the Z.
    lastText = `${new Date(ms).toISOString().slice(0, -1)}0000Z`;
  }
  return lastText;
}
