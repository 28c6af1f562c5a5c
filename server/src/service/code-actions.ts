/**
 * Engine fixes → LSP code actions. Every action is built from a finding the
 * server computed from the current text; client-sent diagnostics only help to
 * pick which findings the user is looking at.
 */
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { ProjectFiles } from '../engine/project/files';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as jsonc from 'jsonc-parser';
import type { Document, Finding, Fix, Format, TextEdit } from '../engine/model';
import { disposeDocument, parseDocument } from '../engine/documents/parse';
import { isInWorkspace } from './paths';
import { positionsOf, toLspRange, type PositionConverter } from './positions';

/** What the client can apply (from its `workspace.workspaceEdit` capabilities). */
export interface EditCapabilities {
  documentChanges: boolean;
  /** `resourceOperations` includes 'create'. */
  createFiles: boolean;
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
): CodeAction | undefined {
  const edit = toWorkspaceEdit(doc, fix.edits, host, caps);
  if (!edit) return undefined;
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred === true,
    diagnostics: [diagnostic],
    edit,
  };
}

function toWorkspaceEdit(doc: TextDocument, edits: TextEdit[], host: ActionHost, caps: EditCapabilities): WorkspaceEdit | undefined {
  if (edits.length === 0) return undefined;
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) byUri.set(e.uri, [...(byUri.get(e.uri) ?? []), e]);

  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  const changes: Record<string, LspTextEdit[]> = {};
  let createsFile = false;
  for (const [uri, fileEdits] of byUri) {
    let converter: PositionConverter;
    let version: number | null;
    if (uri === doc.uri) {
      converter = doc;
      version = doc.version;
    } else {
      // Never touch anything outside the workspace, and only plain files.
      if (!uri.startsWith('file:') || !isInWorkspace(uri, host.workspaceFolders())) return undefined;
      const open = host.getOpenDocument(uri);
      const text = open ? open.getText() : host.readFile(uri);
      if (text === undefined) {
        if (!fileEdits.every((e) => e.createIfMissing) || !caps.createFiles) return undefined;
        documentChanges.push(CreateFile.create(uri, { ignoreIfExists: true }));
        createsFile = true;
      }
      converter = open ?? positionsOf(uri, text ?? '');
      version = open ? open.version : null;
    }
    const lspEdits = fileEdits.map((e) => ({ range: toLspRange(converter, e.range), newText: e.newText }));
    documentChanges.push(TextDocumentEdit.create({ uri, version }, lspEdits));
    changes[uri] = lspEdits;
  }
  if (caps.documentChanges) return { documentChanges };
  if (createsFile) return undefined;
  return { changes };
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
