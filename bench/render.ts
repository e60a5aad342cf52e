/**
 * `npm run bench:render`: rewrites BENCHMARKS.md and bench/synth-time.svg from bench/results.json,
 * without measuring again (after a change to the report's layout).
 */
import * as fs from 'fs';
import * as path from 'path';
import { reportFiles, Results, writeReport } from './report';

const files = reportFiles(__dirname, path.join(__dirname, '..'));
const results: Results = JSON.parse(fs.readFileSync(files.results, 'utf8'));
writeReport(results, files);
