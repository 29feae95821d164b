import express from 'express';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import type { Db } from '../../src/db/prisma';
import { healthRouter } from '../../src/api/health/router';

// Pure (fake probes): run with ORDERHUB_SKIP_STACK=1.
const SECRET_TEXT = 'password authentication failed for user "orderhub" at 10.1.2.3:5432';

function app(db: () => Promise<unknown>, temporal: () => Promise<unknown>) {
  const fakeDb = { $queryRaw: () => db() } as unknown as Db;
  const fakeTemporal = { connection: { workflowService: { getSystemInfo: () => temporal() } } } as unknown as Client;
  return express().use(healthRouter(fakeDb, fakeTemporal));
}

test('an anonymous caller learns up or down per dependency, never the probe error text', async () => {
  const res = await request(
    app(
      () => Promise.reject(new Error(SECRET_TEXT)),
      async () => ({}),
    ),
  ).get('/healthz');
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ status: 'degraded', database: { ok: false }, temporal: { ok: true } });
  expect(res.text).not.toContain('password');
  expect(res.text).not.toContain('10.1.2.3');
});

test('all up: 200 ok', async () => {
  const res = await request(
    app(
      async () => [1],
      async () => ({}),
    ),
  ).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
});
