/**
 * secret/nuget: nuget.org API keys (`oy2` + 43 lowercase base32 characters)
 * and clear-text feed passwords in `nuget.config` (`ClearTextPassword`).
 */
import { secretRule } from '../../server/src/engine/secrets/detector';

export const nuget = secretRule({
  id: 'secret/nuget',
  title: 'Hard-coded NuGet credential',
  rotateUrl: 'https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys',
  detectors: [
    {
      name: 'api-key',
      title: 'nuget.org API key',
      keywords: ['oy2'],
      pattern: /(?<![A-Za-z0-9_-])oy2[a-z2-7]{43}(?![A-Za-z0-9_-])/g,
      minEntropy: 3.5,
      envName: 'NUGET_API_KEY',
      samples: __NHI_SAMPLES__ && {
        positive: ['oy2wa6po7jrhcufhm4lip4ddi5fcb37vlnmglf3twapeby', 'dotnet nuget push *.nupkg -k oy2jdbgb6oggottvmgy2ej33wbdvmzw6zj6hlp3qrbqukv -s https://api.nuget.org/v3/index.json'],
        negative: ['oy2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'oy2wa6po7jrhcufhm4lip4ddi5fcb37vlnmglf3tw', 'toy2wa6po7jrhcufhm4lip4ddi5fcb37vlnmglf3twapeby', 'oy2WA6PO7JRHCUFHM4LIP4DDI5FCB37VLNMGLF3TWAPEBY'],
      },
    },
    {
      name: 'cleartext-password',
      title: 'NuGet feed password (nuget.config ClearTextPassword)',
      keywords: ['cleartextpassword'],
      pattern: /key=\\?["']ClearTextPassword\\?["'][ \t]{1,4}value=\\?["'](?<secret>[^"'$%\s\\]{6,200})\\?["']/gi,
      minEntropy: 2.5,
      envName: 'NUGET_FEED_PASSWORD',
      samples: __NHI_SAMPLES__ && {
        positive: ['<add key="ClearTextPassword" value="RFg44AhlFn1ABQfqyfdQ" />'],
        negative: ['<add key="ClearTextPassword" value="%NUGET_FEED_PASSWORD%" />', '<add key="ClearTextPassword" value="$(FeedPassword)" />', '<add key="ClearTextPassword" value="changeme" />'],
      },
    },
  ],
});
