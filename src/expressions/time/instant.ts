import {
  type DateParts,
  TICKS_PER_MILLISECOND,
  UNIX_EPOCH_TICKS,
  isTicksInRange,
  isValidParts,
  ticksFromParts,
} from './calendar.js';
import { outOfRange } from './errors.js';

/**
 * What a timestamp carries besides its clock value, mirroring .NET `DateTimeKind`:
 * - `utc`: the text had `Z` or an offset (offsets are folded into the ticks), or the value came from the clock.
 *   Round-trip output ends in `Z`.
 * - `unspecified`: the text had no zone (`'2018-03-15'`, `'03/15/2018 12:00:00'`). Arithmetic treats it as UTC
 *   (Logic Apps' hosts run in UTC), but output has no zone suffix — the reference shows
 *   `formatDateTime('03/15/2018')` → `'2018-03-15T00:00:00.0000000'`.
 */
export type DateTimeKind = 'utc' | 'unspecified';

/**
 * A timestamp with .NET's full 100-ns precision: `ticks` counts 100-ns intervals since 0001-01-01T00:00:00
 * (exactly `DateTime.Ticks`, always within 0 … 9999-12-31T23:59:59.9999999). bigint because the values exceed
 * 2^53; a JS `Date` would lose the last four digits of `.1234567`.
 */
export interface Instant {
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
}

/** Builds an instant, failing with an InvalidArgument error when the ticks leave years 1–9999. */
export function makeInstant(ticks: bigint, kind: DateTimeKind): Instant {
  if (!isTicksInRange(ticks)) throw outOfRange();
  return { ticks, kind };
}

/** The instant for fields already known to be valid (see `isValidParts`). */
export function instantFromParts(parts: DateParts, kind: DateTimeKind): Instant {
  if (!isValidParts(parts)) throw outOfRange();
  return { ticks: ticksFromParts(parts), kind };
}

/** A UTC instant from epoch milliseconds (what `EvalEnvironment.clock.now()` returns). */
export function instantFromEpochMs(epochMs: number): Instant {
  if (!Number.isFinite(epochMs)) throw outOfRange();
  const wholeMs = Math.floor(epochMs);
  const subMsTicks = Math.round((epochMs - wholeMs) * 10_000);
  return makeInstant(UNIX_EPOCH_TICKS + BigInt(wholeMs) * TICKS_PER_MILLISECOND + BigInt(subMsTicks), 'utc');
}

/** Epoch milliseconds (sub-millisecond ticks are floored); an `unspecified` instant is read as UTC. */
export function instantToEpochMs(instant: Instant): number {
  const sinceEpoch = instant.ticks - UNIX_EPOCH_TICKS;
  let ms = sinceEpoch / TICKS_PER_MILLISECOND;
  if (sinceEpoch % TICKS_PER_MILLISECOND < 0n) ms -= 1n; // floor, not truncate, before 1970
  return Number(ms);
}

export function withKind(instant: Instant, kind: DateTimeKind): Instant {
  return instant.kind === kind ? instant : { ticks: instant.ticks, kind };
}
