// Files the user picks, read inside the page (File API): nothing is uploaded.
import { PipelineError } from '../src/index.js';

/** "812 kB", "2.9 MB". */
export function fileSize(bytes: number): string {
  return bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The file's bytes as UTF-8 text, refusing other encodings as `tapegrad` does. */
export async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PipelineError(file.name, 'not valid UTF-8 text', 'save the file as UTF-8');
  }
}
