import { describe, expect, it } from 'vitest';
import { detectFlavors, detectFormat, formatFromPath } from '../server/src/engine/documents/format';
import type { Flavor, Format } from '../server/src/engine/model';

function detect(path: string, text = ''): { format: Format; flavors: Flavor[] } {
  const format = detectFormat(path, text);
  return { format, flavors: detectFlavors(path, format, text) };
}

describe('format from path', () => {
  it.each<[string, Format]>([
    ['Dockerfile', 'dockerfile'],
    ['services/api/Dockerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['build/worker.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['.env', 'dotenv'],
    ['.env.production', 'dotenv'],
    ['config/.env.local', 'dotenv'],
    ['staging.env', 'dotenv'],
    ['.npmrc', 'ini'],
    ['.pypirc', 'ini'],
    ['tsconfig.json', 'jsonc'],
    ['packages/web/tsconfig.build.json', 'jsonc'],
    ['jsconfig.json', 'jsonc'],
    ['.vscode/settings.json', 'jsonc'],
    ['.devcontainer/devcontainer.json', 'jsonc'],
    ['package.json', 'json'],
    ['policy.json', 'json'],
    ['main.tf', 'terraform'],
    ['prod.tfvars', 'terraform'],
    ['app.py', 'python'],
    ['src/index.ts', 'typescript'],
    ['src/App.tsx', 'tsx'],
    ['lib/x.mjs', 'javascript'],
    ['main.go', 'go'],
    ['deploy.yaml', 'yaml'],
    ['ci.yml', 'yaml'],
    ['pyproject.toml', 'toml'],
    ['application.properties', 'properties'],
    ['C:\\repo\\infra\\main.tf', 'terraform'],
    ['README', 'text'],
    ['yarn.lock', 'text'],
  ])('%s → %s', (path, format) => {
    expect(formatFromPath(path)).toBe(format);
    expect(detectFormat(path, '')).toBe(format);
  });

  it('does not treat inherited object properties as extensions or names', () => {
    expect(formatFromPath('x.constructor')).toBe('text');
    expect(formatFromPath('toString')).toBe('text');
    expect(formatFromPath('__proto__')).toBe('text');
  });
});

describe('format from content (extension-less files)', () => {
  it.each<[string, Format]>([
    ['#!/bin/sh\necho hi\n', 'shell'],
    ['#!/usr/bin/env bash\nset -e\n', 'shell'],
    ['#!/bin/bash -eu\n', 'shell'],
    ['#!/usr/bin/env python3\nimport os\n', 'python'],
    ['#!/usr/bin/python3.11\nimport os\n', 'python'],
    ['#!/usr/bin/env -S python3 -u\n', 'python'],
    ['#!/usr/bin/env node\nconsole.log(1)\n', 'javascript'],
    ['#!/usr/bin/env -S node --no-warnings\n', 'javascript'],
    ['#!/usr/bin/env ruby\n', 'ruby'],
    ['\uFEFF#!/bin/bash\n', 'shell'],
    ['#!/usr/bin/env perl\n', 'text'],
    ['just some notes\n#!/bin/sh\n', 'text'],
    ['', 'text'],
  ])('%j → %s', (text, format) => {
    expect(detectFormat('scripts/deploy', text)).toBe(format);
  });

  it('a path-based format wins over a shebang', () => {
    expect(detectFormat('run.py', '#!/bin/sh\n')).toBe('python');
  });

  it('a CloudFormation .template is JSON or YAML by content', () => {
    expect(detectFormat('stack.template', '{ "Resources": {} }')).toBe('json');
    expect(detectFormat('stack.template', 'AWSTemplateFormatVersion: "2010-09-09"\n')).toBe('yaml');
  });
});

describe('flavors', () => {
  it('GitHub workflow by path', () => {
    expect(detect('.github/workflows/deploy.yml', 'on: push\njobs: {}\n').flavors).toContain('github-actions');
    expect(detect('.github/workflows/ci.yaml', 'on: push\n').flavors).toContain('github-actions');
    expect(detect('.github\\workflows\\ci.yaml', 'on: push\n').flavors).toContain('github-actions');
    expect(detect('actions/setup/action.yml', 'runs:\n  using: node20\n').flavors).toContain('github-actions');
    expect(detect('docs/workflows/deploy.yml', 'on: push\n').flavors).not.toContain('github-actions');
    expect(detect('.github/workflows/nested/deploy.yml', 'on: push\n').flavors).not.toContain('github-actions');
  });

  it('GitLab CI by path', () => {
    expect(detect('.gitlab-ci.yml', 'stages: [build]\n').flavors).toContain('gitlab-ci');
    expect(detect('.gitlab/ci/deploy.gitlab-ci.yml', 'deploy:\n  script: [make]\n').flavors).toContain('gitlab-ci');
    expect(detect('.gitlab/ci/build.yml', 'build:\n  script: [make]\n').flavors).toContain('gitlab-ci');
    expect(detect('ci/gitlab.yml', 'x: 1\n').flavors).not.toContain('gitlab-ci');
  });

  it('Kubernetes manifest by content, including multi-document and JSON', () => {
    const manifest = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n';
    expect(detect('k8s/sa.yaml', manifest).flavors).toEqual(['kubernetes']);
    expect(detect('k8s/all.yaml', `---\n${manifest}---\napiVersion: apps/v1\nkind: Deployment\n`).flavors).toContain('kubernetes');
    expect(detect('k8s/sa.json', '{ "apiVersion": "v1", "kind": "Secret", "data": {} }').flavors).toContain('kubernetes');
    // A Helm Chart.yaml has apiVersion but no kind; plain config has neither.
    expect(detect('chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n').flavors).not.toContain('kubernetes');
    expect(detect('config.yaml', 'server:\n  kind: fast\n  apiVersion: 3\n').flavors).not.toContain('kubernetes');
  });

  it('CloudFormation YAML and JSON', () => {
    expect(detect('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n').flavors).toContain('cloudformation');
    expect(detect('stack.yml', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n').flavors).toContain('cloudformation');
    expect(detect('stack.yml', 'Resources:\n  Role:\n    Type: "AWS::IAM::Role"\n').flavors).toContain('cloudformation');
    expect(detect('stack.json', '{\n  "Resources": { "R": { "Type": "AWS::IAM::Role" } }\n}').flavors).toContain('cloudformation');
    expect(detect('stack.json', '{ "AWSTemplateFormatVersion": "2010-09-09" }').flavors).toContain('cloudformation');
    expect(detect('values.yaml', 'resources:\n  limits:\n    cpu: 1\n').flavors).not.toContain('cloudformation');
  });

  it('IAM policy JSON', () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }]\n}\n';
    expect(detect('iam/deploy-policy.json', policy).flavors).toEqual(['iam-policy']);
    expect(detect('iam/deny.json', '{"Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}').flavors).toEqual(['iam-policy']);
    expect(detect('package.json', '{ "name": "x", "scripts": { "Action": "y" } }').flavors).toEqual([]);
  });

  it('Compose and Serverless by name', () => {
    expect(detect('docker-compose.yml', 'services: {}\n').flavors).toContain('compose');
    expect(detect('compose.yaml', 'services: {}\n').flavors).toContain('compose');
    expect(detect('docker-compose.override.yml', 'services: {}\n').flavors).toContain('compose');
    expect(detect('serverless.yml', 'service: api\n').flavors).toContain('serverless');
    expect(detect('my-compose-notes.yml', 'x: 1\n').flavors).not.toContain('compose');
  });

  it('lockfiles, whatever their syntax', () => {
    for (const name of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock', 'Pipfile.lock', 'composer.lock', '.terraform.lock.hcl']) {
      expect(detect(`app/${name}`, '').flavors, name).toContain('lockfile');
    }
    expect(detect('package.json', '{}').flavors).not.toContain('lockfile');
  });

  it('.npmrc', () => {
    expect(detect('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n')).toEqual({ format: 'ini', flavors: ['npmrc'] });
  });

  it('MCP config by path and content', () => {
    expect(detect('.vscode/mcp.json', '{ "servers": { "x": {} } }').flavors).toContain('mcp-config');
    expect(detect('.cursor/mcp.json', '{ "mcpServers": {} }').flavors).toContain('mcp-config');
    expect(detect('data/servers.json', '{ "servers": { "x": {} } }').flavors).not.toContain('mcp-config');
  });

  it('a byte order mark does not hide the content', () => {
    expect(detect('sa.yaml', '\uFEFFapiVersion: v1\nkind: ServiceAccount\n').flavors).toContain('kubernetes');
    expect(detect('s.yaml', '\uFEFFAWSTemplateFormatVersion: "2010-09-09"\n').flavors).toContain('cloudformation');
  });
});
