import { SYSTEM_NAMES, isSystemName, type SystemName } from './systems';

/** How one partner system misbehaves. */
export interface FaultSpec {
  /** Probability (0..1) that a call fails with `status`. */
  failureRate: number;
  /** HTTP status of an injected failure (400..599). */
  status: number;
  /** Added to every call of the system, failed or not. */
  latencyMs: number;
  /** The next n calls fail regardless of failureRate: deterministic faults for tests. */
  failNext: number;
}

export type FaultPatch = Partial<FaultSpec>;

/** Same shape as the PUT /admin/faults body and the SIM_FAULTS env variable. */
export type FaultConfig = Partial<Record<SystemName, FaultPatch>>;

export type FaultSnapshot = Record<SystemName, FaultSpec>;

export class FaultConfigError extends Error {}

const NO_FAULT: FaultSpec = { failureRate: 0, status: 503, latencyMs: 0, failNext: 0 };

const FIELD_RULES: Record<keyof FaultSpec, { check: (value: number) => boolean; expectation: string }> = {
  failureRate: { check: (v) => v >= 0 && v <= 1, expectation: 'a number between 0 and 1' },
  status: { check: (v) => Number.isInteger(v) && v >= 400 && v <= 599, expectation: 'an integer between 400 and 599' },
  latencyMs: { check: (v) => v >= 0, expectation: 'a number >= 0' },
  failNext: { check: (v) => Number.isInteger(v) && v >= 0, expectation: 'an integer >= 0' },
};

function isFaultField(name: string): name is keyof FaultSpec {
  return Object.prototype.hasOwnProperty.call(FIELD_RULES, name);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates untrusted input (HTTP body or env JSON); throws FaultConfigError naming the bad field. */
export function parseFaultConfig(input: unknown): FaultConfig {
  if (!isPlainObject(input)) throw new FaultConfigError('fault config must be a JSON object');
  const config: FaultConfig = {};
  for (const [system, rawPatch] of Object.entries(input)) {
    if (!isSystemName(system)) {
      throw new FaultConfigError(`unknown system "${system}" (expected one of ${SYSTEM_NAMES.join(', ')})`);
    }
    if (!isPlainObject(rawPatch)) throw new FaultConfigError(`${system} must be an object`);
    const patch: FaultPatch = {};
    for (const [field, value] of Object.entries(rawPatch)) {
      if (!isFaultField(field)) {
        throw new FaultConfigError(`unknown field ${system}.${field} (expected failureRate, status, latencyMs or failNext)`);
      }
      const rule = FIELD_RULES[field];
      if (typeof value !== 'number' || !Number.isFinite(value) || !rule.check(value)) {
        throw new FaultConfigError(`${system}.${field} must be ${rule.expectation}`);
      }
      patch[field] = value;
    }
    config[system] = patch;
  }
  return config;
}

const ENV_FIELDS: ReadonlyArray<[suffix: string, field: keyof FaultSpec]> = [
  ['FAILURE_RATE', 'failureRate'],
  ['FAILURE_STATUS', 'status'],
  ['LATENCY_MS', 'latencyMs'],
];

/** SIM_FAULTS (JSON) first, then SIM_<SYSTEM>_FAILURE_RATE / _FAILURE_STATUS / _LATENCY_MS override it. */
export function faultConfigFromEnv(env: NodeJS.ProcessEnv): FaultConfig {
  let raw: Record<string, Record<string, unknown>> = {};
  if (env.SIM_FAULTS && env.SIM_FAULTS.trim() !== '') {
    try {
      raw = JSON.parse(env.SIM_FAULTS) as Record<string, Record<string, unknown>>;
    } catch {
      throw new FaultConfigError('SIM_FAULTS is not valid JSON');
    }
    if (!isPlainObject(raw)) throw new FaultConfigError('SIM_FAULTS must be a JSON object');
  }
  for (const system of SYSTEM_NAMES) {
    for (const [suffix, field] of ENV_FIELDS) {
      const name = `SIM_${system.toUpperCase()}_${suffix}`;
      const text = env[name];
      if (text === undefined || text.trim() === '') continue;
      const value = Number(text);
      if (!Number.isFinite(value)) throw new FaultConfigError(`${name} must be a number, got "${text}"`);
      const existing = raw[system];
      raw[system] = { ...(isPlainObject(existing) ? existing : {}), [field]: value };
    }
  }
  return parseFaultConfig(raw);
}

/** Holds the live fault settings and decides, call by call, whether to fail. */
export class FaultInjector {
  private specs: FaultSnapshot = FaultInjector.noFaults();

  constructor(
    initial: FaultConfig = {},
    private readonly random: () => number = Math.random,
  ) {
    this.apply(initial);
  }

  private static noFaults(): FaultSnapshot {
    const specs = {} as FaultSnapshot;
    for (const system of SYSTEM_NAMES) specs[system] = { ...NO_FAULT };
    return specs;
  }

  /** Merges per system: fields a patch leaves out keep their current value. */
  apply(config: FaultConfig): void {
    for (const system of SYSTEM_NAMES) {
      const patch = config[system];
      if (patch) this.specs[system] = { ...this.specs[system], ...patch };
    }
  }

  reset(): void {
    this.specs = FaultInjector.noFaults();
  }

  snapshot(): FaultSnapshot {
    const copy = {} as FaultSnapshot;
    for (const system of SYSTEM_NAMES) copy[system] = { ...this.specs[system] };
    return copy;
  }

  latencyMs(system: SystemName): number {
    return this.specs[system].latencyMs;
  }

  /** Returns the status to fail this call with, or null to let it through. Consumes failNext. */
  decide(system: SystemName): number | null {
    const spec = this.specs[system];
    if (spec.failNext > 0) {
      spec.failNext -= 1;
      return spec.status;
    }
    if (spec.failureRate > 0 && this.random() < spec.failureRate) return spec.status;
    return null;
  }
}
