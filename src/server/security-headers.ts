import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Headers on every response: a Content-Security-Policy that allows only the dashboard's own files (no inline script
 * or style, no other origin, no framing, forms only to itself), no MIME sniffing, no referrer to other sites.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    // Not no-referrer: under it Chromium sends `Origin: null` with the dashboard's own form posts, which the CSRF
    // check must refuse (a sandboxed frame on any site sends the same). Same-origin keeps the referrer off other sites.
    referrerPolicy: "same-origin",
    xFrameOptions: "DENY",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    strictTransportSecurity: false,
  });
}
