// The real discord.js against the simulator (issue 3, "Honest by
// construction"): log in, see the guild, receive a message a user sends via
// /_sim/messages, reply, find the reply through /_sim; then survive a forced
// disconnect by resuming and receive a message sent meanwhile. Exits non-zero
// on any failure and after an overall timeout.
import { Client, Events, GatewayIntentBits } from 'discord.js';

const SIM_URL = process.env.SIM_URL;
const SIM_API = process.env.SIM_API;
const TOKEN = process.env.SIM_TOKEN ?? 'sim-bot-token';
const STEP_TIMEOUT_MS = 20_000;

if (!SIM_URL || !SIM_API) {
  console.error('SIM_URL and SIM_API must be set (see run-with-sim.mjs)');
  process.exit(2);
}

const overall = setTimeout(() => {
  console.error('FAIL: overall timeout');
  process.exit(1);
}, 90_000);

function fail(message) {
  throw new Error(message);
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function control(method, path, body) {
  const response = await fetch(`${SIM_URL}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function nextMessage(client, predicate, what) {
  return withTimeout(
    new Promise((resolve) => {
      const listener = (message) => {
        if (!predicate(message)) return;
        client.off(Events.MessageCreate, listener);
        resolve(message);
      };
      client.on(Events.MessageCreate, listener);
    }),
    what,
  );
}

async function main() {
  const state = await control('GET', '/_sim/state');
  const guildId = state.ids.guilds.Sandbox;
  const generalId = state.ids.channels.general;
  const aliceId = state.ids.users.alice;
  const botId = state.bot_user_id;
  if (!guildId || !generalId || !aliceId || !botId) fail('the default world lacks Sandbox/#general/alice/bot');

  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: SIM_API },
  });
  const events = [];
  client.on(Events.ShardResume, () => events.push('resume'));
  client.on(Events.ShardReconnecting, () => events.push('reconnecting'));

  const ready = withTimeout(new Promise((resolve) => client.once(Events.ClientReady, resolve)), 'clientReady');
  await client.login(TOKEN);
  await ready;
  console.log(`logged in as ${client.user.tag} (${client.user.id})`);
  if (client.user.id !== botId) fail(`client.user.id ${client.user.id} != bot ${botId}`);

  const guild = client.guilds.cache.get(guildId);
  if (!guild) fail('the Sandbox guild is not in the cache');
  if (guild.name !== 'Sandbox') fail(`guild name is ${guild.name}`);
  const general = guild.channels.cache.get(generalId);
  if (!general || general.name !== 'general') fail('#general is not in the cache');
  if (!guild.members.cache.has(aliceId)) fail('alice is not among the cached members');
  console.log(`sees guild ${guild.name} with ${guild.channels.cache.size} channels and ${guild.roles.cache.size} roles`);

  // A user speaks; the bot receives it and replies.
  const incoming = nextMessage(client, (m) => m.content === 'hello bot' && m.author.id === aliceId, 'the message from alice');
  await control('POST', '/_sim/messages', { channel_id: generalId, author_id: aliceId, content: 'hello bot' });
  const message = await incoming;
  console.log(`received "${message.content}" from ${message.author.username}`);
  const reply = await message.reply('hello alice');
  const inChannel = await control('GET', `/_sim/channels/${generalId}/messages`);
  const found = inChannel.find((m) => m.id === reply.id);
  if (!found) fail('the reply is not in /_sim/channels/{id}/messages');
  if (found.content !== 'hello alice') fail(`reply content is ${found.content}`);
  if (found.author.id !== botId) fail('the reply is not authored by the bot');
  if (!found.message_reference || found.message_reference.message_id !== message.id)
    fail('the reply does not reference the original message');
  console.log('reply recorded by the simulator');

  // Drop the socket without a close frame; a message is sent while the bot is away.
  const sessionsBefore = (await control('GET', '/_sim/state')).sessions.length;
  const resumed = withTimeout(new Promise((resolve) => client.once(Events.ShardResume, resolve)), 'the resume');
  const missed = nextMessage(client, (m) => m.content === 'sent while you were away', 'the missed message');
  const fault = await control('POST', '/_sim/faults', { kind: 'disconnect' });
  if (fault.applied < 1) fail('the disconnect fault touched no connection');
  await control('POST', '/_sim/messages', {
    channel_id: generalId,
    author_id: aliceId,
    content: 'sent while you were away',
  });
  await resumed;
  await missed;
  const sessionsAfter = (await control('GET', '/_sim/state')).sessions.length;
  if (sessionsAfter !== sessionsBefore) fail('the client identified again instead of resuming');
  console.log(`resumed (${events.join(', ')}) and received the missed message`);

  await client.destroy();
  clearTimeout(overall);
  console.log('PASS');
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack ?? error}`);
  process.exit(1);
});
