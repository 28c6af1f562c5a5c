/**
 * AWS SDK operation → IAM action. Most services name the action after the API operation
 * (`dynamodb:PutItem` for PutItem); the exceptions are listed, and S3 — where many
 * operations map to other actions — is an allowlist: an S3 operation not listed is not
 * mapped. A service missing from SERVICES is not mapped either. Callers treat "not
 * mapped" as "the code's needs are unknown" and offer no fix: a wrong guess breaks the code.
 */

/** How a service is named by each SDK, and its IAM prefix. */
interface ServiceNames {
  /** IAM action prefix. */
  prefix: string;
  /** boto3 `client('…')` / `resource('…')` names. */
  boto3: string[];
  /** JS SDK v3 package suffixes (`@aws-sdk/client-<name>`). */
  jsV3: string[];
  /** JS SDK v2 class names (`new AWS.S3()`). */
  jsV2: string[];
  /** Go SDK (v1 and v2) package names (`service/s3`). */
  go: string[];
}

const SERVICES: ServiceNames[] = [
  { prefix: 's3', boto3: ['s3'], jsV3: ['s3'], jsV2: ['S3'], go: ['s3'] },
  { prefix: 'dynamodb', boto3: ['dynamodb', 'dynamodbstreams'], jsV3: ['dynamodb', 'dynamodb-streams'], jsV2: ['DynamoDB', 'DynamoDBStreams'], go: ['dynamodb', 'dynamodbstreams'] },
  { prefix: 'sqs', boto3: ['sqs'], jsV3: ['sqs'], jsV2: ['SQS'], go: ['sqs'] },
  { prefix: 'sns', boto3: ['sns'], jsV3: ['sns'], jsV2: ['SNS'], go: ['sns'] },
  { prefix: 'lambda', boto3: ['lambda'], jsV3: ['lambda'], jsV2: ['Lambda'], go: ['lambda'] },
  { prefix: 'secretsmanager', boto3: ['secretsmanager'], jsV3: ['secrets-manager'], jsV2: ['SecretsManager'], go: ['secretsmanager'] },
  { prefix: 'ssm', boto3: ['ssm'], jsV3: ['ssm'], jsV2: ['SSM'], go: ['ssm'] },
  { prefix: 'kms', boto3: ['kms'], jsV3: ['kms'], jsV2: ['KMS'], go: ['kms'] },
  { prefix: 'sts', boto3: ['sts'], jsV3: ['sts'], jsV2: ['STS'], go: ['sts'] },
  { prefix: 'events', boto3: ['events'], jsV3: ['eventbridge'], jsV2: ['EventBridge', 'CloudWatchEvents'], go: ['eventbridge', 'cloudwatchevents'] },
  { prefix: 'states', boto3: ['stepfunctions'], jsV3: ['sfn'], jsV2: ['StepFunctions'], go: ['sfn'] },
  { prefix: 'kinesis', boto3: ['kinesis'], jsV3: ['kinesis'], jsV2: ['Kinesis'], go: ['kinesis'] },
  { prefix: 'firehose', boto3: ['firehose'], jsV3: ['firehose'], jsV2: ['Firehose'], go: ['firehose'] },
  { prefix: 'logs', boto3: ['logs'], jsV3: ['cloudwatch-logs'], jsV2: ['CloudWatchLogs'], go: ['cloudwatchlogs'] },
  { prefix: 'cloudwatch', boto3: ['cloudwatch'], jsV3: ['cloudwatch'], jsV2: ['CloudWatch'], go: ['cloudwatch'] },
  { prefix: 'ecr', boto3: ['ecr'], jsV3: ['ecr'], jsV2: ['ECR'], go: ['ecr'] },
  { prefix: 'ses', boto3: ['ses', 'sesv2'], jsV3: ['ses', 'sesv2'], jsV2: ['SES', 'SESV2'], go: ['ses', 'sesv2'] },
  { prefix: 'athena', boto3: ['athena'], jsV3: ['athena'], jsV2: ['Athena'], go: ['athena'] },
  { prefix: 'textract', boto3: ['textract'], jsV3: ['textract'], jsV2: ['Textract'], go: ['textract'] },
  { prefix: 'rekognition', boto3: ['rekognition'], jsV3: ['rekognition'], jsV2: ['Rekognition'], go: ['rekognition'] },
  { prefix: 'comprehend', boto3: ['comprehend'], jsV3: ['comprehend'], jsV2: ['Comprehend'], go: ['comprehend'] },
  { prefix: 'translate', boto3: ['translate'], jsV3: ['translate'], jsV2: ['Translate'], go: ['translate'] },
];

export type Sdk = 'boto3' | 'jsV3' | 'jsV2' | 'go';

export function iamPrefixOf(sdk: Sdk, serviceName: string): string | undefined {
  return SERVICES.find((s) => s[sdk].includes(serviceName))?.prefix;
}

/**
 * S3: the operations we know, with the actions each needs (several for a copy).
 * From the S3 API reference "Permissions" sections.
 */
const S3_OPERATIONS: Record<string, string[]> = {
  GetObject: ['GetObject'],
  HeadObject: ['GetObject'],
  PutObject: ['PutObject'],
  DeleteObject: ['DeleteObject'],
  DeleteObjects: ['DeleteObject'],
  CopyObject: ['GetObject', 'PutObject'],
  ListObjects: ['ListBucket'],
  ListObjectsV2: ['ListBucket'],
  ListObjectVersions: ['ListBucketVersions'],
  HeadBucket: ['ListBucket'],
  ListBuckets: ['ListAllMyBuckets'],
  GetBucketLocation: ['GetBucketLocation'],
  CreateMultipartUpload: ['PutObject'],
  UploadPart: ['PutObject'],
  CompleteMultipartUpload: ['PutObject'],
  AbortMultipartUpload: ['AbortMultipartUpload'],
  UploadPartCopy: ['GetObject', 'PutObject'],
  ListMultipartUploads: ['ListBucketMultipartUploads'],
  ListParts: ['ListMultipartUploadParts'],
  GetObjectTagging: ['GetObjectTagging'],
  PutObjectTagging: ['PutObjectTagging'],
  DeleteObjectTagging: ['DeleteObjectTagging'],
  GetObjectAcl: ['GetObjectAcl'],
  PutObjectAcl: ['PutObjectAcl'],
  RestoreObject: ['RestoreObject'],
  SelectObjectContent: ['GetObject'],
};

/** Operations whose action is not the operation's name, or that need none / cannot be mapped ('unknown'). */
const EXCEPTIONS: Record<string, Record<string, string[] | 'unknown'>> = {
  lambda: { Invoke: ['InvokeFunction'], InvokeWithResponseStream: ['InvokeFunction'] },
  // PartiQL statements need dynamodb:PartiQL* actions that depend on the statement.
  dynamodb: { ExecuteStatement: 'unknown', BatchExecuteStatement: 'unknown', ExecuteTransaction: 'unknown' },
  // GetCallerIdentity needs no permission.
  sts: { GetCallerIdentity: [] },
  ses: { SendBulkEmail: ['SendBulkEmail', 'SendEmail'] },
};

/** boto3 helpers that are not API operations (s3 transfer manager, presigning), as operations. */
export const BOTO3_HELPERS: Record<string, Record<string, string[]>> = {
  s3: {
    upload_file: ['PutObject'],
    upload_fileobj: ['PutObject'],
    download_file: ['GetObject'],
    download_fileobj: ['GetObject'],
    copy: ['CopyObject'],
  },
};

/** Client methods that call no API (or whose API is read from an argument elsewhere). */
export const BOTO3_NO_CALL = new Set(['close', 'can_paginate', 'exceptions', 'meta']);

/** IAM actions (`s3:GetObject`) one operation (PascalCase, `GetObject`) of a service needs; undefined when not mapped. */
export function actionsFor(prefix: string, operation: string): string[] | undefined {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(operation)) return undefined;
  if (prefix === 's3') return S3_OPERATIONS[operation]?.map((a) => `s3:${a}`);
  if (!SERVICES.some((s) => s.prefix === prefix)) return undefined;
  const exception = EXCEPTIONS[prefix]?.[operation];
  if (exception === 'unknown') return undefined;
  return (exception ?? [operation]).map((a) => `${prefix}:${a}`);
}

/** `get_object` → `GetObject` (boto3 method names are the operation's snake_case; `list_objects_v2` → `ListObjectsV2`). */
export function pascalFromSnake(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return undefined;
  return name
    .split('_')
    .filter((p) => p !== '')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** `getObject` → `GetObject` (JS SDK v2 method names). */
export function pascalFromCamel(name: string): string | undefined {
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) return undefined;
  return name[0].toUpperCase() + name.slice(1);
}
