/**
 * The desktop shell's hardening, in plain Node (issue 14 point 13; the Electron binary is not needed
 * and may be absent): the packaging config flips the fuses and packs into asar, as electron-builder
 * itself reads and validates it; app:// URLs are decoded without ever throwing and never lead out of
 * the renderer folder; every frame's navigation is confined to the app; the page imports by opaque
 * handles of files the analyst chose, never by paths.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../../shared/contract.js';
import { APP_ORIGIN, isAppUrl, rendererFileFor } from '../../electron/main/app-url.js';
import { FileHandles } from '../../electron/main/file-handles.js';
import { lockDownContents, lockDownSession } from '../../electron/main/lockdown.js';
import { repoRoot } from '../helpers.js';

const require = createRequire(path.join(repoRoot, 'package.json'));

test('electron-builder.yml, as electron-builder loads and validates it: asar on, fuses flipped at build', async () => {
  /* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- electron-builder's internals ship no types we compile against */
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const { PlatformPackager } = require('app-builder-lib');
  const { FuseV1Options } = require('@electron/fuses');
  const config = await getConfig(repoRoot, path.join(repoRoot, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  assert.equal(config.asar, true);
  assert.deepEqual(config.asarUnpack, ['**/*.node']);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  });
  // What the build hands to @electron/fuses, by the installed electron-builder's own code.
  const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
  assert.equal(wires[FuseV1Options.RunAsNode], false);
  assert.equal(wires[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false);
  assert.equal(wires[FuseV1Options.EnableNodeCliInspectArguments], false);
  assert.equal(wires[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true);
  assert.equal(wires[FuseV1Options.OnlyLoadAppFromAsar], true);
  /* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */
});

test('app:// requests: malformed escapes are a 400 (never a throw), no way out of the renderer folder', () => {
  const root = path.join(repoRoot, 'dist', 'renderer');
  const cases: Array<[string, number | string]> = [
    [`${APP_ORIGIN}/`, 'index.html'],
    [`${APP_ORIGIN}/assets/app.js`, path.join('assets', 'app.js')],
    [`${APP_ORIGIN}/assets/a%20b.css`, path.join('assets', 'a b.css')],
    [`${APP_ORIGIN}/%E0%A4%A`, 400],
    [`${APP_ORIGIN}/%`, 400],
    [`${APP_ORIGIN}/assets/%ZZ.js`, 400],
    [`${APP_ORIGIN}/%C0%AF`, 400],
    [`${APP_ORIGIN}/x%00.html`, 400],
    [`${APP_ORIGIN}/..%2f..%2f..%2fetc%2fpasswd`, 403],
    // The URL parser folds encoded dot segments away before the handler sees them.
    [`${APP_ORIGIN}/%2e%2e/%2e%2e/package.json`, 'package.json'],
    [`${APP_ORIGIN}/..%5c..%5cwin.ini`, process.platform === 'win32' ? 403 : '..\\..\\win.ini'],
    ['app://evil/index.html', 404],
    ['app://', 404],
    ['not a url', 400],
  ];
  for (const [url, expected] of cases) {
    let target: ReturnType<typeof rendererFileFor> | undefined;
    assert.doesNotThrow(() => (target = rendererFileFor(root, url)), url);
    if (typeof expected === 'number') assert.deepEqual('status' in target! && target.status, expected, url);
    else assert.deepEqual(target, { file: path.join(root, expected) }, url);
  }
});

test('navigation of any frame is confined to the app; redirects, webviews and new windows refused', () => {
  for (const ok of [`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/`]) assert.equal(isAppUrl(ok), true, ok);
  for (const bad of [
    'https://example.com/',
    'http://127.0.0.1:7411/',
    'app://dlens.evil/',
    'app://evil/',
    'app://dlens',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'APP://DLENS/x',
    '',
  ])
    assert.equal(isAppUrl(bad), false, bad);

  const contents = Object.assign(new EventEmitter(), {
    openHandler: undefined as undefined | (() => { action: string }),
    setWindowOpenHandler(h: () => { action: string }) {
      this.openHandler = h;
    },
  });
  lockDownContents(contents as unknown as Parameters<typeof lockDownContents>[0]);
  const prevented = (event: string, ...args: unknown[]) => {
    let called = false;
    const e = { preventDefault: () => (called = true) };
    contents.emit(event, e, ...args);
    return called;
  };
  /** will-frame-navigate passes one details object that is also the event. */
  const framePrevented = (url: string, isMainFrame: boolean) => {
    let called = false;
    contents.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (called = true) });
    return called;
  };
  assert.equal(contents.listenerCount('will-frame-navigate'), 1, 'will-frame-navigate is handled');
  assert.equal(framePrevented('https://evil.example/', false), true, 'a subframe leaving the app');
  assert.equal(framePrevented('https://evil.example/', true), true);
  assert.equal(framePrevented('file:///etc/passwd', false), true);
  assert.equal(framePrevented(`${APP_ORIGIN}/index.html`, true), false);
  assert.equal(prevented('will-navigate', 'https://evil.example/'), true);
  assert.equal(prevented('will-navigate', `${APP_ORIGIN}/index.html`), false);
  assert.equal(prevented('will-redirect', `${APP_ORIGIN}/index.html`), true);
  assert.equal(prevented('will-attach-webview'), true);
  assert.deepEqual(contents.openHandler?.(), { action: 'deny' });

  let permission: boolean | undefined;
  let check: (() => boolean) | undefined;
  let filter: { urls: string[] } | undefined;
  let cancel: unknown;
  lockDownSession({
    setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (ok: boolean) => void) => void) =>
      h(null, 'media', (ok) => (permission = ok)),
    setPermissionCheckHandler: (h: () => boolean) => (check = h),
    webRequest: {
      onBeforeRequest: (f: { urls: string[] }, h: (d: unknown, cb: (r: unknown) => void) => void) => {
        filter = f;
        h({}, (r) => (cancel = r));
      },
    },
  } as unknown as Parameters<typeof lockDownSession>[0]);
  assert.equal(permission, false);
  assert.equal(check?.(), false);
  assert.deepEqual(filter?.urls, ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
  assert.deepEqual(cancel, { cancel: true });
});

test('the page imports by opaque handles of files the analyst chose; a path or a guessed handle is refused', () => {
  const handles = new FileHandles();
  const chosen = path.join(repoRoot, 'test', 'fixtures', 'purview-new-fullaccess.csv');
  const handle = handles.register(chosen);
  assert.match(handle, /^file-[A-Za-z0-9_-]{24}$/);
  assert.ok(!handle.includes('purview') && !handle.includes(path.sep), 'the handle says nothing of the path');
  assert.equal(handles.register(chosen), handle, 'the same file keeps its handle');
  assert.notEqual(handles.register(path.join(repoRoot, 'package.json')), handle);
  // The name registered is the chosen file's own; the page cannot rename evidence.
  assert.deepEqual(handles.resolveImport([{ path: handle, name: 'renamed.csv' }]), [
    { path: chosen, name: 'purview-new-fullaccess.csv' },
  ]);
  for (const bad of [chosen, '/etc/passwd', 'file-AAAAAAAAAAAAAAAAAAAAAAAA', `${handle}x`, '']) {
    assert.throws(
      () => handles.resolveImport([{ path: handle }, { path: bad }]),
      (e: unknown) =>
        e instanceof ApiError && e.code === 'invalid_args' && /files\.1\.path: not a file chosen/.test(e.message),
      bad,
    );
  }
  assert.throws(() => handles.register('relative/file.csv'), /absolute path/);
});

test('the shell wires handles in: import.files from the window resolves handles, the preload gives the page none of the paths', () => {
  const ipc = fs.readFileSync(path.join(repoRoot, 'electron', 'main', 'ipc.ts'), 'utf8');
  assert.match(ipc, /files\.resolveImport\(/, 'ipc.ts maps import.files handles to chosen paths');
  assert.match(ipc, /filePaths\.map\(\(p\) => files\.register\(p\)\)/, 'the open dialog answers with handles');
  const preload = fs.readFileSync(path.join(repoRoot, 'electron', 'preload', 'preload.ts'), 'utf8');
  assert.doesNotMatch(preload, /pathForFile/);
  assert.match(preload, /ipcRenderer\.invoke\(ipcFileHandleChannel, filePath\)/);
  const protocol = fs.readFileSync(path.join(repoRoot, 'electron', 'main', 'protocol.ts'), 'utf8');
  assert.doesNotMatch(protocol, /decodeURIComponent/, 'protocol.ts decodes through app-url.ts only');
  const main = fs.readFileSync(path.join(repoRoot, 'electron', 'main', 'main.ts'), 'utf8');
  assert.match(main, /app\.on\('web-contents-created', \(_event, contents\) => lockDownContents\(contents\)\)/);
});
