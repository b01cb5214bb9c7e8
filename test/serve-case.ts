/**
 * `dlens serve <case> --port 0` as a child process, resolved with the URL it prints (token included)
 * once the host listens. For the Playwright fixtures and the UI benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export async function startServe(cli: string, casePath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', casePath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`dlens serve exited with ${code}: ${out}`)));
  });
  return { url, child };
}
