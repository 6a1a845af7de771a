import { z } from 'zod';

import { COMMAND_NAMES } from './names.js';

export { COMMAND_NAMES, INSTANCE_VERDICTS, type InstanceVerdictId } from './names.js';

const text = z.string().trim().min(1, 'must not be empty');

const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case, e.g. eni');
const bilingual = z.strictObject({ zh: text, en: text });
const bilingualList = z.strictObject({
  zh: z.array(text).min(1, 'needs at least one item'),
  en: z.array(text).min(1, 'needs at least one item'),
});

/** What an entry is about (knowledge/features.yaml lists them with the words people use for each). */
export const ASPECTS = ['what', 'steps', 'limits', 'prereq', 'result', 'cost', 'cause', 'compare', 'where', 'api', 'troubleshoot'] as const;
export type Aspect = (typeof ASPECTS)[number];
export const NETWORKS = ['vpc', 'classic'] as const;
export const BILLINGS = ['subscription', 'payg'] as const;
export const IP_VERSIONS = ['v4', 'v6'] as const;
export const OS_NAMES = [
  'windows', 'windows-2003', 'windows-2008+', 'linux', 'aliyun-linux', 'centos', 'centos6', 'centos7', 'rhel', 'debian', 'ubuntu',
  'suse', 'opensuse', 'coreos', 'freebsd',
] as const;
export type OsName = (typeof OS_NAMES)[number];

/** The conditions an entry's answer holds under: a follow-up ("那经典网络呢", "windows上呢") changes one of these. */
export const qualifiersSchema = z.strictObject({
  network: z.enum(NETWORKS).optional(),
  billing: z.enum(BILLINGS).optional(),
  os: z.array(z.enum(OS_NAMES)).min(1).optional(),
  ip: z.enum(IP_VERSIONS).optional(),
});
export type Qualifiers = z.infer<typeof qualifiersSchema>;

export const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case, e.g. eni-detach'),
  section: z.string().regex(/^\d+(?:\.\d+)*$/, 'must be a section number such as "5.3"'),
  sectionTitle: text,
  question: bilingual,
  answer: bilingual,
  aliases: bilingualList,
  keywords: z.array(text).min(1, 'needs at least one keyword'),
  related: z.array(z.string()).default([]),
  command: z.enum(COMMAND_NAMES).optional(),
  contradiction: bilingual.optional(),
  /** The product feature the entry is about: an id in knowledge/features.yaml. */
  feature: kebabId.optional(),
  /** What about the feature it answers: its definition, the steps, the limits, … */
  aspect: z.enum(ASPECTS).optional(),
  qualifiers: qualifiersSchema.optional(),
});

export const entriesFileSchema = z.strictObject({ entries: z.array(z.unknown()).min(1, 'has no entries') });

export const sectionsFileSchema = z.strictObject({
  document: z.strictObject({ title: text, version: text }),
  sections: z.array(z.strictObject({ number: z.string().regex(/^\d+(?:\.\d+)*$/), title: text })).min(1),
});

export const synonymsFileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        canonical: z.string().regex(/^[a-z][a-z0-9]*$/, 'must be a lowercase ASCII word, e.g. eip'),
        terms: z.array(text).min(1),
      }),
    )
    .min(1),
  /** Chat words that carry no topic (请问, 一下, pls): removed before searching. */
  fillers: z.array(text).default([]),
  /** Chat spellings rewritten to the written form before the groups fold (啥 → 什么, 外网 → 公网). */
  rewrites: z.array(z.strictObject({ to: text, from: z.array(text).min(1) })).default([]),
});

export type ChatVocabulary = Pick<z.infer<typeof synonymsFileSchema>, 'fillers' | 'rewrites'>;

export const outOfScopeFileSchema = z.strictObject({ foreignClouds: z.array(text).min(1), otherTopics: z.array(text).default([]) });

export type Entry = z.infer<typeof entrySchema>;

/** knowledge/features.yaml: the features entries are about, and the words people use for each. */
export const featuresFileSchema = z.strictObject({
  features: z
    .array(z.strictObject({ id: kebabId, title: bilingual, terms: bilingualList }))
    .min(1, 'needs at least one feature'),
});
export type FeatureDef = z.infer<typeof featuresFileSchema>['features'][number];

/** knowledge/aspects.yaml: words that signal which aspect a question asks about. */
export const aspectsFileSchema = z.strictObject({
  aspects: z
    .array(
      z.strictObject({
        id: z.enum(ASPECTS),
        cues: bilingualList,
        /** Words that ask this aspect only when they are the whole message ("how?", "why", "多少钱"): a follow-up. */
        alone: bilingualList.optional(),
      }),
    )
    .min(1, 'needs at least one aspect'),
});
export type AspectDef = z.infer<typeof aspectsFileSchema>['aspects'][number];

const phrases = z.array(text).min(1);
/** knowledge/qualifiers.yaml: the words that set a question's network type, billing, OS and IP version. */
export const qualifiersFileSchema = z.strictObject({
  network: z.strictObject({ vpc: phrases, classic: phrases }),
  billing: z.strictObject({ subscription: phrases, payg: phrases }),
  ip: z.strictObject({ v4: phrases, v6: phrases }),
  os: z.partialRecord(z.enum(OS_NAMES), phrases),
});
export type QualifierWords = z.infer<typeof qualifiersFileSchema>;

/** knowledge/training/*.yaml: questions written in people's style for each entry (the ranker learns from them). */
export const trainingFileSchema = z.strictObject({ entries: z.record(z.string(), z.array(text).min(1)) });
export type SectionsFile = z.infer<typeof sectionsFileSchema>;
export type SynonymGroup = z.infer<typeof synonymsFileSchema>['groups'][number];

// ---- runbooks (knowledge/runbooks/*.yaml, one runbook a file) ----

const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case, e.g. website-unreachable');

/** A condition on the instance's facts: CEL over the facts of rules/instance.yaml, with what pass and fail say. */
const factCheckSchema = z.strictObject({
  fact: text,
  pass: bilingual,
  fail: bilingual,
  /** A fork rather than a test: the outcome picks the text and the step shows as information, not pass/fail. */
  branch: z.boolean().default(false),
});
/** The outcome of one of the instance command's verdicts (INSTANCE_VERDICTS). */
const verdictCheckSchema = z.strictObject({ verdict: text });
/** A command the bot runs, e.g. "ptr {publicIpAddress}": {name} placeholders are instance facts. */
const commandCheckSchema = z.strictObject({ command: text });

/** What a security-group check may test: a TCP port, or ping (ICMP; ICMPv6 for IPv6). */
const serviceSchema = z.union([z.int().min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535'), z.literal('ping')], {
  error: 'must be a TCP port (1 to 65535) or "ping"',
});
/**
 * The live security-group rules of the instance (and its ENIs), read with DescribeSecurityGroupAttribute:
 * internet: is the service open to the Internet (0.0.0.0/0, or the caller's range); intranet: may another
 * instance of the same VPC reach it, and it the other (authorization between groups); ipv6: is there an IPv6
 * rule for it (::/0, or the caller's range); outbound: may the instance open connections to the Internet
 * (0.0.0.0/0) on it. The service is the port the user names; `ports` are checked when they name none (and the
 * step says so).
 */
const securityGroupCheckSchema = z.strictObject({
  securityGroup: z.enum(['internet', 'intranet', 'ipv6', 'outbound'], { error: 'must be internet, intranet, ipv6 or outbound' }),
  ports: z.array(serviceSchema).min(1, 'needs at least one port').max(5, 'at most five ports').optional(),
});

type FactCheck = z.infer<typeof factCheckSchema>;
type VerdictCheck = z.infer<typeof verdictCheckSchema>;
type CommandCheck = z.infer<typeof commandCheckSchema>;
type SecurityGroupCheck = z.infer<typeof securityGroupCheckSchema>;
export type SecurityGroupScope = SecurityGroupCheck['securityGroup'];
/** A port, or ping. */
export type ServiceSpec = z.infer<typeof serviceSchema>;

/** One of the four kinds, told apart by its key, so a problem is reported against that kind's fields. */
const checkSchema = z.unknown().transform((raw, ctx): FactCheck | VerdictCheck | CommandCheck | SecurityGroupCheck => {
  const keyed = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const schema =
    'fact' in keyed ? factCheckSchema
    : 'verdict' in keyed ? verdictCheckSchema
    : 'command' in keyed ? commandCheckSchema
    : 'securityGroup' in keyed ? securityGroupCheckSchema
    : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: 'must be { fact, pass, fail }, { verdict }, { command } or { securityGroup, ports? }' });
    return z.NEVER;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return result.data;
});

export const runbookStepSchema = z.strictObject({
  text: bilingual,
  section: z.string().regex(/^\d+(?:\.\d+)*$/, 'must be a section number such as "5.4"'),
  check: checkSchema.optional(),
});

export const runbookSchema = z.strictObject({
  id: kebab,
  title: bilingual,
  /** How people describe the problem (on-call engineers in chat): what a described symptom is matched against. */
  symptoms: z.strictObject({
    zh: z.array(text).min(3, 'needs at least three phrasings'),
    en: z.array(text).min(3, 'needs at least three phrasings'),
  }),
  /**
   * Word orders that name this symptom where the bag of words cannot tell two apart ("访问不了外网": the instance
   * cannot get out; "外网访问不了": nobody gets in): regular expressions over the message, lower-cased, without spaces.
   */
  wordOrder: z
    .array(
      z.string().refine((source) => {
        try {
          new RegExp(source, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression'),
    )
    .optional(),
  steps: z.array(runbookStepSchema).min(1, 'needs at least one step'),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookStep = z.infer<typeof runbookStepSchema>;
export type RunbookCheck = NonNullable<RunbookStep['check']>;
