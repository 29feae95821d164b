// The floor under the order workflow: the same number of activities (in the same parallel
// groups), signals, updates and timers as a real order, but every activity does nothing.
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BaselineProfile {
  /** Activities per step; a step's activities run in parallel, steps one after another. */
  activityGroups: number[];
  signals: number;
  updates: number;
  timers: number;
}

export const pokeUpdate = defineUpdate<number>('poke');
export const eventSignal = defineSignal('event');

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function baselineWorkflow(profile: BaselineProfile): Promise<number> {
  let updates = 0;
  let signals = 0;
  setHandler(pokeUpdate, () => (updates += 1));
  setHandler(eventSignal, () => void (signals += 1));
  const timers = (async () => {
    for (let i = 0; i < profile.timers; i++) await sleep(10);
  })();
  for (const size of profile.activityGroups) await Promise.all(Array.from({ length: size }, () => noop()));
  await timers;
  await condition(() => signals >= profile.signals && updates >= profile.updates);
  return signals;
}
