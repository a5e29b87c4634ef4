import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsConfig {
  region: string;
  dynamoEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
}

/**
 * Without it the SDK waits forever on a connection that accepted and went silent (a partition, a
 * half-open socket), and the request holding it never answers. The limit is on silence, not on the
 * whole transfer, so large objects still stream; generous because DynamoDB Local pauses under load.
 * (This SDK version only warns on requestTimeout unless told to throw.)
 */
const idleLimit = (ms: number) => ({
  requestTimeout: ms,
  connectionTimeout: 5_000,
  throwOnRequestTimeout: true,
});

/**
 * The only way the services reach storage. Locally the endpoints point at DynamoDB Local and s3rver;
 * in AWS they are unset and the SDK's default credential chain and endpoints apply.
 */
export function createAwsClients(config: AwsConfig): { ddb: DynamoDBDocumentClient; s3: S3Client } {
  const raw = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    maxAttempts: 4,
    requestHandler: idleLimit(30_000),
  });
  const ddb = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3 = new S3Client({
    region: config.region,
    requestHandler: idleLimit(60_000),
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
  });
  return { ddb, s3 };
}
