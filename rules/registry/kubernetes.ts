/** Kubernetes RBAC, ServiceAccount and pod rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';

export const kubernetesRules: Rule[] = [];
