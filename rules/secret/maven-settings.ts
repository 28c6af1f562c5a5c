/**
 * secret/maven-settings: clear-text `<password>` / `<passphrase>` of a
 * `<server>` entry in Maven's `settings.xml`. Values Maven encrypted with the
 * master password (`{…}`) and property references (`${env.X}`) are not
 * reported.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { isStandInPassword } from '../../server/src/engine/secrets/formats';

export const mavenSettings = secretRule({
  id: 'secret/maven-settings',
  title: 'Clear-text password in Maven settings',
  rotateUrl: 'https://maven.apache.org/guides/mini/guide-encryption.html',
  detectors: [
    {
      name: 'server-password',
      title: 'Maven repository server password',
      keywords: ['<server>'],
      // From `<server>` to its password, never past `</server>`; the value may not start with `{` (encrypted) or `$` (property).
      pattern:
        /<server>(?:[^<]|<(?!\/server>)){0,600}?<(?:password|passphrase)>[ \t]{0,4}(?<secret>[^<{$\s][^<\s]{5,200})[ \t]{0,4}<\/(?:password|passphrase)>/g,
      minEntropy: 2.5,
      verify: (password) => (isStandInPassword(password) ? 'reject' : 'plausible'),
      envName: 'MAVEN_REPO_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['<server><id>kestrel-releases</id><username>deployer</username><password>q5IwyeIBcmQgOpFphFwQ</password></server>'],
        negative: [
          '<server><id>kestrel-releases</id><username>deployer</username><password>{COQLCE6DU6GtcS5P=}</password></server>',
          '<server><id>kestrel-releases</id><username>deployer</username><password>${env.MAVEN_REPO_PASSWORD}</password></server>',
          '<server><id>a</id></server><proxy><password>RFg44AhlFn1ABQfqyfdQ</password></proxy>',
        ],
      },
    },
  ],
});
