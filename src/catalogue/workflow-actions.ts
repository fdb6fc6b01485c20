/** One entry point for a workflow step named by the user (forms and the staff API), dispatching to the services. */
import type { Principal } from '../accounts/principal.ts';
import { InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { TRANSITIONS, type CatalogueItem, type ItemAction } from './catalogue.ts';
import {
  approveItem, publishItem, rejectItem, reviseItem, scheduleItem, submitItem, unscheduleItem, withdrawItem,
} from './workflow-service.ts';

/** What a step may carry. */
export interface ActionInput {
  version?: number;
  comment?: string;
  confidentialityChecked?: boolean;
  personalDataAcknowledged?: boolean;
  scheduledFor?: string;
  reason?: string;
  changeNote?: string;
}

/** Runs the named step; unknown or system-only actions are refused with 422. */
export function takeAction(ctx: Ctx, p: Principal | undefined, itemId: string, action: ItemAction, input: ActionInput, ip?: string): Promise<CatalogueItem> {
  const opts = { version: input.version, ip };
  if (!Object.hasOwn(TRANSITIONS, action) || action === 'release') throw new InvalidInput('未知的操作', { action: '不支持该操作' });
  switch (action) {
    case 'submit': return submitItem(ctx, p, itemId, opts);
    case 'reject': return rejectItem(ctx, p, itemId, input.comment ?? '', opts);
    case 'approve': return approveItem(ctx, p, itemId, {
      confidentialityChecked: input.confidentialityChecked === true, comment: input.comment, personalDataAcknowledged: input.personalDataAcknowledged,
    }, opts);
    case 'publish': return publishItem(ctx, p, itemId, { ...opts, changeNote: input.changeNote });
    case 'schedule': return scheduleItem(ctx, p, itemId, input.scheduledFor ?? '', opts);
    case 'unschedule': return unscheduleItem(ctx, p, itemId, opts);
    case 'revise': return reviseItem(ctx, p, itemId, opts);
    case 'withdraw': return withdrawItem(ctx, p, itemId, input.reason ?? '', opts);
  }
}
