/**
 * secret/ibm-cloud: IBM Cloud IAM API keys (44 characters, no prefix, so only
 * next to a name that says IBM/Bluemix) and the HMAC secret of Cloud Object
 * Storage credentials (48 hex characters under `secret_access_key`, a length
 * no common digest has).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const ibmCloud = secretRule({
  id: 'secret/ibm-cloud',
  title: 'Hard-coded IBM Cloud credential',
  rotateUrl: 'https://cloud.ibm.com/docs/account?topic=account-userapikey',
  detectors: [
    {
      name: 'api-key',
      title: 'IBM Cloud API key',
      keywords: ['ibm', 'bluemix', 'ic_api_key'],
      pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{44}(?![A-Za-z0-9_=-])/g,
      context: /(?:(?:ibm|bluemix)[\w.-]{0,30}(?:api[_-]?key|apikey|key|token|secret)|\bIC_API_KEY\b|ibmcloud[ \t]{1,5}login)(?![^\n]*\n)/i,
      minEntropy: 4,
      envName: 'IBMCLOUD_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['IBMCLOUD_API_KEY=8A-3a3j8hUChqpLcoEIfxTGMcuh5U6E6k-RkixvojKlK', 'ibmcloud login --apikey 2I9_GK9_euPyj89RWoe9alwp_umM-78_7bnzB_4aWVLD -r eu-de', 'IC_API_KEY: 8A-3a3j8hUChqpLcoEIfxTGMcuh5U6E6k-RkixvojKlK'],
        negative: ['IBMCLOUD_API_KEY=${IBMCLOUD_API_KEY}', 'ibm_region: eu-de', 'session_id=2I9_GK9_euPyj89RWoe9alwp_umM-78_7bnzB_4aWVLD'],
      },
    },
    {
      name: 'cos-hmac-secret',
      title: 'IBM Cloud Object Storage HMAC secret access key',
      keywords: ['secret_access_key'],
      pattern: /secret_access_key\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}\\?["']?(?<secret>[0-9a-f]{48})(?![0-9A-Za-z])/gi,
      minEntropy: 3.5,
      envName: 'COS_HMAC_SECRET_ACCESS_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['secret_access_key = 6b45e274108c483ced214e8dbd1cae3390cc9458848d0bd4'],
        negative: ['secret_access_key = b2e22f4359660823487697f9aaf520ee', 'secret_access_key = 6b45e274108c483ced214e8dbd1cae3390cc9458848d0bd40f3a'],
      },
    },
  ],
});
