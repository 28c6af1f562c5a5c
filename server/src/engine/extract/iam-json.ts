/**
 * IAM policy JSON files (identity policies, trust policies, CLI input files such as
 * `{"PolicyName": …, "PolicyDocument": {…}}`) → PolicyStatementFact[].
 * CloudFormation templates are left to their own extractor.
 */
import type * as jsonc from 'jsonc-parser';
import type { Document, Fact } from '../model';
import type { Extractor } from './index';
import { jsonToStatic, statementsFromDocument, type StaticValue } from './policy';

/** Root keys under which CLI/SDK input files nest a policy document; the second element marks trust policies. */
const NESTED_DOCUMENT_KEYS: [string, boolean][] = [
  ['PolicyDocument', false],
  ['AssumeRolePolicyDocument', true],
  ['Document', false],
];

export const iamJsonExtractor: Extractor = {
  name: 'iam-json',
  produces: ['policyStatement'],
  applies(doc) {
    if ((doc.format !== 'json' && doc.format !== 'jsonc') || doc.flavors.includes('cloudformation')) return false;
    return doc.flavors.includes('iam-policy') || doc.text.includes('"Statement"');
  },
  extract(doc) {
    if (doc.parsed?.kind !== 'json' || !doc.parsed.root) return [];
    return extractFromJsonRoot(doc, doc.parsed.root);
  },
};

/** Root keys a policy document is read from; the rest of a (possibly huge) file is never converted. */
const POLICY_KEYS = new Set(['Version', 'Id', 'Statement', ...NESTED_DOCUMENT_KEYS.map(([k]) => k)]);

function extractFromJsonRoot(doc: Document, root: jsonc.Node): Fact[] {
  if (root.type !== 'object') return [];
  const budget = { deadline: doc.deadline ?? Infinity, steps: 0 };
  const policyProps = { ...root, children: (root.children ?? []).filter((p) => typeof p.children?.[0]?.value === 'string' && POLICY_KEYS.has(p.children[0].value)) };
  const value = jsonToStatic(policyProps, 0, undefined, 0, budget);
  if (value.type !== 'map') return [];
  if (value.entries.some((e) => e.key === 'Statement')) return statementsFromDocument(value, { source: doc.path });
  const facts: Fact[] = [];
  for (const [key, trust] of NESTED_DOCUMENT_KEYS) {
    const nested: StaticValue | undefined = value.entries.find((e) => e.key === key)?.value;
    if (nested?.type === 'map') facts.push(...statementsFromDocument(nested, { source: doc.path, trust: trust || undefined }));
  }
  return facts;
}
