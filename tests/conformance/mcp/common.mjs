// Helpers shared by the MCP conformance scripts: start a child process and
// wait for lines it prints, with a bound on every wait.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

export function check(condition, message) {
  if (!condition) fail(message);
  console.log(`ok - ${message}`);
}

// Starts `command args`, resolves with {child, lines} once `until(line)` is true.
export function start(command, args, { env = process.env, until, timeoutMs = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = [];
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${command} did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited early with code ${code}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (until(line, lines)) {
        clearTimeout(timer);
        resolve({ child, lines });
      }
    });
  });
}

export function stop(child) {
  if (child && child.exitCode === null) {
    child.stdin.end();
    child.kill('SIGTERM');
  }
}

export async function waitFor(predicate, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`timed out waiting for ${what}`);
}

export function firstText(result) {
  return result.content?.[0]?.text ?? '';
}
