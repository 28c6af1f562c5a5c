/** Payments, observability, SaaS and secrets infrastructure: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';

export const saasSecretRules: Rule[] = [];
