/**
 * secret/aws-session-token: AWS STS session tokens (the third part of a
 * temporary credential, next to an ASIA… key id). Current tokens are base64 of
 * a protobuf-like blob that starts with the same bytes, so the encoded text
 * starts with `IQoJb3JpZ2luX2Vj` ("origin_ec"); older ones start with
 * `FwoGZXIvYXdzE` or `AQoDYXdzE` ("aws"). A token assigned to a session-token
 * name is reported whatever its prefix. The access key id itself is the
 * business of secret/aws-access-key-id.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

/** Bare tokens seen in the wild are 300–1,200 characters; 2,000 leaves room without being unbounded. */
const IQOJ = 'IQoJb3JpZ2luX2VjExMjlhbszSuynW++Skx3RWHxDmP1Y6I+8HsM4D2NbXaEMO+r11jijVhC7uNd95tGTboBBW6PucvJvPrZNSsjug2ONmThhruAbX/OB0B0V87L+r1cAzrhAuExsOdBGkde9/mp5g6VMmGNj6iqbDJdIETEegKBdK2+OhWLkCY1NXXnzT8zvMvWs8di//jrDVUywVmgJwftWRF6QWMPyobEIOxxdL9UglOYSn5cb2CxmfQ8dQSOEzHtOsFs2iDmF3KemRpgLLgodSXokgk682UzyV+jG2xrZBLtwbsmbuq+G2wEmhcCOERCIKmnagAjTfCISPj6lWduvdU6oKJ/3U3OUS6r7wxEQfMGicysfGFmnhXfGQ1rLuYvuVN2O8ATkCQKizdTcTm2SFqjhKxUBdlPqpONMIW7bljFSdVjmFeAxsuQ+7rx2Ckb6QMMtafvj//33Mca5eCoPG77pIk2HNTsPMVozHTn59ZoOy7bECcJLaJ+NtDlIpw+zmED/gjgpVu3+oI3xEIftyEUcWatvOeQIg1AS1O9d7jlh0w6x6j7Fs2aXdp8OwiuqWC0GYgw9uNYmJ6nA2WsIPFZ0HGp9w4cuvhc3MnAZxRcKoIObFcy+m/2XH7MIpmAR3CjYs0KsIKVVI2FHnJG0qPFsQJKDt2efWlqw2Hr7eMMOtuCqsIT3kNchTOeQyqE5c64CQMPH==';
const FWOG = 'FwoGZXIvYXdzEklw+xWWh+XFe5u3dAQeBlXjgJBuyK4IzHlQfXHRHA8xdQnXZDIu9WvC6kTgqqHnyryVnMJg7Q5mwBVkT6MXZvLuRl6zQ3RurYyoytNHH3irCejytM4AJemA4cLLeCKNW0I4FCrEpDcmoBNaUPtS4Uoia3QV0QXV3Zt5nWzQONJx6NXnG9b0dK0EI9IqwhXGTWul6i/emp8c+Eka7u1uTQ/8GcZ9iXz5ccEtMyFQ6B1/wq0wzjzG9XFmUtIgpJuk5HwIcRHKD62hb30lEH2x08lmETeCmo8yTVb32Ay1P+QN5g2YODub79hSK0A+cbsMc';
const AQOD = 'AQoDYXdzEIGTsmeMBYcC+lozOvveonyEwRGznxG3Nvm8jvU+n7NyeTVTlDU7tMKsBSQdRSVt5tG5TraNr5GmgNBZD9KLXFD3fTRP9HnRjXZDTqbR8K93JSQEgEhwDD/Q9eXbyv+IU6SL7vhlLLrPiwtrIsOgueZ18PaIEi1svajuLyTUHT8RDGWyncPP67ptXd8FgaBMR/m2zK0X2cmhfZuCa2hX5Z65iPQJCqmibH0yeacmMPXKE7QgILjx3rVXz6QwmBT64KiYh8ags9UJrFJDhatm6Cvzl3fxaDRsrPwvrInKSN0ip';

export const awsSessionToken = secretRule({
  id: 'secret/aws-session-token',
  title: 'Hard-coded AWS session token',
  // Session tokens expire (15 minutes to 36 hours), but until then they act with the role's permissions.
  rotateUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html',
  detectors: [
    {
      name: 'session-token',
      title: 'AWS STS session token',
      keywords: ['iqojb3jpz2lux2vj'],
      pattern: /(?<![A-Za-z0-9+/])IQoJb3JpZ2luX2Vj[A-Za-z0-9+/]{200,2000}={0,2}(?![A-Za-z0-9+/=])/g,
      minEntropy: 4.5,
      envName: 'AWS_SESSION_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [IQOJ, `aws_session_token = ${IQOJ}`],
        negative: [
          // Truncated in a log line: too short to be a token.
          'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD',
          // The documentation sample.
          'IQoJb3JpZ2luX2IQoJb3JpZ2luX2IQoJb3JpZ2luX2IQoJb3JpZ2luX2IQoJb3JpZVERYLONGSTRINGEXAMPLE',
          `xIQoJb3JpZ2luX2Vj${IQOJ.slice(16)}`,
        ],
      },
    },
    {
      name: 'legacy-session-token',
      title: 'AWS STS session token (legacy format)',
      keywords: ['fwogzxivyxdz', 'aqodyxdz'],
      pattern: /(?<![A-Za-z0-9+/])(?:FwoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/]{200,2000}={0,2}(?![A-Za-z0-9+/=])/g,
      minEntropy: 4.5,
      envName: 'AWS_SESSION_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [FWOG, AQOD],
        negative: [
          'AQoDYXdzEJr...<remainder of security token>',
          'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI',
          FWOG.slice(0, 120),
        ],
      },
    },
    {
      name: 'session-token-by-name',
      title: 'AWS session token',
      keywords: ['session_token', 'sessiontoken', 'security_token', 'x-amz-security-token'],
      // The name, a short separator, then a long base64 value; bounded everywhere.
      pattern:
        /(?:aws_session_token|AWS_SESSION_TOKEN|aws_security_token|AWS_SECURITY_TOKEN|awsSessionToken|SessionToken|[Xx]-[Aa]mz-[Ss]ecurity-[Tt]oken)\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}\\?["']?(?<secret>[A-Za-z0-9+/]{100,2000}={0,2})(?![A-Za-z0-9+/=])/g,
      minEntropy: 4.5,
      envName: 'AWS_SESSION_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [`AWS_SESSION_TOKEN=${FWOG.slice(13)}`, `x-amz-security-token: ${AQOD.slice(9)}`],
        negative: [
          'aws_session_token = ${AWS_SESSION_TOKEN}',
          'AWS_SESSION_TOKEN=$(aws sts get-session-token --query Credentials.SessionToken --output text)',
          `session_token = ${FWOG.slice(13, 90)}`,
        ],
      },
    },
  ],
});
