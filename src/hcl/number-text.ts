/**
 * The plain decimal form of an HCL number literal, as cty prints a number converted to a string
 * (big.Float Text('f', -1)): no exponent, no leading or trailing zeros. "1.50" -> "1.5", "1e3" -> "1000".
 */
export function canonicalNumberText(literal: string): string {
  const m = /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
  if (m === null) return literal;
  const intPart = m[1];
  const fracPart = m[2] ?? '';
  const exp = m[3] === undefined ? 0 : parseInt(m[3], 10);
  let digits = intPart + fracPart;
  let point = intPart.length + exp;
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (lead === digits.length) return '0';
  digits = digits.slice(lead);
  point -= lead;
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  if (point <= 0) return '0.' + '0'.repeat(-point) + digits;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return digits.slice(0, point) + '.' + digits.slice(point);
}
