/** GUID text in the formats of .NET's `Guid.ToString(format)`, from random bytes laid out as a version-4 UUID. */

/** 16 bytes from the environment's random source, with the version (4) and variant (RFC 4122) bits set. */
export function randomGuidBytes(random: () => number): Uint8Array {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256) & 0xff;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return bytes;
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return out;
}

/** The GUID in format N, D, B, P or X (case-insensitive, as in .NET); `undefined` for any other format. */
export function formatGuid(bytes: Uint8Array, format: string): string | undefined {
  const groups = [hex(bytes, 0, 4), hex(bytes, 4, 6), hex(bytes, 6, 8), hex(bytes, 8, 10), hex(bytes, 10, 16)];
  const dashed = groups.join('-');
  switch (format === '' ? 'D' : format.toUpperCase()) {
    case 'N':
      return groups.join('');
    case 'D':
      return dashed;
    case 'B':
      return `{${dashed}}`;
    case 'P':
      return `(${dashed})`;
    case 'X': {
      const tail = Array.from(bytes.subarray(8, 16), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(',');
      return `{0x${groups[0]},0x${groups[1]},0x${groups[2]},{${tail}}}`;
    }
    default:
      return undefined;
  }
}
