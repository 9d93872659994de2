// A signed-in person driving the app through inject(): keeps cookies and posts forms with their
// CSRF token, as a browser would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class WebSession {
  readonly #app: FastifyInstance;
  readonly #cookies = new Map<string, string>();
  #csrf = '';

  constructor(app: FastifyInstance) {
    this.#app = app;
  }

  #remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, encodeURIComponent(cookie.value)); // inject() hands values back decoded; a browser sends them as they were set
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token?.[1]) this.#csrf = token[1];
    return response;
  }

  get cookieHeader(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.#remember(await this.#app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } }));
  }

  async post(url: string, form: Record<string, string>, options: { csrf?: string | null } = {}): Promise<LightMyRequestResponse> {
    if (!this.#csrf && options.csrf === undefined) await this.get('/sign-in');
    const token = options.csrf === undefined ? this.#csrf : options.csrf;
    const body = new URLSearchParams({ ...form, ...(token === null ? {} : { _csrf: token }) }).toString();
    return this.#remember(
      await this.#app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' } }),
    );
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${response.statusCode}`);
    return response;
  }
}

export function text(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
