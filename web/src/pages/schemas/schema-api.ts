/** The published event schemas: `GET /api/schemas` (names) and `GET /api/schemas/{name}.json` (JSON Schema draft-07). */
import { get } from '../../api/client';

export interface SchemaEntry {
  readonly name: string;
  /** Absolute with the server's configured public URL, which may not be the address the browser used. */
  readonly url: string;
}

export interface SchemaDocument {
  readonly $id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly [key: string]: unknown;
}

/** The path the browser fetches and downloads a schema from (same origin, so the session cookie goes along). */
export function schemaPath(name: string): string {
  return `/api/schemas/${encodeURIComponent(name)}.json`;
}

export async function listSchemas(): Promise<SchemaEntry[]> {
  const answer = await get<{ value: SchemaEntry[] }>('/api/schemas');
  return answer.value;
}

export function getSchema(name: string): Promise<SchemaDocument> {
  return get<SchemaDocument>(schemaPath(name));
}

/** Each schema with its title and description, read from the documents (a handful, read at once). */
export async function listSchemaDocuments(): Promise<{ entry: SchemaEntry; document?: SchemaDocument; error?: string }[]> {
  const entries = await listSchemas();
  return Promise.all(
    entries.map((entry) =>
      getSchema(entry.name).then(
        (document) => ({ entry, document }),
        (error: unknown) => ({ entry, error: error instanceof Error ? error.message : String(error) }),
      ),
    ),
  );
}

/** The first sentence of a description, for the list (a sentence ends at a full stop before a capital, not at "e.g. a"). */
export function firstSentence(text: string): string {
  const end = text.search(/\.\s+(?=[A-Z])/);
  return end < 0 ? text : text.slice(0, end + 1);
}
