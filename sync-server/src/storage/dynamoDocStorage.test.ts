import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { afterAll, beforeAll, inject } from 'vitest';
import { uniqueName } from '../../../tests/support/testApp.ts';
import { describeDocStorageContract } from './docStorage.contract.ts';
import { createDynamoDocStorage } from './dynamoDocStorage.ts';

const name = uniqueName('docstore');
const bucket = name.slice(0, 63);
const clients: ReturnType<typeof createAwsClients>[] = [];

function client() {
  const c = createAwsClients({
    region: 'us-east-1',
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const { ddb, s3 } = client();
  await ensureTable(ddb, name);
  await ensureBuckets(s3, [bucket]);
});

afterAll(() => {
  for (const c of clients) {
    c.ddb.destroy();
    c.s3.destroy();
  }
});

describeDocStorageContract('DynamoDB + S3', () => ({
  // Each "node" gets its own clients and its own view of where each log ends.
  open: () => createDynamoDocStorage({ ...client(), table: name, bucket }),
}));
