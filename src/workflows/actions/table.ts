import { type CompiledTemplate, type Value, getProperty, isObject, toText } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { arrayInput } from './array-input.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { succeeded } from './outcome.js';

interface Column {
  readonly header: string;
  readonly value: CompiledTemplate;
}

/**
 * `Table {format: CSV|HTML, from, columns?}`: renders an array of objects. Without `columns`, the columns are the
 * objects' property names in order of first appearance.
 */
export const tableAction = defineActionType({
  type: 'Table',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    const format = String(inputs['format'] ?? '').toUpperCase();
    if (format !== 'CSV' && format !== 'HTML') cx.issue("'inputs.format' must be 'CSV' or 'HTML'.", 'inputs.format');
    let columns: Column[] | undefined;
    if (inputs['columns'] !== undefined) {
      if (!Array.isArray(inputs['columns'])) {
        cx.issue("'inputs.columns' must be an array of {header, value}.", 'inputs.columns');
      } else {
        columns = inputs['columns'].map((column: unknown, index) => {
          const spec = isObject(column as Value) ? (column as Record<string, unknown>) : {};
          return {
            header: String(spec['header'] ?? ''),
            value: cx.template(spec['value'] ?? null, `inputs.columns[${index}].value`),
          };
        });
      }
    }
    return { format, from: cx.template(requireInput(inputs, 'from', cx), 'inputs.from'), columns };
  },
  async execute(plan, ex) {
    const from = arrayInput(ex.evaluate(plan.from), 'from');
    let headers: string[];
    let rows: Value[][];
    if (plan.columns) {
      headers = plan.columns.map((column) => column.header);
      rows = from.map((item, index) =>
        (plan.columns ?? []).map((column) => ex.evaluate(column.value, { name: ex.name, index, item })),
      );
    } else {
      headers = [];
      for (const item of from) {
        if (!isObject(item)) throw new ActionInputError('InvalidTemplate', "Each item of 'from' must be an object.");
        for (const key of Object.keys(item)) if (!headers.includes(key)) headers.push(key);
      }
      rows = from.map((item) => headers.map((key) => (isObject(item) ? (getProperty(item, key) ?? null) : null)));
    }
    const body = plan.format === 'CSV' ? renderCsv(headers, rows) : renderHtml(headers, rows);
    return succeeded({ format: plan.format, from }, { body });
  },
});

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function renderCsv(headers: string[], rows: Value[][]): string {
  const lines = [headers.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map((cell) => csvField(toText(cell))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function renderHtml(headers: string[], rows: Value[][]): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(toText(cell))}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
