/**
 * GCP grants to `allUsers` / `allAuthenticatedUsers` → the public member removed: from a
 * `members` list when other members remain, else the whole single-member grant resource
 * (`google_*_iam_member`) deleted. Never preferred: the title says it makes the resource
 * private, which a public website would not want.
 */
import type { Document, Fix, RoleGrantFact } from '../../model';
import { lineStartOf, nextLineStart } from '../references/shared';
import { removeSequenceItem } from './policy-edit';

export function removePublicMemberFix(doc: Document, grant: RoleGrantFact): Fix | undefined {
  if (!grant.memberRange || doc.format !== 'terraform') return undefined;
  const text = doc.text;
  const what = grant.scopeKind && grant.scopeKind !== 'resource' && grant.scopeKind !== 'unknown' ? `the ${grant.scopeKind}` : grant.source;
  const block = text.slice(grant.range.start, grant.range.end);
  const memberLine = text.slice(lineStartOf(text, grant.memberRange.start), grant.memberRange.start);
  if (/^\s*member\s*=\s*$/.test(memberLine) && block.startsWith('resource') && block.endsWith('}')) {
    const start = lineStartOf(text, grant.range.start);
    let end = nextLineStart(text, grant.range.end);
    // Take one blank line after the block with it.
    if (text.slice(end, nextLineStart(text, end)).trim() === '') end = nextLineStart(text, end);
    return { title: `Delete ${grant.source}, the grant to ${grant.member}: makes ${what} private`, kind: 'narrow-privilege', preferred: false, edits: [{ uri: doc.uri, range: { start, end }, newText: '' }] };
  }
  const edit = removeSequenceItem(doc, grant.memberRange);
  return edit && { title: `Remove ${grant.member} from ${grant.source}: makes ${what} private`, kind: 'narrow-privilege', preferred: false, edits: [edit] };
}
