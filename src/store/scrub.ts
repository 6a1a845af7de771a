/**
 * What the store keeps of a text someone typed (issue #16): the question, without who and where. Slack
 * mentions and ids (users, channels, user groups, also bare or inside a link) and cloud resource ids
 * (instances, ENIs, VPCs, vSwitches, security groups, EIPs) become placeholders that still read as what they
 * were ("<@user> 的 i-… 外网访问不了"), so the gaps report and the search still see the question's shape.
 * Addresses and CIDR blocks are kept: they are what most network questions are about (docs/privacy.md).
 */
const RULES: ReadonlyArray<[RegExp, string]> = [
  // <@U012AB3CD>, <@U012AB3CD|alice>
  [/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, '<@user>'],
  // <#C012AB3CD>, <#C012AB3CD|general>
  [/<#[CGD][A-Z0-9]+(?:\|[^>]*)?>/g, '<#channel>'],
  // <!subteam^S012AB3CD>, <!subteam^S012AB3CD|@oncall>
  [/<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>/g, '<!subteam>'],
  // Bare ids, as pasted or inside a link (…/archives/C012AB3CD/p17…): a letter, then 8+ capitals and digits.
  [/\b[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/g, '@user'],
  [/\b[CGD](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/g, '#channel'],
  [/\bS(?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b/g, '@group'],
  // i-bp67acfmxazb4ph7ts1q, eni-…, vpc-…, vsw-…, sg-…, eip-… (the kind stays: it says what was asked about).
  [/\b(i|eni|vpc|vsw|sg|eip)-[a-z0-9]{6,30}\b/gi, '$1-…'],
];

export function scrubText(text: string): string {
  return RULES.reduce((out, [pattern, placeholder]) => out.replace(pattern, placeholder), text);
}
