import { encodingConversionFunctions } from './conversion/encoding-conversions.js';
import { typeConversionFunctions } from './conversion/type-conversions.js';
import type { FunctionDefinition } from './function-definition.js';

export const conversionFunctions: readonly FunctionDefinition[] = [
  ...typeConversionFunctions,
  ...encodingConversionFunctions,
];
