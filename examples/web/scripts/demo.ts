// `npm run demo:web`: devnet, the x402 facilitator, the paid API and the example app; prints the
// URL and runs until interrupted.
import { startDemoStack } from '../server/startDemoStack.ts';
import { startWebApp } from '../server/startWebApp.ts';

console.log('starting devnet, the facilitator and the paid API…');
const stack = await startDemoStack();
const app = await startWebApp({ rpcUrl: stack.devnet.url, apiUrl: stack.apiUrl });
console.log(`\n  chipi-sessions web example: ${app.url}\n`);
console.log(`  devnet ${stack.devnet.url} · paid API ${stack.apiUrl} · Ctrl-C to stop`);

const shutdown = async () => {
  await app.close();
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
