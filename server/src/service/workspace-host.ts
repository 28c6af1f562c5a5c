/**
 * The language service's view of the workspace: open documents first, then
 * files on disk — only inside workspace folders, only regular files of sane size.
 */
import * as fs from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageServiceHost } from './language-service';
import { diskProjectFiles } from '../engine/project/files';
import { isInWorkspace, uriKey, uriToFsPath } from './paths';

const MAX_READ_BYTES = 4 * 1024 * 1024;

export function createWorkspaceHost(
  open: { get(uri: string): TextDocument | undefined; all?(): TextDocument[] },
  folders: () => readonly string[],
): LanguageServiceHost {
  const folderPaths = () => folders().flatMap((f) => uriToFsPath(f) ?? []);
  const openByPath = (uri: string) => {
    const key = uriKey(uri);
    const doc = open.get(uri) ?? open.all?.().find((d) => uriKey(d.uri) === key);
    return doc ? { text: doc.getText(), version: doc.version } : undefined;
  };
  return {
    project: diskProjectFiles(folderPaths, openByPath),
    getOpenDocument: (uri) => open.get(uri),
    workspaceFolders: folders,
    readFile(uri) {
      const doc = open.get(uri);
      if (doc) return doc.getText();
      const file = uriToFsPath(uri);
      if (!file || !isInWorkspace(uri, folders())) return undefined;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > MAX_READ_BYTES) return undefined;
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
