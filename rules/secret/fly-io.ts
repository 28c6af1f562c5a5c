/**
 * secret/fly-io: Fly.io tokens — `fo1_` OAuth/personal tokens and the
 * macaroon tokens (`fm1a_`, `fm1r_`, `fm2_`) that `fly tokens create` prints,
 * usually as `FlyV1 fm2_…` (possibly several macaroons joined by commas).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const flyIo = secretRule({
  id: 'secret/fly-io',
  title: 'Hard-coded Fly.io token',
  rotateUrl: 'https://fly.io/docs/security/tokens/',
  detectors: [
    {
      name: 'macaroon-authorization',
      title: 'Fly.io macaroon token',
      keywords: ['flyv1'],
      // The whole comma-joined list is the credential; each piece is delimited by ",fm".
      pattern: /FlyV1[ \t]{1,3}(?<secret>fm[12][ar]?_[A-Za-z0-9+/=_-]{60,4000}(?:,fm[12][ar]?_[A-Za-z0-9+/=_-]{20,4000}){0,8})/g,
      minEntropy: 4.5,
      envName: 'FLY_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['FlyV1 fm2_wcid2ELpWP7JswKUk20FRyp9QtGmQrDDzoLFIhz5gcXxAG26rQFP+Yx5Kg3jjAQiRbtsp8zah3ljPLe7Nr+bkPSw8eeb4OZ06Zd3QTKJ/E/+ZXjjYMOXMbxLxPsnODC+EhiTNqIdYw6F8sEaUo57tYNd7wpQS6krTB6RzLKBPeedLnjdrXmz6R10ZjVecNwQ1jcSxM0i8CVr23D95ZPqiLWcPoFK3LDWPV/OVQP9LUDFkFJx,fm2_ONwoVfKpy4SfG7ouqbRzZkJ4cGQYwLOFZBNzuq+KqLRK65dALcayewzNfB7tly5gKQbjlaDnN8lGNc90/d48TGeUmd/3DhblZTthWb+VS/fkGuivFyuW6Lc4zRdbHgfEm/5FEYSalDvyfzat/JVVNJx1VaAEqgQU', 'Authorization: FlyV1 fm2_6n/AAeneWczLk0EEjPZqxBX+G766aHHbXDLZqulTbHgloOm063gafZt6oGOMQiIQQOF3IfVYWp7WyWa0OW7DSk7hmgTMXie3xqm/IdETL/xDFkt3Y7yZU+zZ6uT7mc0wXOFXhzlzflJZwHPz9/r9g/OUS/3knHDbGfj4Gy9UV09+lixab6oK//WdB8qgan2+6Oh9h9ro'],
        negative: ['FlyV1 fm2_<token>', 'FlyV1 fm1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'FlyV1 fm2_6n/AAeneWczLk0EEjPZqxBX+G766aHHbXDLZqulT'],
      },
    },
    {
      name: 'macaroon-token',
      title: 'Fly.io macaroon token',
      keywords: ['fm2_', 'fm1a_', 'fm1r_'],
      pattern: /(?<![A-Za-z0-9+/_-])fm(?:2|1a|1r)_[A-Za-z0-9+/=_-]{100,4000}(?![A-Za-z0-9+/=_-])/g,
      minEntropy: 4.5,
      envName: 'FLY_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['FLY_API_TOKEN=fm2_6n/AAeneWczLk0EEjPZqxBX+G766aHHbXDLZqulTbHgloOm063gafZt6oGOMQiIQQOF3IfVYWp7WyWa0OW7DSk7hmgTMXie3xqm/IdETL/xDFkt3Y7yZU+zZ6uT7mc0wXOFXhzlzflJZwHPz9/r9g/OUS/3knHDbGfj4Gy9UV09+lixab6oK//WdB8qgan2+6Oh9h9ro'],
        negative: ['FLY_API_TOKEN=fm2_<token>', 'afm2_6n/AAeneWczLk0EEjPZqxBX+G766aHHbXDLZqulTbHgloOm063gafZt6oGOMQiIQQOF3IfVYWp7WyWa0OW7DSk7hmgTMXie3xqm/IdETL/xDFkt3Y7yZU+zZ6uT7mc0wXOFXhzlzflJZwHPz9/r9g/OUS/3knHDbGfj4Gy9UV09+lixab6oK//WdB8qgan2+6Oh9h9ro'],
      },
    },
    {
      name: 'access-token',
      title: 'Fly.io access token',
      keywords: ['fo1_'],
      pattern: /(?<![A-Za-z0-9_-])fo1_[A-Za-z0-9_-]{30,64}(?![A-Za-z0-9_-])/g,
      minEntropy: 4,
      envName: 'FLY_API_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: ['fo1_gZqajzOgDGQuFXv60wfEOuW_wfGXVNnK-Qvmtp00gyk', 'FLY_ACCESS_TOKEN=fo1_YBGEbB576mj_rAaHQDwyw62dzI-Je7N0qi3IeVR4Y6A'],
        negative: ['fo1_<access-token>', 'fo1_gZqajzOgDGQuFXv60wfEO', 'info1_YBGEbB576mj_rAaHQDwyw62dzI-Je7N0qi3IeVR4Y6A'],
      },
    },
  ],
});
