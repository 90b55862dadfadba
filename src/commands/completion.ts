// crisis completion bash|zsh|fish: a completion script, made from the command table itself (the
// commands, their options and the values an option or argument takes), so it never drifts from it.
import { EXIT, type IO } from '../shell/io.js';

export type CommandSpec = { name: string; description: string; options: string[]; values: Record<string, string[]>; folders: boolean };
type Options = { commands: CommandSpec[]; globals: string[] };

export async function run(io: IO, [shell]: string[], opts: Options): Promise<number> {
  io.stdout.write(SCRIPTS[shell as Shell](opts.commands, opts.globals));
  return EXIT.ok;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const words = (list: readonly string[]) => list.join(' ');
/** Single-quoted for sh-like shells. */
const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const SCRIPTS: Record<Shell, (commands: CommandSpec[], globals: string[]) => string> = {
  bash: (
    commands,
    globals,
  ) => `# crisis completion for bash: source <(crisis completion bash), or save it under ~/.local/share/bash-completion/completions/crisis
_crisis() {
  local cur prev cmd i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$cmd:$prev" in
${commands.flatMap((c) => Object.entries(c.values).map(([opt, vals]) => `    ${opt.startsWith('-') ? `${c.name}:${opt}` : `${c.name}:${c.name}`}) COMPREPLY=($(compgen -W ${quoted(words(vals))} -- "$cur")); return ;;`)).join('\n')}
  esac
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W ${quoted(words([...commands.map((c) => c.name), ...globals]))} -- "$cur")); return
  fi
  case "$cmd" in
${commands.map((c) => `    ${c.name}) [[ "$cur" == -* ]] && COMPREPLY=($(compgen -W ${quoted(words([...c.options, ...globals]))} -- "$cur"))${c.folders ? ' || COMPREPLY=($(compgen -d -- "$cur"))' : ''} ;;`).join('\n')}
  esac
}
complete -F _crisis crisis
`,
  zsh: (commands, globals) => `#compdef crisis
# crisis completion for zsh: save as _crisis in a folder of $fpath, or: source <(crisis completion zsh)
_crisis() {
  local -a commands
  commands=(
${commands.map((c) => `    ${quoted(`${c.name}:${c.description.replace(/:/g, '\\:')}`)}`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe command commands
    compadd -- ${words(globals)}
    return
  fi
  local cmd=\${words[2]} prev=\${words[CURRENT-1]}
  case "$cmd:$prev" in
${commands.flatMap((c) => Object.entries(c.values).map(([opt, vals]) => `    ${opt.startsWith('-') ? `${c.name}:${opt}` : `${c.name}:${c.name}`}) compadd -- ${words(vals)}; return ;;`)).join('\n')}
  esac
  case "$cmd" in
${commands.map((c) => `    ${c.name}) compadd -- ${words([...c.options, ...globals])}${c.folders ? '; _files -/' : ''} ;;`).join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _crisis "$@"; else compdef _crisis crisis; fi
`,
  fish: (commands, globals) => `# crisis completion for fish: crisis completion fish > ~/.config/fish/completions/crisis.fish
complete -c crisis -f
${commands.map((c) => `complete -c crisis -n __fish_use_subcommand -a ${c.name} -d ${quoted(c.description)}`).join('\n')}
${globals.map((g) => `complete -c crisis -l ${g.slice(2)}`).join('\n')}
${commands
  .flatMap((c) => [
    ...c.options.map(
      (o) => `complete -c crisis -n '__fish_seen_subcommand_from ${c.name}' -l ${o.slice(2)}${c.values[o] ? ` -x -a ${quoted(words(c.values[o]!))}` : ''}`,
    ),
    ...(c.values[c.name] ? [`complete -c crisis -n '__fish_seen_subcommand_from ${c.name}' -a ${quoted(words(c.values[c.name]!))}`] : []),
    ...(c.folders ? [`complete -c crisis -n '__fish_seen_subcommand_from ${c.name}' -a '(__fish_complete_directories)'`] : []),
  ])
  .join('\n')}
`,
};
