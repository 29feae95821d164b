import path from 'node:path';
import express, { Router } from 'express';
import { loadConfig } from '../../config';

export interface DashboardSettings {
  /** Base URL of the Temporal Web UI. Omitted: the configuration's default (the dev server's UI). */
  temporalUiUrl?: string;
  /** Omitted: the configuration's default namespace. */
  namespace?: string;
}

const STATIC_DIR = path.join(__dirname, 'static');
// uPlot (the trend charts) is served from its npm package by the hub itself: no CDN, and the CSP stays 'self'.
const VENDOR_FILES: Record<string, string> = {
  'uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
  'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
};

// The page loads only its own script and stylesheet: no inline code, nothing from other hosts.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The operations dashboard: static files plus the settings its script needs. */
export function dashboardRouter(settings: DashboardSettings = {}): Router {
  const router = Router();
  // Defaults come from the config schema with no variables set, so they are defined once.
  const defaults = loadConfig({}).temporal;
  const config = {
    temporalUiUrl: (settings.temporalUiUrl ?? defaults.uiUrl).replace(/\/+$/, ''),
    namespace: settings.namespace ?? defaults.namespace,
  };
  router.get('/api/v1/dashboard/config', (_req, res) => {
    res.json(config);
  });
  router.use('/dashboard', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    next();
  });
  router.get('/dashboard', (_req, res) => {
    res.sendFile(path.join(STATIC_DIR, 'index.html'));
  });
  // Middleware, not a route: like the static files, below /dashboard/* in the role table (public).
  router.use('/dashboard/vendor', (req, res, next) => {
    const file = VENDOR_FILES[req.path.slice(1)];
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(file);
  });
  router.use('/dashboard', express.static(STATIC_DIR, { index: false, redirect: false, fallthrough: true }));
  return router;
}
