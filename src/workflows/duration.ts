import { parseIsoDuration } from '../expressions/time/index.js';

/** An ISO 8601 duration (`PT1H`, `PT7S`) in milliseconds, or undefined when the text is not one. */
export function tryParseDuration(text: string): number | undefined {
  try {
    return parseIsoDuration(text);
  } catch {
    return undefined;
  }
}
