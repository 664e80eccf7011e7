/**
 * `npm start`: builds the app when needed, then runs the Next.js server, which migrates the
 * database and runs the scheduler in-process (see instrumentation.ts and lib/boot.ts).
 */
import { buildIfStale, startNext } from './next-server';

buildIfStale();
const server = startNext(process.env);
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
