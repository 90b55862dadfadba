// Who is running the command, for the `by` of every timeline event: CRISIS_RESPONDER, else git's
// user.name, else the OS user. Asked once, and only by a command that writes an event.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export function responderFrom(env: Record<string, string | undefined>, cwd: string): () => string {
  let found: string | undefined;
  return () => (found ??= resolveResponder(env, cwd));
}

function resolveResponder(env: Record<string, string | undefined>, cwd: string): string {
  const given = env.CRISIS_RESPONDER?.trim();
  if (given) return given;
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd,
      env: env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    if (name) return name;
  } catch {
    // no git, or no user.name: fall through to the OS user
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
