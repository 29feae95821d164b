import { envSchema, logLevel, type LogLevel } from './envSchema';
import { toConfig, type TemporalSecurity } from './toConfig';
import { loadTemporalProfile, temporalSecurity } from './temporalProfile';

// The hub's settings: src/config/envSchema.ts validates the environment, toConfig.ts groups it,
// settingDocs.ts says what each setting means (rendered into docs/configuration.md).
export type { LogLevel } from './envSchema';
export { partnerTaskQueues, simulatorPartnerUrls, temporalTarget, type TemporalSecurity } from './toConfig';
export { settingDocs, type SettingDoc } from './settingDocs';

export type Config = ReturnType<typeof toConfig>;

/** The schema, for scripts/docs-config.ts, which renders docs/configuration.md from it. */
export const configSchema = envSchema;

/** The root logger's level before loadConfig runs, or in processes that never call it (tests): quiet under jest. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const parsed = logLevel.safeParse(env.LOG_LEVEL?.trim());
  if (parsed.success) return parsed.data;
  return env.JEST_WORKER_ID ? 'error' : 'info';
}

/** Reads and validates the environment once, at start-up; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", not zero or an empty URL.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')) as Record<string, string>;
  const problems: string[] = [];
  let security: TemporalSecurity = {};
  try {
    // A profile of TEMPORAL_CONFIG_FILE fills the address and namespace that no variable sets, and is validated like them.
    const profile = loadTemporalProfile(set);
    if (profile.address !== undefined) set.TEMPORAL_ADDRESS ??= profile.address;
    if (profile.namespace !== undefined) set.TEMPORAL_NAMESPACE ??= profile.namespace;
    security = temporalSecurity(profile);
  } catch (err) {
    problems.push(`  ${(err as Error).message}`);
  }
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) problems.unshift(...parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`));
  if (!parsed.success || problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return toConfig(parsed.data, security);
}

/** Every setting at its default (an empty environment): what tests and the bench start from, so no default is written twice. */
export function configDefaults(): Config {
  return loadConfig({});
}

export function requireSetting<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`${name} must be set for this process`);
  return value;
}
