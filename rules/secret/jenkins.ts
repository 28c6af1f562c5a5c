/**
 * secret/jenkins: Jenkins user API tokens (32 hex, or 34 starting with `11`
 * since Jenkins 2.129) and inbound agent secrets (64 hex). Both look like
 * hashes, so both need a key or command line that names them.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const jenkins = secretRule({
  id: 'secret/jenkins',
  title: 'Hard-coded Jenkins credential',
  rotateUrl: 'https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/',
  detectors: [
    {
      name: 'api-token',
      title: 'Jenkins API token',
      keywords: ['jenkins'],
      // JENKINS_API_TOKEN=…, jenkins_token: …, JENKINS_AUTH=user:token, jenkins-cli … -auth user:token.
      pattern: /(?:jenkins[A-Za-z0-9_.-]{0,20}(?:token|auth)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?:[A-Za-z0-9_.@-]{1,64}:)?|-auth[ \t]{1,4}\\?["']?[A-Za-z0-9_.@-]{1,64}:)(?<secret>(?:11)?[0-9a-f]{32})(?![A-Za-z0-9_-])/gi,
      context: /jenkins/i,
      minEntropy: 3,
      envName: 'JENKINS_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['JENKINS_API_TOKEN=11388e467c0aef9124c41a088af3365ea1', 'java -jar jenkins-cli.jar -s https://ci.kestrel.dev/ -auth deploy-bot:116f5f20e648b3fdf8f5b1ed3dca5b526c build api'],
        negative: ['JENKINS_API_TOKEN=${JENKINS_API_TOKEN}', 'JENKINS_BUILD_HASH=116f5f20e648b3fdf8f5b1ed3dca5b52', 'JENKINS_API_TOKEN=11388e467c0aef9124c41a088af3'],
      },
    },
    {
      name: 'agent-secret',
      title: 'Jenkins inbound agent secret',
      keywords: ['-secret', 'jenkins_secret'],
      // `java -jar agent.jar -jnlpUrl … -secret <64 hex>`, or JENKINS_SECRET for the inbound-agent image.
      pattern: /(?:-secret[ \t]{1,4}\\?["']?|JENKINS_SECRET\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?|value:[ \t]{0,4}\\?["']?)(?<secret>[0-9a-f]{64})(?![A-Za-z0-9_-])/g,
      context: /jnlp|agent\.jar|JENKINS_SECRET|-secret/,
      minEntropy: 3,
      envName: 'JENKINS_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'java -jar agent.jar -jnlpUrl https://ci.kestrel.dev/computer/linux-01/jenkins-agent.jnlp -secret a809241a51b7877a2ad6486610afd79e03967ca0b374c391d61047e5df8dc0f0 -workDir /srv/jenkins',
          'JENKINS_SECRET=b6f61292c19d5b7ef177116d059259f1d9b1fbbd8af5f46ee14ecf86b19fe1a6',
        ],
        negative: ['JENKINS_SECRET=${AGENT_SECRET}', 'sha256: 14ce2f6cbc8ae4c93a2e8c43d9d7b4e6d84f0ece1e5466951fd94c140ded3744', 'value: 14ce2f6cbc8ae4c93a2e8c43d9d7b4e6d84f0ece1e5466951fd94c140ded3744'],
      },
    },
  ],
});
