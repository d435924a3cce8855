/** `operationOptions`: a comma-separated list of option names, compared case-insensitively (`"Sequential"`, …). */
export function hasOperationOption(operationOptions: string | undefined, option: string): boolean {
  return (operationOptions ?? '').split(',').some((name) => name.trim().toLowerCase() === option.toLowerCase());
}
