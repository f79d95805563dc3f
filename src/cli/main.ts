// The tapegrad command: its exit code is runCli's; the process ends by itself when the
// device is closed (no process.exit, which could cut a write short).
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
