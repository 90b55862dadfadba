// What every command that changes an incident does, once: find the project, its config and the
// incident, take the incident's lock, load its playbook, and give the command one way to record
// what it decided: `commit(event)` appends the event (with its stage folder when it issues
// statements) and rewrites the views from the state it leads to.
import { apply, type FileWrite, type IncidentState, incidentViews, type StagePlan, type TimelineEvent } from '../incident/index.js';
import type { Config, Playbook, TemplateSet } from '../playbook/index.js';
import { changeIncident, incidentDir, type Incident, type IncidentWriter } from './incident-store.js';
import type { IO } from './io.js';
import { loadPlaybook, requireConfig } from './load.js';
import { incidentsRoot, projectOf, type CommonOptions } from './options.js';
import type { ProjectOptions } from './project.js';

export type IncidentChange = {
  dir: string;
  incident: Incident;
  state: IncidentState;
  playbook: Playbook;
  templates: TemplateSet;
  config: Config;
  project: ProjectOptions;
  /** The one clock reading of the command: its event and views agree on it. */
  now: Date;
  /** Records the event, with the stage folder it issues; rewrites the views; returns the state it leads to. */
  commit(event: TimelineEvent, stage?: StagePlan): IncidentState;
  /** Writes a file inside the incident folder (atomically). */
  writeFile(f: FileWrite): void;
};

/** The incident named by `ref`, changed by `fn` under its lock. */
export async function withIncident<T>(io: IO, ref: string, opts: CommonOptions, command: string, fn: (change: IncidentChange) => T): Promise<T> {
  const project = projectOf(io, opts);
  const config = requireConfig(project);
  const dir = incidentDir(ref, incidentsRoot(io, opts), io.cwd);
  const change = (incident: Incident, write: IncidentWriter) => {
    const { loaded, templates } = loadPlaybook(incident.state.playbook, project, config);
    const playbook = loaded.playbook;
    const now = io.now();
    const events = [...incident.events];
    let state = incident.state;
    return fn({
      dir,
      incident,
      state,
      playbook,
      templates,
      config,
      project,
      now,
      commit(event, stage) {
        if (stage) write.stage(stage, event);
        else write.event(event);
        events.push(event);
        state = apply(state, event);
        for (const f of incidentViews(state, playbook, config, now, events)) write.file(f);
        return state;
      },
      writeFile: (f) => write.file(f),
    });
  };
  // These commands read and write no stage folder but the latest and the one they add.
  return changeIncident(io, dir, command, change, { stages: 'latest' });
}
