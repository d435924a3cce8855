import { type JsonObject, type Value, getProperty, isObject } from '../../expressions/index.js';
import { tryParseDuration } from '../duration.js';
import { secretRedactor } from '../executor/redaction.js';
import { ClientCertificateError, HttpConnectionError, OutboundBlockedError } from '../ports.js';
import { type RetryPolicy, defaultRetryPolicy, parseRetryPolicy } from '../retry-policy.js';
import type { ErrorInfo, RetryAttempt } from '../run-record.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionExecution, type ActionOutcome, defineActionType } from './action-type.js';
import { TokenRequestError, authenticate, authenticationSecrets } from './http-authentication.js';
import { type PreparedRequest, credentialHeaderValues, prepareRequest, redactHttpInputs, responseBody, retryAfterMs, statusCodeName } from './http-message.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { failed, succeeded } from './outcome.js';
import { sendWithRetries } from './retry-loop.js';

/**
 * `Http {method, uri, headers?, queries?, body?, authentication?, retryPolicy?}`. Outputs `{statusCode, headers,
 * body}`; a final non-2xx answer fails the action and keeps its outputs.
 */
export const httpAction = defineActionType({
  type: 'Http',
  reachesOutside: true,
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
    const auth = getProperty(evaluated, 'authentication');
    // Every credential, and every value made from one, is scrubbed from what the action records: a target may echo
    // the request back, and a token endpoint its input.
    const secrets = new Set(authenticationSecrets(auth));
    let outcome: ActionOutcome;
    try {
      // Like Logic Apps, tell the receiver which run and action repetition is calling, and (as the Idempotency-Key
      // draft standard has it) a key stable across retries and resumes, so it can recognise a repeat after a crash.
      const workflowHeaders: Record<string, string> = plan.suppressHeaders
        ? {}
        : { 'x-ms-workflow-run-id': ex.runId, 'x-ms-tracking-id': ex.idempotencyKey, 'idempotency-key': ex.idempotencyKey };
      const request = { ...prepared, headers: { ...workflowHeaders, ...prepared.headers } };
      outcome = await send(plan.policy, request, auth, secrets, inputs, ex);
    } catch (error) {
      // Trying again cannot help these, so they fail the action at once, with the inputs recorded.
      if (error instanceof OutboundBlockedError) outcome = failed('OutboundCallBlocked', error.message, { inputs });
      else if (error instanceof ClientCertificateError) outcome = failed('InvalidAuthentication', error.message, { inputs });
      else if (error instanceof ActionInputError) outcome = failed(error.code, error.message, { inputs });
      else throw error;
    }
    // Credential headers are the workflow's own values, which later actions may need as they came back; like secure
    // parameters they are hidden only where the outcome is recorded.
    const hiddenInRecord = credentialHeaderValues(evaluated);
    return { ...scrubbed(outcome, [...secrets]), ...(hiddenInRecord.length === 0 ? {} : { hiddenInRecord }) };
  },
});

type Answer = { readonly kind: 'response'; readonly outputs: JsonObject } | { readonly kind: 'noToken'; readonly message: string };

/**
 * Authenticates and sends under the retry policy; the last answer or connection error decides the outcome. The
 * token is fetched on every try (from the cache, usually), so a token endpoint that is down or busy is retried too.
 * Credentials found along the way are added to `secrets`.
 */
async function send(
  policy: RetryPolicy,
  request: PreparedRequest,
  auth: Value | undefined,
  secrets: Set<string>,
  inputs: JsonObject,
  ex: ActionExecution,
): Promise<ActionOutcome> {
  // The token endpoint could not be reached on the latest try: the connection error is its, not the target's.
  let unreachableTokenEndpoint = false;
  // The history journaled between tries is scrubbed of the credentials found so far, as the final one is.
  const shown = (history: readonly RetryAttempt[]) => scrubbedHistory(history, secretRedactor([...secrets]));
  const { last, history } = await sendWithRetries<Answer>(policy, ex, async () => {
    unreachableTokenEndpoint = false;
    let credentials;
    try {
      credentials = await authenticate(auth, request.url, ex);
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      if (error.statusCode === undefined) {
        unreachableTokenEndpoint = true;
        throw new HttpConnectionError(error.message, { cause: error });
      }
      return { statusCode: error.statusCode, retryAfterMs: error.retryAfterMs, value: { kind: 'noToken', message: error.message } };
    }
    for (const secret of credentials.secrets) secrets.add(secret);
    const response = await ex.ports.http.send({
      ...request,
      headers: { ...request.headers, ...credentials.headers },
      ...(credentials.clientCertificate ? { clientCertificate: credentials.clientCertificate } : {}),
      signal: ex.signal,
    });
    return {
      statusCode: response.statusCode,
      retryAfterMs: retryAfterMs(response.headers, ex.ports.clock.now()),
      value: { kind: 'response', outputs: { statusCode: response.statusCode, headers: { ...response.headers }, body: responseBody(response) } },
    };
  }, { shown });
  const retryHistory = history.length > 0 ? { retryHistory: history } : {};
  if (last.kind === 'connectionError') {
    if (unreachableTokenEndpoint) return failed('AuthenticationFailed', last.message, { inputs, ...retryHistory });
    return failed('ConnectionError', `The HTTP request to '${request.url}' failed: ${last.message}`, { inputs, ...retryHistory });
  }
  if (last.value.kind === 'noToken') return failed('AuthenticationFailed', last.value.message, { inputs, ...retryHistory });
  const { outputs } = last.value;
  if (last.statusCode >= 200 && last.statusCode < 300) return { ...succeeded(inputs, outputs), ...retryHistory };
  const name = statusCodeName(last.statusCode);
  return failed(name, `The HTTP request to '${request.url}' answered ${last.statusCode} (${name}).`, {
    inputs,
    outputs,
    ...retryHistory,
  });
}

/** The outcome with `secrets` replaced wherever they appear: inputs, outputs, error message and retry history. */
function scrubbed(outcome: ActionOutcome, secrets: readonly string[]): ActionOutcome {
  const redact = secretRedactor(secrets);
  const { inputs, outputs, retryHistory } = outcome;
  return {
    ...outcome,
    ...(inputs === undefined ? {} : { inputs: redact(inputs) }),
    ...(outputs === undefined ? {} : { outputs: redact(outputs) }),
    ...(outcome.error === undefined ? {} : { error: scrubbedError(outcome.error, redact) }),
    ...(retryHistory === undefined ? {} : { retryHistory: scrubbedHistory(retryHistory, redact) }),
  };
}

function scrubbedHistory(history: readonly RetryAttempt[], redact: (value: Value) => Value): RetryAttempt[] {
  return history.map((attempt) => (attempt.error ? { ...attempt, error: scrubbedError(attempt.error, redact) } : attempt));
}

function scrubbedError(info: ErrorInfo, redact: (value: Value) => Value): ErrorInfo {
  return { ...info, message: String(redact(info.message)) };
}
