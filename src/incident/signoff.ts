// Whether a statement is still signed off: an approval counts only for the files as they were
// when it was given. Approvals record each file's sha256; one written before they did counts as given.
import type { Approval, IncidentState, StageRecord } from './timeline.js';

/** The sha256 (hex) of a file of the incident as it is now, by its path in the incident; undefined when it is missing. */
export type HashOf = (path: string) => string | undefined;

export type SignOff = {
  statement: string;
  /** The approval that still holds; null when none was given or what it approved has changed since. */
  approval: Approval | null;
  /** Files that differ from what an approval saw (edited or missing): the sign-off no longer holds. */
  changed: string[];
};

export function filesOf(stage: StageRecord, statement: string): string[] {
  return stage.statements.filter((s) => s.statement === statement).map((s) => s.path);
}

export function signOffOf(state: IncidentState, stage: StageRecord, statement: string, hashOf: HashOf): SignOff {
  const given = state.approvals.filter((a) => a.folder === stage.folder && a.statement === statement);
  let changed: string[] = [];
  for (const a of given.reverse()) {
    if (!a.files) return { statement, approval: a, changed: [] };
    const differ = filesOf(stage, statement).filter((path) => a.files![path] === undefined || hashOf(path) !== a.files![path]);
    if (!differ.length) return { statement, approval: a, changed: [] };
    if (!changed.length) changed = differ;
  }
  return { statement, approval: null, changed };
}

/** The statements of a stage, each with its sign-off as it holds now. */
export function signOffs(state: IncidentState, stage: StageRecord, hashOf: HashOf): SignOff[] {
  return [...new Set(stage.statements.map((s) => s.statement))].map((id) => signOffOf(state, stage, id, hashOf));
}

/**
 * Whether one file (a statement in one language) is signed off as it is now: what `publish`
 * checks at send time, so a language edited after its sign-off waits while the others go.
 */
export function fileSignedOff(state: IncidentState, file: { folder: string; statement: string; path: string }, hashOf: HashOf): boolean {
  return state.approvals.some(
    (a) =>
      a.folder === file.folder &&
      a.statement === file.statement &&
      (!a.files || (a.files[file.path] !== undefined && a.files[file.path] === hashOf(file.path))),
  );
}
