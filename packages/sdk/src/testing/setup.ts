import { config } from 'starknet';

// starknet.js warns on every tip estimate when blocks hold no transactions (the fake node's).
config.set('logLevel', 'ERROR');
