/**
 * E-mail addresses as RFC 6531 (SMTPUTF8) allows them: the RFC 5322 dot-atom local part with
 * non-ASCII characters besides atext ("josé@example.com", "用户@例子.广告"), and a domain of
 * dot-separated labels that may be internationalized (U-labels). What a channel sends is the
 * customer's real address: a stricter ASCII-only check would refuse an order already paid for.
 * Left out on purpose: quoted local parts and address literals ("a b"@x, x@[10.0.0.1]), which no
 * shop platform hands out; such a value is refused as malformed.
 */
const ATOM = /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u{80}-\u{10FFFF}]+/u.source;
const LOCAL = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
// A label: letters, digits and non-ASCII characters, with inner hyphens; the top level is no number.
const LABEL = /^(?!-)[A-Za-z0-9\u{80}-\u{10FFFF}-]{1,63}(?<!-)$/u;
// Spaces and control or format characters are never part of an address, whatever the script.
const INVISIBLE = /[\p{Z}\p{C}]/u;

/** Octets, as the SMTP limits (64 for the local part, 254 for the address) count them. */
const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

export function isMailbox(value: string): boolean {
  if (octets(value) > 254 || INVISIBLE.test(value)) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (octets(local) > 64 || !LOCAL.test(local)) return false;
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}
