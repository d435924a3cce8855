import { type JsonObject, type Value, getProperty, isObject } from '../../expressions/index.js';
import { tryParseDuration } from '../duration.js';
import { secretRedactor } from '../executor/redaction.js';
import { ClientCertificateError, HttpConnectionError, OutboundBlockedError } from '../ports.js';
import { type RetryPolicy, defaultRetryPolicy, parseRetryPolicy } from '../retry-policy.js';
import type { ErrorInfo, RetryAttempt } from '../run-record.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionExecution, type ActionOutcome, defineActionType } from './action-type.js';
import { TokenRequestError, authenticate, authenticationSecrets } from './http-authentication.js';
import { type PreparedRequest, credentialHeaderValues, prepareRequest, redactHttpInputs, responseBody, retryAfterMs, statusCodeName, withoutCredentialHeaders } from './http-message.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { hasOperationOption } from './operation-options.js';
import { failed, succeeded } from './outcome.js';
import { sendWithRetries } from './retry-loop.js';

/** Logic Apps polls a `202 Accepted` operation this often when its answer names no `Retry-After`. */
const DEFAULT_POLL_INTERVAL_MS = 20_000;
/** How long an operation answering 202 is followed, unless the action's own `limit.timeout` ends it sooner. */
const ASYNC_OPERATION_LIMIT_MS = 24 * 60 * 60 * 1000;

/**
 * `Http {method, uri, headers?, queries?, body?, authentication?, retryPolicy?}`. Outputs `{statusCode, headers,
 * body}`; a final non-2xx answer fails the action and keeps its outputs. An answer `202 Accepted` with a `Location`
 * is followed as Logic Apps does (the asynchronous pattern) unless `operationOptions` has `DisableAsyncPattern`.
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
    const suppressHeaders = hasOperationOption(definition.operationOptions, 'SuppressWorkflowHeaders');
    const followAsync = !hasOperationOption(definition.operationOptions, 'DisableAsyncPattern');
    return { inputs: cx.template(rest, 'inputs'), policy, suppressHeaders, followAsync };
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
      const call: HttpCall = { policy: plan.policy, auth, secrets, inputs, ex };
      outcome = await send(call, request);
      if (plan.followAsync) outcome = await followAsyncOperation(outcome, call, request);
    } catch (error) {
      // Trying again cannot help these, so they fail the action at once, with the inputs recorded.
      if (error instanceof OutboundBlockedError) outcome = failed('OutboundCallBlocked', error.message, { inputs });
      else if (error instanceof ClientCertificateError) outcome = failed('InvalidAuthentication', error.message, { inputs });
      else if (error instanceof ActionInputError) outcome = failed(error.code, error.message, { inputs });
      else throw error;
    }
    // Credential headers are the workflow's own values, which later actions may need as they came back: like secure
    // parameters, they are hidden from now on wherever the run records data, not replaced in the outputs.
    const hiddenInRecord = credentialHeaderValues(evaluated);
    return { ...scrubbed(outcome, [...secrets]), ...(hiddenInRecord.length === 0 ? {} : { hiddenInRecord }) };
  },
});

/**
 * While the answer is `202 Accepted` with a `Location`, the operation is still running there: GET that URL (relative
 * to the one asked) after its `Retry-After`, or 20 s, with the same headers and authentication — to another origin
 * without them, as redirects are followed — under the same retry policy. The first other answer is the action's.
 * The run holds its slot meanwhile, and sleeps are not durable: after a restart the action starts over, sending its
 * request again with the same idempotency key.
 */
async function followAsyncOperation(first: ActionOutcome, call: HttpCall, request: PreparedRequest): Promise<ActionOutcome> {
  const { inputs, ex } = call;
  const deadline = ex.ports.clock.now() + ASYNC_OPERATION_LIMIT_MS;
  // The request's own headers but those describing its body, which a GET has not.
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !/^content-/i.test(name)));
  let outcome = first;
  let url = request.url;
  for (;;) {
    const answer = isObject(outcome.outputs) ? outcome.outputs : undefined;
    const answerHeaders = isObject(answer?.['headers']) ? (answer['headers'] as Record<string, string>) : {};
    const location = answerHeaders['location'];
    if (outcome.status !== 'Succeeded' || answer?.['statusCode'] !== 202 || typeof location !== 'string') return outcome;
    try {
      url = new URL(location, url).href;
    } catch {
      return failed('InvalidAsyncLocation', `The operation answered 202 with a Location that is not a URL: '${location}'.`, { inputs, outputs: answer });
    }
    const now = ex.ports.clock.now();
    const wait = retryAfterMs(answerHeaders, now) ?? DEFAULT_POLL_INTERVAL_MS;
    if (now + wait > deadline) {
      const message = `The operation at '${url}' was still running (202 Accepted) after ${ASYNC_OPERATION_LIMIT_MS / 3_600_000} hours.`;
      return { status: 'TimedOut', code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message }, inputs, outputs: answer };
    }
    await ex.ports.sleeper.sleep(wait, ex.signal);
    // A status URL elsewhere (a pre-signed storage link, say) must not receive the credentials meant for the API.
    const sameOrigin = new URL(url).origin === new URL(request.url).origin;
    const pollHeaders = sameOrigin ? headers : withoutCredentialHeaders(headers);
    outcome = await send(sameOrigin ? call : { ...call, auth: undefined }, { method: 'GET', url, headers: pollHeaders });
  }
}

/** What every request of one Http action shares. */
interface HttpCall {
  readonly policy: RetryPolicy;
  readonly auth: Value | undefined;
  /** Credentials found so far (token values, say): scrubbed from all the action records. */
  readonly secrets: Set<string>;
  /** The action's inputs as recorded. */
  readonly inputs: JsonObject;
  readonly ex: ActionExecution;
}

type Answer = { readonly kind: 'response'; readonly outputs: JsonObject } | { readonly kind: 'noToken'; readonly message: string };

/**
 * Authenticates and sends under the retry policy; the last answer or connection error decides the outcome. The
 * token is fetched on every try (from the cache, usually), so a token endpoint that is down or busy is retried too.
 * Credentials found along the way are added to `secrets`.
 */
async function send(call: HttpCall, request: PreparedRequest): Promise<ActionOutcome> {
  const { policy, auth, secrets, inputs, ex } = call;
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
