import { matcherBench } from './matcher.bench.js';
import { pipelineBench } from './pipeline.bench.js';

/** `npm run bench`: every benchmark prints its figures beside references measured in the same run. */
const sections: Array<[string, () => Promise<string[]>]> = [
  ['matcher', () => matcherBench()],
  ['pipeline', () => pipelineBench()],
];

for (const [name, run] of sections) {
  process.stdout.write(`\n== ${name} ==\n`);
  for (const line of await run()) process.stdout.write(`${line}\n`);
}
