import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../shared/config.js';
import { CONFIG } from '../../shared/tokens.js';

export const CODEC_PAD = 'temporal-codec';
/** The session for the Temporal Web UI, readable by the server only and sent to the codec only. */
export const CODEC_COOKIE = 'vs_temporal_codec';

const TOEGESTANE_HEADERS = 'Authorization, Content-Type, X-Namespace';

/**
 * CORS for the codec: the Temporal Web UI runs on its own origin and calls the
 * codec from the browser. Only that origin gets CORS headers (with
 * credentials, for the session cookie); any other origin gets none, so the
 * browser refuses to hand it the answer. A preflight ends here, before the
 * auth guard, as browsers send it without credentials.
 *
 * The UI cannot send our bearer token, so the HttpOnly cookie set by
 * POST /v1/temporal-codec/sessie stands in for it; the auth guard then checks
 * the session and the role exactly as for a bearer token.
 */
@Injectable()
export class TemporalCodecMiddleware implements NestMiddleware {
  private readonly uiOrigin: string;

  constructor(@Inject(CONFIG) config: Config) {
    this.uiOrigin = new URL(config.TEMPORAL_UI_URL).origin;
  }

  use(verzoek: Request, antwoord: Response, volgende: NextFunction): void {
    antwoord.vary('Origin');
    const origin = verzoek.headers.origin;
    const toegestaan = origin === this.uiOrigin;
    if (toegestaan) {
      antwoord.setHeader('Access-Control-Allow-Origin', this.uiOrigin);
      antwoord.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (verzoek.method === 'OPTIONS') {
      if (toegestaan) {
        antwoord.setHeader('Access-Control-Allow-Methods', 'POST, DELETE');
        antwoord.setHeader('Access-Control-Allow-Headers', TOEGESTANE_HEADERS);
        antwoord.setHeader('Access-Control-Max-Age', '600');
      }
      antwoord.status(204).end();
      return;
    }
    if (!verzoek.headers.authorization) {
      const token = leesCookie(verzoek.headers.cookie, CODEC_COOKIE);
      if (token) verzoek.headers.authorization = `Bearer ${token}`;
    }
    volgende();
  }
}

function leesCookie(header: string | undefined, naam: string): string | undefined {
  for (const deel of (header ?? '').split(';')) {
    const [sleutel, ...rest] = deel.trim().split('=');
    if (sleutel === naam) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
