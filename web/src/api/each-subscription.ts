/** Listing one kind of resource across several subscriptions at once. */
import { ApiError } from './client';

/**
 * `list` run for every subscription together, the answers joined in subscription order. A subscription the user may
 * not list (403) is left out rather than failing the whole; any other failure rejects with the first one.
 */
export async function listInEachSubscription<T>(subscriptionIds: readonly string[], list: (subscriptionId: string) => Promise<readonly T[]>): Promise<T[]> {
  const answers = await Promise.allSettled(subscriptionIds.map((id) => list(id)));
  const failed = answers.find((answer): answer is PromiseRejectedResult => answer.status === 'rejected' && !(answer.reason instanceof ApiError && answer.reason.status === 403));
  if (failed !== undefined) throw failed.reason;
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
}
