/** Private keys, certificates, JWTs and connection strings: secret rules of this group, in the order they run. */
import type { Rule } from '../../../server/src/engine/rule';
import { kubeconfig } from '../kubeconfig';
import { privateKey } from '../private-key';
import { pkcs12Keystore } from '../pkcs12';
import { jwt } from '../jwt';
import { connectionString } from '../connection-string';
import { httpAuth } from '../http-auth';

// Most specific first: the engine keeps the first rule's finding on an overlapping span
// (kubeconfig client-key-data before the generic base64 private key; JWTs before bearer tokens).
export const keysConnectionsSecretRules: Rule[] = [kubeconfig, privateKey, pkcs12Keystore, jwt, connectionString, httpAuth];
