/** What the demo server tells the page (`GET /api/config`). */
export interface DemoConfig {
  /** JSON-RPC path of the devnet, proxied by the page's server. */
  rpcPath: string;
  accountClassHash: string;
  /** The USDC contract. */
  usdc: string;
  /** Who the paid API pays. */
  merchant: string;
  /** Price of one query in USDC base units. */
  price: string;
  /** CAIP-2 network of the devnet. */
  network: string;
}
