// The command table. Each action imports its command on demand, so `crisis --help` loads nothing
// but commander, and handlebars, ajv and inquirer load only in the commands that use them.
import { Argument, Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { ProblemsError } from './shell/errors.js';
import { FORMAT_NAMES } from './format/names.js';
import { terminalSafeOutput } from './format/terminal.js';
import { clockFrom, colorWanted, EXIT, Interrupted, UsageError, type IO } from './shell/io.js';
import { responderFrom } from './shell/responder.js';

// Commander hands options over untyped; each command declares the ones it reads.
type Action = (io: IO, args: string[], opts: any) => Promise<number>;

const program = new Command('crisis')
  .description('Crisis communication playbooks as code: one honest, timely message on every channel, in every language.')
  .version(pkg.version, '-v, --version')
  .option('--config <file>', 'crisis.config.yaml to use (default: found in the current folder or a parent)')
  .option('--playbooks <dir>', 'look for playbooks here first')
  .option('--no-color', 'no colour (NO_COLOR works too)')
  .option('--debug', 'show stack traces')
  .showSuggestionAfterError(true)
  .exitOverride();

/** Registers an action: the command module is imported only when the command runs. */
function action(load: () => Promise<{ run: Action }>) {
  return async (...args: unknown[]) => {
    const cmd = args.at(-1) as Command;
    const opts = cmd.optsWithGlobals();
    const io = makeIO(opts);
    const { run } = await load();
    process.exitCode = await run(io, cmd.args, opts);
  };
}

program
  .command('list')
  .description('playbooks found, with severities and cadence')
  .option('--json', 'machine-readable output')
  .action(action(() => import('./commands/list.js')));

program
  .command('show')
  .argument('<playbook>', 'playbook id')
  .description('owners (with roster names), inputs, steps by phase, statements')
  .option('--json', 'the playbook as loaded, with the roster names on its owners')
  .action(action(() => import('./commands/show.js')));

program
  .command('validate')
  .argument('[paths...]', "playbook files or folders (default: the project's playbooks)")
  .description('schema, cross-checks and test renders of playbooks and templates; for CI')
  .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('text'))
  .option('--json', 'the same as --format json')
  .option('--strict', 'warnings fail too')
  .action(action(() => import('./commands/validate.js')));

program
  .command('schema')
  .addArgument(new Argument('[which]', "the playbook's or the config's schema").choices(['playbook', 'config']).default('playbook'))
  .description('print the playbook (or config) JSON Schema, for editors and other tools')
  .action(action(() => import('./commands/schema.js')));

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options of commands that take facts (README, "Commands"). */
function withFacts(cmd: Command): Command {
  return cmd
    .option('--severity <id>', "severity (default: the playbook's default)")
    .option('--answers <file>', 'facts from a YAML or JSON file (input id: value)')
    .option('--set <input=value>', 'one fact; repeat for more', collect)
    .option('--lang <l1,l2>', 'only these languages')
    .option('--yes', "never prompt: take the answers given and the inputs' defaults")
    .option('--dry-run', 'print what would be written; write nothing');
}

const outOption = () => new Option('--out <dir>', 'incidents folder').default('incidents');

withFacts(
  program
    .command('start')
    .argument('<playbook>', 'playbook id')
    .description('the walk-through: facts once, every statement, checklist, clock; creates an incident folder'),
)
  .addOption(outOption())
  .action(action(() => import('./commands/start.js')));

withFacts(
  program
    .command('update')
    .argument('<incident>', 'incident folder or its name under --out')
    .description('new facts -> the next numbered update of every update-stage statement'),
)
  .addOption(outOption())
  .action(action(() => import('./commands/update.js')));

program
  .command('status')
  .argument('[incident]', 'one incident in full')
  .description('open incidents, severity, next update due; overdue ones flagged')
  .addOption(outOption())
  .option('--json', 'machine-readable output')
  .action(action(() => import('./commands/status.js')));

program
  .command('doctor')
  .argument('[incident]', 'one incident (default: every incident under --out)')
  .description('check incident folders against their timeline; rebuild the views and clear leftovers')
  .addOption(outOption())
  .action(action(() => import('./commands/doctor.js')));

program
  .command('done')
  .argument('<incident>', 'incident folder or its name under --out')
  .argument('<step>', 'step id')
  .description('tick a checklist step')
  .option('--skip', 'mark it skipped instead of done')
  .option('--note <text>', 'a note kept with the step')
  .option('--dry-run', 'print what would be written; write nothing')
  .addOption(outOption())
  .action(action(() => import('./commands/done.js')));

withFacts(
  program
    .command('resolve')
    .argument('<incident>', 'incident folder or its name under --out')
    .description('resolution statements, the closing checklist, review.md'),
)
  .addOption(outOption())
  .action(action(() => import('./commands/resolve.js')));

withFacts(program.command('render').argument('<playbook>', 'playbook id').description('statements only, into --out, no incident state (automation)'))
  .addOption(new Option('--stage <stage>', 'stage to render').choices(['start', 'update', 'resolve']).default('start'))
  .option('--out <dir>', 'folder for the statements', 'statements')
  .action(action(() => import('./commands/render.js')));

program
  .command('preview')
  .argument('<target>', 'playbook id, or an incident: its folder, or its name under ./incidents')
  .description('one self-contained HTML page: every statement by stage, channel and language, with length/segment meters and warnings')
  .option('--severity <id>', "severity (default: the playbook's default)")
  .option('--answers <file>', "facts from a YAML or JSON file (input id: value); the inputs' examples fill the rest")
  .option('--set <input=value>', 'one fact; repeat for more', collect)
  .option('--lang <l1,l2>', 'only these languages')
  .option('--out <file.html>', 'the page (default: preview.html in the incident folder, or in the current folder for a playbook)')
  .option('--incidents <dir>', 'where incident names are looked up (default: ./incidents)')
  .option('--stages <n|all>', 'an incident: how many of the latest stages to show in full (default 3; all for every one)')
  .option('--open', "open the page in the system's browser, when there is one")
  .action(action(() => import('./commands/preview.js')));

program
  .command('approve')
  .argument('<incident>', 'incident folder or its name under --out')
  .argument('[statements...]', 'statement ids (default: every one of the latest stage the role owns)')
  .description("the statement's owner signs off the latest rendered statements")
  .option('--as <role>', 'the owner role signing off (e.g. comms-lead)')
  .option('--dry-run', 'print what would be written; write nothing')
  .addOption(outOption())
  .action(action(() => import('./commands/approve.js')));

program
  .command('publish')
  .argument('<incident>', 'incident folder or its name under --out')
  .argument('[statements...]', 'statement ids (default: every one with a target under publish:)')
  .description('send the latest signed-off statements to their channels')
  .option('--retry-unknown', 'send again deliveries whose outcome is unknown (the customer may already have them)')
  .option('--json', 'the deliveries, machine-readable')
  .option('--dry-run', 'print each request, secrets redacted; send and write nothing')
  .addOption(outOption())
  .action(action(() => import('./commands/publish.js')));

program
  .command('sync')
  .argument('[incident]', 'one incident (default: every incident under --out)')
  .description("share incidents through the repository's git remote: pull, merge the timelines, push")
  .addOption(outOption())
  .action(action(() => import('./commands/sync.js')));

const site = program.command('site').description('the static status site: pages and feeds for every language, from the incidents');
site
  .command('build')
  .description('the static status site and its Atom and JSON feeds, from every incident folder (signed-off status-page statements only)')
  .option('--out <dir>', 'the site folder, replaced whole (default: the publish: site folder of the config, else status-site)')
  .option('--incidents <dir>', 'where the incident folders are (default: ./incidents)')
  .option('--dry-run', 'print the files it would write; write nothing')
  .action(action(() => import('./commands/site.js')));

program
  .command('init')
  .argument('[dir]', 'folder to scaffold (default: the current folder)')
  .description("scaffold a config, one starter playbook with its templates, package.json, and a CI workflow at the git repository's root")
  .option('--org <name>', 'the organisation, as customers know it')
  .option('--lang <l1,l2>', 'languages of the starter templates, from en, fr, pl, he; the first is the default (default: en)')
  .option('--timezone <zone>', "IANA time zone for every time shown (default: this machine's)")
  .option('--dry-run', 'print the paths it would write; write nothing (init never overwrites a file)')
  .action(action(() => import('./commands/init.js')));

program
  .command('completion')
  .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
  .description('print a shell completion script: source <(crisis completion bash)')
  .action(async (shell: string, _opts: unknown, cmd: Command) => {
    const { run } = await import('./commands/completion.js');
    process.exitCode = await run(makeIO(cmd.optsWithGlobals()), [shell], {
      commands: commandTable(),
      globals: program.options.map((o) => o.long!).filter(Boolean),
    });
  });

/** The commands as completion needs them: names, options, and the values an option or argument takes. */
function commandTable() {
  return program.commands.map((c) => {
    const values: Record<string, string[]> = {};
    for (const o of c.options) if (o.argChoices && o.long) values[o.long] = o.argChoices;
    const first = c.registeredArguments[0];
    if (first?.argChoices) values[c.name()] = first.argChoices;
    // A command with subcommands (`site build`): the subcommands complete as its first word, their options after.
    if (c.commands.length) values[c.name()] = c.commands.map((sub) => sub.name());
    const options = [...c.options, ...c.commands.flatMap((sub) => sub.options)].map((o) => o.long!).filter(Boolean);
    // Incident folders are completed as folders.
    const folders = c.commands.length > 0 || c.registeredArguments.some((a) => ['incident', 'target', 'dir'].includes(a.name()));
    return { name: c.name(), description: c.description(), options: [...new Set(options)], values, folders };
  });
}

function makeIO(opts: Record<string, unknown>): IO {
  const env = process.env;
  return {
    cwd: process.cwd(),
    env,
    // What commands print quotes user files (titles, steps, answers): no control character gets through raw.
    stdout: { write: (text: string) => process.stdout.write(terminalSafeOutput(text)) },
    stderr: { write: (text: string) => process.stderr.write(terminalSafeOutput(text)) },
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    color: colorWanted(env, Boolean(process.stdout.isTTY), opts.color as boolean | undefined),
    now: clockFrom(env),
    responder: responderFrom(env, process.cwd()),
  };
}

/** The edge: every failure is printed once here, with its exit code; stack traces only with --debug. */
async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  // A reader that goes away (`crisis status --json | head`) ends the output, not in a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw err;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = await report(err, debug);
  }
}

async function report(err: unknown, debug: boolean): Promise<number> {
  const color = colorWanted(process.env, Boolean(process.stderr.isTTY), !process.argv.includes('--no-color'));
  if (err instanceof CommanderError) {
    // Commander printed its own message already (help and version are successes).
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof Interrupted) {
    process.stderr.write(`crisis: interrupted; ${err.done ?? 'nothing was written (facts typed so far are kept for the next start)'}\n`);
    return EXIT.interrupted;
  }
  if (err instanceof UsageError) {
    process.stderr.write(terminalSafeOutput(`crisis: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`));
    return EXIT.usage;
  }
  if (err instanceof ProblemsError) {
    const { printProblems } = await import('./shell/problems.js');
    printProblems({ cwd: process.cwd(), stderr: process.stderr, color }, err.problems);
    if (debug) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  if (['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException)?.code ?? '')) {
    // What the commands write is built aside and renamed into place, so a full disk leaves nothing half-written.
    process.stderr.write('crisis: the disk is full: nothing was written\n  hint: free some space and run the command again\n');
    return EXIT.failed;
  }
  process.stderr.write(`crisis: internal error: ${e?.message ?? String(err)}\n`);
  process.stderr.write(debug ? `${e?.stack}\n` : '  run again with --debug for the stack trace, and report it\n');
  return EXIT.failed;
}

await main(process.argv);
