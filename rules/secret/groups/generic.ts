/** Generic secrets by name, entropy and context: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { genericSecret } from '../generic-secret';
import { genericPassword } from '../generic-password';

export const genericSecretRules: Rule[] = [genericSecret, genericPassword];
