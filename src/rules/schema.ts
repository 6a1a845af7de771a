import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ zh: text, en: text });
const name = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name, e.g. ageMinutes');
const ruleId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case');

/** Where a rule comes from: a section of the guide, or (for newer facts) a named external document. */
export const sourceSchema = z.union([
  z.strictObject({ section: z.string().regex(/^\d+(?:\.\d+)*$/) }),
  z.strictObject({ external: text }),
]);

/**
 * A value a fact might have, for a fact nobody could give (e.g. how often the IP was already changed: the
 * API does not say): the verdict then says what each case would give. `expr` is CEL over `params`.
 */
const caseSchema = z.strictObject({ expr: text, label: bilingual });

const factSchema = z.strictObject({
  type: z.enum(['string', 'double', 'bool']),
  /** For strings: the accepted values. */
  values: z.array(text).optional(),
  description: bilingual,
  cases: z.array(caseSchema).optional(),
  /** How messages show the value: `minutes` is a number of minutes shown as a human age ("7 d 7 h", "7天7小时"). */
  format: z.enum(['minutes']).optional(),
});

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

const paramSchema = z.strictObject({
  value: paramValue,
  description: bilingual,
  /** FAQ entries that state this value: the loader checks they still do, so FAQ and command agree. */
  statedIn: z.array(ruleId).default([]),
});

const checkSchema = z.strictObject({
  id: ruleId,
  /** Facts the check reads; when one is missing the check is "unknown", never guessed. */
  needs: z.array(name).min(1),
  /** Optional CEL condition: when false the check does not apply to this case and is left out. */
  applies: text.optional(),
  /** CEL expression over the facts and `params`: true means the check passes. */
  expr: text,
  severity: z.enum(['error', 'warning', 'info']).default('error'),
  source: sourceSchema,
  /** FAQ entries that explain this check. */
  entries: z.array(ruleId).default([]),
  pass: bilingual,
  fail: bilingual,
  unknown: bilingual,
});

const alternativeSchema = z.strictObject({
  id: ruleId,
  needs: z.array(name).default([]),
  /** CEL condition on the facts: the alternative is offered when it is true. */
  when: text,
  source: sourceSchema,
  entries: z.array(ruleId).default([]),
  message: bilingual,
});

export const rulesetSchema = z.strictObject({
  ruleset: ruleId,
  title: bilingual,
  facts: z.record(name, factSchema),
  params: z.record(name, paramSchema).default({}),
  /** Named CEL expressions computing values from facts and params (e.g. the inbound bandwidth cap). */
  derive: z.record(name, z.strictObject({ needs: z.array(name).min(1), expr: text })).default({}),
  checks: z.array(checkSchema).default([]),
  /** Offered when the verdict is not eligible and `when` holds: what to do instead. */
  alternatives: z.array(alternativeSchema).default([]),
  /** Shown whenever `when` holds, eligible or not: explanations that go with the facts. */
  notes: z.array(alternativeSchema).default([]),
});

export type RulesetSpec = z.infer<typeof rulesetSchema>;
export type RuleSource = z.infer<typeof sourceSchema>;
export type ParamValue = z.infer<typeof paramValue>;
