export function main(_argv: string[]): void {
  process.stdout.write('certdesk: under construction\n');
}
