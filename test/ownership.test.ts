/**
 * The ownership rules' shared key logic (rules/ownership/_owner-keys.ts) and the opt-in
 * lifecycle rule: off unless configured, configurable keys, alternatives with `|`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText, initEngine } from '../server/src/engine/analyze';
import { defaultConfig, fromFlat } from '../server/src/engine/config';
import { describeKeys, isOwnerKey, matchesKey, normaliseKeys } from '../rules/ownership/_owner-keys';

beforeAll(async () => {
  await initEngine();
});

const LIFECYCLE = 'ownership/missing-lifecycle-tags';
const OWNER = 'ownership/missing-owner-tag';

function findings(text: string, config = defaultConfig(), path = 'main.tf') {
  return analyzeText({ uri: `file:///ws/${path}`, path, text }, { config }).findings;
}

describe('owner keys', () => {
  it('match case-insensitively, exactly or as the last segment of a prefixed key', () => {
    const defaults = defaultConfig().ownerTagKeys;
    expect(defaults).toEqual(['owner', 'team']);
    for (const key of ['owner', 'Owner', 'TEAM', 'acme.io/owner', 'app.kubernetes.io/Team', 'a/b/team']) expect(isOwnerKey(key, defaults), key).toBe(true);
    for (const key of ['owner-team', 'product-owner', 'teams', 'owner/name', 'acme.io/owners', '']) expect(isOwnerKey(key, defaults), key).toBe(false);
  });

  it('honour configured keys, and a configured prefixed key matches only itself', () => {
    expect(isOwnerKey('acme.io/costcenter', ['CostCenter'])).toBe(true);
    expect(isOwnerKey('owner', ['CostCenter'])).toBe(false);
    expect(isOwnerKey('acme.io/owner', ['acme.io/owner'])).toBe(true);
    expect(isOwnerKey('other.io/owner', ['acme.io/owner'])).toBe(false);
    expect(matchesKey('x', normaliseKeys(['  ', '']))).toBe(false);
  });

  it('describe themselves in messages', () => {
    expect(describeKeys(['owner', 'Team', 'team'])).toBe('owner, team, or a key ending in /owner or /team');
    expect(describeKeys(['acme.io/owner'])).toBe('acme.io/owner');
  });

  it('name the expected keys in the missing-owner message; policies and secrets carry no identity', () => {
    const text = 'resource "aws_iam_role" "worker" {\n  name = "worker"\n}\nresource "aws_secretsmanager_secret" "db" {\n  name = "db"\n}\n';
    const [role, secret] = findings(text).filter((f) => f.ruleId === OWNER);
    expect(role.message).toBe('IAM role aws_iam_role.worker has no owner tag (owner, team, or a key ending in /owner or /team); without an owner nobody rotates or removes it.');
    expect(secret.message).toBe('Secret aws_secretsmanager_secret.db has no owner tag (owner, team, or a key ending in /owner or /team); without an owner nobody rotates it or knows who may read it.');
    expect(secret.identity).toBeUndefined();
  });
});

describe(LIFECYCLE, () => {
  const text = 'resource "aws_iam_role" "tmp" {\n  name = "tmp"\n  tags = { team = "x", purpose = "load test" }\n}\n';

  it('is off by default', () => {
    expect(findings(text).filter((f) => f.ruleId === LIFECYCLE)).toEqual([]);
  });

  it('runs when a severity is configured, and names the missing tags', () => {
    const config = fromFlat({ rules: { [LIFECYCLE]: 'warning' } });
    const [f] = findings(text, config).filter((x) => x.ruleId === LIFECYCLE);
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('has no "expiry / expires / expiration / ttl" tag');
    expect(f.message).not.toContain('"purpose"');
  });

  it('uses the configured lifecycle keys', () => {
    const config = fromFlat({ rules: { [LIFECYCLE]: 'info' }, lifecycleTagKeys: ['purpose', 'review-by|sunset'] });
    expect(findings(text, config).filter((f) => f.ruleId === LIFECYCLE).map((f) => f.message)).toEqual([
      'IAM role aws_iam_role.tmp has no "review-by / sunset" tag with a real value; state why it exists and when it can be removed, so unused identities get cleaned up.',
    ]);
    const sunset = text.replace('purpose = "load test"', 'purpose = "load test", "acme.io/sunset" = "2027-01-01"');
    expect(findings(sunset, config).filter((f) => f.ruleId === LIFECYCLE)).toEqual([]);
    const none = fromFlat({ rules: { [LIFECYCLE]: 'info' }, lifecycleTagKeys: [] });
    expect(findings('resource "aws_iam_role" "r" {}\n', none).filter((f) => f.ruleId === LIFECYCLE)).toEqual([]);
  });

  it('stays off when configured "off"', () => {
    const config = fromFlat({ rules: { [LIFECYCLE]: 'off' } });
    expect(findings(text, config).filter((f) => f.ruleId === LIFECYCLE)).toEqual([]);
  });
});
