// crisis schema: the playbook JSON Schema, for editors (yaml-language-server) and other tools.
import schema from '../../schema/playbook.schema.json' with { type: 'json' };
import { EXIT, type IO } from '../shell/io.js';

export async function run(io: IO): Promise<number> {
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
