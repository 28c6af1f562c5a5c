/**
 * Labelled text for the identity corpus. Generators write markers around the
 * part a finding should (or must not) point into:
 *   pos('privilege:iam-json:action-star', text)  → a labelled positive
 *   neg('privilege:iam-json:deny-star', text)    → a labelled hard negative
 * `unmark` strips them and returns exact offsets. The category is the kind's
 * first `:` segment.
 */

export type Category = 'privilege' | 'ownership' | 'credential';
export const CATEGORIES: readonly Category[] = ['privilege', 'ownership', 'credential'];

export interface IdentityLabel {
  file: string;
  start: number;
  end: number;
  kind: string;
  category: Category;
  positive: boolean;
}

export interface IdentityFile {
  path: string;
  text: string;
}

export interface IdentityCorpus {
  files: IdentityFile[];
  labels: IdentityLabel[];
}

const OPEN = '\u27e6';
const CLOSE = '\u27e7';
const END = `${OPEN}/${CLOSE}`;

export const pos = (kind: string, text: string): string => `${OPEN}+${kind}${CLOSE}${text}${END}`;
export const neg = (kind: string, text: string): string => `${OPEN}-${kind}${CLOSE}${text}${END}`;

export function categoryOf(kind: string): Category {
  const c = kind.slice(0, kind.indexOf(':'));
  if (!(CATEGORIES as readonly string[]).includes(c)) throw new Error(`kind without a category: ${kind}`);
  return c as Category;
}

/** Removes the markers of one file; labels get offsets in the clean text. Markers do not nest. */
export function unmark(path: string, marked: string): { file: IdentityFile; labels: IdentityLabel[] } {
  let text = '';
  const labels: IdentityLabel[] = [];
  let i = 0;
  while (i < marked.length) {
    const open = marked.indexOf(OPEN, i);
    if (open < 0) {
      text += marked.slice(i);
      break;
    }
    text += marked.slice(i, open);
    const close = marked.indexOf(CLOSE, open);
    const head = marked.slice(open + 1, close);
    if (head === '/') throw new Error(`${path}: unbalanced label end`);
    const end = marked.indexOf(END, close);
    const body = marked.slice(close + 1, end);
    if (body.includes(OPEN)) throw new Error(`${path}: nested label in ${head}`);
    const kind = head.slice(1);
    labels.push({ file: path, start: text.length, end: text.length + body.length, kind, category: categoryOf(kind), positive: head[0] === '+' });
    text += body;
    i = end + END.length;
  }
  return { file: { path, text }, labels };
}
