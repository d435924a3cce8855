/**
 * Slack's Web API answers HTTP 200 with `{ok: false, error: '<code>'}` when it refuses. Each code becomes the status
 * the retry policy and the run history understand, with a message that says what to do.
 */
export interface SlackRefusal {
  readonly statusCode: number;
  readonly message: string;
}

const CREDENTIAL_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'no_permission']);
const SCOPE_ERRORS = new Set(['missing_scope', 'not_allowed_token_type']);
const SERVER_ERRORS = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

export function slackRefusal(code: string, channel: string | undefined): SlackRefusal {
  const where = channel === undefined ? 'the channel' : `channel '${channel}'`;
  if (CREDENTIAL_ERRORS.has(code)) {
    return { statusCode: 401, message: `Slack rejected the credentials (${code}); check the connection's 'token' (a bot token, xoxb-…).` };
  }
  if (SCOPE_ERRORS.has(code)) {
    return { statusCode: 403, message: `Slack refused the token (${code}); give the Slack app the chat:write scope and reinstall it.` };
  }
  switch (code) {
    case 'channel_not_found':
      return { statusCode: 404, message: `Slack found no ${where} (channel_not_found); check the channel ID and that the app can see the channel.` };
    case 'not_in_channel':
      return { statusCode: 404, message: `The Slack app is not a member of ${where} (not_in_channel); invite it to the channel (/invite @app).` };
    case 'is_archived':
      return { statusCode: 400, message: `Slack refused: ${where} is archived (is_archived); unarchive it or post elsewhere.` };
    case 'ratelimited':
    case 'rate_limited':
      return { statusCode: 429, message: `Slack is limiting requests (${code}); the action's retry policy tries again.` };
    case 'msg_too_long':
      return { statusCode: 400, message: 'Slack refused: the message text is too long (msg_too_long); shorten it.' };
    case 'no_text':
      return { statusCode: 400, message: "Slack refused: the message is empty (no_text); give 'text' or 'blocks'." };
    case 'invalid_blocks':
    case 'invalid_blocks_format':
      return { statusCode: 400, message: `Slack refused the blocks (${code}); check them in Slack's Block Kit Builder.` };
  }
  if (SERVER_ERRORS.has(code)) return { statusCode: 503, message: `Slack failed (${code}); the action's retry policy tries again.` };
  return { statusCode: 400, message: `Slack refused the message (${code}); see https://api.slack.com/methods/chat.postMessage#errors.` };
}
