/**
 * Activity entries the API hook cannot write: sign-ins (public routes) and token changes (routes any signed-in
 * principal may call for itself). A failure to record is logged, never answered to the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { ActivityRecord } from '../../services/activity-service.js';
import { correlationIdOf } from '../activity-hook.js';
import type { AppContext } from '../app-context.js';

export const LOGIN_ACTION = 'Microsoft.Authorization/login/action';

export async function recordActivity(context: AppContext, request: FastifyRequest, record: Omit<ActivityRecord, 'correlationId'>): Promise<void> {
  try {
    await context.activity.record({ ...record, correlationId: correlationIdOf(request) });
  } catch (error) {
    request.log.error({ err: error }, 'could not record an entry in the activity log');
  }
}
