/**
 * ISO 8601 durations as workflow definitions use them (Delay `interval`, Until `limit.timeout`, retry policies):
 * `PT1H`, `PT7S`, `P1D`, `PT0.5S`, `P1DT2H`, `P2W`, optionally signed (`-PT5M`). Any component may carry a
 * decimal fraction. Calendar units have no fixed length, so — as .NET's `XmlConvert.ToTimeSpan` does — a year
 * counts 365 days and a month 30 days.
 */
import { TimeValueError } from './errors.js';

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
/** Sign, then Y M W D, then T H M S; each component optional, in this order. */
const DURATION = new RegExp(
  `^([+-])?P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?` +
    `(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** Milliseconds per captured component, in the order of the regular expression's groups 2–8. */
const UNIT_MS = [
  365 * MS_PER_DAY,
  30 * MS_PER_DAY,
  7 * MS_PER_DAY,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
];

/**
 * The duration in milliseconds (fractions below a millisecond are kept to 100 ns). Malformed text — no
 * components, a dangling `T`, units out of order, hours without `T` — fails with InvalidArgument.
 */
export function parseIsoDuration(text: string): number {
  const trimmed = text.trim();
  const m = DURATION.exec(trimmed);
  const components = m?.slice(2, 9) ?? [];
  const hasComponent = components.some((value) => value !== undefined);
  const danglingT = /T$/i.test(trimmed);
  if (m === null || !hasComponent || danglingT) {
    throw new TimeValueError(
      `The duration '${text}' is not a valid ISO 8601 duration; ` +
        `expected a value such as 'PT1H', 'PT30S', 'P1D' or 'P1DT2H'.`,
    );
  }
  let ms = 0;
  components.forEach((value, index) => {
    if (value !== undefined) ms += Number(value.replace(',', '.')) * (UNIT_MS[index] ?? 0);
  });
  const rounded = Math.round(ms * 10_000) / 10_000;
  return m[1] === '-' && rounded !== 0 ? -rounded : rounded;
}
