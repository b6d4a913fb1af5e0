// Sign-in for the field app: authorization code + PKCE (S256) with the public client named by GET /config.json
// (frontline-web), redirect back to /field/. Tokens live in IndexedDB (store session) so a closed and reopened
// browser — or the service worker, with no page open — can still send. The access token is refreshed with the
// refresh token when needed; when that is refused the session is marked signInNeeded (the status bar says so),
// and entering data goes on: nothing here is needed to save a record.
// Follows the command-centre's oidc.js (web/app, bundled for / and keeping its tokens per tab in sessionStorage);
// the field app differs in where tokens live and in working without a window, so it keeps its own small copy.
import * as db from './db.js';
import { forgetUser } from './outbox.js';

const REFRESH_MARGIN_MS = 30000;
const REVOKE_TIMEOUT_MS = 8000;
let refreshing = null;

function base64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n) {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

export function claimsOf(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch (e) {
    return {};
  }
}

/** The gateway's /config.json (issuer, clientId, scope), remembered for offline starts. */
export async function config() {
  try {
    const r = await fetch('/config.json', { cache: 'no-store' });
    if (r.ok) {
      const c = await r.json();
      await db.setValue('meta', 'config', c);
      return c;
    }
  } catch (e) { /* offline: the remembered one */ }
  const saved = await db.value('meta', 'config');
  if (!saved) throw new Error('offline and no sign-in configuration remembered yet');
  return saved;
}

async function endpoints(cfg) {
  const issuer = cfg.issuer.replace(/\/+$/, '');
  const saved = await db.value('meta', 'oidc');
  // a copy remembered before the revocation endpoint was kept ('revocation' missing) is read again
  if (saved && saved.issuer === issuer && 'revocation' in saved) return saved;
  let meta;
  try {
    const r = await fetch(issuer + '/.well-known/openid-configuration');
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const d = await r.json();
    meta = { issuer, authorization: d.authorization_endpoint, token: d.token_endpoint, endSession: d.end_session_endpoint,
      revocation: d.revocation_endpoint || null };
  } catch (e) {
    // the provider may refuse the cross-origin read of its discovery document: Keycloak's endpoints by convention
    const base = issuer + '/protocol/openid-connect';
    meta = { issuer, authorization: base + '/auth', token: base + '/token', endSession: base + '/logout',
      revocation: base + '/revoke' };
  }
  await db.setValue('meta', 'oidc', meta);
  return meta;
}

/** The stored session: {accessToken, refreshToken, idToken, expiresAt, login, area, roles, signInNeeded}. */
export function session() {
  return db.value('session', 'tokens');
}

function sessionOf(t, previous) {
  const now = Date.now();
  const claims = claimsOf(t.access_token);
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token || (previous && previous.refreshToken),
    idToken: t.id_token || (previous && previous.idToken),
    expiresAt: now + (t.expires_in || 300) * 1000,
    refreshExpiresAt: t.refresh_expires_in ? now + t.refresh_expires_in * 1000 : null,
    login: claims.preferred_username || (previous && previous.login) || claims.sub,
    name: claims.name || claims.preferred_username || '',
    area: Array.isArray(claims.area) ? claims.area : (claims.area ? [claims.area] : []),
    roles: (claims.realm_access && claims.realm_access.roles) || [],
    signInNeeded: false,
  };
}

async function tokenRequest(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(json.error_description || json.error || 'HTTP ' + r.status);
    e.refused = r.status >= 400 && r.status < 500;
    throw e;
  }
  return json;
}

/**
 * Changes the stored session in one transaction: change(current) returns the session to store, or undefined to
 * leave it as it is. Resolves with the session stored afterwards. The page and the worker both refresh tokens, so
 * a decision taken on a session read earlier is checked against the one stored now.
 */
function updateSession(change) {
  return db.transaction('session', 'readwrite', store => new Promise((resolve, reject) => {
    const req = store.get('tokens');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const current = req.result ? req.result.value : undefined;
      const next = change(current);
      if (next !== undefined) store.put({ key: 'tokens', value: next });
      resolve(next !== undefined ? next : current);
    };
  }));
}

/** Marks the session signInNeeded only if it still holds the refresh token that failed (not a newer one, nor none). */
async function markSignInNeeded(failed) {
  const now = await updateSession(cur => (cur && cur.refreshToken === failed.refreshToken && cur.accessToken === failed.accessToken
    ? { ...cur, signInNeeded: true } : undefined));
  // another context stored a newer session meanwhile: use it
  return now && !now.signInNeeded && now.accessToken !== failed.accessToken && Date.now() < now.expiresAt - REFRESH_MARGIN_MS
    ? now.accessToken : null;
}

/**
 * A valid access token, refreshed first when it is about to expire (force: refresh now, after a 401). Null when
 * there is no session or the provider refused the refresh (sign-in needed); throws when the provider cannot be
 * reached (offline: try again later).
 */
export async function accessToken({ force = false } = {}) {
  const s = await session();
  if (!s || s.signInNeeded) return null;
  if (!force && Date.now() < s.expiresAt - REFRESH_MARGIN_MS) return s.accessToken;
  if (!s.refreshToken) return markSignInNeeded(s);
  if (!refreshing) {
    refreshing = (async () => {
      const cfg = await config();
      const meta = await endpoints(cfg);
      try {
        const t = await tokenRequest(meta.token, new URLSearchParams({
          grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: cfg.clientId }));
        const next = sessionOf(t, s);
        // stored only over the session it was refreshed from: not over a newer one, nor after a sign-out
        await updateSession(cur => (cur && cur.refreshToken === s.refreshToken ? next : undefined));
        return next.accessToken;
      } catch (e) {
        if (!e.refused) throw e;
        return markSignInNeeded(s);
      }
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** Page only: sends the browser to the provider's sign-in page; returns to /field/ and the same screen. */
export async function signIn() {
  const cfg = await config();
  const meta = await endpoints(cfg);
  const verifier = randomString(64);
  const state = randomString(24);
  const nonce = randomString(24);
  await db.setValue('session', 'pending', { verifier, state, nonce, hash: location.hash || '#/' });
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: location.origin + '/field/',
    // offline_access: the refresh token is an offline token (deploy/realm/README.md: bounded to 8 idle days, 30 in
    // all), so a phone closed or offline all day can still send what it recorded once it is back
    scope: withOfflineAccess(cfg.scope || 'openid'),
    state,
    nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(meta.authorization + '?' + params.toString());
}

function withOfflineAccess(scope) {
  return scope.split(/\s+/).includes('offline_access') ? scope : scope + ' offline_access';
}

/**
 * Page only, at start: on return from the provider (?code=&state=) checks the state and exchanges the code. A
 * different user while records wait is refused (their keys and their area belong to the one who entered them):
 * returns {refused: true, login: <who must sign in>}. A different user with nothing waiting first gets the phone
 * emptied of the one before (their work lists, receipts, community): {refused: false, login, switched: true}.
 * Returns null when this was no return from the provider.
 */
export async function completeSignIn(pendingCount) {
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  const error = url.searchParams.get('error');
  if (!code && !error) return null;
  const pending = await db.value('session', 'pending');
  await db.remove('session', 'pending');
  history.replaceState(null, '', '/field/' + ((pending && pending.hash) || '#/'));
  if (error) throw new Error(error + ' ' + (url.searchParams.get('error_description') || ''));
  if (!pending || pending.state !== url.searchParams.get('state')) throw new Error('state mismatch, sign in again');
  const cfg = await config();
  const meta = await endpoints(cfg);
  const t = await tokenRequest(meta.token, new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: location.origin + '/field/', client_id: cfg.clientId,
    code_verifier: pending.verifier }));
  if (t.id_token && claimsOf(t.id_token).nonce && claimsOf(t.id_token).nonce !== pending.nonce) {
    throw new Error('nonce mismatch, sign in again');
  }
  const next = sessionOf(t, null);
  const last = await db.value('meta', 'lastLogin');
  const switched = !!last && next.login !== last;
  if (switched && pendingCount > 0) return { refused: true, login: last };
  if (switched) await forgetUser();
  await db.setValue('session', 'tokens', next);
  await db.setValue('meta', 'lastLogin', next.login);
  return { refused: false, login: next.login, switched };
}

/**
 * Asks the provider to revoke the refresh token (an offline token: the provider's sign-out page does not end it).
 * True when the provider confirmed; false when offline, unreachable or refused (the token then ends by its
 * expiry: the realm's offline idle timeout, deploy/realm/README.md).
 */
async function revoke(meta, cfg, refreshToken) {
  if (!refreshToken || !meta || !meta.revocation || !navigator.onLine) return false;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REVOKE_TIMEOUT_MS);
  try {
    const r = await fetch(meta.revocation, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: cfg.clientId }),
      signal: abort.signal,
    });
    return r.ok;
  } catch (e) {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Page only: refused ({refused: true}) while records wait. Else revokes the refresh token at the provider (when
 * online), forgets the tokens and everything of this user on the phone (work lists, receipts, community, last
 * login), and, when online, ends the provider's session (a redirect). Resolves with {refused: false, revoked}:
 * revoked false means the provider could not be told (offline), so the session on the server ends by its expiry.
 */
export async function signOut(pendingCount) {
  if (pendingCount > 0) return { refused: true };
  const s = await session();
  let cfg = null;
  let meta = null;
  try {
    cfg = await config();
    meta = await endpoints(cfg);
  } catch (e) { /* offline and nothing remembered: the local session goes anyway */ }
  const revoked = cfg ? await revoke(meta, cfg, s && s.refreshToken) : false;
  await forgetUser({ forgetSession: true });
  if (cfg && meta && meta.endSession && navigator.onLine) {
    const params = new URLSearchParams({ client_id: cfg.clientId, post_logout_redirect_uri: location.origin + '/field/' });
    if (s && s.idToken) params.set('id_token_hint', s.idToken);
    location.assign(meta.endSession + '?' + params.toString());
  }
  return { refused: false, revoked };
}
