import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { describe, expect, it } from 'vitest';
import { closeAction } from './closeAction.ts';

describe('closeAction', () => {
  it('follows the close code table', () => {
    expect(closeAction(SyncCloseCode.unauthenticated)).toEqual({ kind: 'newToken' });
    expect(closeAction(SyncCloseCode.tokenExpired)).toEqual({ kind: 'newToken' });
    expect(closeAction(SyncCloseCode.rateLimited)).toEqual({ kind: 'slowRetry' });
    expect(closeAction(SyncCloseCode.internalError)).toEqual({ kind: 'provider' });
    expect(closeAction(SyncCloseCode.shuttingDown)).toEqual({ kind: 'provider' });
    expect(closeAction(1006)).toEqual({ kind: 'provider' });
  });

  it('stops on codes that reconnecting cannot fix, saying why', () => {
    expect(closeAction(SyncCloseCode.forbidden)).toEqual({
      kind: 'stop',
      reason: 'Not allowed on this document.',
    });
    expect(closeAction(SyncCloseCode.forbidden, 'comment access may not change the text')).toEqual({
      kind: 'stop',
      reason: 'comment access may not change the text',
    });
    for (const code of [SyncCloseCode.badRequest, SyncCloseCode.messageTooLarge])
      expect(closeAction(code).kind).toBe('stop');
  });
});
