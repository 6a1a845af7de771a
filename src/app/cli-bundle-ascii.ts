/**
 * The CLI bundle's text in ASCII only (cli-bundle.ts), so that bin/ecs-netbot.js reads it as Latin-1 into a
 * one-byte string: a single character beyond ASCII made V8 hold all 700 KB as two bytes a character, and
 * decode them from UTF-8 first (issue #18). esbuild (charset: ascii) escapes strings, templates and names,
 * but leaves regular expression literals and String.raw templates as written; here they are rewritten to
 * the same values in ASCII: in a regular expression, a character as \uXXXX (an escaped one, `\，`, is that
 * character too); a String.raw template as the concatenation of its raw parts, written as string literals,
 * and its values (String(value), as String.raw converts them). Undefined when anything else is left. Parsed
 * with TypeScript's parser, there at build time (a devDependency, as esbuild is).
 */
const nonAscii = /[^\x00-\x7f]/;
const escapeUnit = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;

/** A regular expression literal with every code unit beyond ASCII escaped (a surrogate pair as two escapes: the same in both modes). */
function asciiRegExp(literal: string): string {
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const unit = literal.charCodeAt(i);
    if (literal[i] === '\\' && i + 1 < literal.length) {
      const next = literal.charCodeAt(i + 1);
      out += next > 0x7f ? escapeUnit(next) : literal.slice(i, i + 2);
      i++;
    } else out += unit > 0x7f ? escapeUnit(unit) : literal[i];
  }
  return out;
}

const asciiString = (text: string) => JSON.stringify(text).replace(/[^\x00-\x7f]/g, (c) => escapeUnit(c.charCodeAt(0)));

export async function asciiBundle(text: string): Promise<string | undefined> {
  let ts: typeof import('typescript');
  try {
    ts = (await import('typescript')).default;
  } catch {
    return undefined; // no TypeScript to parse it with: left as it is, read as UTF-8
  }
  const source = ts.createSourceFile('bundle.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (node: import('typescript').Node): void => {
    const start = node.getStart(source);
    if (ts.isRegularExpressionLiteral(node) && nonAscii.test(node.text)) edits.push({ start, end: node.end, text: asciiRegExp(node.text) });
    else if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'String.raw' && nonAscii.test(node.template.getText(source))) {
      const { template } = node;
      const parts = ts.isNoSubstitutionTemplateLiteral(template)
        ? [asciiString(template.rawText ?? '')]
        : [asciiString(template.head.rawText ?? ''), ...template.templateSpans.flatMap((span) => [`String(${span.expression.getText(source)})`, asciiString(span.literal.rawText ?? '')])];
      edits.push({ start, end: node.end, text: `(${parts.join(' + ')})` });
    } else ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return nonAscii.test(out) ? undefined : out;
}
