/** The shape of a built-in policy definition as ARM returns it (`Microsoft.Authorization/policyDefinitions`). */
import type { PolicyKind } from './policy-vocabulary.js';

export type { PolicyKind } from './policy-vocabulary.js';

export interface PolicyParameterDefinition {
  readonly type: 'String' | 'Boolean' | 'Array' | 'Integer' | 'Object';
  readonly metadata: {
    readonly displayName: string;
    readonly description: string;
    readonly strongType?: string;
    readonly assignPermissions?: boolean;
  };
  readonly allowedValues?: readonly (string | boolean)[];
  /** Absent: the parameter is required. */
  readonly defaultValue?: unknown;
}

export interface PolicyDefinition {
  readonly kind: PolicyKind;
  /** `/providers/Microsoft.Authorization/policyDefinitions/<guid>` */
  readonly id: string;
  /** The guid. */
  readonly name: string;
  readonly type: 'Microsoft.Authorization/policyDefinitions';
  readonly properties: {
    readonly displayName: string;
    readonly policyType: 'BuiltIn';
    readonly mode: 'All';
    readonly description: string;
    readonly metadata: { readonly version: '5.0.1'; readonly category: 'Security Center' };
    readonly parameters: Readonly<Record<string, PolicyParameterDefinition>>;
    /** Policy-language JSON, for display; the behaviour lives in `plannedAutomation` and `evaluateCompliance`. */
    readonly policyRule: unknown;
  };
}
