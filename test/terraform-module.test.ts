/**
 * A Terraform module is every `.tf` file of a directory: provider default_tags,
 * locals and variable defaults declared in one file apply to the others — in the
 * CLI audit (disk) and in the editor (open buffers win over the disk, and edits to
 * one file of a module re-analyse the others).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { diskProjectFiles, listingSnapshot, type ProjectFiles } from '../server/src/engine/project/files';
import { auditWorkspace } from '../server/src/engine/workspace';
import { LanguageService } from '../server/src/service/language-service';
import { createWorkspaceHost } from '../server/src/service/workspace-host';
import { parseWith } from '../server/src/engine/documents/tree-sitter';

// Pass-through, counted: which texts the module builder parses.
vi.mock('../server/src/engine/documents/tree-sitter', async (importOriginal) => {
  const original = await importOriginal<typeof import('../server/src/engine/documents/tree-sitter')>();
  return { ...original, parseWith: vi.fn(original.parseWith) };
});

const PROVIDERS = `provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      team        = "payments-platform"
      cost-center = "cc-2210"
    }
  }
}
`;
const IAM = `resource "aws_iam_role" "ledger_writer" {
  name               = "payments-ledger-writer"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_user" "exporter" {
  provider = aws.audit
  name     = "payments-exporter"
  tags     = local.exporter_tags
}

resource "aws_iam_policy" "exporter" {
  name   = "payments-exporter"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.exporter_actions, Resource = "*" }]
  })
}
`;
const LOCALS = `locals {
  exporter_tags = merge(local.base_tags, { owner = "data-exports@payments.example.com" })
  base_tags     = { Name = "exporter" }
}

variable "exporter_actions" {
  type    = list(string)
  default = ["s3:*"]
}

provider "aws" {
  alias  = "audit"
  region = "eu-central-1"
}
`;

let dir: string;
const config = defaultConfig();
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
const rulesAt = (findings: { ruleId: string; range: { start: number } }[], text: string) =>
  findings.map((f) => `${text.slice(0, f.range.start).split('\n').length}:${f.ruleId}`).sort();

beforeAll(async () => {
  await initEngine();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-tf-module-'));
  fs.mkdirSync(path.join(dir, 'stack'));
  fs.writeFileSync(path.join(dir, 'stack', 'providers.tf'), PROVIDERS);
  fs.writeFileSync(path.join(dir, 'stack', 'iam.tf'), IAM);
  fs.writeFileSync(path.join(dir, 'stack', 'locals.tf'), LOCALS);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Terraform module context', () => {
  it('alone, a file knows nothing of its module: role and policy lack an owner, the user\'s tags and the actions are unknown', () => {
    const result = analyzeText({ uri: uriOf('stack/iam.tf'), path: 'stack/iam.tf', text: IAM }, { config });
    expect(rulesAt(result.findings, IAM)).toEqual(['12:ownership/missing-owner-tag', '1:ownership/missing-owner-tag']);
  });

  it('with the module: default_tags from providers.tf, locals and variable defaults from locals.tf', () => {
    const project = diskProjectFiles(() => [dir]);
    const result = analyzeText({ uri: uriOf('stack/iam.tf'), path: 'stack/iam.tf', text: IAM }, { config, project });
    // The role and the policy inherit `team`; the user gets its owner from the merged local;
    // the policy's actions come from the variable default in another file: s3:* on *.
    expect(rulesAt(result.findings, IAM)).toEqual(['16:privilege/iam-wildcard-action']);
    const user = result.identities.find((i) => i.name === 'aws_iam_user.exporter');
    expect(user?.owner).toBe('data-exports@payments.example.com');
    expect(result.identities.find((i) => i.name === 'aws_iam_role.ledger_writer')?.owner).toBe('payments-platform');
  });

  it('a provider block in another directory is another module', () => {
    fs.mkdirSync(path.join(dir, 'child'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'child', 'iam.tf'), IAM);
    const project = diskProjectFiles(() => [dir]);
    const result = analyzeText({ uri: uriOf('child/iam.tf'), path: 'child/iam.tf', text: IAM }, { config, project });
    expect(result.findings.filter((f) => f.ruleId === 'ownership/missing-owner-tag')).toHaveLength(2);
  });

  it('never reads outside the workspace roots', () => {
    const project = diskProjectFiles(() => [path.join(dir, 'child')]);
    expect(project.directory(uriOf('stack/iam.tf'), '.tf')).toBeUndefined();
    expect(project.directory(uriOf('child/iam.tf'), '.tf')?.load().map((f) => path.basename(new URL(f.uri).pathname))).toEqual(['iam.tf']);
  });

  it('a module file that declares nothing a module shares (no locals, variables, providers, IAM users or keys) is not parsed for it', () => {
    const S3 = 'resource "aws_s3_bucket" "ledger" {\n  bucket = "payments-ledger-archive"\n}\n';
    fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'storage', 'providers.tf'), PROVIDERS);
    fs.writeFileSync(path.join(dir, 'storage', 's3.tf'), S3);
    fs.writeFileSync(path.join(dir, 'storage', 'iam.tf'), IAM);
    vi.mocked(parseWith).mockClear();
    const project = diskProjectFiles(() => [dir]);
    const result = analyzeText({ uri: uriOf('storage/iam.tf'), path: 'storage/iam.tf', text: IAM }, { config, project });
    const parsedTexts = vi.mocked(parseWith).mock.calls.map((c) => c[1]);
    expect(parsedTexts).toContain(PROVIDERS);
    expect(parsedTexts).not.toContain(S3);
    // The provider's default_tags still reach the role (alone, the role lacks an owner).
    const alone = analyzeText({ uri: uriOf('storage/iam.tf'), path: 'storage/iam.tf', text: IAM }, { config });
    expect(alone.findings.filter((f) => f.ruleId === 'ownership/missing-owner-tag').length).toBeGreaterThan(0);
    expect(result.findings.filter((f) => f.ruleId === 'ownership/missing-owner-tag')).toEqual([]);
  });

  it('a snapshot lists each directory once, per extension, and gives the same listing', () => {
    const disk = diskProjectFiles(() => [dir]);
    const asked: string[] = [];
    const counting: ProjectFiles = { directory: (uri, ext) => (asked.push(`${path.basename(path.dirname(new URL(uri).pathname))}${ext}`), disk.directory(uri, ext)) };
    const snapshot = listingSnapshot(counting);
    const iam = snapshot.directory(uriOf('stack/iam.tf'), '.tf');
    expect(snapshot.directory(uriOf('stack/locals.tf'), '.tf')).toBe(iam);
    expect(snapshot.directory(uriOf('stack/providers.tf'), '.tf')).toBe(iam);
    expect(iam?.key).toBe(disk.directory(uriOf('stack/iam.tf'), '.tf')?.key);
    snapshot.directory(uriOf('stack/main.py'), '.py');
    snapshot.directory(uriOf('child/iam.tf'), '.tf');
    expect(asked).toEqual(['stack.tf', 'stack.py', 'child.tf']);
  });

  it('the CLI audit sees the module', async () => {
    const audit = await auditWorkspace([path.join(dir, 'stack')], { config });
    const iam = audit.files.find((f) => f.path === 'iam.tf');
    expect(iam?.findings.map((f) => f.ruleId)).toEqual(['privilege/iam-wildcard-action']);
  });

  it('in the editor, an unsaved buffer of a module file wins over the disk, and its own file is never read twice', () => {
    const open = new Map<string, TextDocument>();
    const service = new LanguageService(createWorkspaceHost(open, () => [pathToFileURL(dir).href]));
    const iam = TextDocument.create(uriOf('stack/iam.tf'), 'terraform', 1, IAM);
    open.set(iam.uri, iam);
    expect(service.diagnostics(iam, config).map((d) => d.code)).toEqual(['privilege/iam-wildcard-action']);

    // The user deletes default_tags from providers.tf (not saved yet).
    const providers = TextDocument.create(uriOf('stack/providers.tf'), 'terraform', 2, 'provider "aws" {\n  region = "eu-west-1"\n}\n');
    open.set(providers.uri, providers);
    service.forget(iam.uri); // what the server does when a module file changes
    expect(service.diagnostics(iam, config).map((d) => d.code).sort()).toEqual(['ownership/missing-owner-tag', 'ownership/missing-owner-tag', 'privilege/iam-wildcard-action']);
    expect(service.diagnostics(iam, config).map((d) => d.range.start.line + 1).sort()).toEqual([1, 12, 16]);

    // The iam.tf buffer itself now declares the variable with a narrow default: its own declaration wins over the disk copy.
    const edited = TextDocument.create(iam.uri, 'terraform', 3, IAM + '\n');
    open.set(iam.uri, edited);
    const locals = TextDocument.create(uriOf('stack/locals.tf'), 'terraform', 4, LOCALS.replace('["s3:*"]', '["s3:GetObject"]'));
    open.set(locals.uri, locals);
    expect(service.diagnostics(edited, config).map((d) => d.code)).toEqual(['ownership/missing-owner-tag', 'ownership/missing-owner-tag']);
  });
});
