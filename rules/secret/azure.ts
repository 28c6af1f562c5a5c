/**
 * secret/azure: Azure credentials — storage account keys and connection
 * strings, SAS tokens (the `sig=` part), Entra ID (Azure AD) client secrets,
 * Cosmos DB keys, Service Bus / Event Hubs and IoT Hub connection strings,
 * Functions keys.
 *
 * Account keys are 64 random bytes in base64 (88 characters ending `==`), a
 * shape that a SHA-512 digest shares: they are reported only inside a
 * connection string or next to a name that says so. The storage emulator
 * (Azurite) and Cosmos DB emulator keys are published by Microsoft and are
 * never reported.
 */
import { secretRule, type Verdict } from '../../server/src/engine/secrets/detector';

/** Well-known development keys, identical on every machine (documented by Microsoft). */
const EMULATOR_KEYS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
]);
const notEmulatorKey = (key: string): Verdict => (EMULATOR_KEYS.has(key) ? 'reject' : 'plausible');
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const COSMOS_EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export const azure = secretRule({
  id: 'secret/azure',
  title: 'Hard-coded Azure credential',
  rotateUrl: 'https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage',
  detectors: [
    {
      name: 'cosmos-connection-string',
      title: 'Azure Cosmos DB account key',
      keywords: ['documents.azure.com'],
      pattern: /AccountEndpoint=https:\/\/[a-z0-9-]{3,50}\.documents\.azure\.com(?::443)?\/?;AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
      verify: notEmulatorKey,
      minEntropy: 4.5,
      envName: 'COSMOS_CONNECTION_STRING',
      samples: __NHI_SAMPLES__ && {
        positive: ['AccountEndpoint=https://orders-prod.documents.azure.com:443/;AccountKey=EsMVC1bGdjhKyWHBFxWkKVqIMFiUl5y7Dba5tHUMpS9MnbXTfMK0RHee9FvsC1xXjk2AzvZi9UDEgCFtuIwv/g==;'],
        negative: [`AccountEndpoint=https://localhost:8081/;AccountKey=${COSMOS_EMULATOR_KEY};`, 'AccountEndpoint=https://orders-prod.documents.azure.com:443/;AccountKey=<primary-key>;'],
      },
    },
    {
      name: 'cosmos-key',
      title: 'Azure Cosmos DB account key',
      keywords: ['cosmos'],
      pattern: /(?<![A-Za-z0-9+/-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
      context: /cosmos[\w.:-]{0,30}(?:key|secret|credential)(?![^\n]*\n)/i,
      verify: notEmulatorKey,
      minEntropy: 4.5,
      envName: 'COSMOS_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['COSMOS_PRIMARY_KEY=s8XzYDk45FdCRhnVeJ2RWwvRKVKVsFguLS7vMBeWL5K9az3hohCljUXrLSHMDPhIvAgX6Y7roxsxIWBUG3kgGg=='],
        negative: [`COSMOS_KEY=${COSMOS_EMULATOR_KEY}`, 'COSMOS_ENDPOINT=https://orders-prod.documents.azure.com:443/'],
      },
    },
    {
      name: 'storage-connection-string',
      title: 'Azure storage account key',
      keywords: ['defaultendpointsprotocol'],
      // AccountName, EndpointSuffix … may come in any order before AccountKey: a few `name=value;` pairs.
      pattern: /DefaultEndpointsProtocol=https?;(?:[A-Za-z]{1,30}=[^;"'\s]{0,200};){0,4}AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
      verify: notEmulatorKey,
      minEntropy: 4.5,
      envName: 'AZURE_STORAGE_CONNECTION_STRING',
      samples: __NHI_SAMPLES__ && {
        positive: ['DefaultEndpointsProtocol=https;AccountName=ledgerexports;AccountKey=uzAYuHof8XxFGQ1liWj5jy1XriCXhfbW9tsoG5vaHj4kxoJO+gNbPijMCzNl22FlzVLlgv9PG0lBAAdTY0VgWw==;EndpointSuffix=core.windows.net'],
        negative: [
          `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
          'UseDevelopmentStorage=true',
          'DefaultEndpointsProtocol=https;AccountName=ledgerexports;AccountKey=uzAYuHof8XxFGQ1liWj5jy1XriCXhfbW9tsoG5vaHj4kxoJO+gNbPijMCzNl;EndpointSuffix=core.windows.net',
        ],
      },
    },
    {
      name: 'storage-account-key',
      title: 'Azure storage account key',
      keywords: ['accountkey', 'account_key', 'storage'],
      pattern: /(?<![A-Za-z0-9+/-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
      context: /(?:account_?key|storage[\w.:-]{0,30}(?:key|secret|credential))(?![^\n]*\n)/i,
      verify: notEmulatorKey,
      minEntropy: 4.5,
      envName: 'AZURE_STORAGE_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['AZURE_STORAGE_KEY=hGabtZGoFB62dQN0KXQn1F8nVmjO9yP7qCzRbZOI0u+pLOEERLwZYQip54BLpz5QCi7EmEN3G2YeAu9nwS7u1w==', 'storage_account_access_key = uzAYuHof8XxFGQ1liWj5jy1XriCXhfbW9tsoG5vaHj4kxoJO+gNbPijMCzNl22FlzVLlgv9PG0lBAAdTY0VgWw=='],
        negative: [
          `AZURE_STORAGE_KEY=${AZURITE_KEY}`,
          // An SRI digest has the same shape; no storage context, and the sha512- prefix.
          'integrity sha512-hGabtZGoFB62dQN0KXQn1F8nVmjO9yP7qCzRbZOI0u+pLOEERLwZYQip54BLpz5QCi7EmEN3G2YeAu9nwS7u1w==',
          'checksum: hGabtZGoFB62dQN0KXQn1F8nVmjO9yP7qCzRbZOI0u+pLOEERLwZYQip54BLpz5QCi7EmEN3G2YeAu9nwS7u1w==',
        ],
      },
    },
    {
      name: 'sas-token',
      title: 'Azure shared access signature (SAS)',
      keywords: ['sig='],
      // The signature is what grants access; the other parameters only describe it.
      pattern: /(?<=[?&;])sig=(?<secret>[A-Za-z0-9%+/]{40,120}={0,2})(?![A-Za-z0-9%+/=])/g,
      context: /(?<![A-Za-z0-9_])sv=\d{4}-\d{2}-\d{2}(?![^\n]*\n)/,
      minEntropy: 4,
      envName: 'AZURE_STORAGE_SAS_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'https://ledgerexports.blob.core.windows.net/reports?sp=r&st=2026-11-02T09:00:00Z&se=2027-05-02T17:00:00Z&spr=https&sv=2022-11-02&sr=c&sig=Mcj6xXUC9mhgwp74PwD3ChlhkOBbLlJydmzNoEStrL0%3D',
          'BlobEndpoint=https://ledgerexports.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=DFKx95x34PJhyNL0gvIWp1YWU6tbhF3QY9amhJTNASA%3D',
        ],
        negative: [
          'https://ledgerexports.blob.core.windows.net/reports?sv=2022-11-02&sr=c&sig=<signature>',
          'https://api.example.org/webhook?ts=1730000000&sig=Mcj6xXUC9mhgwp74PwD3ChlhkOBbLlJydmzNoEStrL0%3D',
        ],
      },
    },
    {
      name: 'service-bus-connection-string',
      title: 'Azure Service Bus / Event Hubs shared access key',
      keywords: ['endpoint=sb://'],
      pattern: /Endpoint=sb:\/\/[A-Za-z0-9.-]{1,200}\/?;SharedAccessKeyName=[^;"'\s]{1,256};SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/g,
      minEntropy: 4,
      envName: 'SERVICEBUS_CONNECTION_STRING',
      samples: __NHI_SAMPLES__ && {
        positive: ['Endpoint=sb://ledger-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=GSuM9AAtMpHdAwvYXsWyav4ShHtfN4R8VJubEqFCrsQ='],
        negative: [
          'Endpoint=sb://ledger-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
          'Endpoint=sb://ledger-events.servicebus.windows.net/;Authentication=Managed Identity',
        ],
      },
    },
    {
      name: 'iot-hub-connection-string',
      title: 'Azure IoT Hub shared access key',
      keywords: ['azure-devices.net'],
      pattern:
        /HostName=[A-Za-z0-9.-]{1,200}\.azure-devices\.net;(?:DeviceId=[^;"'\s]{1,128};)?SharedAccessKey(?:Name=[^;"'\s]{1,128};SharedAccessKey)?=(?<secret>[A-Za-z0-9+/]{43}=)/g,
      minEntropy: 4,
      envName: 'IOTHUB_CONNECTION_STRING',
      samples: __NHI_SAMPLES__ && {
        positive: ['HostName=fleet-telemetry.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=5gbGAkSKcefKQZmoCYrmJw2KArMi6TDj9bR3+2WqhIw=', 'HostName=fleet-telemetry.azure-devices.net;DeviceId=pump-17;SharedAccessKey=TP/dNY4l9otPKHGGR+3nY5U49NoqDM9OjdX+EVVmgsQ='],
        negative: ['HostName=fleet-telemetry.azure-devices.net;DeviceId=pump-17;x509=true'],
      },
    },
    {
      name: 'entra-client-secret',
      title: 'Microsoft Entra ID (Azure AD) client secret',
      keywords: ['0q~', '1q~', '2q~', '3q~', '4q~', '5q~', '6q~', '7q~', '8q~', '9q~'],
      // Current format: three characters, a version digit (7 and 8 seen so far) and "Q~", then 31–34 characters.
      pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
      minEntropy: 4,
      envName: 'AZURE_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['wNk8Q~hMPpyCIIOLP5EmL81Fq~aeaplvjEKAi8lD', 'ClientSecret: DA87Q~lKYys_H4rDt2Hd7zs2d40kA6DTFEFQNEnA', 'rYy8Q~jQH~AFFoABNOMGAhuu-ayZz.4BQjH12'],
        negative: ['abc8Q~<client-secret-value>', 'wNk8Q~hMPpyCIIOLP5EmL81Fq', 'xyz8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      },
    },
    {
      name: 'legacy-client-secret',
      title: 'Microsoft Entra ID (Azure AD) client secret',
      keywords: ['azure_client_secret', 'arm_client_secret'],
      pattern: /(?:AZURE|ARM)_CLIENT_SECRET\\?["']?[ \t]{0,5}(?:=>|[:=])[ \t]{0,5}\\?["']?(?<secret>[A-Za-z0-9_~.+/=-]{32,44})(?![A-Za-z0-9_~.+/=-])/gi,
      minEntropy: 4,
      envName: 'AZURE_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['ARM_CLIENT_SECRET=D.zWG79Hu1HLqTPB34e3gt-9mmRIP0SkA2', 'AZURE_CLIENT_SECRET: D.zWG79Hu1HLqTPB34e3gt-9mmRIP0SkA2'],
        negative: ['AZURE_CLIENT_SECRET=${{ secrets.AZURE_CLIENT_SECRET }}', 'ARM_CLIENT_SECRET=$ARM_CLIENT_SECRET', 'AZURE_CLIENT_ID=c2b494bc-a84b-495c-8de8-f7286173a392'],
      },
    },
    {
      name: 'function-key',
      title: 'Azure Functions key',
      keywords: ['azurewebsites.net', 'x-functions-key'],
      pattern:
        /(?:\.azurewebsites\.net\/api\/[^\s"'?#]{1,200}\?(?:[^\s"'#]{0,300}?&)?code=|x-functions-key\\?["']?[ \t]{0,5}[:=,][ \t]{0,5}\\?["']?)(?<secret>[A-Za-z0-9_/+-]{40,100}(?:==|%3D%3D)?)(?![A-Za-z0-9_/+=%-])/gi,
      minEntropy: 4,
      envName: 'AZURE_FUNCTION_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['https://ledger-jobs.azurewebsites.net/api/reconcile?code=2K9WU6fDF_6fh7OV36Tu_tKnd_YHBm6E2yDnUZtTH-TD7XviFf8TZ7O_==', 'x-functions-key: zX2AXWMcCD_omBsDNXQzR5zmMq4hAnfqgaeUEDFudmzqIkQL5M4rT-Mi=='],
        negative: ['https://ledger-jobs.azurewebsites.net/api/reconcile?code=<function-key>', 'https://ledger-jobs.azurewebsites.net/.auth/login/aad/callback?code=2K9WU6fDF_6fh7OV36Tu_tKnd_YHBm6E2yDnUZtTH-TD7XviFf8TZ7O_=='],
      },
    },
  ],
});
