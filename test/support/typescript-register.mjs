// Loaded with `--import` into vitest's test processes (vitest.config.ts); worker threads inherit it.
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
