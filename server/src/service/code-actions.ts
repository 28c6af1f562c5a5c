/**
 * Engine fixes → LSP code actions. Every action is built from a finding the
 * server computed from the current text; client-sent diagnostics only help to
 * pick which findings the user is looking at. Where the client supports them,
 * edits to other files carry change annotations that need confirmation, and a
 * placeholder left for the user becomes a snippet tabstop or a command that selects it.
 */
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type AnnotatedTextEdit,
  type ChangeAnnotation,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Range as LspRange,
  type SnippetTextEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { ProjectFiles } from '../engine/project/files';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as jsonc from 'jsonc-parser';
import type { Document, Finding, Fix, Format, TextEdit } from '../engine/model';
import { disposeDocument, parseDocument } from '../engine/documents/parse';
import { applyTextEdits } from '../engine/fix-runner';
import { documentPath, isInWorkspace } from './paths';
import { positionsOf, toLspRange, type PositionConverter } from './positions';
import { REVEAL_PLACEHOLDER_COMMAND, type RevealPlaceholderArgs } from './protocol';

/** What the client can apply (from its `workspace.workspaceEdit` capabilities). */
export interface EditCapabilities {
  documentChanges: boolean;
  /** `resourceOperations` includes 'create'. */
  createFiles: boolean;
  /** `changeAnnotationSupport` (LSP 3.16): edits to other files are annotated and need the user's confirmation. */
  changeAnnotations?: boolean;
  /** `snippetEditSupport` (LSP 3.18): a placeholder becomes a snippet tabstop the editor selects. */
  snippetEdits?: boolean;
  /** `window.showDocument.support`: the action's command can put the cursor on a placeholder after the edit. */
  showDocument?: boolean;
}

/** What the labels of annotated edits name. */
export interface ActionContext {
  /** The local env file that receives moved secrets (`config.envFile`), relative to the workspace root. */
  envFile: string;
}

export interface ActionHost {
  /** Open document for a URI (its version goes into the edit). */
  getOpenDocument(uri: string): TextDocument | undefined;
  /** Current text of a workspace file (open or on disk); undefined when it does not exist. */
  readFile(uri: string): string | undefined;
  workspaceFolders(): readonly string[];
  /** Other workspace files for cross-file facts (Terraform modules); none in tests that analyse lone texts. */
  project?: ProjectFiles;
}

/** The quick fix for one engine Fix; undefined when it cannot be applied safely by this client. */
export function fixToCodeAction(
  doc: TextDocument,
  fix: Fix,
  diagnostic: Diagnostic,
  host: ActionHost,
  caps: EditCapabilities,
  context: ActionContext,
): CodeAction | undefined {
  const placeholder = placeholderSite(doc, fix, caps);
  const edit = toWorkspaceEdit(doc, fix.edits, host, caps, context, placeholder?.snippet);
  if (!edit) return undefined;
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred === true,
    diagnostics: [diagnostic],
    edit,
  };
  if (placeholder?.command) action.command = placeholder.command;
  return action;
}

interface PlaceholderSite {
  /** Snippet clients: the edit that writes the placeholder, and where in its new text the placeholder is. */
  snippet?: { edit: TextEdit; start: number; end: number };
  /** showDocument clients: selects the placeholder once the edit is applied. */
  command?: Command;
}

/**
 * How the user lands on a fix's placeholder (`TODO-owner`): a snippet tabstop
 * where the client applies snippet edits, else a command that the server answers
 * with `window/showDocument` selecting it, else nothing (the title says what to do).
 */
function placeholderSite(doc: TextDocument, fix: Fix, caps: EditCapabilities): PlaceholderSite | undefined {
  const p = fix.placeholder;
  if (!p || p.uri !== doc.uri || p.range.end <= p.range.start) return undefined;
  const own = fix.edits.filter((e) => e.uri === doc.uri);
  if (caps.snippetEdits && caps.documentChanges) {
    // Find the edit whose inserted text holds the placeholder (offsets after the edits).
    let delta = 0;
    for (const e of [...own].sort((a, b) => a.range.start - b.range.start)) {
      const from = e.range.start + delta;
      if (p.range.start >= from && p.range.end <= from + e.newText.length) return { snippet: { edit: e, start: p.range.start - from, end: p.range.end - from } };
      delta += e.newText.length - (e.range.end - e.range.start);
    }
    return undefined;
  }
  if (!caps.showDocument) return undefined;
  const after = positionsOf(doc.uri, applyTextEdits(doc.getText(), own));
  const args: RevealPlaceholderArgs = { uri: doc.uri, range: toLspRange(after, p.range) };
  return { command: { title: 'Select the placeholder', command: REVEAL_PLACEHOLDER_COMMAND, arguments: [args] } };
}

/** `$`, `}` and `\` are special in snippet text. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function toSnippetEdit(range: LspRange, text: string, start: number, end: number): SnippetTextEdit {
  const value = `${escapeSnippet(text.slice(0, start))}\${1:${escapeSnippet(text.slice(start, end))}}${escapeSnippet(text.slice(end))}`;
  return { range, snippet: { kind: 'snippet', value } };
}

function toWorkspaceEdit(
  doc: TextDocument,
  edits: TextEdit[],
  host: ActionHost,
  caps: EditCapabilities,
  context: ActionContext,
  snippet?: PlaceholderSite['snippet'],
): WorkspaceEdit | undefined {
  if (edits.length === 0) return undefined;
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);

  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  const changes: Record<string, LspTextEdit[]> = {};
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  const annotate = caps.changeAnnotations === true && caps.documentChanges;
  let createsFile = false;
  for (const [uri, fileEdits] of byUri) {
    let converter: PositionConverter;
    let version: number | null;
    let annotationId: string | undefined;
    if (uri === doc.uri) {
      converter = doc;
      version = doc.version;
    } else {
      // Never touch anything outside the workspace, and only plain files.
      if (!uri.startsWith('file:') || !isInWorkspace(uri, host.workspaceFolders())) return undefined;
      const open = host.getOpenDocument(uri);
      const text = open ? open.getText() : host.readFile(uri);
      if (annotate) {
        // The user confirms each other file the fix writes (the editor shows a preview).
        annotationId = `nhi.otherFile:${uri}`;
        changeAnnotations[annotationId] = otherFileAnnotation(uri, text === undefined, host, context);
      }
      if (text === undefined) {
        if (!fileEdits.every((e) => e.createIfMissing) || !caps.createFiles) return undefined;
        documentChanges.push(annotationId ? CreateFile.create(uri, { ignoreIfExists: true }, annotationId) : CreateFile.create(uri, { ignoreIfExists: true }));
        createsFile = true;
      }
      converter = open ?? positionsOf(uri, text ?? '');
      version = open ? open.version : null;
    }
    const lspEdits = fileEdits.map((e) => ({ range: toLspRange(converter, e.range), newText: e.newText }));
    const documentEdits: (LspTextEdit | AnnotatedTextEdit | SnippetTextEdit)[] = lspEdits.map((e, i) => {
      if (snippet && fileEdits[i] === snippet.edit) return toSnippetEdit(e.range, e.newText, snippet.start, snippet.end);
      return annotationId ? { ...e, annotationId } : e;
    });
    documentChanges.push(TextDocumentEdit.create({ uri, version }, documentEdits));
    changes[uri] = lspEdits;
  }
  if (caps.documentChanges) return Object.keys(changeAnnotations).length > 0 ? { documentChanges, changeAnnotations } : { documentChanges };
  if (createsFile) return undefined;
  return { changes };
}

/** "Writes the secret to .env.local (gitignored)", "Updates .gitignore", "Creates infra/variables.tf" … */
function otherFileAnnotation(uri: string, creates: boolean, host: ActionHost, context: ActionContext): ChangeAnnotation {
  const shown = documentPath(uri, 'plaintext', host.workspaceFolders());
  const envFile = context.envFile.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  let label: string;
  if (shown === envFile) label = `Writes the secret to ${shown} (gitignored)`;
  else if (shown === '.gitignore') label = `${creates ? 'Creates' : 'Updates'} ${shown} so that ${envFile} stays out of git`;
  else label = `${creates ? 'Creates' : 'Changes'} ${shown}`;
  // Not `needsConfirmation`: VS Code's refactor preview starts such edits unchecked, and
  // applying the rest would remove the secret from the code without writing it anywhere
  // (seen in the e2e test). The labels still say what changes where in a preview.
  return { label, needsConfirmation: false, description: 'This quick fix also changes a file other than the one being edited.' };
}

// ---------------------------------------------------------------------------
// Suppression comments
// ---------------------------------------------------------------------------

interface CommentSyntax {
  open: string;
  close?: string;
}

const HASH: CommentSyntax = { open: '#' };
const SLASHES: CommentSyntax = { open: '//' };

/** Line comment syntax per format; formats without comments (JSON, plain text) get no suppress action. */
const COMMENT_SYNTAX: Partial<Record<Format, CommentSyntax>> = {
  yaml: HASH,
  python: HASH,
  shell: HASH,
  terraform: HASH,
  dotenv: HASH,
  toml: HASH,
  ruby: HASH,
  properties: HASH,
  ini: HASH,
  dockerfile: HASH,
  typescript: SLASHES,
  tsx: SLASHES,
  javascript: SLASHES,
  go: SLASHES,
  java: SLASHES,
  csharp: SLASHES,
  php: SLASHES,
  jsonc: SLASHES,
};

const EXISTING_IGNORE = /nhi-ignore(?:-next-line)?[ \t]+([\w*./,-]+)/;

/**
 * "Suppress <rule> here": adds `nhi-ignore <ruleId> reason=""` in a comment line
 * above the finding (or adds the rule to an nhi-ignore comment already there, which
 * a new line would otherwise push out of reach). Offered only when the edited
 * file provably means the same: the new line parses as a comment (tree-sitter),
 * the YAML/JSON data or key-value entries are unchanged, and no new parse error appears.
 */
export function suppressAction(doc: TextDocument, parsed: Document, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  if (finding.ruleId.startsWith('nhi/')) return undefined;
  const syntax = COMMENT_SYNTAX[parsed.format];
  if (!syntax) return undefined;
  const text = parsed.text;
  const line = parsed.lines.positionAt(finding.range.start).line;
  const lineStart = parsed.lines.lineStart(line);

  let offset: number;
  let newText: string;
  const above = line > 0 ? parsed.lines.lineText(line - 1) : '';
  const existing = EXISTING_IGNORE.exec(above);
  if (existing && above.trimStart().startsWith(syntax.open)) {
    const ids = existing[1].split(',');
    if (ids.includes(finding.ruleId)) return undefined;
    offset = parsed.lines.lineStart(line - 1) + (existing.index ?? 0) + existing[0].length;
    newText = `,${finding.ruleId}`;
  } else {
    const indent = /^[ \t]*/.exec(parsed.lines.lineText(line))?.[0] ?? '';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const close = syntax.close ? ` ${syntax.close}` : '';
    offset = lineStart;
    newText = `${indent}${syntax.open} nhi-ignore ${finding.ruleId} reason=""${close}${eol}`;
  }
  const edited = text.slice(0, offset) + newText + text.slice(offset);
  // Probe the last character of the comment text itself (not the line break).
  if (!meansTheSame(parsed, edited, offset + newText.trimEnd().length - 1)) return undefined;
  const at = doc.positionAt(offset);
  return {
    title: `Suppress ${finding.ruleId} here (nhi-ignore comment)`,
    kind: CodeActionKind.QuickFix,
    isPreferred: false,
    diagnostics: [diagnostic],
    edit: { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, [{ range: { start: at, end: at }, newText }])] },
  };
}

/** Checks that inserting a comment (whose last character is at `probe`) changed no meaning. */
function meansTheSame(before: Document, editedText: string, probe: number): boolean {
  const after = parseDocument({ uri: before.uri, path: before.path, text: editedText });
  try {
    if (after.problems.length > before.problems.length) return false;
    const a = before.parsed;
    const b = after.parsed;
    if (!a || !b || a.kind !== b.kind) return before.format === 'dockerfile' && !a && !b;
    switch (a.kind) {
      case 'tree-sitter': {
        if (b.kind !== 'tree-sitter') return false;
        const node = b.tree.rootNode.descendantForIndex(Math.max(0, probe));
        return !!node && node.type.includes('comment');
      }
      case 'yaml':
        return b.kind === 'yaml' && sameJson(a.documents.map((d) => d.toJS({ maxAliasCount: 100 })), b.documents.map((d) => d.toJS({ maxAliasCount: 100 })));
      case 'json':
        return b.kind === 'json' && sameJson(a.root ? jsonc.getNodeValue(a.root) : null, b.root ? jsonc.getNodeValue(b.root) : null);
      case 'key-value':
        return b.kind === 'key-value' && sameJson(a.entries.map((e) => [e.section, e.key, e.value]), b.entries.map((e) => [e.section, e.key, e.value]));
    }
  } catch {
    return false;
  } finally {
    disposeDocument(after);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
