import { browserBench } from './browser.bench.js';
import { matcherBench } from './matcher.bench.js';
import { pipelineBench } from './pipeline.bench.js';

/** `npm run bench`: every benchmark prints its figures beside references measured in the same run. */
const sections: Array<[string, () => Promise<string[]>]> = [
  ['matcher', () => matcherBench()],
  ['pipeline', () => pipelineBench()],
  ['browser', () => browserBench()],
];

// `npm run bench -- pipeline` runs only the sections named.
const wanted = process.argv.slice(2);
for (const [name, run] of sections.filter(([name]) => wanted.length === 0 || wanted.includes(name))) {
  process.stdout.write(`\n== ${name} ==\n`);
  for (const line of await run()) process.stdout.write(`${line}\n`);
}
