// The official MCP TypeScript SDK client against the MCP server of a real
// `discord-bot run` instance connected to the simulator.
// Usage: node sdk_client.mjs PATH/TO/discord-bot
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomBytes } from 'node:crypto';
import { sqlValue, startBotStack } from './bot_stack.mjs';
import { check, fail, firstText } from './common.mjs';

const discordBot = process.argv[2];
if (!discordBot) fail('usage: node sdk_client.mjs DISCORD_BOT');
const token = randomBytes(24).toString('hex');
let stack;

async function connect(url, bearer) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
  });
  const client = new Client({ name: 'dbot-conformance', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

try {
  stack = await startBotStack(discordBot, { instances: 1, mcpToken: token });
  const { simUrl } = stack;
  const mcpUrl = stack.mcpUrls[0];

  const { client, transport } = await connect(mcpUrl, token);
  check(transport.sessionId && transport.sessionId.length >= 32, 'initialize returned a session id');
  check(client.getServerCapabilities()?.tools !== undefined, 'server declares the tools capability');

  const { tools } = await client.listTools();
  check(tools.length === 51, `tools/list returns 51 tools (got ${tools.length})`);
  const ban = tools.find((t) => t.name === 'ban_member');
  check(ban?.annotations?.destructiveHint === true, 'ban_member is annotated destructive');
  check(tools.find((t) => t.name === 'list_roles')?.annotations?.readOnlyHint === true, 'list_roles is read-only');

  const guilds = await client.callTool({ name: 'list_guilds', arguments: {} });
  check(!guilds.isError && firstText(guilds).includes('Sandbox'), 'list_guilds sees the simulated guild');
  check(guilds.structuredContent?.guilds?.length >= 1, 'list_guilds carries structured guild ids');

  const channels = await client.callTool({ name: 'list_channels', arguments: {} });
  const general = /#general \| ID: (\d+)/.exec(firstText(channels))?.[1];
  check(general !== undefined, 'list_channels lists #general');

  const marker = `conformance ${randomBytes(4).toString('hex')}`;
  const sent = await client.callTool({ name: 'send_message', arguments: { channel_id: general, content: marker } });
  check(!sent.isError && firstText(sent).startsWith('Message sent (ID: '), 'send_message succeeds');
  const messages = await (await fetch(`${simUrl}/_sim/channels/${general}/messages`)).json();
  check(messages.some((m) => m.content === marker), 'the message shows in the simulator (control API)');

  const created = await client.callTool({ name: 'create_role', arguments: { name: 'conformance-role' } });
  check(!created.isError, 'create_role succeeds');
  const roles = await client.callTool({ name: 'list_roles', arguments: {} });
  check(firstText(roles).includes('@conformance-role'), 'the new role shows in list_roles');

  const failed = await client.callTool({ name: 'get_member', arguments: { user_id: '123456789012345678' } });
  check(failed.isError === true && /HTTP 404/.test(firstText(failed)), 'a Discord 404 is an isError result');

  let rejected = false;
  try {
    await client.callTool({ name: 'no_such_tool', arguments: {} });
  } catch (e) {
    rejected = /Unknown tool/.test(String(e));
  }
  check(rejected, 'an unknown tool is a JSON-RPC error');

  await client.close();

  const recorded = await sqlValue(
    `SELECT count(*) FROM ${stack.schemas[0]}.mcp_calls WHERE tool = 'send_message' AND outcome = 'ok'`);
  check(recorded === '1', `the send_message call is recorded in mcp_calls (got ${recorded})`);
  const failedRecorded = await sqlValue(
    `SELECT count(*) FROM ${stack.schemas[0]}.mcp_calls WHERE tool = 'get_member' AND outcome = 'tool_error'`);
  check(failedRecorded === '1', 'the failed get_member call is recorded as tool_error');

  let unauthorized = false;
  try {
    await connect(mcpUrl, 'wrong-token');
  } catch (e) {
    unauthorized = /401|Unauthorized/i.test(String(e));
  }
  check(unauthorized, 'a wrong bearer token is refused with 401');
  console.log('sdk_client: all checks passed');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  stack?.stop();
}
