/**
 * The labelled identity corpus (privilege, ownership, credential), generated
 * deterministically in memory from the issue text and docs/rules: every
 * positive and hard negative sits in a realistic host file of a syntax the
 * rules read, with its span recorded as a label.
 */
import { Rng } from '../secrets/rng';
import { accessKeyCases, adminPolicyCases, ownershipAwsCases, policyCase, POLICY_SYNTAXES, statementKinds, trustCase, trustKinds, TRUST_SYNTAXES, type Case } from './aws';
import { armCases, cdkImperativeCase, cdkManagedCases, cdkPolicyCase, samManagedCases, samStatementCase } from './cdk-sam-arm';
import { azureCases, codeCases, gcpCases, githubCases, gitlabCases } from './cloud-ci-code';
import { bindingCase, bindingKinds, K8S_SYNTAXES, podKeyCases, rbacRuleCase, rbacRuleKinds, serviceAccountOwnerCases, tokenSecretCases } from './kubernetes';
import { unmark, type IdentityCorpus } from './label';

export const IDENTITY_CORPUS_SEED = 20261126;

/** Instances of each (kind × syntax) pair; kinds vary names, actions, roles and layout per instance. */
const ROUNDS = 2;

export function generateIdentityCorpus(seed = IDENTITY_CORPUS_SEED): IdentityCorpus {
  const r = new Rng(seed);
  const cases: Case[] = [];
  let i = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const syntax of POLICY_SYNTAXES) {
      for (const sk of statementKinds) {
        // IAM JSON files have no way to say "not known until deploy time".
        if (sk.unknownOnly && syntax === 'iam-json') continue;
        cases.push(policyCase(r, i++, syntax, sk));
      }
    }
    // CDK and SAM hosts for the same statements.
    for (const sk of statementKinds) {
      cases.push(cdkPolicyCase(r, i++, 'ts', sk), cdkPolicyCase(r, i++, 'py', sk));
      cases.push(cdkImperativeCase(r, i++, 'ts', sk), cdkImperativeCase(r, i++, 'py', sk));
      cases.push(samStatementCase(r, i++, sk));
    }
    for (const syntax of TRUST_SYNTAXES) for (const tk of trustKinds) cases.push(trustCase(r, i++, syntax, tk));
    for (const syntax of K8S_SYNTAXES) {
      for (const rk of rbacRuleKinds) cases.push(rbacRuleCase(r, i++, syntax, rk));
      for (const bk of bindingKinds) cases.push(bindingCase(r, i++, syntax, bk));
      cases.push(...serviceAccountOwnerCases(r, i++, syntax));
      cases.push(...tokenSecretCases(r, i++, syntax));
    }
  }
  for (let n = 0; n < 4; n++) {
    cases.push(...adminPolicyCases(r, i++));
    cases.push(...ownershipAwsCases(r, i++), ...ownershipAwsCases(r, i++));
    cases.push(...accessKeyCases(r, i++));
    cases.push(...gcpCases(r, i++));
    cases.push(...azureCases(r, i++));
    cases.push(...githubCases(r, i++));
    cases.push(...gitlabCases(r, i++));
    cases.push(...codeCases(r, i++));
    cases.push(...cdkManagedCases(r, i++, 'ts'), ...cdkManagedCases(r, i++, 'py'));
    cases.push(...samManagedCases(r, i++));
    cases.push(...armCases(r, i++));
  }
  // Every workload kind, in every manifest syntax.
  for (let n = 0; n < 7; n++) for (const syntax of K8S_SYNTAXES) cases.push(...podKeyCases(r, n, syntax));

  const corpus: IdentityCorpus = { files: [], labels: [] };
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.path)) throw new Error(`duplicate corpus path ${c.path}`);
    seen.add(c.path);
    const { file, labels } = unmark(c.path, c.marked);
    corpus.files.push(file);
    corpus.labels.push(...labels);
  }
  return corpus;
}
