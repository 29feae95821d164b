/**
 * Reading the plain fields of a Shopify payload: bounded text, lists of objects, names and
 * addresses, the VIP tag, and the fingerprint the hub compares deliveries by. Pure; never throws.
 */
import { isObj, own, type Obj } from '../common';

export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const text = (v: unknown, max: number): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t.slice(0, max);
};

export function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

export function fullName(first: unknown, last: unknown): string | undefined {
  const parts = [first, last].map((p) => text(p, 100)).filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(' ').slice(0, 200) : undefined;
}

const COUNTRY = /^[A-Z]{2}$/;

export function address(a: unknown) {
  if (!isObj(a)) return undefined;
  const country = text(own(a, 'country_code'), 2)?.toUpperCase();
  const mapped = {
    name: text(own(a, 'name'), 200) ?? fullName(own(a, 'first_name'), own(a, 'last_name')),
    line1: text(own(a, 'address1'), 200),
    line2: text(own(a, 'address2'), 200),
    city: text(own(a, 'city'), 100),
    region: text(own(a, 'province_code'), 100) ?? text(own(a, 'province'), 100),
    postalCode: text(own(a, 'zip'), 20),
    country: country && COUNTRY.test(country) ? country : undefined,
  };
  return Object.fromEntries(Object.entries(mapped).filter(([, v]) => v !== undefined));
}

export function hasVipTag(tags: unknown): boolean {
  return typeof tags === 'string' && tags.split(',').some((t) => t.trim().toLowerCase() === 'vip');
}

/** A stable fingerprint of a value (sorted keys). */
export function key(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    isObj(val)
      ? Object.fromEntries(
          Object.keys(val)
            .sort()
            .map((k) => [k, val[k]]),
        )
      : val,
  );
}
