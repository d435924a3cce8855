/**
 * Time zone conversion for convertTimeZone / convertFromUtc / convertToUtc. Zones are Windows ids (as in Logic
 * Apps) or IANA ids; offsets, including daylight saving time, come from ICU via `Intl.DateTimeFormat`.
 *
 * Kinds follow .NET `TimeZoneInfo`: converting into a zone gives a zone-less (`unspecified`) wall-clock time,
 * printed without a suffix (`convertFromUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time')` →
 * `2018-01-01T00:00:00.0000000`), unless the destination is UTC itself.
 *
 * Reading a time in a source zone: a zone-less timestamp is a wall-clock time there. A timestamp that already
 * names its zone (`Z` or an offset) is an absolute instant and is kept as is — .NET would refuse such a
 * `DateTime` outright; taking the instant at its word is the least surprising reading. A wall-clock time that
 * a daylight-saving change skips fails; one that occurs twice is read as standard time, as .NET does.
 */
import { dayNumber } from './calendar.js';
import { TimeValueError } from './errors.js';
import { formatTimestamp } from './format-timestamp.js';
import { type Instant, instantToEpochMs, makeInstant, withKind } from './instant.js';
import { ianaForWindowsZone } from './windows-zones.js';

export interface TimeZone {
  /** The name as given. */
  readonly name: string;
  /** The IANA id handed to ICU. */
  readonly iana: string;
  /** True for UTC itself (Windows 'UTC', IANA 'Etc/UTC', 'UTC', …). */
  readonly isUtc: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(iana);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: iana,
        calendar: 'gregory',
        numberingSystem: 'latn',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      return undefined; // RangeError: not a zone ICU knows
    }
    formatters.set(iana, formatter);
  }
  return formatter;
}

/** Resolves a Windows or IANA zone name; unknown names fail with InvalidArgument naming the zone. */
export function resolveTimeZone(name: string): TimeZone {
  const iana = ianaForWindowsZone(name) ?? name.trim();
  const formatter = iana === '' ? undefined : formatterFor(iana);
  if (formatter === undefined) {
    throw new TimeValueError(
      `The time zone '${name}' is not valid. Use a Windows time zone name such as 'Pacific Standard Time' ` +
        `or an IANA name such as 'America/Los_Angeles'.`,
    );
  }
  return { name, iana, isUtc: formatter.resolvedOptions().timeZone === 'UTC' };
}

const MS_PER_DAY = 86_400_000;

/** The zone's offset from UTC, in milliseconds, at an epoch-millisecond instant. */
export function utcOffsetMs(zone: TimeZone, epochMs: number): number {
  const formatter = formatterFor(zone.iana);
  if (formatter === undefined || zone.isUtc) return 0;
  const fields: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) fields[part.type] = part.value;
  const rawYear = Number(fields.year);
  const year = fields.era === 'BC' || fields.era === 'B' ? 1 - rawYear : rawYear;
  const days = dayNumber(year, Number(fields.month), Number(fields.day)) - dayNumber(1970, 1, 1);
  const wallMs =
    days * MS_PER_DAY + Number(fields.hour) * 3_600_000 + Number(fields.minute) * 60_000 + Number(fields.second) * 1000;
  return wallMs - Math.floor(epochMs / 1000) * 1000;
}

/** A UTC (or zone-less, read as UTC) instant as wall-clock time in `zone`. */
export function convertFromUtc(instant: Instant, zone: TimeZone): Instant {
  if (zone.isUtc) return withKind(instant, 'utc');
  const offset = utcOffsetMs(zone, instantToEpochMs(instant));
  return makeInstant(instant.ticks + BigInt(offset) * 10_000n, 'unspecified');
}

/** A wall-clock time in `zone` as UTC; instants that carry their zone already are returned unchanged. */
export function convertToUtc(instant: Instant, zone: TimeZone): Instant {
  if (instant.kind === 'utc' || zone.isUtc) return withKind(instant, 'utc');
  const wallMs = instantToEpochMs(instant);
  // Offsets in force around that wall time; an offset fits if the instant it implies really has it.
  const candidates = new Set([wallMs - MS_PER_DAY, wallMs, wallMs + MS_PER_DAY].map((ms) => utcOffsetMs(zone, ms)));
  const fitting = [...candidates].filter((offset) => utcOffsetMs(zone, wallMs - offset) === offset);
  if (fitting.length === 0) {
    throw new TimeValueError(
      `The time '${formatTimestamp(instant)}' does not exist in time zone '${zone.name}': ` +
        'it falls in the gap of a daylight saving time change.',
    );
  }
  // Twice-occurring times are read as standard time, the smaller offset.
  const offset = Math.min(...fitting);
  return makeInstant(instant.ticks - BigInt(offset) * 10_000n, 'utc');
}

/** `TimeZoneInfo.ConvertTime` between two zones. */
export function convertTimeZone(instant: Instant, source: TimeZone, destination: TimeZone): Instant {
  return convertFromUtc(convertToUtc(instant, source), destination);
}
