/** CI workflow and application-code credential rules (issue 5), in the order they run. */
import type { Rule } from '../../server/src/engine/rule';
import { ciWriteAll } from '../privilege/ci-write-all';
import { ciStaticCloudKeys } from '../credential/ci-static-cloud-keys';
import { codeStaticCloudCredentials } from '../credential/code-static-cloud-credentials';

export const ciCodeRules: Rule[] = [ciWriteAll, ciStaticCloudKeys, codeStaticCloudCredentials];
