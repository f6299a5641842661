/**
 * Process entry of the command-line tool (plain Node): runs main and exits with its code. A closed
 * pipe on stdout ends quietly, a failed write (a full disk) ends with one line and exit 2, and
 * Node's deprecation warnings (from dependencies, not the person's doing) never reach stderr.
 */
import { guardStdout } from './io';
import { fail } from './args';
import { main } from './main';

process.noDeprecation = true;
guardStdout(process.stdout, fail);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    fail((error as Error).message ?? String(error));
    process.exitCode = 1;
  },
);
