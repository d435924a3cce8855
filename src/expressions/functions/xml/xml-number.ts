/**
 * A double as .NET's `XmlConvert.ToString(double)` writes it ("R" format): the shortest digits that round-trip,
 * scientific notation from 1E+15 up and below 1E-05 (`1E+21`, `1E-07`), and `INF` / `-INF` / `NaN`.
 */
export function formatXmlDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'INF';
  if (n === -Infinity) return '-INF';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= 15 || exponent < -5) {
    return `${mantissa}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(n);
}
