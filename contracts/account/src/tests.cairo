// The Cairo test files of this package are listed here; see docs/contract.md for the rules they cover.
