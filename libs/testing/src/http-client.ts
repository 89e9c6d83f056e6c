/** A signed-in test user talking to the API over real HTTP, with its session cookie and CSRF token. */
export class ApiClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly language: 'en' | 'es' = 'en',
  ) {}

  static async login(
    baseUrl: string,
    email: string,
    password: string,
    language: 'en' | 'es' = 'en',
  ): Promise<ApiClient> {
    const client = new ApiClient(baseUrl, language);
    const res = await client.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  /** The Cookie header this client sends (for load generators that bring their own HTTP client). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf(): string | undefined {
    return this.cookies.get('csrf_token');
  }

  get(path: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.send('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.send('POST', path, body, headers);
  }

  patch(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.send('PATCH', path, body, headers);
  }

  /** A multipart/form-data body (fetch writes the boundary), with this client's cookies and CSRF token. */
  async sendForm(
    method: string,
    path: string,
    form: FormData,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const h: Record<string, string> = { 'accept-language': this.language, ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: form });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body: parsed as ApiResponse['body'] };
  }

  /** The raw answer of a GET with this client's cookies: for downloads. */
  fetchRaw(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.baseUrl + path, {
      headers: { 'accept-language': this.language, cookie: this.cookieHeader(), ...headers },
    });
  }

  /** Sends raw text as the body (for malformed JSON). */
  async sendRaw(method: string, path: string, raw: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.send(method, path, undefined, { 'content-type': 'application/json', ...headers }, raw);
  }

  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    raw?: string,
  ): Promise<ApiResponse> {
    const h: Record<string, string> = { 'accept-language': this.language, ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i);
      const v = pair.slice(i + 1);
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as Record<string, any> };
  }
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
}
