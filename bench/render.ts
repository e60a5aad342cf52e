/**
 * `npm run bench:render`: rewrites BENCHMARKS.md and bench/synth-time.svg from bench/results.json,
 * without measuring again (after a change to the report's layout).
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderChart, renderMarkdown, Results } from './report';

const ROOT = path.join(__dirname, '..');
const results: Results = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf8'));
const chartAccounts = Math.max(...results.synth.map(c => c.accounts));
fs.writeFileSync(path.join(__dirname, 'synth-time.svg'), renderChart(results, chartAccounts));
fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderMarkdown(results, 'bench/synth-time.svg'));
