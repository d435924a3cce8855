/**
 * The base of the values the expression language adds to JSON (`Float`, `Decimal`, `Binary`): one `instanceof`
 * tells all of them from JSON objects, which matters on hot paths such as property access.
 */
export abstract class TaggedValue {
  /** The value's JSON form. */
  abstract toJSON(): unknown;
}
