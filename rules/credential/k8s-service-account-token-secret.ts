/**
 * credential/k8s-service-account-token-secret: a Secret of type
 * `kubernetes.io/service-account-token` creates a token that never expires (the legacy
 * mechanism); pods should use projected, short-lived tokens (the default since 1.24).
 */
import type { FindingDraft, Rule } from '../../server/src/engine/rule';

export const k8sServiceAccountTokenSecret: Rule = {
  id: 'credential/k8s-service-account-token-secret',
  category: 'credential',
  severity: 'warning',
  title: 'Long-lived ServiceAccount token Secret',
  appliesTo: ['credentialUse'],
  keywords: ['service-account-token'],
  check(ctx) {
    const findings: FindingDraft[] = [];
    for (const use of ctx.facts('credentialUse')) {
      if (use.mechanism !== 'k8s-service-account-token') continue;
      findings.push({
        message: `${use.name} holds a non-expiring token${use.identity ? ` for ${use.identity}` : ''}; use projected tokens or the TokenRequest API instead.`,
        range: use.headerRange,
        identity: use.identity ? { kind: 'k8s-service-account', name: use.identity.replace(/^ServiceAccount\//, '') } : undefined,
        fingerprintContext: use.name,
      });
    }
    return findings;
  },
};
