import { type Value, getProperty, isObject, toText } from '../../expressions/index.js';
import { tryParseDuration } from '../duration.js';
import { ConnectorNotConfiguredError, OutboundBlockedError } from '../ports.js';
import { type RetryPolicy, defaultRetryPolicy, parseRetryPolicy } from '../retry-policy.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { statusCodeName } from './http-message.js';
import { inputsObject } from './inputs-object.js';
import { failed, succeeded } from './outcome.js';
import { sendWithRetries } from './retry-loop.js';

/** `@parameters('$connections')['office365']['connectionId']` → `office365`. */
const connectionKey = /\$connections'\)\s*\[\s*'([^']+)'\s*\]/i;

/**
 * `ApiConnection` (and `ApiConnectionWebhook` used as an action): a call through a configured connector.
 * Connectors plug in through the ConnectorClient port; without one the action fails saying so.
 */
function defineConnectionAction(type: 'ApiConnection' | 'ApiConnectionWebhook') {
  return defineActionType({
    type,
    reachesOutside: true,
    compile(definition, cx) {
      const inputs = inputsObject(definition.inputs, cx);
      const host = isObject(inputs['host'] as Value) ? (inputs['host'] as Record<string, unknown>) : undefined;
      const connection = host?.['connection'];
      const rawName = isObject(connection as Value) ? (connection as Record<string, unknown>)['name'] : undefined;
      if (typeof rawName !== 'string') cx.issue("The action needs 'inputs.host.connection.name'.", 'inputs.host.connection.name');
      const { retryPolicy, ...rest } = inputs;
      const parsed = parseRetryPolicy(retryPolicy, tryParseDuration);
      let policy: RetryPolicy = defaultRetryPolicy;
      if (parsed.ok) policy = parsed.policy;
      else cx.issue(parsed.message, `inputs.${parsed.field}`);
      const key = typeof rawName === 'string' ? connectionKey.exec(rawName)?.[1] : undefined;
      return { inputs: cx.template(rest, 'inputs'), policy, connectionKey: key };
    },
    async execute(plan, ex) {
      const inputs = ex.evaluate(plan.inputs);
      if (!isObject(inputs)) throw new ActionInputError('InvalidTemplate', 'The inputs must be an object.');
      const host = getProperty(inputs, 'host');
      const connection = isObject(host) ? getProperty(host, 'connection') : undefined;
      const connectionId = isObject(connection) ? toText(getProperty(connection, 'name') ?? null) : '';
      const connectionName = plan.connectionKey ?? (connectionId.split('/').pop() || connectionId);
      try {
        const { last, history } = await sendWithRetries(plan.policy, ex, async () => {
          const response = await ex.ports.connectors.invoke({
            connectionName,
            connectionId,
            method: String(getProperty(inputs, 'method') ?? 'get').toUpperCase(),
            path: toText(getProperty(inputs, 'path') ?? ''),
            queries: getProperty(inputs, 'queries') ?? null,
            headers: getProperty(inputs, 'headers') ?? null,
            body: getProperty(inputs, 'body') ?? null,
            idempotencyKey: ex.idempotencyKey,
            signal: ex.signal,
          });
          const value = { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body ?? null };
          return {
            statusCode: response.statusCode,
            value: { value, message: response.message },
            ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
          };
        });
        const retryHistory = history.length > 0 ? { retryHistory: history } : {};
        if (last.kind === 'connectionError') {
          return failed('ConnectionError', `The connector call failed: ${last.message}`, { inputs, ...retryHistory });
        }
        const { value, message } = last.value;
        if (last.statusCode >= 200 && last.statusCode < 300) return { ...succeeded(inputs, value), ...retryHistory };
        const name = statusCodeName(last.statusCode);
        const reason = message === undefined ? '.' : `: ${message}`;
        return failed(name, `The connector '${connectionName}' answered ${last.statusCode} (${name})${reason}`, {
          inputs,
          outputs: value,
          ...retryHistory,
        });
      } catch (error) {
        if (error instanceof ConnectorNotConfiguredError) return failed('ConnectorNotConfigured', error.message, { inputs });
        if (error instanceof OutboundBlockedError) return failed('OutboundCallBlocked', error.message, { inputs });
        throw error;
      }
    },
  });
}

export const apiConnectionAction = defineConnectionAction('ApiConnection');
export const apiConnectionWebhookAction = defineConnectionAction('ApiConnectionWebhook');
