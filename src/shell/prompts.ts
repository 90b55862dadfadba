// The prompts, wrapped once: every question goes through here, and so does Ctrl-C.
// @inquirer/prompts throws ExitPromptError when the user presses Ctrl-C or input ends.
// The three prompts by their own packages: the @inquirer/prompts barrel drags its editor prompt
// (iconv-lite, chardet: 800 kB) into the bundle.
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';

import { Interrupted } from './io.js';

async function guard<T>(ask: Promise<T>): Promise<T> {
  try {
    return await ask;
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new Interrupted();
    throw err;
  }
}

export type Choice<T> = { name: string; value: T; description?: string };

export const ask = {
  text: (message: string, opts: { default?: string; validate?: (v: string) => true | string } = {}) =>
    guard(
      input({
        message,
        ...(opts.default !== undefined && opts.default !== '' ? { default: opts.default } : {}),
        ...(opts.validate ? { validate: opts.validate } : {}),
      }),
    ),
  select: <T>(message: string, choices: Choice<T>[], initial?: T) =>
    guard(select<T>({ message, choices, ...(initial !== undefined ? { default: initial } : {}), pageSize: Math.min(choices.length, 12) })),
  confirm: (message: string, initial = true) => guard(confirm({ message, default: initial })),
};
