/**
 * secret/honeycomb: Honeycomb ingest keys (hcaik_ classic, hcxik_ environment)
 * and configuration keys of the older formats (22 alphanumeric or 32 hex)
 * under a key name — `api_key`, `writekey`, the OTLP header
 * `x-honeycomb-team` — with `honeycomb` in the preceding 300 characters.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lettersAndDigits } from './_saas';

export const honeycomb = secretRule({
  id: 'secret/honeycomb',
  title: 'Hard-coded Honeycomb key',
  rotateUrl: 'https://docs.honeycomb.io/configure/environments/manage-api-keys/',
  detectors: [
    {
      name: 'ingest-key',
      title: 'Honeycomb ingest key',
      keywords: ['hcaik_', 'hcxik_'],
      pattern: /(?<![A-Za-z0-9_])hc[ax]ik_[a-z0-9]{58}(?![A-Za-z0-9_])/g,
      minEntropy: 3.5,
      envName: 'HONEYCOMB_API_KEY',
      samples: __NHI_SAMPLES__ && { positive: ['hcaik_ndab5oz8vjwyplu88ix60pgrl98hkvu1m1sq9b8htxt6hzgly4ay1fehu1', 'hcxik_8qc1l5964mbet88l7o2dj8xe15xqink578rjcmomw9mot8ins3muzuck91'], negative: ['hcaik_ndab5oz8vjwyplu88ix60pgrl98hkvu1m1', 'hcxik_<ingest-key>'] },
    },
    {
      name: 'configuration-key',
      title: 'Honeycomb API key',
      keywords: ['honeycomb'],
      pattern: /(?:api[_.-]?key|write[_.-]?key|honeycomb[_.-]team)["']?[ \t]{0,4}(?:=>|:=|[=:])[ \t]{0,4}["'`]?(?<secret>[a-f0-9]{32}|[A-Za-z0-9]{22})(?![A-Za-z0-9_-])(?<=honeycomb[\s\S]{0,300})/gi,
      minEntropy: 3.3,
      verify: lettersAndDigits,
      envName: 'HONEYCOMB_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['HONEYCOMB_API_KEY=Ijw4k2D8NOkcZ8ecqplg9E', 'OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=2c859123764e10c36fc76aec8dd5ca5f'],
        negative: ['HONEYCOMB_DATASET=checkout-service', 'api_key = Ijw4k2D8NOkcZ8ecqplg9E', 'HONEYCOMB_API_KEY=${HONEYCOMB_API_KEY}'],
      },
    },
  ],
});
