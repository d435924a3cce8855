/** Automations: validate a resource once, compile its rules once, match events through an index. Pure. */
export * from './automation-types.js';
export type { AutomationIssue } from './automation-issue.js';
export {
  AutomationPropertiesRequestSchema,
  AutomationPropertiesSchema,
  AutomationRequestSchema,
  AutomationResourceSchema,
} from './automation-schema.js';
export { AUTOMATION_RESOURCE_TYPE, automationId, isValidAutomationName, parseAutomationId } from './automation-id.js';
export { parseAutomationBody, type ParseAutomationOptions, type ParseAutomationResult } from './parse-automation.js';
export { automationProperties, toAutomationResource, type AutomationResource } from './automation-resource.js';
export { parsePropertyPath, resolvePropertyPath, type PathParseResult, type PathSegment } from './property-path.js';
export { compileRule, compileRuleSets, type PayloadPredicate } from './compile-rules.js';
export { compileAutomation, matchesEvent, matchesPayload, type CompiledAutomation } from './compile-automation.js';
export { type AutomationEvent, eventResourceKey } from './scope.js';
export { AutomationIndex } from './automation-index.js';
