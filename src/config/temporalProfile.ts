import { loadClientConfigProfile, toClientOptions, type ClientConfigProfile } from '@temporalio/envconfig';

/**
 * The Temporal connection settings the way every Temporal SDK and the `temporal` CLI read them
 * (@temporalio/envconfig): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*,
 * TEMPORAL_GRPC_META_*, over a profile of a TOML config file. So a profile an operator already uses
 * with the CLI (`temporal config set --profile prod ...`) connects the hub too.
 *
 * The file is read only when TEMPORAL_CONFIG_FILE or TEMPORAL_PROFILE asks for it, not from the
 * CLI's default location: a developer's own Cloud profile must not silently redirect `npm start`
 * or the tests away from their dev server.
 */
export function loadTemporalProfile(env: Record<string, string>): ClientConfigProfile {
  const useFile = env.TEMPORAL_CONFIG_FILE !== undefined || env.TEMPORAL_PROFILE !== undefined;
  try {
    return loadClientConfigProfile({ overrideEnvVars: env, disableFile: !useFile, profile: env.TEMPORAL_PROFILE, configFileStrict: useFile });
  } catch (err) {
    throw new Error(`TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE: ${(err as Error).message}`, { cause: err });
  }
}

/** TLS, API key and gRPC headers of the profile; reads the certificate files, so a missing file fails at start, naming the setting. */
export function temporalSecurity(profile: ClientConfigProfile) {
  try {
    const { connectionOptions } = toClientOptions(profile);
    return {
      apiKey: connectionOptions.apiKey,
      tls: connectionOptions.tls ?? undefined,
      metadata: connectionOptions.metadata as Record<string, string> | undefined,
    };
  } catch (err) {
    const path = (err as NodeJS.ErrnoException).path;
    throw new Error(`TEMPORAL_TLS_*: cannot read ${path ?? 'a certificate or key'}: ${(err as Error).message}`, { cause: err });
  }
}
