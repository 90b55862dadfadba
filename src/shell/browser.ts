// Opening a page in the system's browser when there is one; otherwise saying so and carrying on.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { IO } from './io.js';
import { displayPath } from './project.js';

export function openInBrowser(io: IO, file: string): void {
  const platform = process.platform;
  const [cmd, args] = platform === 'darwin' ? ['open', [file]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', file]] : ['xdg-open', [file]];
  const graphical = platform !== 'linux' || Boolean(io.env.DISPLAY || io.env.WAYLAND_DISPLAY);
  const yourself = `open ${displayPath(io.cwd, file)} yourself`;
  if (!graphical || !onPath(cmd, io.env.PATH)) {
    io.stderr.write(`crisis: no browser to open it with here${graphical ? ` (${cmd} not found)` : ' (no display)'}; ${yourself}\n`);
    return;
  }
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: platform === 'win32' });
    child.on('error', () => io.stderr.write(`crisis: could not start ${cmd}; ${yourself}\n`));
    child.unref();
  } catch {
    io.stderr.write(`crisis: could not start ${cmd}; ${yourself}\n`);
  }
}

function onPath(cmd: string, path = ''): boolean {
  if (process.platform === 'win32') return true; // cmd.exe is always there
  return path.split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}
