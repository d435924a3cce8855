/**
 * The canonical (validated) form of a `Microsoft.Security/automations` resource. Enum values are the exact
 * spellings of the REST spec (2023-12-01-preview); requests may use any case and are canonicalised on parse.
 */

export const EventSource = {
  Assessments: 'Assessments',
  AssessmentsSnapshot: 'AssessmentsSnapshot',
  SubAssessments: 'SubAssessments',
  SubAssessmentsSnapshot: 'SubAssessmentsSnapshot',
  Alerts: 'Alerts',
  SecureScores: 'SecureScores',
  SecureScoresSnapshot: 'SecureScoresSnapshot',
  SecureScoreControls: 'SecureScoreControls',
  SecureScoreControlsSnapshot: 'SecureScoreControlsSnapshot',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
  RegulatoryComplianceAssessmentSnapshot: 'RegulatoryComplianceAssessmentSnapshot',
  AttackPaths: 'AttackPaths',
  AttackPathsSnapshot: 'AttackPathsSnapshot',
} as const;
export type EventSource = (typeof EventSource)[keyof typeof EventSource];

export const PropertyType = { String: 'String', Integer: 'Integer', Number: 'Number', Boolean: 'Boolean' } as const;
export type PropertyType = (typeof PropertyType)[keyof typeof PropertyType];

/** NB the spec spells the "less than" operators `LesserThan…`. */
export const RuleOperator = {
  Equals: 'Equals',
  NotEquals: 'NotEquals',
  GreaterThan: 'GreaterThan',
  GreaterThanOrEqualTo: 'GreaterThanOrEqualTo',
  LesserThan: 'LesserThan',
  LesserThanOrEqualTo: 'LesserThanOrEqualTo',
  Contains: 'Contains',
  StartsWith: 'StartsWith',
  EndsWith: 'EndsWith',
} as const;
export type RuleOperator = (typeof RuleOperator)[keyof typeof RuleOperator];

export const ActionType = { LogicApp: 'LogicApp', EventHub: 'EventHub', Workspace: 'Workspace' } as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/** Which operators make sense for which property type (spec: "decimal" vs "non-decimal" operators). */
export const operatorsFor: { readonly [T in PropertyType]: readonly RuleOperator[] } = {
  String: ['Equals', 'NotEquals', 'Contains', 'StartsWith', 'EndsWith'],
  Integer: ['Equals', 'NotEquals', 'GreaterThan', 'GreaterThanOrEqualTo', 'LesserThan', 'LesserThanOrEqualTo'],
  Number: ['Equals', 'NotEquals', 'GreaterThan', 'GreaterThanOrEqualTo', 'LesserThan', 'LesserThanOrEqualTo'],
  Boolean: ['Equals', 'NotEquals'],
};

export interface AutomationScope {
  readonly description?: string;
  /** `/subscriptions/{sub}` or `/subscriptions/{sub}/resourceGroups/{rg}`, as given (trailing slash removed). */
  readonly scopePath: string;
}

export interface AutomationRule {
  readonly propertyJPath: string;
  readonly propertyType: PropertyType;
  readonly expectedValue: string;
  readonly operator: RuleOperator;
}

export interface AutomationRuleSet {
  readonly rules: readonly AutomationRule[];
}

export interface AutomationSource {
  readonly eventSource: EventSource;
  /** Empty: every event of the source matches. */
  readonly ruleSets: readonly AutomationRuleSet[];
}

export interface LogicAppAction {
  readonly actionType: 'LogicApp';
  readonly logicAppResourceId: string;
  /** The trigger callback URL. Write-only: kept for the server, never returned (it carries a signature). */
  readonly uri?: string;
}

export interface EventHubAction {
  readonly actionType: 'EventHub';
  readonly eventHubResourceId: string;
  /** Write-only secret. */
  readonly connectionString?: string;
  readonly isTrustedServiceEnabled?: boolean;
}

export interface WorkspaceAction {
  readonly actionType: 'Workspace';
  readonly workspaceResourceId: string;
}

export type AutomationAction = LogicAppAction | EventHubAction | WorkspaceAction;

export interface AutomationProperties {
  readonly description?: string;
  readonly isEnabled: boolean;
  /** Empty: the automation's own subscription. */
  readonly scopes: readonly AutomationScope[];
  readonly sources: readonly AutomationSource[];
  readonly actions: readonly AutomationAction[];
}

/** What a PUT body validates to: the properties plus the envelope fields a client may set. */
export interface AutomationBody extends AutomationProperties {
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly etag?: string;
  readonly kind?: string;
}

/** Bounds that keep one resource from costing unbounded memory or matching time. */
export const AutomationLimits = {
  descriptionLength: 1024,
  scopes: 100,
  sources: 50,
  ruleSetsPerSource: 1000,
  rulesPerRuleSet: 100,
  propertyPathLength: 512,
  expectedValueLength: 1024,
  actions: 50,
  tags: 50,
  tagNameLength: 512,
  tagValueLength: 256,
  resourceIdLength: 1024,
  uriLength: 4096,
} as const;
