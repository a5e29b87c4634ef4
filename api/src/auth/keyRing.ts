import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ErrorCode } from '@galley/shared/errors';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ulid } from 'ulid';
import { UnauthenticatedError } from '../errors.ts';

/** What a token is for. Each kind is its own audience, so an MFA or sync token never passes as an access token. */
export type TokenAudience = 'access' | 'mfa' | 'sync';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: number;
  /** Set when a newer key took over; the key still verifies until every token it signed has expired. */
  retiredAt?: number;
}

const KEYS_ITEM = { PK: 'SYSTEM', SK: 'SIGNING_KEYS' } as const;
const ALG = 'ES256';
const RELOAD_INTERVAL_MS = 60_000;
/** A token naming a key id we do not know triggers a reload, at most this often (a rotation elsewhere). */
const UNKNOWN_KID_RELOAD_MS = 5_000;

export interface KeyRingOptions {
  issuer: string;
  /** Longest lifetime of any token we sign; a retired key is published this long after retirement. */
  maxTokenTtlSeconds: number;
  now?: () => number;
}

/**
 * ES256 signing keys shared by every api node through the table (or given by JWT_SIGNING_KEYS from a
 * secret store). The newest key signs; older keys keep verifying until their tokens have expired, so a
 * rotation never signs anybody out. The sync server verifies against `jwks()` served by the api.
 */
export class KeyRing {
  private keys: StoredKey[] = [];
  private signingKey: { kid: string; key: Awaited<ReturnType<typeof importJWK>> } | null = null;
  private jwkSet: ReturnType<typeof createLocalJWKSet> | null = null;
  private readonly now: () => number;
  private lastReloadAt = 0;
  private reloadTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly ddb: DynamoDBDocumentClient | null,
    private readonly table: string,
    private readonly options: KeyRingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Loads the ring from the table, creating the first key if there is none (race-safe across nodes). */
  static async fromTable(
    ddb: DynamoDBDocumentClient,
    table: string,
    options: KeyRingOptions,
  ): Promise<KeyRing> {
    const ring = new KeyRing(ddb, table, options);
    await ring.reload();
    if (ring.keys.length === 0) {
      const first = await newKey(ring.now());
      try {
        await ddb.send(
          new PutCommand({
            TableName: table,
            Item: { ...KEYS_ITEM, keys: [first], version: 1 },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      }
      await ring.reload();
    }
    return ring;
  }

  /** Keys supplied as a JSON array of private JWKs; the last one signs. Rotation happens in the secret store. */
  static async fromJwks(privateJwks: JWK[], options: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(null, '', options);
    const at = ring.now();
    await ring.install(
      privateJwks.map((jwk, i) => {
        const { d: _d, ...publicJwk } = jwk;
        return {
          kid: jwk.kid ?? `key-${i}`,
          privateJwk: jwk,
          publicJwk,
          createdAt: at - (privateJwks.length - i),
        };
      }),
    );
    return ring;
  }

  async reload(): Promise<void> {
    if (!this.ddb) return;
    this.lastReloadAt = this.now();
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: KEYS_ITEM, ConsistentRead: true }),
    );
    await this.install((Item?.keys as StoredKey[] | undefined) ?? []);
  }

  /** Makes a new key current and retires the previous one. Optimistic: a concurrent rotation wins and we reload. */
  async rotate(): Promise<string> {
    if (!this.ddb) throw new Error('Keys from JWT_SIGNING_KEYS rotate in the secret store');
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: KEYS_ITEM, ConsistentRead: true }),
    );
    const version = (Item?.version as number | undefined) ?? 0;
    const at = this.now();
    const horizon = at - this.retentionMs();
    const kept = ((Item?.keys as StoredKey[] | undefined) ?? [])
      .map((k) => (k.retiredAt ? k : { ...k, retiredAt: at }))
      .filter((k) => (k.retiredAt ?? at) > horizon);
    const fresh = await newKey(at);
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...KEYS_ITEM, keys: [...kept, fresh], version: version + 1 },
        ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
        ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
      }),
    );
    await this.reload();
    return fresh.kid;
  }

  /** Public keys that may still verify a live token: the current one and recently retired ones. */
  jwks(): JSONWebKeySet {
    return { keys: this.verifyingKeys().map((k) => ({ ...k.publicJwk, kid: k.kid, alg: ALG, use: 'sig' })) };
  }

  async sign(audience: TokenAudience, claims: JWTPayload, ttlSeconds: number): Promise<string> {
    if (!this.signingKey) throw new Error('KeyRing has no signing key');
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid: this.signingKey.kid, typ: 'JWT' })
      .setIssuer(this.options.issuer)
      .setAudience(`${this.options.issuer}:${audience}`)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + ttlSeconds)
      .setJti(ulid())
      .sign(this.signingKey.key);
  }

  /**
   * Verifies signature, algorithm (ES256 only: `alg: none` and HMAC confusion are refused), issuer,
   * audience and expiry. Throws 401 `token_expired` or `invalid_token`.
   */
  async verify(audience: TokenAudience, token: string): Promise<JWTPayload> {
    // A key id we have never seen may come from a rotation on another node: reload once and retry.
    try {
      return await this.verifyOnce(audience, token);
    } catch (error) {
      const unknownKey = (error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY';
      if (!unknownKey || !this.ddb || this.now() - this.lastReloadAt < UNKNOWN_KID_RELOAD_MS)
        throw toAuthError(error);
      await this.reload();
      try {
        return await this.verifyOnce(audience, token);
      } catch (retryError) {
        throw toAuthError(retryError);
      }
    }
  }

  private async verifyOnce(audience: TokenAudience, token: string): Promise<JWTPayload> {
    if (!this.jwkSet) throw new Error('KeyRing not loaded');
    const { payload } = await jwtVerify(token, this.jwkSet, {
      algorithms: [ALG],
      issuer: this.options.issuer,
      audience: `${this.options.issuer}:${audience}`,
      currentDate: new Date(this.now()),
    });
    return payload;
  }

  /**
   * Other nodes learn of a rotation by reloading every `intervalMs`. Until they do they may still
   * sign with the retired key, so a retired key is kept for the token lifetime plus that delay.
   */
  startAutoReload(intervalMs = RELOAD_INTERVAL_MS): void {
    if (!this.ddb || this.reloadTimer) return;
    this.reloadTimer = setInterval(() => void this.reload().catch(() => {}), intervalMs);
    this.reloadTimer.unref();
  }

  stopAutoReload(): void {
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.reloadTimer = null;
  }

  private retentionMs(): number {
    return this.options.maxTokenTtlSeconds * 1000 + 2 * RELOAD_INTERVAL_MS;
  }

  get currentKid(): string | undefined {
    return this.signingKey?.kid;
  }

  private verifyingKeys(): StoredKey[] {
    const horizon = this.now() - this.retentionMs();
    return this.keys.filter((k) => !k.retiredAt || k.retiredAt > horizon);
  }

  private async install(keys: StoredKey[]): Promise<void> {
    this.keys = [...keys].sort((a, b) => a.createdAt - b.createdAt);
    const current = this.keys.filter((k) => !k.retiredAt).at(-1) ?? this.keys.at(-1);
    this.signingKey = current ? { kid: current.kid, key: await importJWK(current.privateJwk, ALG) } : null;
    this.jwkSet = createLocalJWKSet(this.jwks());
  }
}

function toAuthError(error: unknown): UnauthenticatedError {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED')
    return new UnauthenticatedError('The token has expired.', ErrorCode.tokenExpired);
  return new UnauthenticatedError('The token is not valid.', ErrorCode.invalidToken);
}

async function newKey(createdAt: number): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = ulid();
  return { kid, privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey), createdAt };
}
