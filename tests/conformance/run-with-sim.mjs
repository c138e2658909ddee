// Starts `discord-bot sim --port 0`, waits for the port it prints, runs a
// conformance script with SIM_URL/SIM_API/SIM_TOKEN set, stops the simulator
// and exits with the script's status. Usage:
//   node run-with-sim.mjs <path/to/discord-bot> <script.mjs>
import { spawn } from 'node:child_process';

const [binary, script] = process.argv.slice(2);
if (!binary || !script) {
  console.error('usage: node run-with-sim.mjs <discord-bot> <script.mjs>');
  process.exit(2);
}

const OVERALL_TIMEOUT_MS = 120_000;
const sim = spawn(binary, ['sim', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
let finished = false;

function finish(code, why) {
  if (finished) return;
  finished = true;
  if (why) console.error(`conformance: ${why}`);
  if (sim.exitCode === null) sim.kill('SIGTERM');
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

const overall = setTimeout(() => finish(1, `timed out after ${OVERALL_TIMEOUT_MS} ms`), OVERALL_TIMEOUT_MS);
sim.on('exit', (code) => {
  if (!finished) finish(1, `the simulator exited early with status ${code}`);
});

let output = '';
sim.stdout.on('data', (chunk) => {
  output += chunk.toString();
  const match = /port:\s+(\d+)/.exec(output);
  if (!match || sim.started) return;
  sim.started = true;
  const port = match[1];
  const env = {
    ...process.env,
    SIM_URL: `http://127.0.0.1:${port}`,
    SIM_API: `http://127.0.0.1:${port}/api`,
    SIM_TOKEN: 'sim-bot-token',
  };
  const child = spawn(process.execPath, [script], { stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    clearTimeout(overall);
    finish(code === 0 ? 0 : 1, code === 0 ? null : `${script} failed (status ${code}, signal ${signal})`);
  });
});
