/** Source control, CI and package registries: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';

export const sourceControlSecretRules: Rule[] = [];
