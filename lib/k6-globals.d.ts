// k6 provides a console (routed to its logger) that @types/k6 does not declare.
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
};

// esbuild resolves a require() of a literal path inside the bundle (lib/on-first-use.ts); k6's own
// require() is never reached.
declare function require(id: string): unknown;
