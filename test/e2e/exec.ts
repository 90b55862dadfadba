// Runs the built CLI as a user's shell would: a child process, a minimal environment, no colour
// and a fixed clock, so stdout, stderr and the exit status can be checked exactly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/crisis.js', import.meta.url));
export const CRISIS_NOW = '2026-03-10T10:00:00+01:00';

export type Result = { stdout: string; stderr: string; code: number | null };

export function crisis(args: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Result> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CRISIS_NOW, ...opts.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}
