/**
 * The SDK packages, loaded one way everywhere. They are CommonJS: Node's ESM default import gives their
 * module.exports (whose `.default` is the client class), but vitest's interop gives module.exports.default
 * and loses the named exports. require() gives module.exports in both; the types come from type-only default
 * imports, which TypeScript (NodeNext) also reads as module.exports.
 */
import { createRequire } from 'node:module';
import type CredentialsModule from '@alicloud/credentials';
import type EcsModule from '@alicloud/ecs20140526';
import type OpenApiModule from '@alicloud/openapi-core';
import type VpcModule from '@alicloud/vpc20160428';
import type * as DaraModule from '@darabonba/typescript';

const require = createRequire(import.meta.url);

export const Ecs = require('@alicloud/ecs20140526') as typeof EcsModule;
export const Vpc = require('@alicloud/vpc20160428') as typeof VpcModule;
export const OpenApi = require('@alicloud/openapi-core') as typeof OpenApiModule;
export const Creds = require('@alicloud/credentials') as typeof CredentialsModule;
export const $dara = require('@darabonba/typescript') as typeof DaraModule;
