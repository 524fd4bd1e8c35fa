// The web permissions the app's page may use (almost none).
import { isAppPageUrl } from './page-security';

/**
 * Permissions the page may use. Everything else (camera, geolocation, notifications, HID, serial,
 * openExternal, …) is refused. Copying a thumbprint with navigator.clipboard.writeText needs
 * 'clipboard-sanitized-write', which writes plain text only and cannot read the clipboard.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, pageUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppPageUrl(requestingUrl, pageUrl);
}
