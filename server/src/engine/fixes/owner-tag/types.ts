/** Types shared by the owner-tag fix builders. */
import type { Insertion } from './yaml-edit';

/** Why the resource has no owner (as rules/ownership/_owner-keys.ts decides). */
export type OwnerProblem = { kind: 'missing' } | { kind: 'placeholder'; key: string };

/** What a syntax builder produces: edits to the document and what it wrote. */
export interface OwnerEdit {
  edits: Insertion[];
  /** 'tag' (Terraform, CloudFormation), 'label' or 'annotation' (Kubernetes): for the fix title. */
  noun: 'tag' | 'label' | 'annotation';
}
