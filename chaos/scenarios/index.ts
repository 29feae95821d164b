import type { Scenario } from '../scenario';
import { apiRestart } from './apiRestart';
import { cluster } from './cluster';
import { dbRestart } from './dbRestart';
import { duplicateEvents } from './duplicateEvents';
import { mixed } from './mixed';
import { partnerOutage } from './partnerOutage';
import { workerKill } from './workerKill';

/** In the order `npm run chaos` with no argument runs them. */
export const SCENARIOS: Record<string, Scenario> = {
  'worker-kill': workerKill,
  'partner-outage': partnerOutage,
  'db-restart': dbRestart,
  'api-restart': apiRestart,
  'duplicate-events': duplicateEvents,
  mixed,
  // Needs the Go-built Temporal server (scripts/setup.mjs builds it where Go is installed).
  cluster,
};
