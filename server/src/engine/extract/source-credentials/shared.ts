/** Tree-sitter helpers shared by the per-language source-credential readers. */
import type { Node } from 'web-tree-sitter';
import type { CredentialMechanism, CredentialUseFact, Range } from '../../model';

export function rangeOf(node: Node): Range {
  return { start: node.startIndex, end: node.endIndex };
}

/** `boto3.session.Session` → `Session`; `CredentialFactory.FromFile<T>` → `FromFile`. */
export function lastSegment(callee: Node | null): string {
  if (!callee) return '';
  return lastSegmentOf(callee.text);
}

export function lastSegmentOf(text: string): string {
  const plain = text.replace(/<[^<>]*>$/, '');
  const dot = plain.lastIndexOf('.');
  return (dot >= 0 ? plain.slice(dot + 1) : plain).trim();
}

export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Arguments of a call, without comments. */
export function argumentList(node: Node): Node[] {
  const args = node.childForFieldName('arguments');
  return args ? args.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
}

const STRING_TYPES = new Set(['string', 'string_literal', 'template_string', 'verbatim_string_literal', 'interpreted_string_literal', 'raw_string_literal']);
const ABSENT_TYPES = new Set(['none', 'null', 'null_literal', 'undefined', 'nil']);

const DUMMY = /^(?:test|testing|dummy|fake|foo|bar|foobar|mock|mocked|local|localstack|minio|minioadmin|none|null|changeme|placeholder|secret|password|x+|\*+|your[-_a-z]*|<[^>]*>)$/i;

/** A string literal whose value cannot be a real key: dummies, doc samples, too short. */
export function isDummyLiteral(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (ABSENT_TYPES.has(node.type)) return true;
  if (!STRING_TYPES.has(node.type)) return false;
  const value = node.text.replace(/^[a-zA-Z]*["'`@$]+|["'`]+$/g, '');
  if (value.includes('${') || value.includes('{')) return false;
  return value.trim() === '' || DUMMY.test(value.trim()) || /example/i.test(value) || value.length < 12;
}

/** Paths and session tokens need no dummy check; only an absent or empty value means "none given". */
export function isEmptyLiteral(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (ABSENT_TYPES.has(node.type)) return true;
  return STRING_TYPES.has(node.type) && node.text.replace(/^["'`]+|["'`]+$/g, '').trim() === '';
}

export function credentialFact(mechanism: CredentialMechanism, name: string, resourceType: string, range: Range, headerRange: Range): CredentialUseFact {
  return { kind: 'credentialUse', mechanism, name, resourceType, range, headerRange };
}
