import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a service, to take the service away from its clients and give it back
 * without touching the service itself (the shared DynamoDB Local keeps serving every other test file).
 * `down()`: open connections are reset and new ones are reset on accept, as a crashed or unreachable
 * service looks to a client. `blackhole()`: connections are accepted and never answered, as a
 * network partition looks. `up()`: traffic flows again.
 */
export class TcpFaultProxy {
  private mode: 'up' | 'down' | 'blackhole' = 'up';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: string): Promise<TcpFaultProxy> {
    const { hostname, port } = new URL(target);
    let proxy: TcpFaultProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, hostname, Number(port)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    proxy = new TcpFaultProxy(server, typeof address === 'object' && address ? address.port : 0);
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  down(): void {
    this.mode = 'down';
    this.cutAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    this.cutAll();
  }

  up(): void {
    this.mode = 'up';
    // Connections held by a black hole never carried anything; the clients reconnect.
    this.cutAll();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    client.on('error', () => undefined);
    if (this.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    this.track(client);
    if (this.mode === 'blackhole') return;
    const upstream = createConnection({ host, port });
    upstream.on('error', () => client.destroy());
    this.track(upstream);
    client.pipe(upstream).pipe(client);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private cutAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }
}
