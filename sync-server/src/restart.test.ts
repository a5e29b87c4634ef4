import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots, MessageType } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { uniqueName } from '../../tests/support/testApp.ts';
import type { RunningSyncServer } from './server.ts';
import { createDynamoDocStorage } from './storage/dynamoDocStorage.ts';
import { startTestIssuer, startTestSyncServer, type TestIssuer } from './testing/syncTestKit.ts';

const table = uniqueName('syncrestart');
const bucket = table.slice(0, 63);
const aws: ReturnType<typeof createAwsClients>[] = [];
let issuer: TestIssuer;

/** A fresh storage "process": its own clients, nothing cached from the previous server. */
function dynamoStorage() {
  const clients = createAwsClients({
    region: 'us-east-1',
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  });
  aws.push(clients);
  return createDynamoDocStorage({ ...clients, table, bucket });
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  const { ddb, s3 } = createAwsClients({
    region: 'us-east-1',
    dynamoEndpoint: inject('dynamoEndpoint'),
    s3Endpoint: inject('s3Endpoint'),
  });
  await ensureTable(ddb, table);
  await ensureBuckets(s3, [bucket]);
  ddb.destroy();
  s3.destroy();
});

afterAll(async () => {
  await issuer.close();
  for (const c of aws) {
    c.ddb.destroy();
    c.s3.destroy();
  }
});

describe('restart with DynamoDB + S3 storage', () => {
  it('keeps the content across a graceful restart; the provider reconnects after 4503', async () => {
    const docName = 'book/b1/chapter/restart';
    let server: RunningSyncServer = await startTestSyncServer(issuer, { storage: dynamoStorage() });
    const port = server.port;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.url, docName, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: await issuer.token({ book: 'b1', access: 'edit' }), v: '1' },
      disableBc: true,
      maxBackoffTime: 200,
    });
    const persisted: number[] = [];
    const closes: number[] = [];
    provider.messageHandlers[MessageType.persisted] = (_e, decoder) => {
      persisted.push(decoding.readVarUint(decoder));
    };
    provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    try {
      await vi.waitFor(() => expect(provider.synced).toBe(true), { timeout: 10_000 });
      doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('Before the restart')]);
      await vi.waitFor(() => expect(persisted.at(-1)).toBe(2), { timeout: 10_000 });

      await server.close();
      expect(closes).toContain(SyncCloseCode.shuttingDown);
      server = await startTestSyncServer(issuer, { storage: dynamoStorage(), port });

      await vi.waitFor(() => expect(provider.synced).toBe(true), { timeout: 10_000 });
      doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('After')]);
      await vi.waitFor(() => expect(persisted.at(-1)).toBe(2), { timeout: 10_000 });

      const fresh = new Y.Doc();
      const reader = new WebsocketProvider(server.url, docName, fresh, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: { token: await issuer.token({ book: 'b1', access: 'read' }) },
        disableBc: true,
      });
      reader.messageHandlers[MessageType.persisted] = () => {};
      await vi.waitFor(() => expect(reader.synced).toBe(true), { timeout: 10_000 });
      expect(fresh.getXmlFragment(DocRoots.text).toString()).toBe(
        doc.getXmlFragment(DocRoots.text).toString(),
      );
      expect(fresh.getXmlFragment(DocRoots.text).toString()).toContain('Before the restart');
      reader.destroy();
    } finally {
      provider.destroy();
      await server.close();
    }
  });
});
