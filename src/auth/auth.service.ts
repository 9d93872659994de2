// Sign-in, sessions and sign-out. A session has an idle limit and an absolute limit; the cookie
// holds a random token and the database only its SHA-256, so a copy of the table opens nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { withSystem, withTenant } from '../db/tenant.ts';
import type { Clock } from '../platform/clock.ts';
import { ValidationError } from '../platform/errors.ts';
import type { AuditService } from '../domains/audit/audit.service.ts';
import { userRepository, type UserRow } from '../domains/tenancy/user.repository.ts';
import { verifyPassword } from './password.ts';
import { isRole, permissionsFor, type Actor } from './permissions.ts';
import { sessionRepository } from './session.repository.ts';

export interface SignedIn {
  token: string;
  actor: Actor;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toActor(row: Pick<UserRow, 'local_authority_id' | 'display_name' | 'email' | 'role' | 'team_id' | 'organisation'> & { id: string }): Actor {
  if (!isRole(row.role)) throw new Error(`Unknown role ${row.role}`);
  return {
    id: row.id,
    localAuthorityId: row.local_authority_id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    teamId: row.team_id,
    organisation: row.organisation,
    permissions: permissionsFor(row.role),
  };
}

export function createAuthService(db: Db, audit: AuditService, clock: Clock, config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>) {
  async function startSession(user: UserRow, method: string, correlationId: string): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    const actor = toActor(user);
    await withTenant(db, user.local_authority_id, async (tx) => {
      await sessionRepository.insert(tx, {
        id: hashToken(token),
        local_authority_id: user.local_authority_id,
        user_id: user.id,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000),
      });
      await audit.record(tx, { actor, correlationId }, { action: 'auth.sign-in', subjectType: 'app_user', subjectId: user.id, details: { method } });
    });
    return { token, actor };
  }

  return {
    async signInWithPassword(email: string, password: string, correlationId: string): Promise<SignedIn> {
      const errors: Record<string, string> = {};
      if (!email.trim()) errors.email = 'Enter your email address';
      if (!password) errors.password = 'Enter your password';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const user = await withSystem(db, (tx) => userRepository.findByEmail(tx, email));
      const ok = await verifyPassword(user?.active ? user.password_hash : null, password);
      if (!user || !ok) {
        if (user) {
          await withTenant(db, user.local_authority_id, (tx) =>
            audit.recordSystem(tx, user.local_authority_id, correlationId, { actorName: email.trim().toLowerCase(), actorId: user.id, action: 'auth.sign-in-failed', subjectType: 'app_user', subjectId: user.id }),
          );
        }
        throw new ValidationError({ email: 'Enter a correct email address and password' }, 'The email address or password is not right');
      }
      return startSession(user, 'password', correlationId);
    },

    /** After an identity provider has vouched for someone: match an account by subject, then by verified email. */
    async signInWithOidc(claims: { sub: string; email?: string; email_verified?: boolean }, correlationId: string): Promise<SignedIn | null> {
      const user = await withSystem(db, async (tx) => {
        const bySubject = await userRepository.findByOidcSubject(tx, claims.sub);
        if (bySubject) return bySubject;
        if (!claims.email || claims.email_verified === false) return undefined;
        const byEmail = await userRepository.findByEmail(tx, claims.email);
        if (byEmail) await userRepository.linkOidcSubject(tx, byEmail.id, claims.sub);
        return byEmail;
      });
      if (!user || !user.active) return null;
      return startSession(user, 'oidc', correlationId);
    },

    /** The actor behind a session token, or null if it is unknown, idle too long or past its absolute limit. */
    async resolveSession(token: string): Promise<Actor | null> {
      if (!token) return null;
      const id = hashToken(token);
      const now = clock.now();
      return withSystem(db, async (tx) => {
        const session = await sessionRepository.find(tx, id);
        if (!session) return null;
        const idleSince = now.getTime() - new Date(session.last_seen_at).getTime();
        if (!session.active || new Date(session.expires_at) <= now || idleSince > config.sessionIdleMinutes * 60_000) {
          await sessionRepository.delete(tx, id);
          return null;
        }
        // Refresh "last seen" at most once a minute, not on every request.
        if (idleSince > 60_000) await sessionRepository.touch(tx, id, now);
        return toActor({ ...session, id: session.user_id });
      });
    },

    async signOut(token: string, actor: Actor | null, correlationId: string): Promise<void> {
      if (!token) return;
      await withSystem(db, (tx) => sessionRepository.delete(tx, hashToken(token)));
      if (actor) {
        await withTenant(db, actor.localAuthorityId, (tx) => audit.record(tx, { actor, correlationId }, { action: 'auth.sign-out', subjectType: 'app_user', subjectId: actor.id }));
      }
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
