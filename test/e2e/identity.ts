// A responder as git and crisis see them: name and email from the environment, never the
// machine's global git config, so tests on any machine commit as the same people.
export const identity = (name: string) => ({
  GIT_AUTHOR_NAME: name,
  GIT_AUTHOR_EMAIL: `${name.toLowerCase()}@acme.example`,
  GIT_COMMITTER_NAME: name,
  GIT_COMMITTER_EMAIL: `${name.toLowerCase()}@acme.example`,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  CRISIS_RESPONDER: name,
});
