/**
 * The JSON Schema (TypeBox) of a workflow definition: the structural check run before the semantic checks in
 * the compiler. It stays permissive where Logic Apps is (unknown properties are kept), strict where a mistake
 * would otherwise surface only at run time.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** A regex matching any of the words case-insensitively (Node 20 regexes have no inline `(?i)`). */
function anyCase(words: readonly string[]): string {
  const letters = (word: string) =>
    [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');
  return `^(?:${words.map(letters).join('|')})$`;
}

/** `errorMessage` replaces TypeBox's message (which would quote the generated regex) in validation issues. */
const Status = Type.String({
  pattern: anyCase(['Succeeded', 'Failed', 'Skipped', 'TimedOut']),
  errorMessage: 'A runAfter status must be Succeeded, Failed, Skipped or TimedOut.',
});

const ActionMap = <T extends TSchema>(action: T) => Type.Record(Type.String({ minLength: 1, maxLength: 80 }), action);

export const ActionSchema = Type.Recursive(
  (Self) =>
    Type.Object(
      {
        type: Type.String({ minLength: 1 }),
        kind: Type.Optional(Type.String()),
        inputs: Type.Optional(Type.Unknown()),
        runAfter: Type.Optional(Type.Record(Type.String(), Type.Array(Status))),
        actions: Type.Optional(ActionMap(Self)),
        else: Type.Optional(Type.Object({ actions: Type.Optional(ActionMap(Self)) })),
        cases: Type.Optional(
          Type.Record(Type.String(), Type.Object({ case: Type.Unknown(), actions: Type.Optional(ActionMap(Self)) })),
        ),
        default: Type.Optional(Type.Object({ actions: Type.Optional(ActionMap(Self)) })),
        expression: Type.Optional(Type.Unknown()),
        foreach: Type.Optional(Type.Unknown()),
        limit: Type.Optional(
          Type.Object({ count: Type.Optional(Type.Unknown()), timeout: Type.Optional(Type.String()) }),
        ),
        runtimeConfiguration: Type.Optional(
          Type.Object({
            concurrency: Type.Optional(
              Type.Object({ repetitions: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
            ),
            secureData: Type.Optional(
              Type.Object({ properties: Type.Array(Type.Union([Type.Literal('inputs'), Type.Literal('outputs')])) }),
            ),
          }),
        ),
        operationOptions: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        trackedProperties: Type.Optional(Type.Unknown()),
        metadata: Type.Optional(Type.Unknown()),
      },
      { $id: 'Action' },
    ),
);
export type ActionDefinition = Static<typeof ActionSchema>;

export const ParameterTypes = ['int', 'float', 'string', 'securestring', 'bool', 'array', 'object', 'secureobject'];

const ParameterSchema = Type.Object({
  type: Type.String({ pattern: anyCase(ParameterTypes), errorMessage: `The parameter type must be one of ${ParameterTypes.join(', ')}.` }),
  defaultValue: Type.Optional(Type.Unknown()),
  allowedValues: Type.Optional(Type.Array(Type.Unknown())),
  metadata: Type.Optional(Type.Unknown()),
});
export type ParameterDeclaration = Static<typeof ParameterSchema>;

const TriggerSchema = Type.Object({
  type: Type.String({ minLength: 1 }),
  kind: Type.Optional(Type.String()),
  inputs: Type.Optional(Type.Unknown()),
  recurrence: Type.Optional(Type.Unknown()),
  conditions: Type.Optional(Type.Array(Type.Object({ expression: Type.String() }))),
  splitOn: Type.Optional(Type.String()),
  runtimeConfiguration: Type.Optional(Type.Unknown()),
  operationOptions: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Type.Unknown()),
});
export type TriggerDefinition = Static<typeof TriggerSchema>;

export const WorkflowDefinitionSchema = Type.Object({
  $schema: Type.Optional(Type.String()),
  contentVersion: Type.Optional(Type.String()),
  parameters: Type.Optional(Type.Record(Type.String(), ParameterSchema, { maxProperties: 50 })),
  triggers: Type.Optional(Type.Record(Type.String(), TriggerSchema, { maxProperties: 10 })),
  actions: Type.Optional(ActionMap(ActionSchema)),
  outputs: Type.Optional(
    Type.Record(Type.String(), Type.Object({ type: Type.String(), value: Type.Unknown() }), { maxProperties: 10 }),
  ),
  staticResults: Type.Optional(Type.Unknown()),
  description: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type WorkflowDefinition = Static<typeof WorkflowDefinitionSchema>;
