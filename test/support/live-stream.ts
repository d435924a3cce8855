/** A test client for the live updates stream (server-sent events). */
import { Agent, request } from 'undici';

export interface ServerSentEvent {
  readonly event: string;
  readonly data: any;
}

/** Opens `GET /api/live` and collects its events as they come (on its own connection, closed with the stream). */
/** Reads `GET /api/live` as the web UI does, collecting every event until closed. */
export async function listenLive(url: string, token: string) {
  const agent = new Agent();
  const response = await request(`${url}/api/live`, { headers: { authorization: `Bearer ${token}` }, dispatcher: agent });
  const events: ServerSentEvent[] = [];
  let ended = false;
  const reading = (async () => {
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += (chunk as Buffer).toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      }
    }
    ended = true;
  })().catch(() => (ended = true));
  return { status: response.statusCode, headers: response.headers, events, ended: () => ended, reading, close: () => agent.destroy() };
}

