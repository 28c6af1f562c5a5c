/**
 * Least-privilege quick fixes (server/src/engine/fixes/narrow-privilege): GitHub Actions
 * `write-all` → the scopes the steps need (no fix when any step is unknown), Kubernetes
 * `verbs: ["*"]` → read-only verbs (never preferred, never for Secrets or `*` resources).
 * Each fix must re-parse, remove the finding and be a no-op the second time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/engine/config';
import { runNeeds } from '../server/src/engine/fixes/narrow-privilege';
import { applyEdits } from '../server/src/engine/fixes/validate';
import type { AnalysisResult, Finding, Fix } from '../server/src/engine/model';

beforeAll(async () => {
  await initEngine();
});

const ROOT = 'file:///ws';
const WRITE_ALL = 'privilege/ci-write-all';
const RBAC = 'privilege/k8s-rbac-wildcard';

function analyze(path: string, text: string): AnalysisResult {
  return analyzeText({ uri: `${ROOT}/${path}`, path, text }, { config: defaultConfig(), workspaceRoot: ROOT });
}

function findingsOf(path: string, text: string, ruleId: string): Finding[] {
  return analyze(path, text).findings.filter((f) => f.ruleId === ruleId);
}

function applyAndCheck(path: string, text: string, ruleId: string, fix: Fix): string {
  const fixed = applyEdits(text, fix.edits);
  const again = analyze(path, fixed);
  expect(again.notes.filter((n) => n.kind === 'parse-error'), 'the fixed file parses').toEqual([]);
  const left = again.findings.filter((f) => f.ruleId === ruleId);
  // Idempotent: what is left has no fix that would change the text again.
  expect(applyEdits(fixed, left.flatMap((f) => f.fixes.flatMap((x) => x.edits)))).toBe(fixed);
  return fixed;
}

const WF = '.github/workflows/release.yml';

function workflow(job: string, workflowPermissions = ''): string {
  return `name: release
on:
  push:
    tags: ["v*"]
${workflowPermissions}
jobs:
${job}`;
}

describe('privilege/ci-write-all: write-all → what the steps need', () => {
  it('job level: contents: read plus the scopes of known actions and visible commands', () => {
    const text = workflow(`  publish:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci && npm publish --provenance --access public
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
      - uses: softprops/action-gh-release@v2
        with:
          token: \${{ secrets.GITHUB_TOKEN }}
`);
    const [finding] = findingsOf(WF, text, WRITE_ALL);
    expect(finding.fixes).toHaveLength(1);
    const fix = finding.fixes[0];
    expect(fix.kind).toBe('narrow-privilege');
    expect(fix.preferred).toBe(true);
    const fixed = applyAndCheck(WF, text, WRITE_ALL, fix);
    expect(fixed).toContain(`    permissions:
      contents: write
      id-token: write
    steps:`);
    expect(findingsOf(WF, fixed, WRITE_ALL)).toEqual([]);
  });

  it('workflow level: the union over jobs without their own permissions', () => {
    const text = workflow(
      `  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: results.sarif
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deployer
          aws-region: eu-west-1
  # Has its own permissions: the workflow's grant does not reach it.
  triage:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - uses: actions/github-script@v7
`,
      'permissions: write-all # from an old template\n',
    );
    const [finding] = findingsOf(WF, text, WRITE_ALL);
    const fixed = applyAndCheck(WF, text, WRITE_ALL, finding.fixes[0]);
    expect(fixed).toContain(`permissions: # from an old template
  contents: read
  id-token: write
  security-events: write
`);
  });

  it('an OIDC login is recognised by its inputs; static keys need no id-token', () => {
    const job = (inputs: string) =>
      workflow(`  deploy:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: google-github-actions/auth@v2
        with:
${inputs}`);
    const oidc = findingsOf(WF, job('          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/gh/providers/gh\n'), WRITE_ALL)[0];
    expect(oidc.fixes[0].title).toContain('id-token: write');
    const keyFile = findingsOf(WF, job('          credentials_json: ${{ secrets.GCP_SA_KEY }}\n'), WRITE_ALL)[0];
    expect(keyFile.fixes[0].title).toContain('contents: read');
    expect(keyFile.fixes[0].title).not.toContain('id-token');
  });

  const unknownSteps: [string, string][] = [
    ['an action missing from the table', `      - uses: acme-corp/vuln-scan-action@v2\n`],
    ['actions/github-script', `      - uses: actions/github-script@v7\n        with:\n          script: console.log(1)\n`],
    ['the gh CLI', `      - run: gh pr merge --auto --squash "$PR_URL"\n`],
    ['a script handed the token', `      - run: ./scripts/comment.sh\n        env:\n          GH_TOKEN: \${{ github.token }}\n`],
    ['curl with the token inline', `      - run: curl -H "Authorization: Bearer \${{ secrets.GITHUB_TOKEN }}" https://api.github.com/repos/acme/app/issues\n`],
    ['a local action', `      - uses: ./.github/actions/release\n`],
    ['a Docker action', `      - uses: docker://ghcr.io/acme/tool:1\n`],
  ];
  for (const [what, step] of unknownSteps) {
    it(`offers nothing when a step is unknown: ${what}`, () => {
      const text = workflow(`  release:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - uses: actions/checkout@v4
${step}`);
      const findings = findingsOf(WF, text, WRITE_ALL);
      expect(findings).toHaveLength(1);
      expect(findings[0].fixes).toEqual([]);
    });
  }

  it('offers nothing for a reusable workflow job or a token in the workflow env', () => {
    const reusable = workflow(`  call:
    permissions: write-all
    uses: acme/shared/.github/workflows/release.yml@v1
`);
    expect(findingsOf(WF, reusable, WRITE_ALL)[0].fixes).toEqual([]);
    const envToken = workflow(
      `  build:
    runs-on: ubuntu-latest
    steps:
      - run: ./release.sh
`,
      'permissions: write-all\nenv:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n',
    );
    expect(findingsOf(WF, envToken, WRITE_ALL)[0].fixes).toEqual([]);
  });

  it('reads run scripts word by word, in linear time on hostile input', () => {
    expect(runNeeds('git add -A\ngit commit -m "docs"\ngit push origin HEAD:gh-pages', '')).toEqual({ contents: 'write' });
    expect(runNeeds('npm publish --provenance', '')).toEqual({ 'id-token': 'write' });
    expect(runNeeds('npm publish', '')).toEqual({});
    // `gh` as a command is unknown; the word in a message is not a call.
    expect(runNeeds('echo "use gh to merge" && make test', '')).toEqual({});
    expect(runNeeds('GH_REPO=acme/app gh release create v1', '')).toBe('unknown');
    expect(runNeeds('url=$(gh pr view --json url -q .url)', '')).toBe('unknown');
    const started = Date.now();
    runNeeds(`${'git '.repeat(200_000)}\n${'publish '.repeat(200_000)}`, 'x'.repeat(100_000));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('privilege/k8s-rbac-wildcard: * verbs → read-only, never preferred', () => {
  const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: report-operator
rules:
${rules}`;

  it('narrows a flow list, keeping explicit verbs, as a non-preferred fix with a clear title', () => {
    const text = role(`  - apiGroups: ["batch"]
    resources: ["cronjobs"]
    verbs: ["create", "*"]
`);
    const [finding] = findingsOf('rbac.yaml', text, RBAC);
    expect(finding.fixes).toHaveLength(1);
    const fix = finding.fixes[0];
    expect(fix.preferred).toBe(false);
    expect(fix.title).toMatch(/read-only verbs.*check the workload needs no writes/);
    const fixed = applyAndCheck('rbac.yaml', text, RBAC, fix);
    expect(fixed).toContain('verbs: ["create", "get", "list", "watch"]');
    expect(findingsOf('rbac.yaml', fixed, RBAC)).toEqual([]);
  });

  it('narrows a block list and JSON', () => {
    const block = role(`  - apiGroups: [""]
    resources:
      - configmaps
    verbs:
      - "*"
`);
    expect(applyAndCheck('rbac.yaml', block, RBAC, findingsOf('rbac.yaml', block, RBAC)[0].fixes[0])).toContain(`    verbs:
      - "get"
      - "list"
      - "watch"
`);
    const json = `{ "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": { "name": "j" },
  "rules": [{ "apiGroups": ["batch"], "resources": ["jobs"], "verbs": ["*"] }] }
`;
    expect(applyAndCheck('role.json', json, RBAC, findingsOf('role.json', json, RBAC)[0].fixes[0])).toContain('"verbs": ["get", "list", "watch"]');
  });

  for (const resources of ['["secrets"]', '["pods", "pods/exec"]', '["*"]', '["nodes/proxy"]']) {
    it(`offers nothing for resources ${resources}`, () => {
      const text = role(`  - apiGroups: [""]
    resources: ${resources}
    verbs: ["*"]
`);
      const findings = findingsOf('rbac.yaml', text, RBAC);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(f.fixes).toEqual([]);
    });
  }
});
