import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signWebhook, verifyWebhook, webhookHeaders } from '../../src/channels/signature';
import { DEMO_CHANNELS, parseWebhookSecrets, resolveWebhookSecrets } from '../../src/channels/webhookSecrets';

const body = Buffer.from('{"id":1,"total":"19.99"}');
const now = 1_715_800_000;

test('signs "<timestamp>.<raw body>" with HMAC-SHA256 as v1=<hex>', () => {
  const expected = createHmac('sha256', 's3cret-s3cret').update(`${now}.${body.toString()}`).digest('hex');
  expect(signWebhook('s3cret-s3cret', now, body)).toBe(`v1=${expected}`);
  expect(signWebhook('s3cret-s3cret', String(now), body.toString())).toBe(`v1=${expected}`);
});

test('verifies a good signature within 5 minutes either way', () => {
  const sig = signWebhook('k-12345678', now, body);
  expect(verifyWebhook(['k-12345678'], String(now), sig, body, now)).toEqual({ ok: true });
  expect(verifyWebhook(['k-12345678'], String(now), sig, body, now + 300)).toEqual({ ok: true });
  expect(verifyWebhook(['k-12345678'], String(now), sig, body, now - 300)).toEqual({ ok: true });
  // Several signatures (the channel signs with an old and a new secret): any one matching is enough.
  expect(verifyWebhook(['k-12345678'], String(now), `v1=${'0'.repeat(64)}, ${sig}`, body, now)).toEqual({ ok: true });
});

test('during a rotation the hub holds two secrets for a channel and accepts a signature by either', () => {
  const secrets = ['new-secret-123', 'old-secret-456'];
  expect(verifyWebhook(secrets, String(now), signWebhook('new-secret-123', now, body), body, now)).toEqual({ ok: true });
  expect(verifyWebhook(secrets, String(now), signWebhook('old-secret-456', now, body), body, now)).toEqual({ ok: true });
  expect(verifyWebhook(secrets, String(now), signWebhook('retired-secret-789', now, body), body, now).ok).toBe(false);
});

test.each([
  ['another secret', (s: string) => verifyWebhook(['other-secret'], String(now), s, body, now)],
  ['a modified body', (s: string) => verifyWebhook(['k-12345678'], String(now), s, Buffer.from('{"id":1,"total":"1.99"}'), now)],
  ['a stale timestamp', (s: string) => verifyWebhook(['k-12345678'], String(now), s, body, now + 301)],
  ['a future timestamp', (s: string) => verifyWebhook(['k-12345678'], String(now), s, body, now - 301)],
  ['another timestamp', (s: string) => verifyWebhook(['k-12345678'], String(now + 1), s, body, now)],
  ['no secret', (s: string) => verifyWebhook([], String(now), s, body, now)],
  ['no timestamp', (s: string) => verifyWebhook(['k-12345678'], undefined, s, body, now)],
  ['a timestamp that is not seconds', (s: string) => verifyWebhook(['k-12345678'], '2024-05-15T10:00:00Z', s, body, now)],
  ['no signature', () => verifyWebhook(['k-12345678'], String(now), undefined, body, now)],
  ['a short signature', (s: string) => verifyWebhook(['k-12345678'], String(now), s.slice(0, 20), body, now)],
  ['another scheme', (s: string) => verifyWebhook(['k-12345678'], String(now), s.replace('v1=', 'v0='), body, now)],
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

test('CHANNEL_WEBHOOK_SECRETS: one secret per channel, or two while it rotates', () => {
  expect(parseWebhookSecrets('webstore=abcdefgh1, amazon=ij=klmnop2')).toEqual({ webstore: ['abcdefgh1'], amazon: ['ij=klmnop2'] });
  expect(parseWebhookSecrets('ebay=new-secret-1,ebay=old-secret-2')).toEqual({ ebay: ['new-secret-1', 'old-secret-2'] });
  expect(() => parseWebhookSecrets('webstore')).toThrow(/entry 1/);
  expect(() => parseWebhookSecrets('ebay=short')).toThrow(/at least 8/);
  expect(() => parseWebhookSecrets('ebay=abcdefgh1,ebay=abcdefgh2,ebay=abcdefgh3')).toThrow(/at most two/);
  expect(() => parseWebhookSecrets('ebay=abcdefgh1,ebay=abcdefgh1')).toThrow(/twice/);
  try {
    parseWebhookSecrets('ebay=tiny');
  } catch (err) {
    expect((err as Error).message).not.toContain('tiny');
  }
});

describe('secrets when CHANNEL_WEBHOOK_SECRETS is unset', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'orderhub-secrets-'));

  test('development: a random secret per channel, made once per install and kept private; never a predictable one', () => {
    const data = dir();
    const first = resolveWebhookSecrets(undefined, false, data);
    expect(Object.keys(first).sort()).toEqual([...DEMO_CHANNELS].sort());
    for (const [channel, [secret]] of Object.entries(first)) {
      expect(secret).not.toContain(channel);
      expect(secret.length).toBeGreaterThanOrEqual(40);
    }
    expect(new Set(Object.values(first).map(([s]) => s)).size).toBe(DEMO_CHANNELS.length);
    const file = path.join(data, 'webhook-secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The same install keeps its secrets across restarts; another install has its own.
    expect(resolveWebhookSecrets(undefined, false, data)).toEqual(first);
    expect(resolveWebhookSecrets(undefined, false, dir())).not.toEqual(first);
  });

  test('production: none (every webhook is refused) and nothing written; configured secrets win everywhere', () => {
    const data = dir();
    expect(resolveWebhookSecrets(undefined, true, data)).toEqual({});
    expect(fs.readdirSync(data)).toEqual([]);
    expect(resolveWebhookSecrets({ pos: ['abcdefgh1'] }, false, data)).toEqual({ pos: ['abcdefgh1'] });
    expect(fs.readdirSync(data)).toEqual([]);
  });
});
