/** Kubernetes RBAC, ServiceAccount and pod rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';
import { k8sRbacWildcard } from '../privilege/k8s-rbac-wildcard';
import { k8sRbacEscalation } from '../privilege/k8s-rbac-escalation';
import { k8sSecretsReadClusterWide } from '../privilege/k8s-secrets-read-cluster-wide';
import { k8sClusterAdminBinding } from '../privilege/k8s-cluster-admin-binding';
import { k8sStaticCloudKeys } from '../credential/k8s-static-cloud-keys';
import { k8sServiceAccountTokenSecret } from '../credential/k8s-service-account-token-secret';
import { k8sServiceAccountOwner } from '../ownership/k8s-service-account-owner';

export const kubernetesRules: Rule[] = [
  k8sRbacWildcard,
  k8sRbacEscalation,
  k8sSecretsReadClusterWide,
  k8sClusterAdminBinding,
  k8sStaticCloudKeys,
  k8sServiceAccountTokenSecret,
  k8sServiceAccountOwner,
];
