/**
 * Renders JSON-like policy values in the syntaxes IAM policies are written in:
 * JSON, Terraform object syntax (jsonencode), YAML (CloudFormation, Serverless)
 * and CloudFormation JSON. An `Unknown` stands for a value only known at
 * deploy time (`var.x`, `!Ref Param`, `${self:custom.x}`).
 */

export interface Unknown {
  unknown: { hcl: string; cfnYaml: string; cfnJson: unknown; sls: string };
}
export type Val = string | number | boolean | Val[] | { [k: string]: Val } | Unknown;

export const isUnknown = (v: unknown): v is Unknown => typeof v === 'object' && v !== null && 'unknown' in v;

const pad = (n: number): string => ' '.repeat(n);

/** JSON with `indent` spaces per level, starting at column `base`. */
export function toJson(v: Val, base = 0, indent = 2): string {
  if (isUnknown(v)) return JSON.stringify(v.unknown.cfnJson);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string') && v.length <= 3) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${v.map((x) => pad(base + indent) + toJson(x, base + indent, indent)).join(',\n')}\n${pad(base)}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return `{\n${entries.map(([k, x]) => `${pad(base + indent)}${JSON.stringify(k)}: ${toJson(x, base + indent, indent)}`).join(',\n')}\n${pad(base)}}`;
  }
  return JSON.stringify(v);
}

/** CloudFormation JSON: like JSON, unknowns as intrinsic functions. */
export const toCfnJson = toJson;

const hclKey = (k: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k));

/** Terraform object/tuple syntax as written inside `jsonencode(...)`. */
export function toHcl(v: Val, base = 0): string {
  if (isUnknown(v)) return v.unknown.hcl;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string' || isUnknown(x)) && v.length <= 3) return `[${v.map((x) => toHcl(x)).join(', ')}]`;
    return `[\n${v.map((x) => pad(base + 2) + toHcl(x, base + 2)).join(',\n')},\n${pad(base)}]`;
  }
  if (typeof v === 'object') {
    return `{\n${Object.entries(v).map(([k, x]) => `${pad(base + 2)}${hclKey(k)} = ${toHcl(x, base + 2)}`).join('\n')}\n${pad(base)}}`;
  }
  // `${` would start a template in HCL; policy variables are written `$${aws:username}`.
  return JSON.stringify(v).replace(/\$\{/g, () => '$${');
}

const yamlScalar = (s: string): string => (/^[A-Za-z][A-Za-z0-9._/-]*$/.test(s) && !/^(?:true|false|yes|no|on|off|null)$/i.test(s) ? s : JSON.stringify(s));

/** Block YAML at column `base`; `mode` picks how unknowns are written. */
export function toYaml(v: Val, base: number, mode: 'cfn' | 'sls'): string {
  const lines: string[] = [];
  const emit = (x: Val, col: number, prefix: string): void => {
    if (isUnknown(x)) {
      lines.push(prefix + (mode === 'cfn' ? x.unknown.cfnYaml : JSON.stringify(x.unknown.sls)));
      return;
    }
    if (Array.isArray(x)) {
      if (prefix !== '') lines.push(prefix.trimEnd());
      for (const item of x) {
        if (typeof item === 'object' && !Array.isArray(item) && !isUnknown(item)) emitMap(item, col + 2, pad(col) + '- ');
        else emit(item, col + 2, pad(col) + '- ');
      }
      return;
    }
    if (typeof x === 'object') {
      if (prefix !== '') lines.push(prefix.trimEnd());
      emitMap(x, col, pad(col));
      return;
    }
    lines.push(prefix + (typeof x === 'string' ? yamlScalar(x) : String(x)));
  };
  const emitMap = (m: { [k: string]: Val }, col: number, firstPrefix: string): void => {
    Object.entries(m).forEach(([k, x], i) => {
      const head = (i === 0 ? firstPrefix : pad(col)) + `${/^[A-Za-z0-9_]+$/.test(k) ? k : JSON.stringify(k)}: `;
      if (typeof x === 'object' && !isUnknown(x)) {
        lines.push(head.trimEnd());
        if (Array.isArray(x)) emit(x, col + 2, '');
        else emitMap(x, col + 2, pad(col + 2));
      } else emit(x, col, head);
    });
  };
  emit(v, base, '');
  return lines.join('\n');
}
