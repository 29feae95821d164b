/**
 * Capture at shipment (`on_shipment`): each parcel captures its share of what is still
 * authorized, by the units it carries; the parcel that carries the last units captures the whole
 * remainder. Because every capture is taken from what is left, the captures always add up to the
 * authorized total exactly, however the units are spread over parcels. A partial cancel before
 * a parcel ships lowers both what is left to capture (its released share) and the units left, so
 * the same rule keeps working after it.
 */
import { AllocationError, mulDivFloor } from './allocate';

export interface CaptureState {
  /** Authorized and not yet captured nor released. */
  remainingMinor: number;
  /** Units not yet shipped nor cancelled. */
  unitsRemaining: number;
}

/** What the parcel carrying `unitsInParcel` of the remaining units captures. */
export function captureForParcel(state: CaptureState, unitsInParcel: number): number {
  const { remainingMinor, unitsRemaining } = state;
  if (!Number.isSafeInteger(remainingMinor) || remainingMinor < 0) throw new AllocationError(`remainingMinor must be >= 0, got ${remainingMinor}`);
  if (!Number.isSafeInteger(unitsInParcel) || unitsInParcel < 1 || unitsInParcel > unitsRemaining) {
    throw new AllocationError(`a parcel must carry 1..${unitsRemaining} units, got ${unitsInParcel}`);
  }
  if (unitsInParcel === unitsRemaining) return remainingMinor;
  // Rounded down so the earlier parcels never capture ahead of the goods; the last one takes the rest.
  return mulDivFloor(remainingMinor, unitsInParcel, unitsRemaining);
}

/** The captures of parcels shipped in this order (units per parcel), which sum to `authorizedMinor`. */
export function splitCaptures(authorizedMinor: number, unitsPerParcel: readonly number[]): number[] {
  let state: CaptureState = { remainingMinor: authorizedMinor, unitsRemaining: unitsPerParcel.reduce((a, b) => a + b, 0) };
  return unitsPerParcel.map((units) => {
    const capture = captureForParcel(state, units);
    state = { remainingMinor: state.remainingMinor - capture, unitsRemaining: state.unitsRemaining - units };
    return capture;
  });
}
