import request from 'supertest';
import { createSimulatorApp, createSimulatorState } from '../../src/simulators';

// The simulated payment gateway: capture, void and refund on an authorization reference, with the
// idempotency, faults and journal every simulated partner has.
function gateway() {
  const state = createSimulatorState();
  return { state, app: createSimulatorApp(state) };
}
const post = (app: ReturnType<typeof gateway>['app'], path: string, key: string, body: object) => request(app).post(path).set('Idempotency-Key', key).send(body);

test('captures add up per authorization; a repeated key replays the first answer and captures once', async () => {
  const { state, app } = gateway();
  const first = await post(app, '/gateway/authorizations/auth-1/captures', 'o1:gateway.capture.p1', { orderId: 'o1', amount: '21.66', currency: 'USD' });
  expect(first.status).toBe(201);
  const again = await post(app, '/gateway/authorizations/auth-1/captures', 'o1:gateway.capture.p1', { orderId: 'o1', amount: '21.66', currency: 'USD' });
  expect(again.body).toEqual(first.body);
  await post(app, '/gateway/authorizations/auth-1/captures', 'o1:gateway.capture.p2', { orderId: 'o1', amount: '43.34', currency: 'USD' });
  expect(state.gatewayAuthorizations.find('auth-1')).toMatchObject({ capturedMinor: 6500, voided: false });
  expect(state.journal.list({ orderId: 'o1', system: 'gateway' }).map((c) => [c.operation, c.duplicate])).toEqual([
    ['capture', false],
    ['capture', true],
    ['capture', false],
  ]);
});

test('nothing is captured after a void; never more refunded than captured; amounts are checked', async () => {
  const { app } = gateway();
  expect((await post(app, '/gateway/authorizations/a2/void', 'k1', { orderId: 'o2', currency: 'USD' })).status).toBe(200);
  const late = await post(app, '/gateway/authorizations/a2/captures', 'k2', { orderId: 'o2', amount: '1.00', currency: 'USD' });
  expect(late.status).toBe(409);
  await post(app, '/gateway/authorizations/a3/captures', 'k3', { orderId: 'o3', amount: '10.00', currency: 'USD' });
  expect((await post(app, '/gateway/authorizations/a3/refunds', 'k4', { orderId: 'o3', amount: '10.01', currency: 'USD' })).status).toBe(422);
  expect((await post(app, '/gateway/authorizations/a3/refunds', 'k5', { orderId: 'o3', amount: '10.00', currency: 'USD' })).status).toBe(201);
  expect((await post(app, '/gateway/authorizations/a3/captures', 'k6', { orderId: 'o3', amount: '1.234', currency: 'USD' })).status).toBe(422);
  expect((await request(app).post('/gateway/authorizations/a3/void').send({ orderId: 'o3', currency: 'USD' })).status).toBe(400);
});

test('an injected gateway fault does nothing and is not remembered: the retry with the same key captures', async () => {
  const { state, app } = gateway();
  state.faults.apply({ gateway: { failNext: 1 } });
  expect((await post(app, '/gateway/authorizations/a4/captures', 'k7', { orderId: 'o4', amount: '5.00', currency: 'USD' })).status).toBe(503);
  expect(state.gatewayAuthorizations.find('a4')).toBeUndefined();
  expect((await post(app, '/gateway/authorizations/a4/captures', 'k7', { orderId: 'o4', amount: '5.00', currency: 'USD' })).status).toBe(201);
  expect(state.gatewayAuthorizations.find('a4')).toMatchObject({ capturedMinor: 500 });
});

test('a known authorization: releases reduce it, captures never go beyond what is left, a release after a void is refused; refusals are journaled', async () => {
  const { state, app } = gateway();
  state.gatewayAuthorizations.authorize('a5', 6500, 'USD');
  expect((await post(app, '/gateway/authorizations/a5/releases', 'o5:gateway.release.r1', { orderId: 'o5', amount: '20.00', currency: 'USD' })).status).toBe(201);
  // The same key again: replayed, released once.
  await post(app, '/gateway/authorizations/a5/releases', 'o5:gateway.release.r1', { orderId: 'o5', amount: '20.00', currency: 'USD' });
  expect((await post(app, '/gateway/authorizations/a5/captures', 'o5:c1', { orderId: 'o5', amount: '45.01', currency: 'USD' })).status).toBe(422);
  expect((await post(app, '/gateway/authorizations/a5/captures', 'o5:c2', { orderId: 'o5', amount: '45.00', currency: 'USD' })).status).toBe(201);
  expect((await post(app, '/gateway/authorizations/a5/releases', 'o5:gateway.release.r2', { orderId: 'o5', amount: '0.01', currency: 'USD' })).status).toBe(422);
  expect(state.gatewayAuthorizations.find('a5')).toMatchObject({ authorizedMinor: 6500, releasedMinor: 2000, capturedMinor: 4500, refundedMinor: 0 });
  expect((await post(app, '/gateway/authorizations/a5/refunds', 'o5:r', { orderId: 'o5', amount: '45.01', currency: 'USD' })).status).toBe(422);
  await post(app, '/gateway/authorizations/a5/void', 'o5:v', { orderId: 'o5', currency: 'USD' });
  expect((await post(app, '/gateway/authorizations/a5/releases', 'o5:gateway.release.r3', { orderId: 'o5', amount: '1.00', currency: 'USD' })).status).toBe(409);
  expect(state.journal.list({ orderId: 'o5', system: 'gateway' }).map((c) => [c.operation, c.status, c.duplicate])).toEqual([
    ['release', 201, false],
    ['release', 201, true],
    ['capture', 422, false],
    ['capture', 201, false],
    ['release', 422, false],
    ['refund', 422, false],
    ['void', 200, false],
    ['release', 409, false],
  ]);
});
