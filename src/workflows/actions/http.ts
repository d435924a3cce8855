import { type JsonObject, getProperty, isObject } from '../../expressions/index.js';
import { tryParseDuration } from '../duration.js';
import { ClientCertificateError, type HttpRequest, OutboundBlockedError } from '../ports.js';
import { type RetryPolicy, defaultRetryPolicy, parseRetryPolicy } from '../retry-policy.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionExecution, type ActionOutcome, defineActionType } from './action-type.js';
import { authenticate } from './http-authentication.js';
import { prepareRequest, redactHttpInputs, responseBody, retryAfterMs, statusCodeName } from './http-message.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { failed, succeeded } from './outcome.js';
import { sendWithRetries } from './retry-loop.js';

/**
 * `Http {method, uri, headers?, queries?, body?, authentication?, retryPolicy?}`. Outputs `{statusCode, headers,
 * body}`; a final non-2xx answer fails the action and keeps its outputs.
 */
export const httpAction = defineActionType({
  type: 'Http',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    requireInput(inputs, 'method', cx);
    requireInput(inputs, 'uri', cx);
    const { retryPolicy, ...rest } = inputs;
    const parsed = parseRetryPolicy(retryPolicy, tryParseDuration);
    let policy: RetryPolicy = defaultRetryPolicy;
    if (parsed.ok) policy = parsed.policy;
    else cx.issue(parsed.message, `inputs.${parsed.field}`);
    const suppressHeaders = /(^|,)\s*SuppressWorkflowHeaders\s*(,|$)/i.test(definition.operationOptions ?? '');
    return { inputs: cx.template(rest, 'inputs'), policy, suppressHeaders };
  },
  async execute(plan, ex) {
    const evaluated = ex.evaluate(plan.inputs);
    if (!isObject(evaluated)) throw new ActionInputError('InvalidTemplate', 'The Http inputs must be an object.');
    const inputs: JsonObject = redactHttpInputs(evaluated);
    const prepared = prepareRequest(evaluated);
    try {
      const credentials = await authenticate(getProperty(evaluated, 'authentication'), prepared.url, ex);
      // Like Logic Apps, tell the receiver which run and action repetition is calling, so it can recognise a repeat
      // after a crash (the idempotency key is stable across retries and resumes).
      const workflowHeaders: Record<string, string> = plan.suppressHeaders
        ? {}
        : { 'x-ms-workflow-run-id': ex.idempotencyKey.split('/')[0] ?? '', 'x-ms-tracking-id': ex.idempotencyKey };
      const request = {
        ...prepared,
        headers: { ...workflowHeaders, ...prepared.headers, ...credentials.headers },
        ...(credentials.clientCertificate ? { clientCertificate: credentials.clientCertificate } : {}),
      };
      return await send(plan.policy, request, inputs, ex);
    } catch (error) {
      // Trying again cannot help these, so they fail the action at once, with the inputs recorded.
      if (error instanceof OutboundBlockedError) return failed('OutboundCallBlocked', error.message, { inputs });
      if (error instanceof ClientCertificateError) return failed('InvalidAuthentication', error.message, { inputs });
      if (error instanceof ActionInputError) return failed(error.code, error.message, { inputs });
      throw error;
    }
  },
});

/** Sends under the retry policy; the last answer or connection error decides the outcome. */
async function send(
  policy: RetryPolicy,
  request: Omit<HttpRequest, 'signal'>,
  inputs: JsonObject,
  ex: ActionExecution,
): Promise<ActionOutcome> {
  const { last, history } = await sendWithRetries(policy, ex, async () => {
    const response = await ex.ports.http.send({ ...request, signal: ex.signal });
    return {
      statusCode: response.statusCode,
      retryAfterMs: retryAfterMs(response.headers, ex.ports.clock.now()),
      value: { statusCode: response.statusCode, headers: { ...response.headers }, body: responseBody(response) },
    };
  });
  const retryHistory = history.length > 0 ? { retryHistory: history } : {};
  if (last.kind === 'connectionError') {
    return failed('ConnectionError', `The HTTP request to '${request.url}' failed: ${last.message}`, { inputs, ...retryHistory });
  }
  const outputs = last.value;
  if (last.statusCode >= 200 && last.statusCode < 300) return { ...succeeded(inputs, outputs), ...retryHistory };
  const name = statusCodeName(last.statusCode);
  return failed(name, `The HTTP request to '${request.url}' answered ${last.statusCode} (${name}).`, {
    inputs,
    outputs,
    ...retryHistory,
  });
}
