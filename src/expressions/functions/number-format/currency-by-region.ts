/**
 * The currency each region uses, for `formatNumber`'s 'C' format (.NET takes it from the culture; JavaScript's Intl
 * needs the currency named). Regions not listed format with the generic currency sign '¤', as .NET's invariant
 * culture does.
 */
const EURO_REGIONS = [
  'AD', 'AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MC', 'ME', 'MT',
  'NL', 'PT', 'SI', 'SK', 'SM', 'VA', 'XK',
];

const OTHER_REGIONS: Record<string, string> = {
  AE: 'AED', AR: 'ARS', AU: 'AUD', BA: 'BAM', BD: 'BDT', BG: 'BGN', BH: 'BHD', BO: 'BOB', BR: 'BRL', BY: 'BYN',
  CA: 'CAD', CH: 'CHF', CL: 'CLP', CN: 'CNY', CO: 'COP', CR: 'CRC', CZ: 'CZK', DK: 'DKK', DO: 'DOP', DZ: 'DZD',
  EC: 'USD', EG: 'EGP', GB: 'GBP', GE: 'GEL', GT: 'GTQ', HK: 'HKD', HN: 'HNL', HU: 'HUF', ID: 'IDR', IL: 'ILS',
  IN: 'INR', IQ: 'IQD', IR: 'IRR', IS: 'ISK', JM: 'JMD', JO: 'JOD', JP: 'JPY', KE: 'KES', KR: 'KRW', KW: 'KWD',
  KZ: 'KZT', LB: 'LBP', LI: 'CHF', LK: 'LKR', MA: 'MAD', MD: 'MDL', MK: 'MKD', MX: 'MXN', MY: 'MYR', NG: 'NGN',
  NI: 'NIO', NO: 'NOK', NZ: 'NZD', OM: 'OMR', PA: 'PAB', PE: 'PEN', PH: 'PHP', PK: 'PKR', PL: 'PLN', PR: 'USD',
  PY: 'PYG', QA: 'QAR', RO: 'RON', RS: 'RSD', RU: 'RUB', SA: 'SAR', SE: 'SEK', SG: 'SGD', SV: 'USD', TH: 'THB',
  TN: 'TND', TR: 'TRY', TT: 'TTD', TW: 'TWD', UA: 'UAH', US: 'USD', UY: 'UYU', UZ: 'UZS', VE: 'VES', VN: 'VND',
  ZA: 'ZAR',
};

export function currencyOfRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  if (EURO_REGIONS.includes(region)) return 'EUR';
  return OTHER_REGIONS[region];
}

/**
 * Symbols where .NET's culture data differs from ICU's: Logic Apps documents `formatNumber(17.35, 'C2', 'is-IS')`
 * as "17,35 kr" where ICU writes "kr.".
 */
export const CURRENCY_SYMBOL_OVERRIDES: Readonly<Record<string, string>> = { ISK: 'kr' };
