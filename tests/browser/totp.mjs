// Authenticator-app codes for the browser journeys: RFC 6238 worked out here on node:crypto
// (an implementation independent of the service's), the demo data's secret, the secrets of
// apps added during the run, and signing in through the second step (page or API).
//
// A code works once: `nextCode` remembers the newest step used per person and waits for the
// next step when the three accepted around now are used up.

import { createHmac } from 'node:crypto';

/** The secret of every demo person who must have an app (api/src/seed/mod.rs). */
export const DEMO_TOTP_SECRET = 'CC2IDEMOCC2IDEMOCC2IDEMOCC2IDEMO';

const secrets = new Map();
const lastStep = new Map();

/** RFC 4648 base32 without padding to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]+/g, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit TOTP (SHA-1, 30 s) of `secret` at `seconds` since the epoch. */
export function totp(secret, seconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Remembers the secret of an app added to `email`'s account during the run. */
export function rememberSecret(email, secret) {
  secrets.set(email, secret.replace(/\s+/g, ''));
  lastStep.delete(email);
}

/** True when `email` added an app during the run. */
export function hasSecret(email) {
  return secrets.has(email);
}

/** A code `email`'s app shows that has not been used yet (the demo secret by default). */
export async function nextCode(email) {
  const secret = secrets.get(email) ?? DEMO_TOTP_SECRET;
  const nowStep = Math.floor(Date.now() / 30_000);
  const step = Math.max(nowStep - 1, (lastStep.get(email) ?? -Infinity) + 1);
  if (step > nowStep + 1) await new Promise((resolve) => setTimeout(resolve, (step - 1) * 30_000 - Date.now() + 100));
  lastStep.set(email, step);
  return totp(secret, step * 30);
}

/**
 * Signs in through the API for a token: the password, then (when the account asks) a code.
 * `request` is a Playwright APIRequestContext (page.request).
 */
export async function apiSignIn(request, base, email, password) {
  const post = async (path, body) => {
    const res = await request.fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify(body),
    });
    return { status: res.status(), body: JSON.parse((await res.text()) || 'null') };
  };
  let answer = await post('/auth/login', { email, password });
  if (answer.status === 401 && answer.body?.code === 'mfa_required') {
    answer = await post('/auth/login/mfa', { mfa_token: answer.body.mfa_token, code: await nextCode(email) });
  }
  if (answer.status !== 200) throw new Error(`sign in as ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}

/** A token that stepped up just now, for actions on money and authority by API. */
export async function apiStepUp(request, base, email, token) {
  const res = await request.fetch(`${base}/api/v1/auth/step-up`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    data: JSON.stringify({ code: await nextCode(email) }),
  });
  const text = await res.text();
  if (res.status() !== 200) throw new Error(`step up as ${email}: ${res.status()} ${text}`);
  return JSON.parse(text).access_token;
}
