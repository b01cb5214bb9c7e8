import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { rendererDir } from '../../common/app-paths.js';
import { EngineClient } from '../../engine/worker/engine-client.js';
import { DEFAULT_MAX_UPLOAD_BYTES, startHost, type RunningHost } from '../../host/server.js';
import { flag, intOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../open-case.js';
import { inert, out } from '../output.js';
import { listenForStop } from '../stop-signals.js';

const MIB = 1024 * 1024;

export const serveCommand: Command = {
  name: 'serve',
  arguments: '[case.db]',
  summary: 'Serve the UI to a browser on 127.0.0.1',
  description:
    'Serve the investigation UI to a browser on 127.0.0.1 only; ' +
    'the printed URL carries a per-run token that every API call requires. The browser imports the ' +
    'files it uploads; files already on this machine only from folders named with --evidence.',
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on (default: a free one)' },
    demo: {
      type: 'boolean',
      description:
        'build the demo case first (a generated tenant with every attack story); ' +
        'without a case path it lives in a temporary folder, removed when the server stops',
    },
    evidence: {
      type: 'string',
      multiple: true,
      value: 'DIR',
      description: 'a folder whose files (and subfolders) the browser may import by path; none by default',
    },
    'max-upload-mb': {
      type: 'string',
      value: 'N',
      description: `largest file the browser may upload, in MiB (default ${DEFAULT_MAX_UPLOAD_BYTES / MIB}); larger gets HTTP 413`,
    },
  },
  examples: [
    'dlens serve case.db --port 7411',
    'dlens serve case.db --evidence ~/evidence --max-upload-mb 8192',
    'dlens serve --demo',
  ],
  async run(args) {
    const demo = flag(args, 'demo');
    if (args.positionals.length > 1 || (!args.positionals[0] && !demo))
      throw new UsageError('give one case file, or --demo');
    const port = intOption(args, 'port', 0, 0, 65535);
    const maxUploadBytes = intOption(args, 'max-upload-mb', DEFAULT_MAX_UPLOAD_BYTES / MIB, 1, 1024 * 1024) * MIB;
    const evidenceDirs = evidenceFolders(args.values.evidence);
    if (!fs.existsSync(path.join(rendererDir, 'index.html')))
      throw new CliError(`renderer not built (${rendererDir}); run npm run build`);

    // --demo without a path builds a throw-away demo case in the temp folder, removed however the
    // server stops (a signal, an error, a second Ctrl+C while closing).
    const demoDir = args.positionals[0] ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-demo-case-'));
    const removeDemoDir = () => {
      if (demoDir) fs.rmSync(demoDir, { recursive: true, force: true });
    };
    process.once('exit', removeDemoDir);
    const stop = listenForStop(removeDemoDir);
    try {
      const casePath = args.positionals[0] ?? path.join(demoDir!, 'demo.dlens.db');
      const dir = path.dirname(path.resolve(casePath));
      if (!fs.existsSync(dir)) throw new CliError(`${casePath}: folder ${dir} does not exist`);

      let engine: EngineClient;
      try {
        if (demo && !fs.existsSync(casePath)) out('building the demo case (generated tenant with every attack story)…');
        engine = await EngineClient.start({ casePath: path.resolve(casePath), demoIfMissing: demo });
      } catch (err) {
        throw new CliError(`${casePath}: ${(err as Error).message}`);
      }
      let host: RunningHost | null = null;
      try {
        // A signal while the case was being built or opened: stop without serving.
        if (stop.requested) return 0;
        host = await startHost({ engine, port, staticDir: rendererDir, evidenceDirs, maxUploadBytes }).catch(
          (err: Error) => {
            throw new CliError(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
          },
        );
        out(`Delegation Lens is serving ${inert(casePath)}`);
        out(`open ${host.url}`);
        for (const d of evidenceDirs) out(`the browser may import files under ${inert(d)}`);
        out('(only this machine can connect; the token in the URL is required; Ctrl+C stops)');
        await stop.stopped;
        return 0;
      } finally {
        await host?.close();
        await engine.close();
      }
    } finally {
      stop.dispose();
      removeDemoDir();
      process.off('exit', removeDemoDir);
    }
  },
};

/** --evidence folders as real paths (symbolic links resolved), each checked to be a folder. */
function evidenceFolders(value: string | boolean | string[] | undefined): string[] {
  const given = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return given.map((d) => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch {
      throw new CliError(`--evidence ${d}: no such folder`);
    }
    if (!fs.statSync(real).isDirectory()) throw new CliError(`--evidence ${d}: not a folder`);
    return real;
  });
}
