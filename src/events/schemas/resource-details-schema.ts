import { Type } from '@sinclair/typebox';
import { Text } from './schema-helpers.js';

/** `source` is open (Azure, OnPremise, OnPremiseSql, and multicloud sources in later API versions). */
export const ResourceDetailsSchema = Type.Object(
  {
    source: Text('Where the assessed resource lives: Azure, OnPremise, OnPremiseSql, …', { minLength: 1 }),
    id: Type.Optional(Text('Id of the assessed resource (Azure resources).')),
  },
  { description: 'The assessed resource.' },
);
