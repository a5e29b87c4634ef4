import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiEnv } from '../env.ts';
import { createAwsClients } from './clients.ts';
import { tableDefinition } from './tableDefinition.ts';

/** Creates the table if it is missing and waits until it is ACTIVE. Used by the local stack and tests only. */
export async function ensureTable(ddb: DynamoDBDocumentClient, tableName: string): Promise<void> {
  try {
    await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await ddb.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    // Another process created it between our describe and create; that is fine.
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

export async function ensureBuckets(s3: S3Client, buckets: string[]): Promise<void> {
  for (const Bucket of buckets) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket }));
    }
  }
}

/**
 * Creates the env's table and buckets (plus `extraBuckets`) where Terraform would in AWS: for the local
 * stack, tests and benchmarks. It must run before createDeps, which loads the signing keys from the table.
 */
export async function prepareStorage(
  env: Pick<
    ApiEnv,
    | 'AWS_REGION'
    | 'DYNAMODB_ENDPOINT'
    | 'S3_ENDPOINT'
    | 'DYNAMODB_TABLE'
    | 'S3_MEDIA_BUCKET'
    | 'S3_EXPORTS_BUCKET'
    | 'S3_DOCS_BUCKET'
  >,
  extraBuckets: string[] = [],
): Promise<void> {
  const { ddb, s3 } = createAwsClients({
    region: env.AWS_REGION,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    s3Endpoint: env.S3_ENDPOINT,
  });
  try {
    await ensureTable(ddb, env.DYNAMODB_TABLE);
    await ensureBuckets(s3, [
      ...new Set([env.S3_MEDIA_BUCKET, env.S3_EXPORTS_BUCKET, env.S3_DOCS_BUCKET, ...extraBuckets]),
    ]);
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}
