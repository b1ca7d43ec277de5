import { config } from 'starknet';

// starknet.js warns on every tip estimate while devnet's few blocks hold under ten transactions.
config.set('logLevel', 'ERROR');
