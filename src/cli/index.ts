/** Process entry of the command-line tool (plain Node): runs main and exits with its code. */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`attention-lens: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
