// The real thing for the MCP conformance tests: `discord-bot sim` and
// `discord-bot run` with N instances (each with its own Discord token, prefix,
// schema in the test Postgres and MCP port), as an operator would run them.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fail, start, stop } from './common.mjs';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'instances', 'example');

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts `command args` and resolves once `count` log lines (stderr) contain `text`.
function startUntilLogged(command, args, env, text, count, timeoutMs = 90000) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'inherit', 'pipe'] });
    let seen = 0;
    const log = [];
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${command} ${args[0]} was not ready within ${timeoutMs} ms:\n${log.join('\n')}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args[0]} exited early with code ${code}:\n${log.join('\n')}`));
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      log.push(line);
      process.stderr.write(`[bot] ${line}\n`);
      if (line.includes(text) && ++seen === count) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

export async function startBotStack(discordBot, { instances = 1, mcpToken }) {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) fail('TEST_DATABASE_URL is not set: run the suite with `make test` (it starts Postgres)');
  const simPort = await freePort();
  const tokens = Array.from({ length: instances }, (_, i) => `conformance-token-${i}`);
  const sim = await start(discordBot, ['sim', '--port', String(simPort), ...tokens.flatMap((t) => ['--token', t])],
    { until: (line) => line.includes('listening') });
  const simUrl = `http://127.0.0.1:${simPort}`;
  const state = await (await fetch(`${simUrl}/_sim/state`)).json();

  const home = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
  const dirs = [];
  const mcpUrls = [];
  const schemas = [];
  for (let i = 0; i < instances; i++) {
    const dir = join(home, `instance${i}`);
    const mcpPort = await freePort();
    const healthPort = await freePort();
    const schema = `conf_mcp_${process.pid}_${i}_${Date.now() % 100000}`;
    schemas.push(schema);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(exampleDir, 'personality.txt'), join(dir, 'personality.txt'));
    copyFileSync(join(exampleDir, 'welcome_prompt.txt'), join(dir, 'welcome_prompt.txt'));
    writeFileSync(join(dir, '.env'), [
      `DISCORD_TOKEN=${tokens[i]}`,
      `CLIENT_ID=${state.application_id}`,
      `GUILD_ID=${state.ids.guilds.Sandbox}`,
      `DATABASE_URL=${databaseUrl}`,
      `DB_SCHEMA=${schema}`,
      `DISCORD_API_BASE=${simUrl}/api`,
      `MCP_PORT=${mcpPort}`,
      `HEALTH_PORT=${healthPort}`,
      `MCP_AUTH_TOKEN=${mcpToken}`,
      '',
    ].join('\n'), { mode: 0o600 });
    writeFileSync(join(dir, 'config.toml'),
      `bot_name = "Conformance ${i}"\ncommand_prefix = "${'!?$%'[i % 4]}"\ncommand_root = "m"\n`);
    dirs.push(dir);
    mcpUrls.push(`http://127.0.0.1:${mcpPort}/mcp`);
  }
  // The instances' settings come from their .env only, never from ours.
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'DB_SCHEMA', 'MCP_AUTH_TOKEN', 'MCP_PORT', 'DISCORD_TOKEN']) delete env[key];
  let bot;
  try {
    bot = await startUntilLogged(discordBot, ['run', ...dirs], env, 'is connected!', instances);
  } catch (e) {
    stop(sim.child);
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
  return {
    simUrl,
    mcpUrls,
    schemas,
    stop() {
      stop(bot);
      stop(sim.child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// One value from the test Postgres (psql is installed with the server).
export function sqlValue(query) {
  return new Promise((resolve, reject) => {
    execFile('psql', [process.env.TEST_DATABASE_URL, '-Atc', query], { timeout: 20000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`psql failed: ${stderr}`));
      else resolve(stdout.trim());
    });
  });
}
