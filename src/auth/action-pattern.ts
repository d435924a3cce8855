/**
 * Azure RBAC action strings: `Microsoft.Logic/workflows/write`, with `*` standing for any run of characters
 * (`Microsoft.Logic/*`, `*\/read`, `Microsoft.Authorization/*\/read`). Matching is case-insensitive, as in Azure.
 */
const compiled = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}$`, 'i');
    compiled.set(pattern, regex);
  }
  return regex.test(action);
}

/** An action string as Azure writes them: provider namespace, then segments, no empty parts. */
export function isValidActionPattern(pattern: string): boolean {
  return /^(\*|[A-Za-z0-9.*]+(\/[A-Za-z0-9.*-]+)*)$/.test(pattern) && !pattern.includes('//');
}
