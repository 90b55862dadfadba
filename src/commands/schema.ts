// crisis schema [playbook|config]: a JSON Schema, for editors (yaml-language-server) and other
// tools. The same files ship in the package's schema/ folder, where init's modelines point.
import config from '../../schema/config.schema.json' with { type: 'json' };
import playbook from '../../schema/playbook.schema.json' with { type: 'json' };
import { EXIT, type IO } from '../shell/io.js';

const SCHEMAS: Record<string, unknown> = { playbook, config };

export async function run(io: IO, [which = 'playbook']: string[]): Promise<number> {
  io.stdout.write(`${JSON.stringify(SCHEMAS[which], null, 2)}\n`);
  return EXIT.ok;
}
