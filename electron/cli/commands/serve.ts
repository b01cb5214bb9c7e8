import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { rendererDir } from '../../common/app-paths.js';
import { EngineClient } from '../../engine/worker/engine-client.js';
import { startHost } from '../../host/server.js';
import { flag, intOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { CliError } from '../open-case.js';

export const serveCommand: Command = {
  name: 'serve',
  arguments: '[case.db]',
  summary: 'Serve the UI to a browser on 127.0.0.1',
  description:
    'Serve the investigation UI to a browser on 127.0.0.1 only; ' +
    'the printed URL carries a per-run token that every API call requires.',
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on (default: a free one)' },
    demo: {
      type: 'boolean',
      description:
        'build the demo case first (a generated tenant with every attack story); ' +
        'without a case path it lives in a temporary folder',
    },
  },
  examples: ['dlens serve case.db --port 7411', 'dlens serve --demo'],
  async run(args) {
    const demo = flag(args, 'demo');
    // --demo without a path builds a throw-away demo case in the temp folder.
    const casePath =
      args.positionals[0] ??
      (demo ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-demo-case-')), 'demo.dlens.db') : undefined);
    if (!casePath || args.positionals.length > 1) throw new UsageError('give one case file, or --demo');
    const port = intOption(args, 'port', 0, 0, 65535);
    if (!fs.existsSync(path.join(rendererDir, 'index.html')))
      throw new CliError(`renderer not built (${rendererDir}); run npm run build`);
    const dir = path.dirname(path.resolve(casePath));
    if (!fs.existsSync(dir)) throw new CliError(`${casePath}: folder ${dir} does not exist`);

    let engine: EngineClient;
    try {
      if (demo && !fs.existsSync(casePath))
        console.log('building the demo case (generated tenant with every attack story)…');
      engine = await EngineClient.start({ casePath: path.resolve(casePath), demoIfMissing: demo });
    } catch (err) {
      throw new CliError(`${casePath}: ${(err as Error).message}`);
    }
    const host = await startHost({ engine, port, staticDir: rendererDir }).catch(async (err: Error) => {
      await engine.close();
      throw new CliError(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
    });
    console.log(`Delegation Lens is serving ${casePath}`);
    console.log(`open ${host.url}`);
    console.log('(only this machine can connect; the token in the URL is required; Ctrl+C stops)');

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await engine.close();
    return 0;
  },
};
