/**
 * The defaults that hold for every web contents the app ever creates: no navigation away from the
 * app in any frame, no redirects, no webviews, no new windows; and for the session: no permission
 * grants and no network (the app is offline by design: any http(s) or websocket request a page
 * attempts is cancelled). Electron is imported for types only, so plain Node tests drive these
 * functions with stand-ins (test/unit/desktop-shell.test.ts).
 */
import type { Event, Session, WebContents, WebContentsWillFrameNavigateEventParams } from 'electron';
import { isAppUrl } from './app-url.js';

type Contents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function lockDownContents(contents: Contents): void {
  // will-navigate covers the main frame; will-frame-navigate covers every frame, subframes included
  // (an injected iframe must not be steered to a remote page either).
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (details: Event<WebContentsWillFrameNavigateEventParams>) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

export function lockDownSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (_details, callback) => callback({ cancel: true }),
  );
}
