import { ErrorCode } from '@galley/shared/errors';
import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { nextIp, buildUser as registerUser } from '../../../api/src/routes/auth/authTestKit.ts';
import { buildBook, putMember } from '../../../api/src/routes/books/bookTestKit.ts';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import {
  type RevocationStack,
  revocationWirings,
  type SyncSide,
  startRevocationStack,
} from '../testing/revocationStack.ts';

const WAIT = { timeout: 15_000 };
const REVOKED = { code: SyncCloseCode.unauthenticated, reason: 'access_revoked' };

describe.each(revocationWirings)(
  'ending one session closes that session’s sync connections only (%s)',
  (_name, redis) => {
    let stack: RevocationStack;

    beforeAll(async () => {
      stack = await startRevocationStack(redis);
    });

    afterAll(() => stack.close());

    /**
     * One person editing a chapter from two devices: the phone (the registration's session) and the laptop
     * (a later sign-in), each with a sync token from its own session.
     */
    async function twoDevices() {
      const { t } = stack;
      const owner = await signedInUser(t, { roles: ['author'] });
      const phone = await registerUser(t);
      const login = await t.request('POST', '/api/auth/login', {
        body: { email: phone.email, password: phone.password },
        ip: nextIp(),
      });
      expect(login.status).toBe(200);
      const laptop = {
        accessToken: login.body.accessToken as string,
        refreshToken: login.body.refreshToken as string,
      };
      const book = await buildBook(t, owner.user.id);
      await putMember(t, book.id, phone.id, 'co_author');
      const docName = `book/${book.id}/chapter/${book.chapters[0]!.id}`;
      const laptopToken = await stack.syncToken(laptop.accessToken, book.id);
      const laptopSide = stack.open(docName, laptopToken);
      const phoneSide = stack.open(docName, await stack.syncToken(phone.accessToken, book.id));
      await vi.waitFor(
        () => expect(laptopSide.provider.synced && phoneSide.provider.synced).toBe(true),
        WAIT,
      );
      return { t, book, docName, phone, laptop, laptopToken, laptopSide, phoneSide };
    }

    /** The laptop is closed with 4401, opens nothing with its old token and gets no new one; the phone edits on. */
    async function expectOnlyLaptopClosed(devices: Awaited<ReturnType<typeof twoDevices>>) {
      const { t, book, docName, laptop, laptopToken, laptopSide, phoneSide } = devices;
      await vi.waitFor(() => expect(laptopSide.closes).toContainEqual(REVOKED), WAIT);
      laptopSide.provider.destroy();
      expect(await stack.closeOf(docName, laptopToken)).toEqual(REVOKED);
      // What the app does after a 4401: ask for a fresh token. The session is over, so a 401 (it signs out).
      const retry = await t.request('POST', '/api/sync-tokens', {
        token: laptop.accessToken,
        body: { bookId: book.id },
      });
      expect(retry.status).toBe(401);
      await expectStillEditing(phoneSide);
    }

    async function expectStillEditing(side: SyncSide) {
      side.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('still here')]);
      await vi.waitFor(() => expect(side.persisted.at(-1)).toBe(2), WAIT);
      expect(side.closes).toEqual([]);
    }

    it('signing out on the laptop closes the laptop’s connection (4401); the phone’s stays open', async () => {
      const devices = await twoDevices();
      const out = await devices.t.request('POST', '/api/auth/logout', {
        body: { refreshToken: devices.laptop.refreshToken },
      });
      expect(out.status).toBe(204);
      await expectOnlyLaptopClosed(devices);
    });

    it('revoking the laptop’s session from the phone (Account → Sessions) closes the laptop’s connection only', async () => {
      const devices = await twoDevices();
      const { t, phone } = devices;
      const list = await t.request('GET', '/api/me/sessions', { token: phone.accessToken });
      expect(list.status).toBe(200);
      const others = (list.body.items as { id: string; current: boolean }[]).filter((s) => !s.current);
      expect(others).toHaveLength(1);
      const revoked = await t.request('DELETE', `/api/me/sessions/${others[0]!.id}`, {
        token: phone.accessToken,
      });
      expect(revoked.status).toBe(204);
      await expectOnlyLaptopClosed(devices);
    });

    it('a stolen laptop refresh token coming back ends that family and closes its connection only', async () => {
      const devices = await twoDevices();
      const { t, laptop } = devices;
      let refreshToken = laptop.refreshToken;
      for (let i = 0; i < 2; i++) {
        const rotated = await t.request('POST', '/api/auth/refresh', { body: { refreshToken } });
        expect(rotated.status).toBe(200);
        refreshToken = rotated.body.refreshToken as string;
      }
      // Two rotations back: outside the grace of a lost answer, so it can only be a copy.
      const replay = await t.request('POST', '/api/auth/refresh', {
        body: { refreshToken: laptop.refreshToken },
      });
      expect(replay.status).toBe(401);
      expect(replay.body.error.code).toBe(ErrorCode.refreshTokenReused);
      await expectOnlyLaptopClosed(devices);
    });
  },
);
