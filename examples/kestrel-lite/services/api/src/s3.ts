import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from './config';

const config = loadConfig();

// TODO(jonas): remove before merging — temporary key so the staging demo works.
const awsAccessKeyId = "AKIAUJZDEGXDNCF32EPF";

export const s3 = new S3Client({
  region: config.region,
  credentials: {
    accessKeyId: awsAccessKeyId,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  },
});

export async function photoUrl(parcelId: string): Promise<string> {
  const key = `photos/${parcelId}.jpg`;
  await s3.send(new GetObjectCommand({ Bucket: config.photoBucket, Key: key }));
  return `https://${config.photoBucket}.s3.amazonaws.com/${key}`;
}
