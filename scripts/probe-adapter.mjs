// Prints the WebGPU adapter tapegrad would use; exits 1 (with the reason) when none.
import { close, init } from '../dist/tapegrad.mjs';

try {
  const { adapter } = await init();
  console.log(`WebGPU adapter: ${adapter}`);
  await close();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
