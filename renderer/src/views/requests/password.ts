// Moved to lib/ (Export PFX, the Install wizard and Inspect's chain paths judge passwords alike); ChainPaths,
// being edited on the chain-repair work, still imports it from here.
export * from '../../lib/password';
