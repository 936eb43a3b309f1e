import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireMasterKey } from '../../shared/config.js';
import { generateMasterKey } from '../../shared/crypto/envelope.js';

describe('configuration from the environment', () => {
  it('has defaults for everything but the master key', () => {
    const config = loadConfig({ HOME: '/home/someone' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/home/someone/.local/share/exposure-scanner');
    expect(() => requireMasterKey(config)).toThrow(/EXPOSURE_MASTER_KEY/);
  });

  it.each([
    ['PORT', 'eighty', /^invalid setting PORT: /],
    ['PORT', '70000', /^invalid setting PORT: /],
    ['EXPOSURE_MASTER_KEY', 'c2hvcnQ=', /^invalid setting EXPOSURE_MASTER_KEY: must be 32 bytes/],
    ['DATABASE_URL', 'mysql://x', /^invalid setting DATABASE_URL: must be a URL starting with postgres:/],
    ['REDIS_URL', 'localhost:6379', /^invalid setting REDIS_URL: /],
    ['EXPOSURE_PROXY', 'ftp://proxy', /^invalid setting EXPOSURE_PROXY: /],
    ['LOG_LEVEL', 'loud', /^invalid setting LOG_LEVEL: /],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('treats blank variables as unset and accepts a real key', () => {
    const key = generateMasterKey();
    const config = loadConfig({ DATABASE_URL: '', EXPOSURE_MASTER_KEY: key, PORT: '9000' });
    expect(config.databaseUrl).toBeUndefined();
    expect(requireMasterKey(config)).toBe(key);
    expect(config.port).toBe(9000);
  });
});
