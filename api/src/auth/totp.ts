import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Galley';
const PERIOD_SECONDS = 30;
/** One step either side tolerates a phone clock that is up to 30 s off. */
const WINDOW_STEPS = 1;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit secret (RFC 4226 recommends 160) with its otpauth URI and QR code. */
export async function createTotpEnrolment(
  email: string,
): Promise<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }> {
  const secret = new Secret({ size: 20 }).base32;
  const otpauthUri = totpFor(secret, email).toString();
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrCodeDataUrl };
}

/**
 * The time step the code belongs to, or null when it matches none within the window. Callers store the
 * step and refuse any code whose step is not newer, so a seen code can never be used twice.
 */
export function matchTotpStep(secretBase32: string, code: string, nowMs: number): number | null {
  const delta = totpFor(secretBase32, 'check').validate({
    token: code.trim(),
    timestamp: nowMs,
    window: WINDOW_STEPS,
  });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta;
}

/** For tests and tools: the code an authenticator app would show at `nowMs`. */
export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32, 'check').generate({ timestamp: nowMs });
}
