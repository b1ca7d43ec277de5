#!/usr/bin/env node
// The command lives in dist/ (built by `pnpm build`, shipped in the package).
import '../dist/cli.js';
