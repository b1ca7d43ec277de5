// The x402 client module the app imports directly (see vite.config.ts).
declare module '@chipi-sessions/x402/client' {
  export { X402Client, type X402ClientOptions } from '@chipi-sessions/x402';
}
