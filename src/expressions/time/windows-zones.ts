/**
 * Windows time zone ids ('Pacific Standard Time', 'W. Europe Standard Time') → IANA ids, from CLDR's
 * windowsZones table as packaged by `windows-iana`. Logic Apps takes Windows ids (it runs on .NET/Windows);
 * Node's ICU knows only IANA ids.
 */
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/** Ids Windows still accepts but CLDR no longer lists. */
const RETIRED_WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'Kamchatka Standard Time': 'Asia/Kamchatka',
  'Mid-Atlantic Standard Time': 'Etc/GMT+2',
};

/**
 * Lookup key: case-insensitive and tolerant of dropped punctuation — the reference notes that "you might have
 * to remove any punctuation from the time zone name", so 'W Europe Standard Time' must work too.
 */
export function windowsZoneKey(name: string): string {
  return name.toLowerCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();
}

const windowsToIana = new Map<string, string>();
for (const [windowsName, iana] of Object.entries(RETIRED_WINDOWS_ZONES)) {
  windowsToIana.set(windowsZoneKey(windowsName), iana);
}
for (const entry of WINDOWS_TO_IANA_MAP) {
  // Territory "001" is CLDR's "golden" zone for the Windows id; the first IANA name is the canonical one.
  const iana = entry.iana[0];
  if (entry.territory === '001' && iana !== undefined) windowsToIana.set(windowsZoneKey(entry.windowsName), iana);
}

/** The IANA zone for a Windows time zone id, or `undefined` when the name is not a Windows id. */
export function ianaForWindowsZone(name: string): string | undefined {
  return windowsToIana.get(windowsZoneKey(name));
}
