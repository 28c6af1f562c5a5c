// Runtime configuration for the API. Values come from the environment in
// production; the defaults below are for local runs.
export interface ApiConfig {
  port: number;
  region: string;
  photoBucket: string;
  awsAccessKeyId: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return {
    port: Number(env.PORT ?? 8080),
    region: env.AWS_REGION ?? 'eu-west-1',
    photoBucket: env.PHOTO_BUCKET ?? 'kestrel-delivery-photos',
    awsAccessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
  };
}
