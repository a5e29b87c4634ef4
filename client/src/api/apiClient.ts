import { type SignedIn, TokenPairSchema, type User } from '@galley/shared/api/auth';
import { ErrorCode } from '@galley/shared/errors';
import type { z } from 'zod';
import { ApiError, apiErrorFromResponse, ClientErrorCode, networkError } from './apiError.ts';
import type { SessionStore } from './sessionStore.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions<S extends z.ZodType | undefined> {
  body?: unknown;
  /** Parses the success body; omit for 204 responses. */
  schema?: S;
  /** Send the access token (default true). Sign-in, register and reset are public. */
  auth?: boolean;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

/** `byUser`: the user chose to sign out (so no "return to where you were" afterwards). */
export type SessionEvent =
  | { type: 'signed-in'; user: User }
  | { type: 'user'; user: User }
  | { type: 'signed-out'; byUser: boolean };

export interface ApiClientOptions {
  store: SessionStore;
  /** Empty string = same origin (the built app); tests point it at their own server. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * Runs the refresh under a lock shared by every tab (Web Locks), because refresh tokens rotate: two
   * tabs refreshing with the same token would look like token theft and end the session.
   */
  withLock?: <T>(name: string, task: () => Promise<T>) => Promise<T>;
}

const REFRESH_PATH = '/api/auth/refresh';
const LOGOUT_PATH = '/api/auth/logout';

/**
 * The one door to the api: JSON in and out, bodies checked by the shared zod schemas, the access token
 * attached, and an expired token renewed once (single flight) before the call is retried.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly store: SessionStore;
  private readonly withLock: <T>(name: string, task: () => Promise<T>) => Promise<T>;

  constructor(options: ApiClientOptions) {
    this.store = options.store;
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.withLock = options.withLock ?? ((_name, task) => task());
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async request<S extends z.ZodType | undefined = undefined>(
    method: HttpMethod,
    path: string,
    options: RequestOptions<S> = {},
  ): Promise<S extends z.ZodType ? z.infer<S> : undefined> {
    const response = await this.fetchChecked(method, path, options);
    return (await parseBody(response, options.schema)) as S extends z.ZodType ? z.infer<S> : undefined;
  }

  /** A binary answer (a Yjs document, a file), with the same sign-in, refresh and errors as `request`. */
  async requestBytes(
    path: string,
    options: Omit<RequestOptions<undefined>, 'schema' | 'body'> = {},
  ): Promise<Uint8Array> {
    const response = await this.fetchChecked('GET', path, options);
    try {
      return new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw networkError(cause);
    }
  }

  /** Sends with the access token, renews it once if it expired, and throws an ApiError for any non-2xx. */
  private async fetchChecked<S extends z.ZodType | undefined>(
    method: HttpMethod,
    path: string,
    options: RequestOptions<S>,
  ): Promise<Response> {
    const useAuth = options.auth ?? true;
    let token = useAuth ? await this.currentAccessToken() : null;
    let response = await this.send(method, path, options, token);
    if (useAuth && response.status === 401) {
      const error = await errorOf(response);
      if (error.code !== ErrorCode.tokenExpired) {
        if (error.code === ErrorCode.sessionRevoked) await this.endSession();
        throw error;
      }
      token = await this.renewAfterExpiry(token);
      response = await this.send(method, path, options, token);
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (useAuth && response.status === 401 && error.code === ErrorCode.sessionRevoked)
        await this.endSession();
      throw error;
    }
    return response;
  }

  /** After sign-in, MFA sign-in or registration: keep the refresh token, hold the access token in memory. */
  async startSession(signedIn: SignedIn): Promise<void> {
    this.accessToken = signedIn.accessToken;
    await this.store.save({ refreshToken: signedIn.refreshToken, user: signedIn.user });
    this.emit({ type: 'signed-in', user: signedIn.user });
  }

  /**
   * Another tab changed the shared session: forget this tab's access token and follow what is stored
   * (signed out there means signed out here; a new sign-in there is picked up by the next refresh).
   */
  async syncFromStore(): Promise<void> {
    this.accessToken = null;
    const stored = await this.store.load();
    this.emit(stored ? { type: 'signed-in', user: stored.user } : { type: 'signed-out', byUser: true });
  }

  /** Step-up returns a fresh access token for the same session. */
  replaceAccessToken(accessToken: string): void {
    this.accessToken = accessToken;
  }

  async updateUser(user: User): Promise<void> {
    const stored = await this.store.load();
    if (stored) await this.store.save({ ...stored, user });
    this.emit({ type: 'user', user });
  }

  async storedUser(): Promise<User | null> {
    return (await this.store.load())?.user ?? null;
  }

  /** Ends this device's session on the server (best effort) and forgets it here whatever the answer. */
  async signOut(): Promise<void> {
    const stored = await this.store.load();
    if (stored) {
      await this.send(
        'POST',
        LOGOUT_PATH,
        { body: { refreshToken: stored.refreshToken } },
        // The refresh token is the proof here. An expired access token would make the api answer
        // 401 before logout runs, leaving the session alive on the server.
        null,
      ).catch(() => undefined);
    }
    await this.endSession(true);
  }

  /**
   * Single flight: however many calls find the token expired at once, one refresh runs and all of them
   * wait for it. A network failure keeps the session (the user is offline, not signed out); a refusal
   * from the api ends it.
   */
  refresh(): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.withLock('galley-refresh', () => this.refreshNow()).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshNow(): Promise<string> {
    // Read inside the lock: another tab may have rotated the token while this one waited.
    const stored = await this.store.load();
    if (!stored) throw signedOutError();
    const response = await this.send(
      'POST',
      REFRESH_PATH,
      { body: { refreshToken: stored.refreshToken } },
      null,
    );
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status >= 500 || response.status === 429) throw error;
      await this.endSession();
      throw signedOutError();
    }
    const pair = await parseJson(response, TokenPairSchema);
    this.accessToken = pair.accessToken;
    await this.store.save({ ...stored, refreshToken: pair.refreshToken });
    return pair.accessToken;
  }

  private async currentAccessToken(): Promise<string | null> {
    if (this.accessToken) return this.accessToken;
    if (this.refreshing) return this.refreshing;
    // After a reload only the refresh token is left: trade it for an access token first.
    return (await this.store.load()) ? this.refresh() : null;
  }

  /** If another call already renewed the token we failed with, use that one instead of refreshing again. */
  private async renewAfterExpiry(expired: string | null): Promise<string> {
    if (this.accessToken && this.accessToken !== expired) return this.accessToken;
    return this.refresh();
  }

  private async endSession(byUser = false): Promise<void> {
    const hadSession = this.accessToken !== null || (await this.store.load()) !== null;
    this.accessToken = null;
    await this.store.clear();
    if (hadSession) this.emit({ type: 'signed-out', byUser });
  }

  private async send<S extends z.ZodType | undefined>(
    method: HttpMethod,
    path: string,
    options: RequestOptions<S>,
    token: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await this.fetchImpl(this.baseUrl + withQuery(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (cause) {
      throw networkError(cause);
    }
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function signedOutError(): ApiError {
  return new ApiError(401, ErrorCode.unauthenticated, 'Your session has ended. Sign in again.');
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return apiErrorFromResponse(response.status, text, response.headers);
}

async function parseBody<S extends z.ZodType | undefined>(response: Response, schema: S): Promise<unknown> {
  return schema ? parseJson(response, schema) : undefined;
}

async function parseJson<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.status, ClientErrorCode.badResponse, 'The server sent an unreadable answer.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      ClientErrorCode.badResponse,
      'The server sent an answer this version of Galley does not understand. Reload to update.',
      parsed.error.issues,
    );
  }
  return parsed.data;
}

function withQuery(path: string, query: RequestOptions<undefined>['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
