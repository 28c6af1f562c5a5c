/** GCP and Azure role, ownership and credential rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';
import { gcpPrimitiveRole } from '../privilege/gcp-primitive-role';
import { gcpPublicMember } from '../privilege/gcp-public-member';
import { azurePrivilegedRole } from '../privilege/azure-privileged-role';
import { gcpServiceAccountKey } from '../credential/gcp-service-account-key';
import { azureClientSecret } from '../credential/azure-client-secret';

export const gcpAzureRules: Rule[] = [gcpPrimitiveRole, gcpPublicMember, azurePrivilegedRole, gcpServiceAccountKey, azureClientSecret];
