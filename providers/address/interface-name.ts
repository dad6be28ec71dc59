/**
 * Linux interface names (dev_valid_name): 1..15 bytes, not "." or "..", no '/', ':' or whitespace.
 * ':' is legal in the kernel only as an IPv4 label suffix (eth0:0); lvsplan refuses it.
 */
export function interfaceNameError(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'an interface name must be a non-empty string';
  if (Buffer.byteLength(name) > 15) return `interface name ${JSON.stringify(name)} is longer than 15 bytes`;
  if (name === '.' || name === '..') return `interface name ${JSON.stringify(name)} is not allowed`;
  if (/[\/:\s]/.test(name) || /[\x00-\x1f\x7f]/.test(name)) {
    return `interface name ${JSON.stringify(name)} contains '/', ':', whitespace or a control character`;
  }
  return null;
}
