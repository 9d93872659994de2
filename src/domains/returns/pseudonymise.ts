// Pseudonymised identifiers for national evaluation extracts: HMAC-SHA256 keyed with a secret the
// council holds (a setting, generated on first use, never exported or shown). The same person gets
// the same pseudonym in every extract from this council, so extracts can be linked over time by the
// evaluator, but not reversed or matched to another council's extracts without the key.
import { createHmac, randomBytes, createHash } from 'node:crypto';

export const KEY_BYTES = 32;

export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function pseudonym(key: string, kind: 'person' | 'family', id: string): string {
  if (!key) throw new Error('No pseudonymisation key');
  return createHmac('sha256', Buffer.from(key, 'base64')).update(`${kind}:${id}`).digest('hex');
}

/** A short fingerprint of the key, recorded with each extract so a change of key is visible; it reveals nothing of the key. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(`hearth-key-fingerprint:${key}`).digest('hex').slice(0, 12);
}
