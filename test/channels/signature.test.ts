import { createHmac } from 'node:crypto';
import { parseWebhookSecrets, resolveWebhookSecrets, signWebhook, verifyWebhook, webhookHeaders } from '../../src/channels/signature';

const body = Buffer.from('{"id":1,"total":"19.99"}');
const now = 1_715_800_000;

test('signs "<timestamp>.<raw body>" with HMAC-SHA256 as v1=<hex>', () => {
  const expected = createHmac('sha256', 's3cret-s3cret').update(`${now}.${body.toString()}`).digest('hex');
  expect(signWebhook('s3cret-s3cret', now, body)).toBe(`v1=${expected}`);
  expect(signWebhook('s3cret-s3cret', String(now), body.toString())).toBe(`v1=${expected}`);
});

test('verifies a good signature within 5 minutes either way', () => {
  const sig = signWebhook('k-12345678', now, body);
  expect(verifyWebhook('k-12345678', String(now), sig, body, now)).toEqual({ ok: true });
  expect(verifyWebhook('k-12345678', String(now), sig, body, now + 300)).toEqual({ ok: true });
  expect(verifyWebhook('k-12345678', String(now), sig, body, now - 300)).toEqual({ ok: true });
  // Several signatures (a secret rotation): any one matching is enough.
  expect(verifyWebhook('k-12345678', String(now), `v1=${'0'.repeat(64)}, ${sig}`, body, now)).toEqual({ ok: true });
});

test.each([
  ['another secret', (s: string) => verifyWebhook('other-secret', String(now), s, body, now)],
  ['a modified body', (s: string) => verifyWebhook('k-12345678', String(now), s, Buffer.from('{"id":1,"total":"1.99"}'), now)],
  ['a stale timestamp', (s: string) => verifyWebhook('k-12345678', String(now), s, body, now + 301)],
  ['a future timestamp', (s: string) => verifyWebhook('k-12345678', String(now), s, body, now - 301)],
  ['another timestamp', (s: string) => verifyWebhook('k-12345678', String(now + 1), s, body, now)],
  ['no secret', (s: string) => verifyWebhook(undefined, String(now), s, body, now)],
  ['no timestamp', (s: string) => verifyWebhook('k-12345678', undefined, s, body, now)],
  ['a timestamp that is not seconds', (s: string) => verifyWebhook('k-12345678', '2024-05-15T10:00:00Z', s, body, now)],
  ['no signature', () => verifyWebhook('k-12345678', String(now), undefined, body, now)],
  ['a short signature', (s: string) => verifyWebhook('k-12345678', String(now), s.slice(0, 20), body, now)],
  ['another scheme', (s: string) => verifyWebhook('k-12345678', String(now), s.replace('v1=', 'v0='), body, now)],
])('refuses %s without revealing the expected signature', (_name, check) => {
  const sig = signWebhook('k-12345678', now, body);
  const result = check(sig);
  expect(result.ok).toBe(false);
  expect(JSON.stringify(result)).not.toContain(sig.slice(3));
  expect(JSON.stringify(result)).not.toContain('k-12345678');
});

test('webhookHeaders gives both headers', () => {
  const h = webhookHeaders('k-12345678', body, now);
  expect(h).toEqual({ 'X-Orderhub-Timestamp': String(now), 'X-Orderhub-Signature': signWebhook('k-12345678', now, body) });
});

test('CHANNEL_WEBHOOK_SECRETS parsing and the development defaults', () => {
  expect(parseWebhookSecrets('webstore=abcdefgh1, amazon=ij=klmnop2')).toEqual({ webstore: 'abcdefgh1', amazon: 'ij=klmnop2' });
  expect(() => parseWebhookSecrets('webstore')).toThrow(/entry 1/);
  expect(() => parseWebhookSecrets('ebay=short')).toThrow(/at least 8/);
  expect(() => parseWebhookSecrets('ebay=abcdefgh1,ebay=abcdefgh2')).toThrow(/twice/);
  try {
    parseWebhookSecrets('ebay=tiny');
  } catch (err) {
    expect((err as Error).message).not.toContain('tiny');
  }
  expect(resolveWebhookSecrets(undefined, false)).toEqual({ webstore: 'dev-secret-webstore', amazon: 'dev-secret-amazon', ebay: 'dev-secret-ebay', pos: 'dev-secret-pos' });
  expect(resolveWebhookSecrets(undefined, true)).toEqual({});
  expect(resolveWebhookSecrets({ pos: 'abcdefgh1' }, true)).toEqual({ pos: 'abcdefgh1' });
});
