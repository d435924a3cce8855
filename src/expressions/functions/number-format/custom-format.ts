/**
 * .NET custom numeric format strings ("#,##0.00", "0.0%", "0.###E+0", "#;(#);zero"), following the algorithm of
 * .NET's `NumberToStringFormat`: a first pass reads the section's placeholders, the digits are scaled and rounded to
 * fit them, and a second pass writes the section, filling placeholders from the digits.
 * https://learn.microsoft.com/dotnet/standard/base-types/custom-numeric-format-strings
 */
import type { DigitBuffer } from './digit-buffer.js';
import { roundBuffer } from './digit-buffer.js';
import { layoutExponent } from './digit-layout.js';
import type { NumberCulture } from './number-culture.js';

const PER_MILLE = '\u2030';

/** Start of section `section` (0 positive, 1 negative, 2 zero); 0 when the format has no such (non-empty) section. */
function findSection(format: string, section: number): number {
  if (section === 0) return 0;
  let remaining = section;
  let src = 0;
  while (src < format.length) {
    const ch = format[src++];
    if (ch === "'" || ch === '"') {
      while (src < format.length && format[src++] !== ch);
    } else if (ch === '\\') {
      if (src < format.length) src++;
    } else if (ch === ';') {
      if (--remaining !== 0) continue;
      return src < format.length && format[src] !== ';' ? src : 0;
    }
  }
  return 0;
}

interface SectionLayout {
  digitCount: number;
  decimalPos: number;
  firstDigit: number;
  lastDigit: number;
  scientific: boolean;
  thousandSeps: boolean;
  scaleAdjust: number;
}

/** First pass: where the placeholders, the decimal point and the group separators are in the section. */
function scanSection(format: string, start: number): SectionLayout {
  let digitCount = 0;
  let decimalPos = -1;
  let firstDigit = Number.MAX_SAFE_INTEGER;
  let lastDigit = 0;
  let scientific = false;
  let thousandPos = -1;
  let thousandCount = 0;
  let thousandSeps = false;
  let scaleAdjust = 0;
  let src = start;
  while (src < format.length) {
    const ch = format[src++];
    if (ch === ';') break;
    switch (ch) {
      case '#':
        digitCount++;
        break;
      case '0':
        if (firstDigit === Number.MAX_SAFE_INTEGER) firstDigit = digitCount;
        digitCount++;
        lastDigit = digitCount;
        break;
      case '.':
        if (decimalPos < 0) decimalPos = digitCount;
        break;
      case ',':
        // Between digit placeholders a ',' asks for group separators; just before the decimal point it divides
        // by 1000.
        if (digitCount > 0 && decimalPos < 0) {
          if (thousandPos >= 0) {
            if (thousandPos === digitCount) {
              thousandCount++;
              break;
            }
            thousandSeps = true;
          }
          thousandPos = digitCount;
          thousandCount = 1;
        }
        break;
      case '%':
        scaleAdjust += 2;
        break;
      case PER_MILLE:
        scaleAdjust += 3;
        break;
      case "'":
      case '"':
        while (src < format.length && format[src++] !== ch);
        break;
      case '\\':
        if (src < format.length) src++;
        break;
      case 'E':
      case 'e':
        if (format[src] === '0' || ((format[src] === '+' || format[src] === '-') && format[src + 1] === '0')) {
          while (++src < format.length && format[src] === '0');
          scientific = true;
        }
        break;
    }
  }
  if (decimalPos < 0) decimalPos = digitCount;
  if (thousandPos >= 0) {
    if (thousandPos === decimalPos) scaleAdjust -= thousandCount * 3;
    else thousandSeps = true;
  }
  return { digitCount, decimalPos, firstDigit, lastDigit, scientific, thousandSeps, scaleAdjust };
}

/**
 * Digit positions (counted leftwards from the decimal point) after which a group separator goes, for integer parts
 * up to `integerDigits` long.
 */
function groupSeparatorPositions(integerDigits: number, sizes: readonly number[]): number[] {
  const positions: number[] = [];
  let index = 0;
  let total = sizes[0] ?? 0;
  let size = total;
  while (integerDigits > total && size > 0) {
    positions.push(total);
    if (index < sizes.length - 1) size = sizes[++index] ?? 0;
    total += size;
  }
  return positions;
}

/** Formats the digits with a custom format. The buffer is consumed (scaled and rounded in place). */
export function formatCustom(buffer: DigitBuffer, format: string, culture: NumberCulture): string {
  let section = findSection(format, buffer.digits === '' ? 2 : buffer.negative ? 1 : 0);
  let layout: SectionLayout;
  for (;;) {
    layout = scanSection(format, section);
    if (buffer.digits !== '') {
      buffer.scale += layout.scaleAdjust;
      const pos = layout.scientific ? layout.digitCount : buffer.scale + layout.digitCount - layout.decimalPos;
      roundBuffer(buffer, pos);
      if (buffer.digits === '') {
        // Rounded to zero: the zero section, if there is one, formats it instead.
        const zeroSection = findSection(format, 2);
        if (zeroSection !== section) {
          section = zeroSection;
          continue;
        }
      }
    } else {
      buffer.negative = false;
      buffer.scale = 0;
    }
    break;
  }

  const { digitCount, decimalPos, thousandSeps } = layout;
  let { scientific } = layout;
  const firstDigit = layout.firstDigit < decimalPos ? decimalPos - layout.firstDigit : 0;
  const lastDigit = layout.lastDigit > decimalPos ? decimalPos - layout.lastDigit : 0;
  let digPos: number;
  let adjust: number;
  if (scientific) {
    digPos = decimalPos;
    adjust = 0;
  } else {
    digPos = buffer.scale > decimalPos ? buffer.scale : decimalPos;
    adjust = buffer.scale - decimalPos;
  }

  const separators: number[] = [];
  if (thousandSeps && culture.groupSeparator.length > 0) {
    const totalDigits = digPos + (adjust < 0 ? adjust : 0);
    separators.push(...groupSeparatorPositions(Math.max(firstDigit, totalDigits), culture.groupSizes));
  }
  let separatorIndex = separators.length - 1;

  const { digits } = buffer;
  let cur = 0;
  let out = buffer.negative && section === 0 ? culture.negativeSign : '';
  let decimalWritten = false;

  const writeDigit = (digit: string): void => {
    out += digit;
    if (thousandSeps && digPos > 1 && separatorIndex >= 0 && digPos === (separators[separatorIndex] ?? 0) + 1) {
      out += culture.groupSeparator;
      separatorIndex--;
    }
  };

  let src = section;
  while (src < format.length) {
    const ch = format[src++] ?? '';
    if (ch === ';') break;
    if (adjust > 0 && (ch === '#' || ch === '0' || ch === '.')) {
      // More integer digits than placeholders: the extra digits go before the first placeholder.
      while (adjust > 0) {
        writeDigit(cur < digits.length ? (digits[cur++] ?? '0') : '0');
        digPos--;
        adjust--;
      }
    }
    switch (ch) {
      case '#':
      case '0': {
        let digit = '';
        if (adjust < 0) {
          adjust++;
          digit = digPos <= firstDigit ? '0' : '';
        } else {
          digit = cur < digits.length ? (digits[cur++] ?? '') : digPos > lastDigit ? '0' : '';
        }
        if (digit !== '') writeDigit(digit);
        digPos--;
        break;
      }
      case '.':
        if (digPos !== 0 || decimalWritten) break; // only the first '.' counts
        if (lastDigit < 0 || (decimalPos < digitCount && cur < digits.length)) {
          out += culture.decimalSeparator;
          decimalWritten = true;
        }
        break;
      case PER_MILLE:
        out += culture.perMilleSymbol;
        break;
      case '%':
        out += culture.percentSymbol;
        break;
      case ',':
        break;
      case "'":
      case '"':
        while (src < format.length && format[src] !== ch) out += format[src++];
        if (src < format.length) src++;
        break;
      case '\\':
        if (src < format.length) out += format[src++];
        break;
      case 'E':
      case 'e': {
        if (!scientific) {
          out += ch;
          if (format[src] === '+' || format[src] === '-') out += format[src++];
          while (format[src] === '0') out += format[src++];
          break;
        }
        let positiveSign = false;
        let minDigits = 0;
        if (format[src] === '0') {
          minDigits++; // 'E0' is written like 'E-0'
        } else if (format[src] === '+' && format[src + 1] === '0') {
          positiveSign = true;
        } else if (!(format[src] === '-' && format[src + 1] === '0')) {
          out += ch;
          break;
        }
        while (++src < format.length && format[src] === '0') minDigits++;
        const exponent = digits === '' ? 0 : buffer.scale - decimalPos;
        out += layoutExponent(exponent, ch, Math.min(minDigits, 10), positiveSign, culture);
        scientific = false;
        break;
      }
      default:
        out += ch;
    }
  }
  return out;
}
