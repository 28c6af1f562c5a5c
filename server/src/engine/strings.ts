/**
 * A copy of `text` that keeps nothing else alive.
 *
 * V8 makes a slice of 13 characters or more (`text.slice`, a match, a tree-sitter node's
 * text) a view of the whole string it was cut from. A cache keyed by such a slice keeps the
 * whole text of that version of the document: an editor's caches of lines, names and
 * values, remembered across keystrokes, then held one copy of the file per keystroke
 * (190 KB per edit of a 5,000-line file). Concatenating makes a new string; slicing that
 * copies it out flat, without the original.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
