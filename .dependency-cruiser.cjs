/**
 * Layer rules as code (issue 10), checked by `npm run lint:deps` (part of `npm test`) with
 * dependency-cruiser 17 (18 needs Node 22). A forbidden import fails the run and names the rule.
 *
 * The layers: the engine is pure (no I/O layer below it); `src/` is the channel-free core and
 * knows no adapter and no participation module, except in the composition roots, which wire
 * them together; each adapter stands alone; the web chat widget is browser code bundled on its
 * own. Type-only imports count too: a type from a channel is still a dependency on it.
 *
 * test/lint/layer-rules.test.ts runs these rules on fixtures with forbidden imports.
 */

/** The files allowed to import adapters/ and dialogs/: they build the process. */
const COMPOSITION_ROOTS = [
  '^src/server/compose[.]ts$', // `wegov start`: the HTTP process
  '^src/compose/', // what `wegov start` and `wegov worker` share (the outbox)
  '^src/cli/main[.]ts$', // the CLI's commands that belong to one channel (telegram:setup, slack:manifest)
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle ties its files into one unit that cannot be understood, tested or moved apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment:
        'src/engine decides what to say; it never stores, queues, delivers, serves or talks to a channel. ' +
        'Pass what it needs in from the runtime.',
      from: { path: '^src/engine/' },
      to: { path: '^(src/(runtime|state|outbox|sinks|server|cases)/|adapters/)' },
    },
    {
      name: 'core-free-of-channels',
      severity: 'error',
      comment:
        'src/ is the channel-free core: only the composition roots import adapters/ and dialogs/. ' +
        'Take what you need as a parameter, or register it from the composition root.',
      from: { path: '^src/', pathNot: COMPOSITION_ROOTS },
      to: { path: '^(adapters|dialogs)/' },
    },
    {
      name: 'dialogs-free-of-channels',
      severity: 'error',
      comment: 'Participation modules (dialogs/) speak through the engine and never name a channel.',
      from: { path: '^dialogs/' },
      to: { path: '^adapters/' },
    },
    {
      name: 'adapters-stand-alone',
      severity: 'error',
      comment: 'A channel adapter never imports another one: what they share belongs in src/.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'widget-is-browser-code',
      severity: 'error',
      comment:
        'adapters/webchat/widget runs in the browser and is bundled on its own: it imports only its own ' +
        'files (and the bundler-provided wegov:strings), never Node or the server.',
      from: { path: '^adapters/webchat/widget/' },
      to: { pathNot: ['^adapters/webchat/widget/', '^wegov:strings$'] },
    },
    {
      name: 'server-never-imports-widget',
      severity: 'error',
      comment: 'Server code serves the widget as a bundle (widget-bundle.ts builds it); it never imports browser code.',
      from: { pathNot: '^adapters/webchat/widget/' },
      to: { path: '^adapters/webchat/widget/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
