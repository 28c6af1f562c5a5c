/** Private keys, certificates, JWTs and connection strings: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';

export const keysConnectionsSecretRules: Rule[] = [];
