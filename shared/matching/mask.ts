/**
 * Masked forms of other people's data. A masked value tells an advocate what kind of thing is on
 * the page and lets them tell two apart, without repeating the value (docs/safety.md §1).
 */

/** `jane.doe@example.com` -> `j***@e***.com` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${local.charAt(0)}***@${domain.charAt(0)}***${tld}`;
}

/** Keeps the last two digits only: `***-***-**87`. */
export function maskPhone(digits: string): string {
  const tail = digits.slice(-2);
  return `***-***-**${tail}`;
}

/** `203.0.113.98` -> `203.0.***.***`; IPv6 keeps its first two groups. */
export function maskIp(ip: string): string {
  // Cut at the second separator rather than split: a page of addresses masks thousands.
  const colon = ip.indexOf(':');
  if (colon >= 0) {
    const second = ip.indexOf(':', colon + 1);
    return `${second >= 0 ? ip.slice(0, second) : ip}:****:****`;
  }
  // Only addresses the detector matched come here: an IPv4 address has its four octets.
  const second = ip.indexOf('.', ip.indexOf('.') + 1);
  return `${second > 0 ? ip.slice(0, second) : ip}.***.***`;
}

/** A date loses all of its digits but keeps its shape. */
export function maskDate(date: string): string {
  return date.replace(/\d/g, '*').replace(/\p{L}+/gu, '***');
}

/** `Dana Eisenhardt` -> `D*** E***` */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => `${w.charAt(0)}***`)
    .join(' ');
}

/** A street address is reported by its format only: any part of it would help find the house. */
export function maskAddress(format: string): string {
  return `street address (${format})`;
}

/** A government id or card number keeps its last two digits. */
export function maskNumber(digits: string): string {
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}
