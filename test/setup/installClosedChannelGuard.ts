// jest `setupFiles`: every test file runs with the closed-channel guard (see closedChannelGuard.ts).
import { installClosedChannelGuard } from './closedChannelGuard';

installClosedChannelGuard();
