/** The HttpClient port over undici: real outbound HTTP for Http actions. */
import { errors, request } from 'undici';
import { HttpConnectionError, type HttpClient, type HttpResponse } from '../workflows/ports.js';

const MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

export function createUndiciHttpClient(options: { maxResponseBytes?: number } = {}): HttpClient {
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return {
    async send(req): Promise<HttpResponse> {
      let response;
      try {
        response = await request(req.url, {
          method: req.method as 'GET',
          headers: req.headers,
          body: req.body,
          signal: req.signal,
        });
      } catch (error) {
        if (req.signal.aborted) throw error;
        if (error instanceof errors.UndiciError || isNetworkError(error)) {
          throw new HttpConnectionError((error as Error).message, { cause: error });
        }
        throw error;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Uint8Array).byteLength;
        if (size > limit) {
          response.body.destroy();
          throw new HttpConnectionError(`The response body is larger than ${limit} bytes.`);
        }
        chunks.push(chunk as Uint8Array);
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { statusCode: response.statusCode, headers, body: Buffer.concat(chunks) };
    },
  };
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR)/.test(code);
}
