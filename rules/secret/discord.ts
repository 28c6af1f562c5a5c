/**
 * secret/discord: Discord bot tokens (base64 of the bot's user id, a timestamp
 * and an HMAC, dot-separated), webhook URLs (the token in the path lets anyone
 * post as the webhook) and OAuth2 client secrets.
 */
import { secretRule } from '../../server/src/engine/secrets/detector';
import { lastPart, mixedAlphanumeric } from './_ai-messaging';

export const discord = secretRule({
  id: 'secret/discord',
  title: 'Hard-coded Discord bot token, webhook URL or client secret',
  rotateUrl: 'https://discord.com/developers/applications',
  detectors: [
    {
      name: 'webhook',
      title: 'Discord webhook URL',
      keywords: ['discord.com/api/', 'discordapp.com/api/'],
      pattern: /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v[0-9]{1,2}\/)?webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,70}(?![A-Za-z0-9_-])/g,
      verify: (url) => mixedAlphanumeric(lastPart(url, '/')),
      envName: 'DISCORD_WEBHOOK_URL',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'https://discord.com/api/webhooks/1582624611048793553/uc9uiUAjTmTx255T9jjUSUDlnYvMxoPcywKgNJruC-KEqpyXbezEvOcBnC0QtC13MVUn',
          'DISCORD_WEBHOOK=https://discordapp.com/api/webhooks/211855400479531900/wCyhEOTtC2f0hY_dWnRDT20WMd8dHtpy3sZIYhK38siqr8TfKvyv8Ch9GwI4l5Wte8L3',
        ],
        negative: [
          'https://discord.com/api/webhooks/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
          'https://discord.com/api/webhooks/{webhook.id}/{webhook.token}',
          'https://discord.com/api/webhooks/1582624611048793553',
        ],
      },
    },
    {
      name: 'bot-token',
      title: 'Discord bot token',
      keywords: ['discord'],
      pattern: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/g,
      context: /discord/i,
      minEntropy: 4,
      verify: mixedAlphanumeric,
      envName: 'DISCORD_BOT_TOKEN',
      samples: __NHI_SAMPLES__ && {
        positive: [
          'DISCORD_TOKEN=MzMzNTg3MTk4Mjg1MzgzNTA0OA.E0qZSw.gsf8ZRIOyNxTGyO2veA07zNkhY5Gc6bH53loYj',
          'client.login("Nzg0Mjg0OTE0ODQ1OTcyODA4OA.Z7kZhF.DcxswJnnGikFj199pfTKIebgKqs") // discord.js',
        ],
        negative: [
          'MzMzNTg3MTk4Mjg1MzgzNTA0OA.E0qZSw.gsf8ZRIOyNxTGyO2veA07zNkhY5Gc6bH53loYj',
          'DISCORD_TOKEN=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVlLWhlcmUtb2s',
          'DISCORD_TOKEN=your.bot.token',
        ],
      },
    },
    {
      name: 'client-secret',
      title: 'Discord OAuth2 client secret',
      keywords: ['discord'],
      pattern: /(?<=secret["']?[ \t]{0,3}[:=][ \t]{0,3}["']?)[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/gi,
      context: /discord/i,
      minEntropy: 3.8,
      verify: mixedAlphanumeric,
      envName: 'DISCORD_CLIENT_SECRET',
      samples: __NHI_SAMPLES__ && {
        positive: ['DISCORD_CLIENT_SECRET=rQNKVz3n9qLOk-9o3R8SOvt6tu5_g5BR'],
        negative: ['DISCORD_CLIENT_ID=1087623456789012345', 'GITHUB_CLIENT_SECRET=rQNKVz3n9qLOk-9o3R8SOvt6tu5_g5BR', 'DISCORD_CLIENT_SECRET=${DISCORD_CLIENT_SECRET}'],
      },
    },
  ],
});
