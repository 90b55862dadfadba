// publish: what `crisis publish` sends (pure). plan.ts plans the deliveries from the incident,
// the playbook and the `publish:` config, folds their states from the timeline and decides what a
// run sends; message.ts builds each target's message; secrets.ts expands `${NAME}` and redacts.
export * from './plan.js';
export * from './message.js';
export * from './secrets.js';
