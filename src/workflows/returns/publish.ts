import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ReturnStatus } from '../../domain/returns';
import { ReturnStatusKey } from '../searchAttributes';
import type { ReturnFlowState } from './messages';

/** The workflow's status and its ReturnStatus search attribute, together (the Temporal UI filters on it). */
export function setReturnStatus(state: ReturnFlowState, status: ReturnStatus): void {
  if (state.status === status) return;
  state.status = status;
  upsertSearchAttributes([{ key: ReturnStatusKey, value: status }]);
}
