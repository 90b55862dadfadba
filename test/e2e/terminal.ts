// A real pseudo-terminal through tmux: start a command, wait for text on the screen, type keys.
import { execFileSync } from 'node:child_process';

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

export function terminal(name: string, command: string, cwd: string) {
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '60', '-c', cwd, command);
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', name);
  return {
    screen,
    /** Waits until `text` shows (the walk-through's own pace, not a measured one). */
    async waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
        if (Date.now() > until) throw new Error(`"${text}" never appeared; the screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    type: (text: string) => void tmux('send-keys', '-t', name, '-l', '--', text),
    press: (...keys: string[]) => void tmux('send-keys', '-t', name, ...keys),
    kill: () => {
      try {
        tmux('kill-session', '-t', name);
      } catch {
        /* already gone */
      }
    },
  };
}
