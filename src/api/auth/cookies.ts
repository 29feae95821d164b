import type { Request, Response } from 'express';
import { SESSION_COOKIE } from './sessions';

/** One cookie's value from a Cookie header (no library: the hub reads just this one cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export const sessionTokenOf = (req: Request) => readCookie(req.headers.cookie, SESSION_COOKIE);

/**
 * httpOnly: page scripts (an injected one included) never read it. SameSite=Strict: the browser
 * sends it on requests this site starts only. Secure whenever the request came over HTTPS (a
 * proxy in front must be trusted, TRUST_PROXY, for req.secure to see that).
 */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  res.append('Set-Cookie', cookie(req, token, maxAge));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', cookie(req, '', 0));
}

function cookie(req: Request, value: string, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(req.secure ? ['Secure'] : [])].join('; ');
}
