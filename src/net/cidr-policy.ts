import { formatCidr, relation, contains, type Cidr } from './cidr.js';
import { parseCidrOnly } from './cidr-parse.js';

/**
 * The cloud's vSwitch/VPC numbers, read from the `vswitch` ruleset's params (knowledge/rules/vswitch.yaml)
 * so the command states none of them itself. A malformed params block is a bug in the knowledge files,
 * not user input: it throws, and the knowledge-base test catches it.
 */
export interface VswitchPolicy {
  minVswitchPrefix: number;
  maxVswitchPrefix: number;
  reservedV4: bigint;
  reservedV6: bigint;
  ipv6VswitchPrefix: number;
  privateRanges: Cidr[];
  forbiddenRanges: Cidr[];
}

type Params = Readonly<Record<string, unknown>>;

function num(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`vswitch param ${name} must be a whole number`);
  return value;
}

function ranges(params: Params, name: string): Cidr[] {
  const value = params[name];
  if (!Array.isArray(value)) throw new Error(`vswitch param ${name} must be a list of CIDRs`);
  return value.map((text: unknown) => {
    const parsed = parseCidrOnly(String(text));
    if (!parsed.ok || parsed.cidr.network !== parsed.typed) throw new Error(`vswitch param ${name}: "${String(text)}" is not a canonical CIDR`);
    return parsed.cidr;
  });
}

export function readPolicy(params: Params): VswitchPolicy {
  return {
    minVswitchPrefix: num(params, 'minVswitchPrefix'),
    maxVswitchPrefix: num(params, 'maxVswitchPrefix'),
    reservedV4: BigInt(num(params, 'reservedPerVswitch')),
    reservedV6: BigInt(num(params, 'reservedPerIpv6Vswitch')),
    ipv6VswitchPrefix: num(params, 'ipv6VswitchPrefix'),
    privateRanges: ranges(params, 'privateRanges'),
    forbiddenRanges: ranges(params, 'forbiddenRanges'),
  };
}

export const reservedFor = (policy: VswitchPolicy, c: Pick<Cidr, 'family'>): bigint => (c.family === 4 ? policy.reservedV4 : policy.reservedV6);

/** Whether the whole network lies inside one of the standard private ranges. */
export const inPrivateRange = (policy: VswitchPolicy, c: Cidr): boolean => policy.privateRanges.some((range) => contains(range, c));

/** The first forbidden range the network touches (either way round), as text; "" when none. */
export function forbiddenOverlap(policy: VswitchPolicy, c: Cidr): string {
  const hit = policy.forbiddenRanges.find((range) => relation(range, c) !== 'disjoint');
  return hit ? formatCidr(hit) : '';
}
