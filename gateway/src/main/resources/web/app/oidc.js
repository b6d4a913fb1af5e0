// Login through the city's OIDC provider (Keycloak): authorization code with PKCE (S256) for a public client.
// Discovery from <issuer>/.well-known/openid-configuration, a random state checked on return, the code exchanged
// for tokens, the access token refreshed before it expires, logout at the provider's end-session endpoint.
// Tokens live in sessionStorage (this tab only) so a reload keeps the session.

const PENDING = 'frontline.oidc.pending';
const TOKENS = 'frontline.oidc.tokens';

function base64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n = 48) {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(digest);
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

export class Oidc {
  constructor({ issuer, clientId, scope }) {
    this.issuer = issuer.replace(/\/+$/, '');
    this.clientId = clientId;
    this.scope = scope || 'openid';
    this.redirectUri = window.location.origin + '/';
    this.tokens = null;
    this.refreshTimer = null;
    this.refreshing = null;
    this.onLogout = () => {};
  }

  async discover() {
    if (this.meta) return this.meta;
    let r;
    try {
      r = await fetch(this.issuer + '/.well-known/openid-configuration');
    } catch (e) {
      // the provider may refuse the cross-origin read of its discovery document: Keycloak's endpoints by convention
      const base = this.issuer + '/protocol/openid-connect';
      this.meta = { authorization_endpoint: base + '/auth', token_endpoint: base + '/token',
        end_session_endpoint: base + '/logout' };
      return this.meta;
    }
    if (!r.ok) throw new Error('OIDC discovery failed: HTTP ' + r.status);
    this.meta = await r.json();
    return this.meta;
  }

  /** Sends the browser to the provider's login page. */
  async login() {
    const meta = await this.discover();
    const verifier = randomString(64);
    const state = randomString(24);
    const nonce = randomString(24);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: this.scope,
      state,
      nonce,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    });
    window.location.assign(meta.authorization_endpoint + '?' + params.toString());
  }

  /**
   * On return from the provider (?code=&state=): checks the state, exchanges the code. Otherwise restores the
   * tokens of this tab. Returns whether there is a session.
   */
  async start() {
    const url = new URL(window.location.href);
    const code = url.searchParams.get('code');
    const error = url.searchParams.get('error');
    if (code || error) {
      const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
      sessionStorage.removeItem(PENDING);
      window.history.replaceState(null, '', '/');
      if (error) throw new Error('Login refused: ' + error + ' ' + (url.searchParams.get('error_description') || ''));
      if (!pending || pending.state !== url.searchParams.get('state')) {
        throw new Error('Login answer does not match the request (state); please log in again');
      }
      const meta = await this.discover();
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.redirectUri,
        client_id: this.clientId,
        code_verifier: pending.verifier,
      });
      const tokens = await this.tokenRequest(meta, body);
      const idClaims = tokens.id_token ? claimsOf(tokens.id_token) : {};
      if (idClaims.nonce && idClaims.nonce !== pending.nonce) throw new Error('Login answer does not match (nonce)');
      this.store(tokens);
      return true;
    }
    const saved = JSON.parse(sessionStorage.getItem(TOKENS) || 'null');
    if (!saved) return false;
    this.tokens = saved;
    if (Date.now() >= saved.expiresAt - 5000) {
      try {
        await this.refresh();
      } catch (e) {
        this.clear();
        return false;
      }
    } else {
      this.schedule();
    }
    return true;
  }

  async tokenRequest(meta, body) {
    const r = await fetch(meta.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error('Token request failed: ' + (json.error_description || json.error || r.status));
    return json;
  }

  store(t) {
    const now = Date.now();
    this.tokens = {
      accessToken: t.access_token,
      refreshToken: t.refresh_token || (this.tokens && this.tokens.refreshToken),
      idToken: t.id_token || (this.tokens && this.tokens.idToken),
      expiresAt: now + (t.expires_in || 300) * 1000,
      refreshExpiresAt: t.refresh_expires_in ? now + t.refresh_expires_in * 1000 : null,
    };
    sessionStorage.setItem(TOKENS, JSON.stringify(this.tokens));
    this.schedule();
  }

  /** Refreshes a minute before expiry (or at two thirds of a short lifetime). */
  schedule() {
    clearTimeout(this.refreshTimer);
    if (!this.tokens || !this.tokens.refreshToken) return;
    const left = this.tokens.expiresAt - Date.now();
    const wait = Math.max(1000, Math.min(left - 60000, left * 2 / 3));
    this.refreshTimer = setTimeout(() => this.refresh().catch(() => this.expired()), wait);
  }

  async refresh() {
    if (this.refreshing) return this.refreshing;
    this.refreshing = (async () => {
      const meta = await this.discover();
      const body = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: this.tokens.refreshToken,
        client_id: this.clientId,
      });
      this.store(await this.tokenRequest(meta, body));
    })();
    try {
      await this.refreshing;
    } finally {
      this.refreshing = null;
    }
  }

  expired() {
    this.clear();
    this.onLogout('expired');
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken() {
    if (!this.tokens) throw new Error('not logged in');
    if (Date.now() >= this.tokens.expiresAt - 15000) await this.refresh();
    return this.tokens.accessToken;
  }

  claims() {
    return this.tokens ? claimsOf(this.tokens.accessToken) : {};
  }

  clear() {
    clearTimeout(this.refreshTimer);
    this.tokens = null;
    sessionStorage.removeItem(TOKENS);
  }

  async logout() {
    const idToken = this.tokens && this.tokens.idToken;
    this.clear();
    const meta = await this.discover().catch(() => null);
    if (meta && meta.end_session_endpoint) {
      const params = new URLSearchParams({ client_id: this.clientId, post_logout_redirect_uri: this.redirectUri });
      if (idToken) params.set('id_token_hint', idToken);
      window.location.assign(meta.end_session_endpoint + '?' + params.toString());
    } else {
      window.location.assign('/');
    }
  }
}
