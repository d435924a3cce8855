/**
 * A model of .NET's `XmlNamespaceManager`. Newtonsoft's XML/JSON conversions track prefixes with one, and its
 * scoping rules (declarations made in the current scope, removal only within it, prefix lookup newest-first) decide
 * which names and namespaces the conversions produce, so they are reproduced rather than simplified.
 */
import { XmlError } from './xml-error.js';
import { XMLNS_NAMESPACE, XML_NAMESPACE } from './xml-nodes.js';

interface Declaration {
  readonly prefix: string;
  uri: string | null;
  readonly scope: number;
}

export class NamespaceManager {
  private readonly declarations: Declaration[] = [
    { prefix: '', uri: '', scope: -1 },
    { prefix: 'xmlns', uri: XMLNS_NAMESPACE, scope: -1 },
    { prefix: 'xml', uri: XML_NAMESPACE, scope: 0 },
  ];
  private scope = 1;

  pushScope(): void {
    this.scope++;
  }

  popScope(): void {
    if (this.scope === 1) return;
    while (this.declarations.at(-1)?.scope === this.scope) this.declarations.pop();
    this.scope--;
  }

  addNamespace(prefix: string, uri: string): void {
    if (prefix === 'xmlns' || (prefix === 'xml' && uri !== XML_NAMESPACE)) {
      throw new XmlError(`The prefix '${prefix}' is reserved and cannot be declared.`);
    }
    const existing = this.find(prefix);
    if (existing !== undefined && existing.scope === this.scope) existing.uri = uri;
    else this.declarations.push({ prefix, uri, scope: this.scope });
  }

  /** Forgets `prefix` → `uri`, but only where it was declared in the current scope. */
  removeNamespace(prefix: string, uri: string): void {
    for (const declaration of this.declarations) {
      if (declaration.prefix === prefix && declaration.uri === uri && declaration.scope === this.scope) {
        declaration.uri = null;
      }
    }
  }

  lookupNamespace(prefix: string): string | undefined {
    return this.find(prefix)?.uri ?? undefined;
  }

  get defaultNamespace(): string {
    return this.lookupNamespace('') ?? '';
  }

  /** The newest prefix currently bound to `uri`. */
  lookupPrefix(uri: string): string | undefined {
    for (let i = this.declarations.length - 1; i >= 0; i--) {
      const declaration = this.declarations[i];
      if (declaration?.uri === uri && this.lookupNamespace(declaration.prefix) === uri) return declaration.prefix;
    }
    return undefined;
  }

  private find(prefix: string): Declaration | undefined {
    for (let i = this.declarations.length - 1; i >= 0; i--) {
      const declaration = this.declarations[i];
      if (declaration?.prefix === prefix && declaration.uri !== null) return declaration;
    }
    return undefined;
  }
}
