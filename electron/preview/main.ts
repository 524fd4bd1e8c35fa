// `npm run preview`: serves the built renderer on 127.0.0.1 and prints the one URL that works (it carries the
// per-run token in its fragment). Opens nothing by itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStaticDir, startPreviewServer } from './server';

export async function main(argv: string[]): Promise<void> {
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('usage: preview [--port N]\n');
    process.exit(2);
  }
  const staticDir = defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`The renderer is not built (${staticDir}): run \`npm run build:renderer\` first.\n`);
    process.exit(2);
  }
  const server = await startPreviewServer({ port, host: '127.0.0.1', staticDir });
  process.stdout.write(`CertDesk preview: ${server.url}\n(open this URL in a browser; Ctrl+C stops the server)\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`preview: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
