/** Generic secrets by name, entropy and context: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';

export const genericSecretRules: Rule[] = [];
