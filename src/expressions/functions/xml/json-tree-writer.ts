/**
 * Builds a value through the calls Newtonsoft's `JsonWriter` receives, so converters written against that API
 * can be followed step by step. Comments have no value form and are dropped, as parsing JSON text drops them.
 */
import type { JsonObject, Value } from '../../values.js';
import { setOwnProperty } from '../own-property.js';

export class JsonTreeWriter {
  private readonly containers: (JsonObject | Value[])[] = [];
  private propertyName: string | undefined;
  private root: Value = null;

  get result(): Value {
    return this.root;
  }

  writePropertyName(name: string): void {
    this.propertyName = name;
  }

  writeValue(value: string | null): void {
    this.add(value);
  }

  writeStartObject(): void {
    const object: JsonObject = {};
    this.add(object);
    this.containers.push(object);
  }

  writeStartArray(): void {
    const array: Value[] = [];
    this.add(array);
    this.containers.push(array);
  }

  writeEnd(): void {
    this.containers.pop();
  }

  private add(value: Value): void {
    const container = this.containers.at(-1);
    if (container === undefined) {
      this.root = value;
    } else if (Array.isArray(container)) {
      container.push(value);
    } else {
      // A repeated name replaces the earlier value in place, as JObject does when it loads such JSON.
      setOwnProperty(container, this.propertyName ?? '', value);
      this.propertyName = undefined;
    }
  }
}
