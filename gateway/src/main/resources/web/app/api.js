// The gateway's API with the bearer token, and the live stream (SSE) read with fetch() + ReadableStream:
// EventSource cannot send an Authorization header. A dropped stream reconnects with Last-Event-ID.

export class ApiError extends Error {
  constructor(status, problem, path) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status + ' for ' + path));
    this.status = status;
    this.problem = problem;
    this.path = path;
  }
}

export class Api {
  constructor(oidc) {
    this.oidc = oidc;
  }

  async request(path, init = {}) {
    let token = await this.oidc.accessToken();
    let r = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: 'Bearer ' + token } });
    if (r.status === 401) { // the token may have been revoked or expired in between: refresh once
      await this.oidc.refresh();
      token = await this.oidc.accessToken();
      r = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: 'Bearer ' + token } });
    }
    if (!r.ok) {
      const problem = await r.json().catch(() => null);
      throw new ApiError(r.status, problem, path);
    }
    return r;
  }

  async json(path) {
    return (await this.request(path, { headers: { Accept: 'application/json' } })).json();
  }

  /** Fetches a file with the token and hands it to the browser as a download. */
  async download(path, fallbackName) {
    const r = await this.request(path);
    const blob = await r.blob();
    const disposition = r.headers.get('Content-Disposition') || '';
    const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
    const name = m ? decodeURIComponent(m[1] || m[2]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return name;
  }

  /**
   * Follows /api/v1/stream?area= until stop() is called. onEvent({event, id, data}) per message; onState('live' |
   * 'reconnecting' | 'off'). Reconnects with Last-Event-ID after a growing pause (1 s … 15 s).
   */
  stream(area, onEvent, onState) {
    const self = this;
    let stopped = false;
    let lastId = null;
    let controller = null;
    let delay = 1000;

    async function once() {
      controller = new AbortController();
      const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + await self.oidc.accessToken() };
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const r = await fetch('/api/v1/stream?area=' + encodeURIComponent(area), { headers, signal: controller.signal,
        cache: 'no-store' });
      if (r.status === 401) {
        await self.oidc.refresh();
        throw new Error('stream: token refreshed');
      }
      if (!r.ok || !r.body) throw new ApiError(r.status, await r.json().catch(() => null), '/api/v1/stream');
      onState('live');
      delay = 1000;
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = parse(block);
          if (message.id !== null) lastId = message.id;
          if (message.data !== null) {
            let data = message.data;
            try { data = JSON.parse(message.data); } catch (e) { /* plain text */ }
            onEvent({ event: message.event || 'message', id: message.id, data });
          }
        }
      }
    }

    function parse(block) {
      const m = { event: null, id: null, data: null };
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') m.event = value;
        else if (field === 'id') m.id = value;
        else if (field === 'data') m.data = m.data === null ? value : m.data + '\n' + value;
        else if (field === 'retry' && /^\d+$/.test(value)) delay = Number(value);
      }
      return m;
    }

    (async () => {
      while (!stopped) {
        try {
          await once();
        } catch (e) {
          if (stopped) break;
          if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
            onState('off', e);
            return;
          }
        }
        if (stopped) break;
        onState('reconnecting');
        await new Promise(res => setTimeout(res, delay));
        delay = Math.min(delay * 2, 15000);
      }
      onState('off');
    })();

    return {
      stop() {
        stopped = true;
        if (controller) controller.abort();
      },
    };
  }
}
