/** Runs in every test file before the framework: quiet, deterministic defaults. */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
process.env.LOG_LEVEL ??= 'silent';
