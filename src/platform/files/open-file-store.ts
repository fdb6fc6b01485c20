/** Opens the FileStore the configuration names (GONGKAI_FILES): a folder under the data directory, or a bucket. */
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import { createLocalFileStore, type FileStore } from './file-store.ts';

/** The configured FileStore. The S3 client is loaded only when it is used. */
export async function openFileStore(config: Pick<Config, 'files' | 'dataDir'>): Promise<FileStore> {
  if (config.files.kind === 's3') {
    const { createS3FileStore } = await import('./s3-file-store.ts');
    return createS3FileStore(config.files);
  }
  return createLocalFileStore(join(config.dataDir, 'files'));
}
