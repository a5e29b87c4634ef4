import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { createDynamoDocStorage } from '../../../sync-server/src/storage/dynamoDocStorage.ts';
import { storedContents } from './faultClient.ts';

/**
 * The table and bucket the sync nodes of one fault test write to, and a reader that loads a document
 * straight from them (DynamoDocStorage, as a freshly started node would), bypassing every node.
 */
export class FaultStorage {
  private readonly clients: ReturnType<typeof createAwsClients>;

  private constructor(
    readonly dynamoEndpoint: string,
    readonly s3Endpoint: string,
    readonly table: string,
    readonly bucket: string,
  ) {
    this.clients = createAwsClients({ region: 'us-east-1', dynamoEndpoint, s3Endpoint });
  }

  static async create(options: {
    dynamoEndpoint: string;
    s3Endpoint: string;
    name: string;
  }): Promise<FaultStorage> {
    const storage = new FaultStorage(
      options.dynamoEndpoint,
      options.s3Endpoint,
      options.name,
      options.name.slice(0, 63).replace(/[^a-z0-9-]/g, '-'),
    );
    await ensureTable(storage.clients.ddb, storage.table);
    await ensureBuckets(storage.clients.s3, [storage.bucket]);
    return storage;
  }

  /** Environment of a sync node writing here. */
  nodeEnv(): {
    DYNAMODB_ENDPOINT: string;
    DYNAMODB_TABLE: string;
    S3_ENDPOINT: string;
    S3_DOCS_BUCKET: string;
  } {
    return {
      DYNAMODB_ENDPOINT: this.dynamoEndpoint,
      DYNAMODB_TABLE: this.table,
      S3_ENDPOINT: this.s3Endpoint,
      S3_DOCS_BUCKET: this.bucket,
    };
  }

  /** The document's elements as storage holds them now (sorted). */
  async contents(docName: string): Promise<string[]> {
    const storage = createDynamoDocStorage({ ...this.clients, table: this.table, bucket: this.bucket });
    return storedContents(await storage.load(docName));
  }

  close(): void {
    this.clients.ddb.destroy();
    this.clients.s3.destroy();
  }
}
