import { decodePersisted } from '@galley/shared/sync/persisted';
import { MessageType, SYNC_PROTOCOL_VERSION } from '@galley/shared/sync/protocol';
import type { SyncAccess, SyncTokenResponse } from '@galley/shared/sync/syncToken';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ApiError } from '../../api/apiError.ts';
import { encodeTokenRenewal, readPermissionDenied } from './authMessage.ts';
import { closeAction } from './closeAction.ts';
import type { CloudSaveTracker } from './cloudSaveTracker.ts';
import { countingWebSocket } from './countingWebSocket.ts';
import { renewalDelay, retryDelay } from './retryDelay.ts';
import type { ConnectionPhase } from './syncStatus.ts';

export interface ChapterSyncOptions {
  doc: Y.Doc;
  awareness: Awareness;
  docName: string;
  tracker: CloudSaveTracker;
  requestToken(): Promise<SyncTokenResponse>;
  /** Something the status line reads changed. */
  onChange(): void;
  onAccess(access: SyncAccess): void;
  /** A *persisted* acknowledgement covered more local changes. */
  onCloudSaved(): void;
  /** `ws(s)://host/sync`; defaults to this page's origin. */
  serverUrl?: string;
}

/** Updates that arrive from the server carry the provider as their transaction origin. */
export function isRemoteOrigin(origin: unknown): boolean {
  return origin instanceof WebsocketProvider;
}

function defaultServerUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/**
 * One chapter's connection to the sync server through the stock y-websocket provider: sync tokens from
 * the api (renewed in place before expiry), close codes handled as the protocol table says (the
 * provider does not reconnect after 44xx), the browser's offline/online events, and the *persisted*
 * acknowledgements fed to the CloudSaveTracker.
 */
export class ChapterSync {
  provider: WebsocketProvider | null = null;
  phase: ConnectionPhase = 'offline';
  synced = false;
  stopReason: string | undefined;

  private token: SyncTokenResponse | null = null;
  private connection = 0;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private deniedReason: string | null = null;
  private destroyed = false;
  private started = false;
  private readonly onOnline = () => void this.connect();
  private readonly onOffline = () => this.goOffline();

  constructor(private readonly options: ChapterSyncOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (navigator.onLine) void this.connect();
  }

  destroy(): void {
    this.destroyed = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.clearTimers();
    this.provider?.destroy();
    this.provider = null;
  }

  /** Fetches a token if ours is missing or about to expire, then (re)opens the socket. */
  private async connect(): Promise<void> {
    if (this.destroyed || this.phase === 'stopped') return;
    this.clearTimer();
    if (!navigator.onLine) {
      this.goOffline();
      return;
    }
    if (!this.token || Date.parse(this.token.expiresAt) - Date.now() < 30_000) {
      this.setPhase('connecting');
      if (!(await this.fetchToken())) return;
    }
    const token = this.token;
    if (!token || this.destroyed) return;
    if (!this.provider) this.provider = this.createProvider(token.token);
    this.provider.params = { ...this.provider.params, token: token.token };
    this.provider.connect();
  }

  /** False when no token came (the retry or the stop is already arranged). */
  private async fetchToken(): Promise<boolean> {
    try {
      this.adoptToken(await this.options.requestToken());
      return true;
    } catch (error) {
      if (this.destroyed) return false;
      const status = error instanceof ApiError ? error.status : 0;
      if (status === 401) this.stop('your session has ended; sign in again');
      else if (status === 403 || status === 404) this.stop('you no longer have access to this book');
      else this.retryLater();
      return false;
    }
  }

  private adoptToken(token: SyncTokenResponse): void {
    this.token = token;
    this.options.onAccess(token.access);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(
      () => void this.renew(),
      renewalDelay(Date.parse(token.expiresAt), Date.now()),
    );
  }

  /** Sends a fresh token over the open socket (auth kind 1); the next reconnect uses it too. */
  private async renew(): Promise<void> {
    try {
      this.adoptToken(await this.options.requestToken());
    } catch {
      // Offline or the api is busy: try again soon. If the token lapses, the server closes with
      // 4408 and we fetch one before reconnecting.
      if (!this.destroyed) this.renewTimer = setTimeout(() => void this.renew(), 10_000);
      return;
    }
    const { provider, token } = this;
    if (!provider || !token) return;
    provider.params = { ...provider.params, token: token.token };
    const ws = provider.ws;
    if (ws && provider.wsconnected && ws.readyState === WebSocket.OPEN)
      ws.send(encodeTokenRenewal(token.token));
  }

  private createProvider(token: string): WebsocketProvider {
    const { tracker } = this.options;
    const provider = new WebsocketProvider(
      this.options.serverUrl ?? defaultServerUrl(),
      this.options.docName,
      this.options.doc,
      {
        connect: false,
        awareness: this.options.awareness,
        params: { token, v: String(SYNC_PROTOCOL_VERSION) },
        WebSocketPolyfill: countingWebSocket({
          opened: () => {
            this.connection = tracker.connectionOpened();
            return this.connection;
          },
          sent: (connection, frame) => tracker.frameSent(connection, frame),
        }),
        // y-websocket retries other closes itself with a short backoff; see onClosed for the rest.
        shouldReconnect: (event) => closeAction(event.code).kind === 'provider',
      },
    );
    provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
      const message = decodePersisted(decoder.arr);
      if (message && tracker.persisted(this.connection, message.upTo)) this.options.onCloudSaved();
      this.options.onChange();
    };
    provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
      this.deniedReason = readPermissionDenied(decoder);
    };
    provider.on('status', ({ status }) => {
      if (this.phase === 'stopped') return;
      this.setPhase(status === 'connected' ? 'connected' : navigator.onLine ? 'connecting' : 'offline');
    });
    provider.on('sync', (synced: boolean) => {
      this.synced = synced;
      if (synced) this.attempts = 0;
      this.options.onChange();
    });
    provider.on('closed', ({ code }) => this.onClosed(code));
    return provider;
  }

  /** The provider gave up after a close it must not retry on its own. */
  private onClosed(code: number): void {
    const action = closeAction(code, this.deniedReason);
    if (action.kind === 'stop') {
      this.stop(action.reason);
      return;
    }
    if (action.kind === 'newToken') this.token = null;
    this.retryLater();
  }

  private retryLater(): void {
    if (this.destroyed || this.phase === 'stopped') return;
    this.setPhase(navigator.onLine ? 'connecting' : 'offline');
    this.clearTimer();
    this.timer = setTimeout(() => void this.connect(), retryDelay(this.attempts++));
  }

  private goOffline(): void {
    this.clearTimer();
    this.provider?.disconnect();
    this.synced = false;
    if (this.phase !== 'stopped') this.setPhase('offline');
  }

  private stop(reason: string): void {
    this.clearTimers();
    this.provider?.disconnect();
    this.stopReason = reason;
    this.synced = false;
    this.setPhase('stopped');
  }

  private setPhase(phase: ConnectionPhase): void {
    this.phase = phase;
    if (phase !== 'connected') this.synced = false;
    this.options.onChange();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private clearTimers(): void {
    this.clearTimer();
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
  }
}
