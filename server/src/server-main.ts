/**
 * Entry of the server bundle (dist/server.js). The bundle is also the script of
 * the audit's worker thread (service/audit-worker.ts), like dist/cli.js is the
 * CLI's: loaded as that worker, it analyses files and starts no language server
 * (which would read the worker's stdin and write to its stdout).
 */
import { isServerAuditWorker, runServerAuditWorker } from './service/audit-worker';

if (isServerAuditWorker()) runServerAuditWorker();
else void import('./server');
