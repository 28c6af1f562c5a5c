/**
 * The language server's workspace link index says whether a file's links changed in what
 * they mean (then other open files' related information is refreshed), not where they are.
 */
import { describe, expect, it } from 'vitest';
import type { LinkFact } from '../server/src/engine/model';
import { WorkspaceLinks } from '../server/src/service/link-index';

const uri = 'file:///w/k8s/cluster.yaml';
const link = (key: string, at: number, extra: Partial<LinkFact> = {}): LinkFact => ({
  kind: 'link',
  key,
  role: 'workload',
  label: `Deployment ${key}: runs as this service account`,
  range: { start: at, end: at + 40 },
  ...extra,
});

describe('workspace links', () => {
  it('report a change of meaning, not of position', () => {
    const links = new WorkspaceLinks();
    expect(links.set(uri, [link('k8s-sa:prod/api', 10), link('k8s-sa:prod/worker', 90)])).toBe(true);
    // A keystroke above moved both: same meaning.
    expect(links.set(uri, [link('k8s-sa:prod/api', 11), link('k8s-sa:prod/worker', 91)])).toBe(false);
    expect(links.set(uri, [link('k8s-sa:prod/api', 11), link('k8s-sa:prod/worker', 91, { label: 'Deployment worker2: runs as this service account' })])).toBe(true);
    expect(links.set(uri, [link('k8s-sa:prod/api', 11), link('k8s-sa:prod/worker', 91, { label: 'Deployment worker2: runs as this service account', role: 'binding' })])).toBe(true);
    expect(links.set(uri, [link('k8s-sa:prod/api', 11)])).toBe(true);
  });

  it('compare aliases one by one', () => {
    const links = new WorkspaceLinks();
    links.set(uri, [link('tf:infra:aws_iam_user.ci', 0, { aliases: ['aws-user:ci'] })]);
    expect(links.set(uri, [link('tf:infra:aws_iam_user.ci', 5, { aliases: ['aws-user:ci'] })])).toBe(false);
    expect(links.set(uri, [link('tf:infra:aws_iam_user.ci', 5, { aliases: ['aws-user:ci-deployer'] })])).toBe(true);
    expect(links.set(uri, [link('tf:infra:aws_iam_user.ci', 5, { aliases: ['aws-user:ci-deployer', 'aws-user:ci'] })])).toBe(true);
    expect(links.set(uri, [link('tf:infra:aws_iam_user.ci', 5)])).toBe(true);
  });

  it('keep no entry for a file without links, and share the others', () => {
    const links = new WorkspaceLinks();
    links.set(uri, [link('k8s-sa:prod/api', 10)]);
    links.set('file:///w/infra/iam.tf', [link('tf:infra:aws_iam_role.api', 0, { role: 'declaration' })]);
    expect(links.size).toBe(2);
    expect(links.others(uri).map((f) => f.uri)).toEqual(['file:///w/infra/iam.tf']);
    expect(links.set(uri, [])).toBe(true);
    expect(links.size).toBe(1);
    expect(links.set(uri, [])).toBe(false);
  });
});
