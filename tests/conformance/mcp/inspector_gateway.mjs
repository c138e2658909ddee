// The MCP Inspector CLI through mcp-gateway in front of two instances.
// Usage: node inspector_gateway.mjs PATH/TO/discord-bot PATH/TO/mcp-gateway
// (two instances of one real `discord-bot run` process behind the gateway)
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort, startBotStack } from './bot_stack.mjs';
import { check, fail, stop, waitFor } from './common.mjs';

const [discordBot, gatewayPath] = process.argv.slice(2);
if (!discordBot || !gatewayPath) fail('usage: node inspector_gateway.mjs DISCORD_BOT GATEWAY');
const backendToken = randomBytes(24).toString('hex');
const gatewayToken = randomBytes(24).toString('hex');
const home = mkdtempSync(join(tmpdir(), 'mcp-inspector-'));
let backends;
let gateway;

function inspector(url, args) {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', '@modelcontextprotocol/inspector', '--cli', url, '--transport', 'http',
      '--header', `Authorization: Bearer ${gatewayToken}`, ...args],
    { env: { ...process.env, HOME: home }, timeout: 120000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

try {
  backends = await startBotStack(discordBot, { instances: 2, mcpToken: backendToken });
  const urls = backends.mcpUrls;
  check(urls.length === 2, 'two instances are running');
  const port = await freePort();
  gateway = {
    child: spawn(gatewayPath, [], {
      env: {
        ...process.env, GATEWAY_PORT: String(port), INSTANCES: `alpha=${urls[0]},beta=${urls[1]}`,
        MCP_AUTH_TOKEN: gatewayToken, BACKEND_AUTH_TOKEN: backendToken, GATEWAY_REFRESH_SECONDS: '1',
      },
      stdio: ['pipe', 'inherit', 'inherit'],
    }),
  };
  // The gateway logs to stderr; wait for readiness instead of a line.
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    try { return (await fetch(`${base}/readyz`)).status === 200; } catch { return false; }
  }, 'the gateway to become ready');
  check(true, 'gateway /readyz answers 200 once the instances are reachable');

  const listed = await inspector(`${base}/mcp`, ['--method', 'tools/list']);
  check(listed.code === 0, `inspector tools/list exits 0 (${listed.stderr.slice(0, 200)})`);
  const tools = JSON.parse(listed.stdout).tools;
  check(tools.length === 52, `the gateway lists 51 tools + list_instances (got ${tools.length})`);
  const send = tools.find((t) => t.name === 'send_message');
  check(JSON.stringify(send.inputSchema.properties.instance.enum) === '["alpha","beta"]',
    'tools carry the optional instance argument');

  const instances = await inspector(`${base}/mcp`, ['--method', 'tools/call', '--tool-name', 'list_instances']);
  check(instances.code === 0 && /alpha \| online/.test(instances.stdout) && /beta \| online/.test(instances.stdout),
    'list_instances shows both instances online');

  const routed = await inspector(`${base}/mcp`,
    ['--method', 'tools/call', '--tool-name', 'list_guilds', '--tool-arg', 'instance=beta']);
  check(routed.code === 0 && routed.stdout.includes('Sandbox'), 'a call routed by instance reaches the backend');

  const metrics = await (await fetch(`${base}/metrics`)).text();
  check(metrics.includes('mcp_gateway_backend_up{instance="alpha"} 1'), '/metrics reports the backends');
  const unauthorized = await fetch(`${base}/mcp`, { method: 'POST', body: '{}',
    headers: { 'Content-Type': 'application/json' } });
  check(unauthorized.status === 401, 'the gateway refuses a request without a token');
  console.log('inspector_gateway: all checks passed');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  stop(gateway?.child);
  backends?.stop();
  rmSync(home, { recursive: true, force: true });
}
