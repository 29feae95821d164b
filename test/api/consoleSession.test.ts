// The console's sign-in (docs/dashboard.md): sessions from a key or a one-time link, the CSRF
// token every cookie-authenticated change needs, roles as the key's, sign-out; API key clients unchanged.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { apiKey } from '../../src/api/auth/keys';
import { devSignInLink } from '../../src/api/auth/signInLink';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const anonymous = () => request(t.hub.apiUrl);
const cookieOf = (res: request.Response) => String((res.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;

async function signIn(key: string) {
  const res = await anonymous().post('/api/v1/session').set('Authorization', `Bearer ${key}`).expect(201);
  return { cookie: cookieOf(res), csrf: res.body.csrfToken as string, res };
}

test('a key sent once becomes an httpOnly, SameSite=Strict session cookie with an expiry, acting as the key', async () => {
  const { cookie, csrf, res } = await signIn(t.keys.ops);
  const setCookie = String((res.headers['set-cookie'] as unknown as string[])[0]);
  expect(setCookie).toMatch(/^orderhub_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28[0-9]{3}$/);
  expect(res.body).toEqual({ name: 'test-ops', role: 'ops', expiresAt: expect.any(String), csrfToken: csrf });
  // The token is stored hashed: the cookie's value is nowhere in the table.
  const token = cookie.split('=')[1]!;
  expect(await t.hub.db.dashboardSession.count({ where: { tokenHash: token } })).toBe(0);

  await anonymous().get('/api/v1/orders?limit=1').set('Cookie', cookie).expect(200);
  const me = await anonymous().get('/api/v1/session').set('Cookie', cookie).expect(200);
  expect(me.body).toMatchObject({ name: 'test-ops', role: 'ops', csrfToken: csrf });
  // Channel and carrier keys have no console.
  await anonymous().post('/api/v1/session').set('Authorization', `Bearer ${t.keys.ebay}`).expect(403);
  await anonymous().post('/api/v1/session').set('Authorization', 'Bearer not-a-key-not-a-key-not-a-key').expect(401);
});

test('a cookie request that changes something needs the CSRF token; roles stay the key’s', async () => {
  const { cookie, csrf } = await signIn(t.keys.ops);
  const hold = `/api/v1/orders/${randomUUID()}/holds`;
  const missing = await anonymous().post(hold).set('Cookie', cookie).send({ reason: 'manual' }).expect(403);
  expect(missing.body).toMatchObject({ error: 'csrf_token_missing', fields: [{ field: 'header.X-CSRF-Token' }] });
  await anonymous()
    .post(hold)
    .set('Cookie', cookie)
    .set('X-CSRF-Token', `${csrf.slice(0, -2)}xx`)
    .send({ reason: 'manual' })
    .expect(403);
  // With the token the request reaches the route (no such order).
  await anonymous().post(hold).set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ reason: 'manual' }).expect(404);
  // An ops session cannot do an admin action, token or not.
  const rules = await anonymous().put('/api/v1/rules').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ rules: [] }).expect(403);
  expect(rules.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/ops key may not call this route/) });
  // Another session's token does not fit this one.
  const other = await signIn(t.keys.ops);
  await anonymous().post(hold).set('Cookie', cookie).set('X-CSRF-Token', other.csrf).send({ reason: 'manual' }).expect(403);
});

test('API key clients work unchanged, a stale cookie beside the key included', async () => {
  const res = await t.as(t.keys.ops).get('/api/v1/orders?limit=1').set('Cookie', 'orderhub_session=stale-stale-stale').expect(200);
  expect(res.body.items).toBeDefined();
  await t.as(t.keys.ops).post(`/api/v1/orders/${randomUUID()}/holds`).send({ reason: 'manual' }).expect(404);
  const me = await t.as(t.keys.ops).get('/api/v1/session').expect(200);
  expect(me.body).toEqual({ name: 'test-ops', role: 'ops', expiresAt: null, csrfToken: null });
});

test('sign-out ends the session', async () => {
  const { cookie, csrf } = await signIn(t.keys.admin);
  await anonymous().delete('/api/v1/session').set('Cookie', cookie).expect(403);
  const out = await anonymous().delete('/api/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
  expect(String((out.headers['set-cookie'] as unknown as string[])[0])).toMatch(/^orderhub_session=; .*Max-Age=0/);
  await anonymous().get('/api/v1/orders?limit=1').set('Cookie', cookie).expect(401);
});

test('a one-time link signs in once, then never again; an expired one never', async () => {
  const admin = apiKey(t.keys.admin, 'admin', undefined, 'test-admin');
  const link = await devSignInLink(t.hub.db, admin, t.hub.apiUrl);
  expect(link).toMatch(/\/dashboard\/signin\.html#link=[A-Za-z0-9_-]{43}$/);
  const token = link.split('#link=')[1]!;
  // Two tabs racing with the same link: exactly one signs in.
  const [a, b] = await Promise.all([anonymous().post('/api/v1/session/link').send({ token }), anonymous().post('/api/v1/session/link').send({ token })]);
  expect([a.status, b.status].sort()).toEqual([201, 401]);
  const won = a.status === 201 ? a : b;
  expect(won.body).toMatchObject({ name: 'test-admin', role: 'admin' });
  const lost = a.status === 201 ? b : a;
  expect(lost.body).toMatchObject({ error: 'invalid_sign_in_link', fields: [{ field: 'body.token' }] });
  await anonymous().get('/api/v1/orders?limit=1').set('Cookie', cookieOf(won)).expect(200);

  const expired = (await devSignInLink(t.hub.db, admin, t.hub.apiUrl)).split('#link=')[1]!;
  await t.hub.db.dashboardSignInLink.updateMany({ where: { usedAt: null, keyId: admin.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await anonymous().post('/api/v1/session/link').send({ token: expired }).expect(401);
  const bad = await anonymous().post('/api/v1/session/link').send({ token: 'short' }).expect(400);
  expect(bad.body.fields).toEqual([{ field: 'body.token', message: expect.any(String) }]);
});
