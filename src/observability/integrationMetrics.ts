import { AxiosError } from 'axios';
import { integrationCallDuration, integrationCalls } from './metrics';

export type IntegrationOutcome = 'success' | 'client_error' | 'server_error' | 'timeout' | 'network_error';

/** What happened to one partner call, by the HTTP status class or the transport failure. */
export function integrationOutcome(err?: unknown): IntegrationOutcome {
  if (err === undefined) return 'success';
  if (!(err instanceof AxiosError)) return 'network_error';
  const status = err.response?.status;
  if (status !== undefined) return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'success';
  if (err.code === AxiosError.ECONNABORTED || err.code === AxiosError.ETIMEDOUT) return 'timeout';
  return 'network_error';
}

/** Starts timing one partner call; the returned function records it, with the error if it failed. */
export function startPartnerCall(partner: string): (err?: unknown) => void {
  const stopTimer = integrationCallDuration.startTimer({ partner });
  return (err) => {
    stopTimer();
    integrationCalls.inc({ partner, outcome: integrationOutcome(err) });
  };
}
