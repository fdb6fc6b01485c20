/** GONGKAI_FILES and the GONGKAI_S3_* settings (src/config.ts; docs/deploy.md "object storage"). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';

const S3 = { GONGKAI_FILES: 's3', GONGKAI_S3_BUCKET: 'gongkai-files' };

describe('files configuration', () => {
  it('defaults to the local folder, with every S3 variable empty as in .env.example', () => {
    const empty = { GONGKAI_S3_ENDPOINT: '', GONGKAI_S3_BUCKET: '', GONGKAI_S3_REGION: '', GONGKAI_S3_ACCESS_KEY_ID: '', GONGKAI_S3_SECRET_ACCESS_KEY: '', GONGKAI_S3_FORCE_PATH_STYLE: '', GONGKAI_S3_PREFIX: '', GONGKAI_S3_SSE: '', GONGKAI_S3_SSE_KMS_KEY_ID: '' };
    assert.deepEqual(loadConfig({}).files, { kind: 'local' });
    assert.deepEqual(loadConfig({ GONGKAI_FILES: 'local', ...empty }).files, { kind: 'local' });
  });

  const rows: { name: string; env: Record<string, string>; want: Record<string, unknown> }[] = [
    { name: 'AWS: region default, virtual-hosted style, default credential chain', env: S3,
      want: { kind: 's3', bucket: 'gongkai-files', region: 'us-east-1', endpoint: undefined, forcePathStyle: false, prefix: '', accessKeyId: undefined, secretAccessKey: undefined, sse: undefined } },
    { name: 'an endpoint (MinIO) turns path style on', env: { ...S3, GONGKAI_S3_ENDPOINT: 'https://minio.example.gov.cn:9000' },
      want: { endpoint: 'https://minio.example.gov.cn:9000', forcePathStyle: true } },
    { name: 'path style can be turned off for an endpoint with bucket subdomains', env: { ...S3, GONGKAI_S3_ENDPOINT: 'https://oss.example.com', GONGKAI_S3_FORCE_PATH_STYLE: '0' },
      want: { forcePathStyle: false } },
    { name: 'a prefix gets its trailing slash', env: { ...S3, GONGKAI_S3_PREFIX: 'province/gongkai' }, want: { prefix: 'province/gongkai/' } },
    { name: 'static keys and region', env: { ...S3, GONGKAI_S3_REGION: 'cn-northwest-1', GONGKAI_S3_ACCESS_KEY_ID: 'AK', GONGKAI_S3_SECRET_ACCESS_KEY: 'SK' },
      want: { region: 'cn-northwest-1', accessKeyId: 'AK', secretAccessKey: 'SK' } },
    { name: 'KMS encryption with a key', env: { ...S3, GONGKAI_S3_SSE: 'aws:kms', GONGKAI_S3_SSE_KMS_KEY_ID: 'alias/gongkai' },
      want: { sse: 'aws:kms', sseKmsKeyId: 'alias/gongkai' } },
  ];
  for (const r of rows) {
    it(`accepts: ${r.name}`, () => {
      const files = loadConfig(r.env).files as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(r.want)) assert.equal(files[k], v, k);
    });
  }

  const refused: { name: string; env: Record<string, string>; error: RegExp }[] = [
    { name: 's3 without a bucket', env: { GONGKAI_FILES: 's3' }, error: /GONGKAI_S3_BUCKET: GONGKAI_S3_BUCKET is required/ },
    { name: 'an unknown kind', env: { GONGKAI_FILES: 'nfs' }, error: /GONGKAI_FILES/ },
    { name: 'a bucket name with upper case', env: { ...S3, GONGKAI_S3_BUCKET: 'Gongkai' }, error: /bucket name/ },
    { name: 'an endpoint that is not a URL', env: { ...S3, GONGKAI_S3_ENDPOINT: 'minio:9000' }, error: /GONGKAI_S3_ENDPOINT/ },
    { name: 'a key id without its secret', env: { ...S3, GONGKAI_S3_ACCESS_KEY_ID: 'AK' }, error: /both GONGKAI_S3_ACCESS_KEY_ID and GONGKAI_S3_SECRET_ACCESS_KEY/ },
    { name: 'a prefix that climbs out', env: { ...S3, GONGKAI_S3_PREFIX: 'a/../b/' }, error: /GONGKAI_S3_PREFIX/ },
    { name: 'a prefix with a leading slash', env: { ...S3, GONGKAI_S3_PREFIX: '/gongkai/' }, error: /GONGKAI_S3_PREFIX/ },
    { name: 'an unknown encryption', env: { ...S3, GONGKAI_S3_SSE: 'SM4' }, error: /GONGKAI_S3_SSE/ },
    { name: 'a KMS key without aws:kms', env: { ...S3, GONGKAI_S3_SSE_KMS_KEY_ID: 'k' }, error: /needs GONGKAI_S3_SSE=aws:kms/ },
  ];
  for (const r of refused) it(`refuses: ${r.name}`, () => assert.throws(() => loadConfig(r.env), r.error));
});
