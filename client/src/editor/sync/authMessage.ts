import { AuthKind, MessageType } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** `auth` kind 1: a fresh sync token for the same user and book, sent before the current one expires. */
export function encodeTokenRenewal(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthKind.token);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** The reason of a permission-denied `auth` message (the decoder is past the message type), else null. */
export function readPermissionDenied(decoder: decoding.Decoder): string | null {
  try {
    if (decoding.readVarUint(decoder) !== AuthKind.permissionDenied) return null;
    return decoding.readVarString(decoder);
  } catch {
    return null;
  }
}
