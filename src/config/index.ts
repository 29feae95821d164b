import { envSchema, logLevel, type LogLevel } from './envSchema';
import { toConfig } from './toConfig';

// The hub's settings: src/config/envSchema.ts validates the environment, toConfig.ts groups it,
// settingDocs.ts says what each setting means (rendered into docs/configuration.md).
export type { LogLevel } from './envSchema';
export { partnerTaskQueues, simulatorPartnerUrls } from './toConfig';
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
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return toConfig(parsed.data);
}

/** Every setting at its default (an empty environment): what tests and the bench start from, so no default is written twice. */
export function configDefaults(): Config {
  return loadConfig({});
}

export function requireSetting<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`${name} must be set for this process`);
  return value;
}
